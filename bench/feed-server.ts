// The loopback feed server for the poll benchmarks, run as its own process so its CPU is not
// counted as the poller's: `node --import tsx bench/feed-server.ts <seed> <feeds>`.
// Serves /feeds/<i> (source i's feed: 20–50 items, RSS/Atom/JSON Feed by index) from memory with
// a strong ETag and a Last-Modified, and answers If-None-Match / If-Modified-Since with 304.
// Prints one JSON line {"port","feeds","bytes","items"} on stdout when listening.

import { createHash } from 'node:crypto'
import http from 'node:http'
import { CORPUS_EPOCH, makeFeedDocument } from './feed-documents.js'
import { createRandom, deriveSeed } from './random.js'

interface Served {
  body: Buffer
  contentType: string
  etag: string
}

const seed = Number(process.argv[2] ?? 42)
const count = Number(process.argv[3] ?? 1000)
const lastModified = new Date(CORPUS_EPOCH).toUTCString()
const lastModifiedMs = Date.parse(lastModified)
const sizes = createRandom(deriveSeed(seed, 'poll-sizes'))
const feeds: Served[] = []
let bytes = 0
let items = 0
for (let i = 0; i < count; i++) {
  const itemCount = sizes.int(20, 50)
  const doc = makeFeedDocument(seed, i, itemCount, [1, 4])
  const body = Buffer.from(doc.body, 'utf8')
  feeds.push({ body, contentType: doc.contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` })
  bytes += body.length
  items += itemCount
}

function isNotModified(req: http.IncomingMessage, feed: Served): boolean {
  const inm = req.headers['if-none-match']
  if (inm !== undefined) return inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === feed.etag)
  const ims = req.headers['if-modified-since']
  return ims !== undefined && Date.parse(ims) >= lastModifiedMs
}

const server = http.createServer((req, res) => {
  const match = /^\/feeds\/(\d+)$/.exec(req.url ?? '')
  const feed = match ? feeds[Number(match[1])] : undefined
  if (feed === undefined) {
    res.writeHead(404).end()
    return
  }
  const headers = { etag: feed.etag, 'last-modified': lastModified, 'cache-control': 'max-age=0' }
  if (isNotModified(req, feed)) {
    res.writeHead(304, headers).end()
    return
  }
  res.writeHead(200, { ...headers, 'content-type': feed.contentType, 'content-length': feed.body.length })
  res.end(req.method === 'HEAD' ? undefined : feed.body)
})
server.keepAliveTimeout = 30_000
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  process.stdout.write(`${JSON.stringify({ port, feeds: count, bytes, items })}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
process.on('disconnect', () => process.exit(0))
