// The serving baseline: Node's plain http server answering each path with the very bytes the app
// answered for it, from memory, so every route is compared with a server sending its own body:
//   node --import tsx bench/baseline-server.ts <bodies.json>
// bodies.json: { "<path with query>": { "file": "<body file>", "contentType": "…" } }; other paths 404.

import { readFileSync } from 'node:fs'
import http from 'node:http'

interface Body {
  body: Buffer
  contentType: string
}

const listing = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Record<string, { file: string; contentType: string }>
const bodies = new Map<string, Body>(
  Object.entries(listing).map(([path, b]) => [path, { body: readFileSync(b.file), contentType: b.contentType }]),
)
const server = http.createServer((req, res) => {
  const found = bodies.get(req.url ?? '')
  if (found === undefined) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, { 'content-type': found.contentType, 'content-length': found.body.length })
  res.end(found.body)
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`)
})
process.on('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
