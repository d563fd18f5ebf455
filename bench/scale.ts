// Scale: 1,000,000 items from 1,000 sources written straight into the store in big transactions;
// the database's size per item; the latency (median of N, each on a fresh app so the render cache
// is cold) of the river, a source page, a deep page (page 500, by ?page= and by its cursor) and a
// search; and the peak memory of the real `breachwire poll` CLI over 1,000 loopback sources.

import { existsSync, statSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { defaultSettings } from '../src/config/index.js'
import { type AppContext, createApp } from '../src/server/index.js'
import { openStore } from '../src/store/index.js'
import type { AppConfig, Store } from '../src/types.js'
import { startChild } from './child.js'
import { hasGnuTime, runCli, writeConfigFile } from './cli-run.js'
import { fillStore, makeFillSources } from './fill-store.js'
import { type FeedServerInfo, makePollConfig } from './poll.js'
import type { BenchOptions, BenchResult, ResultRow } from './report.js'
import { measureMisses, percentile } from './serve.js'
import { formatNumber, median } from './stats.js'

/** The cache-miss target's routes: the river page and the feed. */
const MISS_ROUTES = ['/', '/feed.xml'] as const

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0
}

/** One uncached request: a fresh app (empty render cache) on port 0, one GET, closed. */
async function timeColdRequest(ctx: AppContext, path: string): Promise<{ ms: number; status: number; bytes: number }> {
  const server = http.createServer(createApp(ctx))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.address() as AddressInfo
    const start = performance.now()
    const response = await fetch(`http://127.0.0.1:${port}${path}`)
    const body = await response.arrayBuffer()
    return { ms: performance.now() - start, status: response.status, bytes: body.byteLength }
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}

async function findCursorOfPage(store: Store, page: number, pageSize: number): Promise<string | undefined> {
  let cursor: string | undefined
  let remaining = (page - 1) * pageSize
  while (remaining > 0) {
    const limit = Math.min(200, remaining)
    const result = await store.listItems(cursor === undefined ? { limit } : { limit, cursor })
    if (result.nextCursor === null) return undefined
    cursor = result.nextCursor
    remaining -= limit
  }
  return cursor
}

function measurePollMemory(
  opts: BenchOptions,
  port: number,
  feeds: number,
): { maxRssKb: number; wallS: number; exit: number; idleRssKb: number } | { error: string } {
  if (!hasGnuTime()) return { error: '/usr/bin/time not found' }
  const configPath = join(opts.workDir, 'scale-feeds.json')
  writeConfigFile(configPath, makePollConfig(port, feeds, configPath))
  const poll = runCli(['poll', '--config', configPath, '--db', join(opts.workDir, 'scale-poll.db')])
  const idle = runCli(['--help'])
  return { maxRssKb: poll.maxRssKb, wallS: poll.wallMs / 1000, exit: poll.exit, idleRssKb: idle.maxRssKb }
}

export async function runScaleBench(opts: BenchOptions): Promise<BenchResult> {
  const sources = opts.quick ? 200 : 1000
  const perSource = opts.quick ? 500 : 1000
  const total = sources * perSource
  const samples = 7
  const dbPath = join(opts.workDir, 'scale.db')
  opts.log(`scale: writing ${formatNumber(total)} items from ${sources} sources`)
  const fillStart = performance.now()
  let lastLog = fillStart
  const writer = openStore(dbPath)
  try {
    await fillStore(writer, {
      seed: opts.seed,
      sources,
      itemsPerSource: perSource,
      sentences: [3, 9],
      spacingMinutes: 500,
      onProgress: (done) => {
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now()
          opts.log(`scale: ${formatNumber(done)} items after ${formatNumber((lastLog - fillStart) / 1000)} s`)
        }
      },
    })
  } finally {
    await writer.close()
  }
  const fillMs = performance.now() - fillStart
  const dbBytes = fileSize(dbPath) + fileSize(`${dbPath}-wal`)

  opts.log('scale: page latencies')
  const store = openStore(dbPath, { readonly: true })
  const config: AppConfig = { path: 'bench', settings: { ...defaultSettings }, sources: makeFillSources(sources) }
  const ctx: AppContext = { store, getConfig: () => config, publicUrl: 'http://127.0.0.1' }
  const latencies: Record<string, { ms: number[]; status: number; bytes: number }> = {}
  let misses = new Map<string, number[]>()
  try {
    const deepCursor = await findCursorOfPage(store, 500, 20)
    const paths: [string, string][] = [
      ['river page (/)', '/'],
      ['source page (/sources/src-17)', '/sources/src-17'],
      ['deep page (/?page=500)', '/?page=500'],
      ['deep page by cursor (/?cursor=…)', `/?cursor=${deepCursor ?? ''}`],
      ['search page (/search?q=ransomware)', '/search?q=ransomware'],
      ['API search (/api/items?q=lockbit)', '/api/items?q=lockbit'],
      ['API river (/api/items?limit=50)', '/api/items?limit=50'],
    ]
    for (const [name, path] of paths) {
      const runs: number[] = []
      let status = 0
      let bytes = 0
      for (let i = 0; i < samples; i++) {
        const r = await timeColdRequest(ctx, path)
        runs.push(r.ms)
        status = r.status
        bytes = r.bytes
      }
      latencies[name] = { ms: runs, status, bytes }
    }
    opts.log('scale: cache misses after a commit, / and /feed.xml')
    const server = http.createServer(createApp(ctx))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const missWriter = openStore(dbPath)
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      for (const path of MISS_ROUTES) await fetch(base + path).then((r) => r.arrayBuffer())
      misses = await measureMisses(missWriter, { seed: opts.seed, base, routes: MISS_ROUTES, count: opts.quick ? 10 : 30, log: opts.log })
    } finally {
      await missWriter.close()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  } finally {
    await store.close()
  }

  const pollFeeds = opts.quick ? 60 : 1000
  let memory: ReturnType<typeof measurePollMemory> | { fromPoll: number; sources: number }
  const fromPoll = opts.shared['pollPeakRssKb']
  if (fromPoll !== undefined) {
    memory = { fromPoll, sources: opts.shared['pollSources'] ?? pollFeeds }
  } else {
    opts.log(`scale: peak memory of "breachwire poll" over ${pollFeeds} loopback sources`)
    const server = await startChild<FeedServerInfo>('feed-server.ts', [String(opts.seed), String(pollFeeds)])
    try {
      memory = measurePollMemory(opts, server.ready.port, pollFeeds)
    } finally {
      await server.stop()
    }
  }

  const rows: ResultRow[] = [
    {
      bench: 'scale',
      name: `database, ${formatNumber(total)} items`,
      value: `${formatNumber(dbBytes / 1e6)} MB, ${formatNumber(dbBytes / total)} B/item`,
      versus: `written in ${formatNumber(fillMs / 1000, 1)} s (${formatNumber(total / (fillMs / 1000))} items/s)`,
    },
  ]
  for (const [name, figure] of Object.entries(latencies)) {
    rows.push({
      bench: 'scale',
      name,
      value: `${formatNumber(median(figure.ms), 1)} ms`,
      versus: `median of ${samples}, cold render cache; HTTP ${figure.status}, ${formatNumber(figure.bytes / 1024)} KiB`,
      ...(figure.status === 200 ? {} : { met: false }),
    })
  }
  for (const [route, ms] of misses) {
    const p99 = percentile(ms, 99)
    rows.push({
      bench: 'scale',
      name: `cache miss ${route} (first request after a commit)`,
      value: `p50 ${formatNumber(percentile(ms, 50), 1)} ms, p99 ${formatNumber(p99, 1)} ms`,
      versus: `${ms.length} sequential misses, one app, another connection commits an item before each (target p99 < 20 ms)`,
      met: p99 < 20,
    })
  }
  if ('fromPoll' in memory) {
    rows.push({
      bench: 'scale',
      name: `poll peak memory (${memory.sources} sources, first pass)`,
      value: `${formatNumber(memory.fromPoll / 1024)} MiB max RSS`,
      versus: 'from the poll benchmark above (the same CLI run)',
    })
  } else {
    rows.push({
      bench: 'scale',
      name: `poll peak memory (${pollFeeds} sources, first pass)`,
      value: 'error' in memory ? 'n/a' : `${formatNumber(memory.maxRssKb / 1024)} MiB max RSS`,
      versus:
        'error' in memory
          ? memory.error
          : `node + tsx idle: ${formatNumber(memory.idleRssKb / 1024)} MiB; the pass took ${formatNumber(memory.wallS, 1)} s, exit ${memory.exit}`,
    })
  }
  return {
    rows,
    raw: { sources, perSource, total, fillMs, dbBytes, latencies, misses: Object.fromEntries(misses), memory },
    notes: [
      `scale: items written through store.upsertItems (with stories, categories and the FTS index), a batch of sources per transaction; latencies are a fresh createApp per request (empty render cache) over loopback HTTP, in the bench process; poll memory is /usr/bin/time -v of "node --import tsx src/cli.ts poll" (tsx's loader included, its idle RSS shown)`,
    ],
  }
}
