// The cluster benchmark's loopback feed server, in the bench process: feed i at /c/<i> lists its
// newest 10 items, and gains one item every cycle (the cycle is the wall clock divided by the
// pollers' cron interval, so it turns exactly when their schedule ticks). Every fetch is logged
// with the cycle it fell in and the poller that made it (each poller has its own User-Agent).
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FetchRecord {
  feed: number
  cycle: number
  poller: string
  at: number
}

export interface ClusterFeeds {
  port: number
  log: FetchRecord[]
  /** The current cycle. */
  cycle(): number
  /** Items feed i lists in `cycle` (guids c<i>-<j>, j from 0): INITIAL, plus one per cycle since begin(). */
  itemCount(cycle: number): number
  /** Starts the gaining: the current cycle is the first (call as the pollers start). */
  begin(): void
  close(): Promise<void>
}

export const INITIAL_ITEMS = 1
const SHOWN = 10

/** A pseudo-word title per item: distinct tokens, so no two items read as one story. */
function titleOf(feed: number, j: number): string {
  const hex = createHash('sha1').update(`${feed}-${j}`).digest('hex')
  return `Desk ${feed} notice ${j}: ${hex.slice(0, 6)} ${hex.slice(6, 13)} ${hex.slice(13, 19)} breach`
}

function renderFeed(feed: number, count: number, cycleMs: number, firstCycle: number): string {
  const items: string[] = []
  for (let j = count - 1; j >= Math.max(0, count - SHOWN); j--) {
    const date = new Date((firstCycle + j - INITIAL_ITEMS) * cycleMs + feed).toUTCString()
    items.push(
      `<item><title>${titleOf(feed, j)}</title><link>http://feeds.example/c${feed}/${j}</link><guid>c${feed}-${j}</guid><pubDate>${date}</pubDate><description>Notice ${j} of desk ${feed}.</description></item>`,
    )
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk ${feed}</title><link>http://feeds.example/c${feed}/</link>${items.join('')}</channel></rss>`
}

export async function startClusterFeeds(feeds: number, cycleMs: number): Promise<ClusterFeeds> {
  const cycle = () => Math.floor(Date.now() / cycleMs)
  let firstCycle = cycle()
  const itemCount = (c: number) => INITIAL_ITEMS + Math.max(0, c - firstCycle)
  const log: FetchRecord[] = []
  const server = http.createServer((req, res) => {
    const match = /^\/c\/(\d+)$/.exec(req.url ?? '')
    const feed = match ? Number(match[1]) : Number.NaN
    if (!(feed >= 0 && feed < feeds)) {
      res.writeHead(404).end()
      return
    }
    const now = cycle()
    log.push({ feed, cycle: now, poller: /\bp(\d)\b/.exec(req.headers['user-agent'] ?? '')?.[0] ?? '?', at: Date.now() })
    const body = renderFeed(feed, itemCount(now), cycleMs, firstCycle)
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': Buffer.byteLength(body) }).end(body)
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    log,
    cycle,
    itemCount,
    begin: () => {
      firstCycle = cycle()
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
