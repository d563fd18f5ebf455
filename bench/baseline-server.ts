// The serving baseline: Node's plain http server answering every request with the same bytes,
// from memory (the app's /feed.xml body, read from a file):
//   node --import tsx bench/baseline-server.ts <body-file> <content-type>

import { readFileSync } from 'node:fs'
import http from 'node:http'

const body = readFileSync(process.argv[2] ?? '')
const contentType = process.argv[3] ?? 'application/octet-stream'
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': contentType, 'content-length': body.length })
  res.end(body)
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
