// Issue 14, case 1: the real `start` (web server and poller in one process) stores the largest
// legal feed while a client measures /healthz. The client is open-loop: a request leaves every
// 25 ms whatever the answers do, so a stall of the server shows as every request it held up, not
// as one slow sample (no coordinated omission). Latency counts from the moment a request left:
// on a loaded machine this process's own timers run late, and that is not the server's doing.
// On a machine shared with other work, wall-clock latency mostly measures the scheduler, so the
// child also carries loop-probe.mjs: the longest the server held its event loop, in CPU time.
import { join } from 'node:path'
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
    const probe = join(import.meta.dirname, 'loop-probe.mjs')
    const run = spawnCli(['start', '--port', '0'], { cwd: dir, log: 'info', env: { NODE_OPTIONS: `--import ${probe}` } })
    const latencies: number[] = []
    try {
      await waitFor('the server', () => /serving (http:\/\/\S+)/.test(run.stdout()), 30_000)
      const base = /serving (http:\/\/\S+)/.exec(run.stdout())?.[1] as string
      let failures = 0
      const inFlight = new Set<Promise<void>>()
      const started = performance.now()
      const startedAt = Date.now()
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
      const endedAt = Date.now()
      const pollMs = Math.round(performance.now() - started)
      run.child.kill('SIGTERM')
      await run.exited
      const probed = /LOOP_PROBE (.*)/.exec(run.stderr())?.[1]
      const gaps = (JSON.parse(probed ?? '{"gaps":[]}') as { gaps: [number, number, number][] }).gaps
      // Gaps that ended while the client measured (startup is not the poll's doing). The CPU time
      // is the whole process's (GC and I/O threads too), so the main thread's share of a gap is at
      // most the smaller of its CPU and its wall time.
      const during = gaps.filter(([end, , wall]) => end - wall >= startedAt && end <= endedAt)
      const longestCpuMs = Math.max(0, ...during.map(([, cpu, wall]) => Math.min(cpu, wall)))
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
        pollMs,
        longestCpuMs,
      }
      // The measurement SECURITY.md quotes.
      console.log(`healthz while storing ${ITEMS} items (${figures.feedMb} MB): ${JSON.stringify(figures)}`)
      expect(outcome).toContain('"result":"new"')
      expect(failures).toBe(0)
      expect(figures.requests).toBeGreaterThan(100)
      expect(probed).toBeDefined()
      // The server never holds its loop for 100 ms of CPU (measured 57–73; unpaced, parsing this feed alone is 650 ms).
      expect(figures.longestCpuMs).toBeLessThan(100)
      // The wall-clock target is p99 under 100 ms (SECURITY.md has the figures). On this shared
      // 2-core machine, where a process gets a tenth of a core at times, that is the scheduler's to
      // give: the bound only catches a poll that holds the server for seconds (unpaced: 4.5–21 s).
      expect(figures.p99).toBeLessThan(4000)
    } finally {
      run.child.kill('SIGTERM')
      await run.exited
    }
  }, 180_000)
})
