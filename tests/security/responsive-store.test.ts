// Issue 14, case 1: the real `start` (web server and poller in one process) stores the largest
// legal feed while a client measures /healthz. The client is open-loop: a request leaves every
// 25 ms whatever the answers do, so a stall of the server shows as every request it held up, not
// as one slow sample (no coordinated omission). Latency counts from the moment a request left:
// on a loaded machine this process's own timers run late, and that is not the server's doing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeWorkDir, spawnCli, waitFor, writeConfig } from '../helpers/run-cli.js'
import { buildManyItemsFeed } from './bombs.js'

const ITEMS = 20_000
const EVERY_MS = 25

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

let srv: FixtureServer
let feedBytes = 0

beforeAll(async () => {
  srv = await startFixtureServer()
  const feed = buildManyItemsFeed(ITEMS)
  feedBytes = Buffer.byteLength(feed)
  srv.serveBody('/many', feed, { contentType: 'application/rss+xml' })
})
afterAll(async () => {
  await srv.close()
})

describe('the web server while `start` stores a big feed', () => {
  it('keeps /healthz answering: p99 within the bound', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, {
      settings: { allowPrivateNetworks: true, timeoutSeconds: 60 },
      sources: [{ id: 'many', url: `${srv.url}/many` }],
    })
    const run = spawnCli(['start', '--port', '0'], { cwd: dir, log: 'info' })
    const latencies: number[] = []
    try {
      await waitFor('the server', () => /serving (http:\/\/\S+)/.test(run.stdout()), 30_000)
      const base = /serving (http:\/\/\S+)/.exec(run.stdout())?.[1] as string
      let failures = 0
      const inFlight = new Set<Promise<void>>()
      const started = performance.now()
      const timer = setInterval(() => {
        const sentAt = performance.now()
        const request = fetch(`${base}/healthz`)
          .then(async (res) => {
            await res.arrayBuffer()
            if (res.status !== 200) failures++
            latencies.push(performance.now() - sentAt)
          })
          .catch(() => void failures++)
          .finally(() => inFlight.delete(request))
        inFlight.add(request)
      }, EVERY_MS)
      try {
        await waitFor('the poll of the big feed', () => run.stderr().includes('"source_id":"many"'), 120_000)
        // A little after the commit too: the poll's last writes and the first reads after it.
        await new Promise((r) => setTimeout(r, 500))
      } finally {
        clearInterval(timer)
        await Promise.all(inFlight)
      }
      const outcome =
        run
          .stderr()
          .split('\n')
          .find((line) => line.includes('"source_id":"many"')) ?? ''
      const sorted = [...latencies].sort((a, b) => a - b)
      const figures = {
        feedMb: Math.round((feedBytes / 1024 / 1024) * 10) / 10,
        requests: sorted.length,
        p50: Math.round(percentile(sorted, 50)),
        p99: Math.round(percentile(sorted, 99)),
        max: Math.round(sorted[sorted.length - 1] ?? 0),
        pollMs: Math.round(performance.now() - started),
      }
      // The measurement SECURITY.md quotes.
      console.log(`healthz while storing ${ITEMS} items (${figures.feedMb} MB): ${JSON.stringify(figures)}`)
      expect(outcome).toContain('"result":"new"')
      expect(failures).toBe(0)
      expect(figures.requests).toBeGreaterThan(100)
      // The target is 100 ms (SECURITY.md has the figures). The bound is ten times that so the
      // test holds on a loaded 2-core machine, where this process and the server share the CPU
      // with everything else; unpaced, the same poll held /healthz for 4.5–21 s here.
      expect(figures.p99).toBeLessThan(1000)
    } finally {
      run.child.kill('SIGTERM')
      await run.exited
    }
  }, 180_000)
})
