// Sequential requests against one route of the real app over a filled database, for
// `node --cpu-prof`:  node --cpu-prof --import tsx bench/profile-serve.ts '/search?q=ransomware' [requests=30] [items per source=500]

import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultSettings } from '../src/config/index.js'
import { setLogLevel } from '../src/lib/log.js'
import { createApp } from '../src/server/index.js'
import { openStore } from '../src/store/index.js'
import { fillStore, makeFillSources } from './fill-store.js'

setLogLevel('silent')
process.env['BREACHWIRE_RATE_LIMIT'] = 'off'
const route = process.argv[2] ?? '/search?q=ransomware'
const requests = Number(process.argv[3] ?? 30)
const perSource = Number(process.argv[4] ?? 500)
const dir = mkdtempSync(join(tmpdir(), 'breachwire-profile-'))
try {
  const dbPath = join(dir, 'serve.db')
  const writer = openStore(dbPath)
  await fillStore(writer, { seed: 42, sources: 200, itemsPerSource: perSource, sentences: [4, 14], spacingMinutes: 180 })
  await writer.close()
  const store = openStore(dbPath, { readonly: true })
  const config = { path: 'bench', settings: { ...defaultSettings }, sources: makeFillSources(200) }
  const server = http.createServer(createApp({ store, getConfig: () => config }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const times: number[] = []
  for (let i = 0; i < requests; i++) {
    const start = performance.now()
    const response = await fetch(`http://127.0.0.1:${port}${route}`)
    await response.arrayBuffer()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  process.stdout.write(
    `${route}: ${requests} requests, median ${times[Math.floor(requests / 2)]?.toFixed(1)} ms, max ${times[requests - 1]?.toFixed(1)} ms\n`,
  )
  server.closeAllConnections()
  server.close()
  await store.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
