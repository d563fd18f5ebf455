// A poll cycle: 1,000 feeds of 20–50 items on a loopback server (its own process), polled by the
// real CLI (`breachwire poll`, under /usr/bin/time -v) into a fresh file database; then a second
// `poll` where every feed answers 304. Wall time, CPU time (user + system) and peak memory of each
// pass; the start-up cost of the CLI (node + tsx + imports, measured with `--help`) is reported
// and subtracted for the ratio, so the ratio compares the passes' work.

import { join } from 'node:path'
import { defaultSettings } from '../src/config/index.js'
import type { AppConfig, FeedSource } from '../src/types.js'
import { startChild } from './child.js'
import { type CliFigures, hasGnuTime, runCli, writeConfigFile } from './cli-run.js'
import type { BenchOptions, BenchResult } from './report.js'
import { measureStart, type StartFigures } from './start-idle.js'
import { formatNumber, formatRatio, median } from './stats.js'

export interface FeedServerInfo {
  port: number
  feeds: number
  bytes: number
  items: number
}

/** All sources live on 127.0.0.1, so the per-host limit is the limit: both are set to this. */
export const POLL_CONCURRENCY = 16
/** A first pass slower than this is not repeated (the whole bench must fit in 10 minutes). */
const REPEAT_IF_FIRST_PASS_UNDER_MS = 40_000

export function makePollConfig(port: number, feeds: number, path = 'bench'): AppConfig {
  const sources: FeedSource[] = []
  for (let i = 0; i < feeds; i++) {
    sources.push({ id: `feed-${i}`, url: `http://127.0.0.1:${port}/feeds/${i}`, type: 'feed', tags: [], enabled: true, republish: 'full' })
  }
  return {
    path,
    settings: {
      ...defaultSettings,
      concurrency: POLL_CONCURRENCY,
      perHostConcurrency: POLL_CONCURRENCY,
      allowPrivateNetworks: true,
      timeoutSeconds: 120,
    },
    sources,
  }
}

function countLines(stdout: string, pattern: RegExp): number {
  return stdout.split('\n').filter((line) => pattern.test(line)).length
}

export interface PollRun {
  first: CliFigures
  second: CliFigures
}

export async function runPollBench(opts: BenchOptions): Promise<BenchResult> {
  if (!hasGnuTime()) throw new Error('bench: poll needs /usr/bin/time (GNU time)')
  const feeds = opts.quick ? 60 : 1000
  const maxRuns = 3
  opts.log(`poll: starting the loopback feed server (${feeds} feeds)`)
  const server = await startChild<FeedServerInfo>('feed-server.ts', [String(opts.seed), String(feeds)])
  const configPath = join(opts.workDir, 'poll-feeds.json')
  writeConfigFile(configPath, makePollConfig(server.ready.port, feeds, configPath))
  const runs: PollRun[] = []
  let idle: CliFigures
  let start: StartFigures
  try {
    idle = runCli(['--help'])
    for (let run = 0; run < maxRuns; run++) {
      const db = join(opts.workDir, `poll-${run}.db`)
      opts.log(`poll: run ${run + 1}, first pass`)
      const first = runCli(['poll', '--config', configPath, '--db', db])
      opts.log(`poll: run ${run + 1}, 304 pass (first took ${formatNumber(first.wallMs / 1000, 1)} s)`)
      const second = runCli(['poll', '--config', configPath, '--db', db])
      runs.push({ first, second })
      if (!opts.quick && first.wallMs > REPEAT_IF_FIRST_PASS_UNDER_MS) break
    }
    opts.log('poll: breachwire start with 13 sources (first page, idle memory)')
    start = await measureStart(opts.workDir, server.ready.port)
  } finally {
    await server.stop()
  }
  const m = (pass: 'first' | 'second', key: 'wallMs' | 'cpuMs' | 'maxRssKb') => median(runs.map((r) => r[pass][key]))
  const net = (pass: 'first' | 'second', key: 'wallMs' | 'cpuMs') => Math.max(0, m(pass, key) - idle[key])
  const wallRatio = net('second', 'wallMs') / net('first', 'wallMs')
  const cpuRatio = net('second', 'cpuMs') / net('first', 'cpuMs')
  const last = runs[runs.length - 1]
  const stored = last ? countLines(last.first.stdout, /\bnew \d+/) : 0
  const notModified = last ? countLines(last.second.stdout, /unchanged \(304\)/) : 0
  const failed = last ? countLines(last.first.stdout, /failed:/) + countLines(last.second.stdout, /failed:/) : 0
  const mb = server.ready.bytes / 1e6
  const peakKb = m('first', 'maxRssKb')
  opts.shared['pollPeakRssKb'] = peakKb
  opts.shared['pollSources'] = feeds
  const runsNote =
    runs.length < maxRuns
      ? ` (${runs.length} run: one first pass took over ${REPEAT_IF_FIRST_PASS_UNDER_MS / 1000} s)`
      : ` (median of ${runs.length})`
  return {
    rows: [
      {
        bench: 'poll',
        name: `first pass, ${feeds} feeds (${formatNumber(server.ready.items)} items, ${formatNumber(mb, 1)} MB)${runsNote}`,
        value: `${formatNumber(m('first', 'wallMs') / 1000, 2)} s wall, ${formatNumber(m('first', 'cpuMs') / 1000, 2)} s CPU`,
        versus: `${formatNumber(server.ready.items / (net('first', 'wallMs') / 1000))} items/s; ${stored} sources with new items, ${failed} failed; peak ${formatNumber(peakKb / 1024)} MiB RSS (target ≤ 200 MiB at no worse wall time: compare the wall time with docs/benchmarks.md's last run)`,
        met: peakKb / 1024 <= 200 && failed === 0,
      },
      {
        bench: 'poll',
        name: 'second pass (every feed 304)',
        value: `${formatNumber(m('second', 'wallMs') / 1000, 2)} s wall, ${formatNumber(m('second', 'cpuMs') / 1000, 2)} s CPU`,
        versus: `${formatRatio(m('second', 'wallMs') / m('first', 'wallMs'))} wall, ${formatRatio(m('second', 'cpuMs') / m('first', 'cpuMs'))} CPU of the first; net of start-up ${formatRatio(wallRatio)} / ${formatRatio(cpuRatio)} (< 0.10×); ${notModified} × 304`,
        met: wallRatio < 0.1 && cpuRatio < 0.1 && failed === 0,
      },
      {
        bench: 'poll',
        name: `breachwire start, ${start.sources} sources: first page, first poll done`,
        value: `${formatNumber(start.firstPageMs / 1000, 2)} s to the first page, ${formatNumber(start.firstPollMs / 1000, 2)} s to every source polled`,
        versus: `idle RSS ${formatNumber(start.idleRssKb / 1024)} MiB, 5 s after the first poll (no target yet)`,
      },
      {
        bench: 'poll',
        name: 'CLI start-up (node + tsx + imports, --help)',
        value: `${formatNumber(idle.wallMs / 1000, 2)} s wall, ${formatNumber(idle.cpuMs / 1000, 2)} s CPU`,
        versus: `${formatNumber(idle.maxRssKb / 1024)} MiB RSS; subtracted from both passes for the ratio`,
      },
    ],
    raw: {
      feeds,
      server: server.ready,
      concurrency: POLL_CONCURRENCY,
      start,
      idle: { ...idle, stdout: undefined },
      runs: runs.map((r) => ({ first: { ...r.first, stdout: undefined }, second: { ...r.second, stdout: undefined } })),
    },
    notes: [
      `poll: the real CLI under /usr/bin/time -v (node --import tsx src/cli.ts poll); every feed is on 127.0.0.1, so concurrency = perHostConcurrency = ${POLL_CONCURRENCY}; allowPrivateNetworks true; the feed server is a separate process (its CPU is not counted)`,
    ],
  }
}
