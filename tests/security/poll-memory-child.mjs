// Run as a child process by poll-memory.test.ts, which serves the bombs from its own process (so
// this process holds nothing but the poll): one real poll over every source given, with the
// default 10 MB body cap, into a file database. Plain JavaScript on the built dist/ (what
// `npm start` runs), so the figure is the poller's, not a TypeScript loader's. Argument: JSON { "baseUrl": "http://127.0.0.1:N", "ids": [...] }.
// Prints one JSON line:
//   { "peakRssMb": n, "baselineRssMb": n, "sampledPeakRssMb": n, "pollMs": n, "outcomes": { id: "ok:N" | code } }
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validateConfig } from '../../dist/config/index.js'
import { setLogLevel } from '../../dist/lib/log.js'
import { pollOnce } from '../../dist/poller/index.js'
import { openStore } from '../../dist/store/index.js'

setLogLevel('silent')
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10
const { baseUrl, ids } = JSON.parse(process.argv[2] ?? '{}')
const dir = mkdtempSync(join(tmpdir(), 'breachwire-memory-'))

const store = openStore(join(dir, 'memory.db'))
const config = validateConfig(
  // A generous deadline: the 10 MB cap, not a race with the clock, must stop every bomb.
  {
    settings: { allowPrivateNetworks: true, timeoutSeconds: 30, concurrency: 8, perHostConcurrency: 8 },
    sources: ids.map((id) => ({ id, url: `${baseUrl}/${id}` })),
  },
  'feeds.json',
)

global.gc?.()
const baseline = process.memoryUsage().rss
let sampledPeak = baseline
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)
}, 10)
const started = performance.now()
const report = await pollOnce({ store, config })
const pollMs = Math.round(performance.now() - started)
clearInterval(sampler)

const outcomes = {}
for (const o of report.outcomes) {
  const state = await store.getSource(o.sourceId)
  outcomes[o.sourceId] = state?.lastError == null ? `ok:${await store.countItems(o.sourceId)}` : String(state.lastErrorCode)
}
await store.close()
rmSync(dir, { recursive: true, force: true })
// maxRSS is the kernel's high-water mark for the whole process (KiB): it misses no spike.
const peak = process.resourceUsage().maxRSS * 1024
process.stdout.write(
  `${JSON.stringify({ peakRssMb: mb(peak), baselineRssMb: mb(baseline), sampledPeakRssMb: mb(sampledPeak), pollMs, outcomes })}\n`,
)
