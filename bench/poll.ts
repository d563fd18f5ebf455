// A poll cycle: 1,000 feeds of 20–50 items on a loopback server (its own process), polled by
// the real pollOnce into a fresh file database; then a second pass where every feed answers 304.
// Wall time and this process's CPU (process.cpuUsage: the poller, its fetches, parse, clean and
// SQLite) for each pass.

import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { defaultSettings } from '../src/config/index.js'
import { pollOnce } from '../src/poller/index.js'
import { openStore } from '../src/store/index.js'
import type { AppConfig, FeedSource, PollReport } from '../src/types.js'
import { startChild } from './child.js'
import type { BenchOptions, BenchResult } from './report.js'
import { formatNumber, formatRatio, median } from './stats.js'

export interface FeedServerInfo {
  port: number
  feeds: number
  bytes: number
  items: number
}

/** All 1,000 sources live on 127.0.0.1, so the per-host limit is the limit: both are set to this. */
export const POLL_CONCURRENCY = 16

export function makePollConfig(port: number, feeds: number, path = 'bench'): AppConfig {
  const sources: FeedSource[] = []
  for (let i = 0; i < feeds; i++) {
    sources.push({ id: `feed-${i}`, url: `http://127.0.0.1:${port}/feeds/${i}`, type: 'feed', tags: [], enabled: true, republish: 'full' })
  }
  return {
    path,
    settings: { ...defaultSettings, concurrency: POLL_CONCURRENCY, perHostConcurrency: POLL_CONCURRENCY, allowPrivateNetworks: true, timeoutSeconds: 120 },
    sources,
  }
}

interface PassFigures {
  wallMs: number
  cpuMs: number
  userMs: number
  systemMs: number
  ok: number
  notModified: number
  failed: number
  inserted: number
}

async function measurePass(run: () => Promise<PollReport>): Promise<PassFigures> {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const report = await run()
  const wallMs = performance.now() - start
  const used = process.cpuUsage(cpu)
  const outcomes = report.outcomes
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    userMs: used.user / 1000,
    systemMs: used.system / 1000,
    ok: outcomes.filter((o) => o.result !== 'failed').length,
    notModified: outcomes.filter((o) => o.notModified).length,
    failed: outcomes.filter((o) => o.result === 'failed').length,
    inserted: outcomes.reduce((sum, o) => sum + o.counts.inserted, 0),
  }
}

export async function runPollBench(opts: BenchOptions): Promise<BenchResult> {
  const feeds = opts.quick ? 150 : 1000
  const runs = 3
  opts.log(`poll: starting the loopback feed server (${feeds} feeds)`)
  const server = await startChild<FeedServerInfo>('feed-server.ts', [String(opts.seed), String(feeds)])
  const first: PassFigures[] = []
  const second: PassFigures[] = []
  try {
    const config = makePollConfig(server.ready.port, feeds)
    for (let run = 0; run < runs; run++) {
      const dbPath = join(opts.workDir, `poll-${run}.db`)
      const store = openStore(dbPath)
      try {
        opts.log(`poll: run ${run + 1}/${runs}, first pass`)
        first.push(await measurePass(() => pollOnce({ store, config })))
        opts.log(`poll: run ${run + 1}/${runs}, 304 pass`)
        second.push(await measurePass(() => pollOnce({ store, config })))
      } finally {
        store.close()
        for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true })
      }
    }
  } finally {
    await server.stop()
  }
  const m = (list: PassFigures[], key: keyof PassFigures) => median(list.map((p) => p[key]))
  const wallRatio = m(second, 'wallMs') / m(first, 'wallMs')
  const cpuRatio = m(second, 'cpuMs') / m(first, 'cpuMs')
  const mb = server.ready.bytes / 1e6
  return {
    rows: [
      {
        bench: 'poll',
        name: `first pass (${feeds} feeds, ${formatNumber(server.ready.items)} items, ${formatNumber(mb, 1)} MB)`,
        value: `${formatNumber(m(first, 'wallMs') / 1000, 2)} s wall, ${formatNumber(m(first, 'cpuMs') / 1000, 2)} s CPU`,
        versus: `${formatNumber(m(first, 'inserted'))} items stored, ${formatNumber(m(first, 'failed'))} failed`,
      },
      {
        bench: 'poll',
        name: 'second pass (all 304)',
        value: `${formatNumber(m(second, 'wallMs') / 1000, 2)} s wall, ${formatNumber(m(second, 'cpuMs') / 1000, 2)} s CPU`,
        versus: `${formatRatio(wallRatio)} wall, ${formatRatio(cpuRatio)} CPU of the first (< 0.10×); ${formatNumber(m(second, 'notModified'))} × 304`,
        met: wallRatio < 0.1 && cpuRatio < 0.1,
      },
    ],
    raw: { feeds, server: server.ready, concurrency: POLL_CONCURRENCY, first, second },
    notes: [
      `poll: every feed is on 127.0.0.1, so concurrency = perHostConcurrency = ${POLL_CONCURRENCY}; allowPrivateNetworks true; the feed server is a separate process (its CPU is not counted)`,
    ],
  }
}
