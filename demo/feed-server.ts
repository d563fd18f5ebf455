// A loopback HTTP server that plays the part of the demo's six news sites: their feeds (or
// newsroom page), their article pages and home pages. Extra documents (a hostile feed, in the
// browser tests) can be added by path.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FeedSource } from '../src/types.js'
import {
  type DemoDocument,
  feedPath,
  newsroomSelectRules,
  renderArticlePage,
  renderFeedDocument,
  renderSourceHome,
} from './render-feeds.js'
import { type DemoSource, demoSources } from './sample-data.js'

export interface DemoFeedServer {
  /** http://127.0.0.1:PORT */
  url: string
  /** The demo sources as feeds.json entries pointing at this server. */
  sources: FeedSource[]
  close(): Promise<void>
}

export interface DemoFeedServerOptions {
  now?: () => Date
  /** Extra documents by path ("/hostile/feed.xml"). */
  extra?: Record<string, DemoDocument>
  sources?: DemoSource[]
}

export async function startDemoFeedServer(options: DemoFeedServerOptions = {}): Promise<DemoFeedServer> {
  const now = options.now ?? (() => new Date())
  const sources = options.sources ?? demoSources
  let base = ''
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const down = sources.find((s) => s.failWith !== undefined && path === feedPath(s))
    if (down) {
      res.writeHead(down.failWith ?? 503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '3600' })
      res.end('Service Unavailable: the site is down for maintenance\n')
      return
    }
    const doc = findDocument(path, sources, base, now(), options.extra ?? {})
    if (!doc) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n')
      return
    }
    res.writeHead(200, { 'content-type': doc.contentType, 'cache-control': 'no-cache' })
    res.end(req.method === 'HEAD' ? undefined : doc.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: base,
    sources: sources.map((s) => toFeedSource(s, base)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function toFeedSource(source: DemoSource, base: string): FeedSource {
  return {
    id: source.id,
    title: source.title,
    url: `${base}${feedPath(source)}`,
    type: source.format === 'html' ? 'html' : 'feed',
    homepage: `${base}/${source.id}/`,
    tags: source.tags,
    enabled: true,
    republish: 'full',
    ...(source.format === 'html' ? { select: newsroomSelectRules } : {}),
  }
}

function findDocument(
  path: string,
  sources: DemoSource[],
  base: string,
  now: Date,
  extra: Record<string, DemoDocument>,
): DemoDocument | undefined {
  const extraDoc = extra[path]
  if (extraDoc) return extraDoc
  for (const source of sources) {
    if (path === feedPath(source)) return renderFeedDocument(source, base, now)
    if (path === `/${source.id}/`) return renderSourceHome(source)
    const item = source.items.find((i) => path === `/${source.id}/${i.slug}/`)
    if (item) return renderArticlePage(source, item, now)
  }
  return undefined
}
