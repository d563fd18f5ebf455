// `npm run demo`: breachwire against bundled sample feeds, with no network. A loopback server
// plays six news sites; one real poll fills a fresh database under data/demo/; then the real
// app serves it on http://127.0.0.1:3000 (PORT and HOST respected). Ctrl-C stops both.
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createApp } from '../src/server/index.js'
import { prepareDemo } from './prepare.js'

const dir = fileURLToPath(new URL('../data/demo', import.meta.url))
const port = Number(process.env['PORT'] ?? 3000)
const host = process.env['HOST'] ?? '127.0.0.1'

const setup = await prepareDemo({ dir })
for (const outcome of setup.report.outcomes) {
  const counts = outcome.counts
  const detail = outcome.error ? `failed: ${outcome.error.message}` : `${counts.inserted} new`
  process.stdout.write(`  ${outcome.sourceId.padEnd(18)} ${detail}\n`)
}

const app = createApp({ store: setup.store, getConfig: () => setup.config })
const server = app.listen(port, host, () => {
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  process.stdout.write(`\nbreachwire demo: http://${shownHost}:${address.port}/\n`)
  process.stdout.write(`  sample feeds served from ${setup.feedServer.url}, database ${dir}/breachwire.db\n`)
  process.stdout.write('  press Ctrl-C to stop\n')
})
server.on('error', (err) => {
  process.stderr.write(`demo: cannot listen on ${host}:${port}: ${err.message}\n`)
  void setup.close().then(() => process.exit(1))
})

let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  server.closeAllConnections()
  server.close(() => void setup.close().then(() => process.exit(0)))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
