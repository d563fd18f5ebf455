// The real app in its own process for the serving benchmark:
//   node --import tsx bench/serve-app.ts <db file or postgres:// URL> <sources>
// Opens the database read-only (as `breachwire serve` does; PostgreSQL without migrating), builds createApp, listens on
// 127.0.0.1:0 and prints {"port"} when ready. Started with BREACHWIRE_RATE_LIMIT=off (bench/child.ts):
// the benchmark measures the app, not the per-IP limiter.

import http from 'node:http'
import { defaultSettings } from '../src/config/index.js'
import { type AppContext, createApp } from '../src/server/index.js'
import { openStore } from '../src/store/index.js'
import { openPostgresStore } from '../src/store/postgres/index.js'
import type { AppConfig } from '../src/types.js'
import { makeFillSources } from './fill-store.js'

const dbPath = process.argv[2] ?? ''
const config: AppConfig = { path: 'bench', settings: { ...defaultSettings }, sources: makeFillSources(Number(process.argv[3] ?? 200)) }
const store = dbPath.startsWith('postgres://') ? await openPostgresStore(dbPath, { migrate: false }) : openStore(dbPath, { readonly: true })
const context: AppContext = { store, getConfig: () => config, publicUrl: 'http://127.0.0.1' }
const server = http.createServer(createApp(context))
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`)
})
process.on('SIGTERM', () => {
  server.closeAllConnections()
  server.close(async () => {
    await store.close()
    process.exit(0)
  })
})
