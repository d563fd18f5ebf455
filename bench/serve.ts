// Serving: 100,000 items from 200 sources in a file database; the real app in a child process,
// loaded by autocannon from this process (50 connections). Each route has its own baseline: a
// plain node:http server (another child) answering that path with the very bytes the app sent
// for it. Rounds interleave every route with its baseline.
// Then, against the same app: cache misses (the first request after another connection
// committed an item, which moves the store generation: every cached answer is stale); distinct
// search queries (every request a new query) offered at a fixed rate and at saturation; and
// `breachwire serve --workers 2` against `--workers 1` (the real CLI, node:cluster).
// On 2 cores the load generator and the servers share the machine; both sides of every ratio do.

import { statSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import autocannon, { type AutocannonOptions } from 'autocannon'
import { defaultSettings } from '../src/config/index.js'
import { openStore } from '../src/store/index.js'
import type { Store } from '../src/types.js'
import { startChild } from './child.js'
import { writeConfigFile } from './cli-run.js'
import { CORPUS_EPOCH } from './feed-documents.js'
import { fillStore, makeFillItem, makeFillSources } from './fill-store.js'
import { createRandom, deriveSeed } from './random.js'
import type { BenchOptions, BenchResult, ResultRow } from './report.js'
import { startServeCli } from './serve-cli.js'
import { formatNumber, formatRatio, median } from './stats.js'
import { actors, categories, incidentKinds } from './vocabulary.js'

export interface LoadFigures {
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}

const routes = ['/', '/feed.xml', '/api/items', '/search?q=ransomware'] as const
/** The routes the cached-answer target names. */
const targetRoutes = new Set(['/', '/feed.xml'])
const CONNECTIONS = 50
const MISSES_PER_ROUTE = 20

export async function load(url: string, seconds: number, extra: Partial<AutocannonOptions> = {}): Promise<LoadFigures> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, ...extra })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}

async function fetchBody(url: string): Promise<{ status: number; body: Buffer; contentType: string }> {
  const response = await fetch(url)
  return {
    status: response.status,
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? '',
  }
}

/** Every request a query not asked before: pairs of vocabulary words (each pair matches items). */
export function makeDistinctQueries(): () => string {
  const words = [...actors, ...categories, ...incidentKinds.map((k) => k.split(' ')[0] ?? k)].map((w) => w.toLowerCase())
  const unique = [...new Set(words)]
  let n = 0
  return () => {
    const i = n++
    const a = unique[i % unique.length] ?? ''
    const b = unique[Math.floor(i / unique.length) % unique.length] ?? ''
    const page = Math.floor(i / (unique.length * unique.length)) + 1
    return `/search?q=${encodeURIComponent(`${a} ${b}`)}${page > 1 ? `&page=${page}` : ''}`
  }
}

/**
 * One new item per miss, committed through `store` (another connection than the app's): the app's
 * next answer for any route is rendered anew. Each miss is timed alone, sequentially.
 */
export async function measureMisses(
  store: Store,
  opts: { seed: number; base: string; routes: readonly string[]; count: number; log: (line: string) => void },
): Promise<Map<string, number[]>> {
  const { seed, base, routes, log } = opts
  const random = createRandom(deriveSeed(seed, 'serve-misses'))
  const nowIso = new Date(CORPUS_EPOCH + 86_400_000).toISOString()
  const byRoute = new Map<string, number[]>()
  let k = 0
  for (const route of routes) {
    log(`cache misses ${route}`)
    const times: number[] = []
    for (let i = 0; i < opts.count; i++) {
      const item = makeFillItem(random, seed, 0, 1_000_000 + k, CORPUS_EPOCH + ++k * 60_000, [4, 14])
      await store.transaction((tx) => tx.upsertItems('src-0', [item], nowIso))
      const start = performance.now()
      const answer = await fetchBody(base + route)
      times.push(performance.now() - start)
      if (answer.status !== 200) throw new Error(`bench: ${route} answered ${answer.status} after a write`)
    }
    byRoute.set(route, times)
  }
  return byRoute
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

export async function runServeBench(opts: BenchOptions): Promise<BenchResult> {
  const sources = 200
  const perSource = opts.quick ? 100 : 500
  const seconds = opts.quick ? 3 : 6
  const rounds = opts.quick ? 2 : 3
  const dbPath = join(opts.workDir, 'serve.db')
  opts.log(`serve: filling ${formatNumber(sources * perSource)} items from ${sources} sources`)
  const fillStart = performance.now()
  const filler = openStore(dbPath)
  try {
    await fillStore(filler, { seed: opts.seed, sources, itemsPerSource: perSource, sentences: [4, 14], spacingMinutes: 180 })
  } finally {
    await filler.close()
  }
  const fillMs = performance.now() - fillStart
  const dbBytes = ['', '-wal'].reduce((sum, suffix) => sum + (statSync(dbPath + suffix, { throwIfNoEntry: false })?.size ?? 0), 0)

  const app = await startChild<{ port: number }>('serve-app.ts', [dbPath, String(sources)])
  const hits = new Map<string, LoadFigures[]>()
  const baselines = new Map<string, LoadFigures[]>()
  const bodyBytes = new Map<string, number>()
  let misses = new Map<string, number[]>()
  const searchOffered: LoadFigures[] = []
  const searchSaturated: LoadFigures[] = []
  const offeredRate = 200
  try {
    const base = `http://127.0.0.1:${app.ready.port}`
    const listing: Record<string, { file: string; contentType: string }> = {}
    for (const [i, route] of routes.entries()) {
      const answer = await fetchBody(base + route)
      if (answer.status !== 200) throw new Error(`bench: ${route} answered ${answer.status}`)
      const file = join(opts.workDir, `body-${i}`)
      writeFileSync(file, answer.body)
      listing[route] = { file, contentType: answer.contentType }
      bodyBytes.set(route, answer.body.length)
    }
    const listingFile = join(opts.workDir, 'bodies.json')
    writeFileSync(listingFile, JSON.stringify(listing))
    const plain = await startChild<{ port: number }>('baseline-server.ts', [listingFile])
    try {
      for (let round = 0; round < rounds; round++) {
        for (const route of routes) {
          opts.log(`serve: round ${round + 1}/${rounds} ${route} (app, then its baseline)`)
          hits.set(route, [...(hits.get(route) ?? []), await load(base + route, seconds)])
          baselines.set(route, [...(baselines.get(route) ?? []), await load(`http://127.0.0.1:${plain.ready.port}${route}`, seconds)])
        }
      }
    } finally {
      await plain.stop()
    }
    const writer = openStore(dbPath)
    try {
      misses = await measureMisses(writer, { seed: opts.seed, base, routes, count: MISSES_PER_ROUTE, log: opts.log })
    } finally {
      await writer.close()
    }
    const nextQuery = makeDistinctQueries()
    const distinct = { requests: [{ setupRequest: (request: { path: string }) => ({ ...request, path: nextQuery() }) }] }
    for (let round = 0; round < rounds; round++) {
      opts.log(`serve: round ${round + 1}/${rounds} distinct searches, offered ${offeredRate}/s, then saturated`)
      searchOffered.push(await load(`${base}/search`, seconds, { ...distinct, overallRate: offeredRate }))
      searchSaturated.push(await load(`${base}/search`, seconds, distinct))
    }
  } finally {
    await app.stop()
  }

  const workerCount = Math.max(2, availableParallelism())
  const configPath = join(opts.workDir, 'serve-feeds.json')
  writeConfigFile(configPath, { path: configPath, settings: defaultSettings, sources: makeFillSources(sources) })
  const cluster = new Map<number, LoadFigures[]>()
  for (let round = 0; round < rounds; round++) {
    for (const workers of [1, workerCount]) {
      opts.log(`serve: round ${round + 1}/${rounds} serve --workers ${workers}, GET /`)
      const cli = await startServeCli(configPath, dbPath, workers)
      try {
        cluster.set(workers, [...(cluster.get(workers) ?? []), await load(`${cli.url}/`, seconds)])
      } finally {
        await cli.stop()
      }
    }
  }

  const med = (list: LoadFigures[] | undefined, key: keyof LoadFigures) => median((list ?? []).map((f) => f[key]))
  const rows: ResultRow[] = []
  for (const route of routes) {
    const list = hits.get(route)
    const baseList = baselines.get(route)
    const ratio = med(list, 'rps') / med(baseList, 'rps')
    const failures = (list ?? []).reduce((sum, f) => sum + f.non2xx + f.errors, 0)
    const row: ResultRow = {
      bench: 'serve',
      name: `GET ${route} cached (${formatNumber((bodyBytes.get(route) ?? 0) / 1024, 1)} KiB)`,
      value: `${formatNumber(med(list, 'rps'))} req/s, p99 ${med(list, 'p99')} ms`,
      versus: `${formatRatio(ratio)} its node:http baseline (${formatNumber(med(baseList, 'rps'))} req/s, same bytes)${targetRoutes.has(route) ? ' (target ≥ 0.8×)' : ''}${failures > 0 ? `; ${failures} non-2xx/errors` : ''}`,
    }
    if (targetRoutes.has(route)) row.met = ratio >= 0.8 && failures === 0
    rows.push(row)
  }
  for (const route of routes) {
    const times = misses.get(route) ?? []
    rows.push({
      bench: 'serve',
      name: `GET ${route} cache miss (first request after a commit)`,
      value: `p50 ${formatNumber(percentile(times, 50), 1)} ms, p99 ${formatNumber(percentile(times, 99), 1)} ms`,
      versus: `${times.length} sequential misses at ${formatNumber((sources * perSource) / 1000)}k items (the 1M target is in scale)`,
    })
  }
  const offeredP99 = med(searchOffered, 'p99')
  const saturatedRps = med(searchSaturated, 'rps')
  rows.push(
    {
      bench: 'serve',
      name: `distinct searches, offered ${offeredRate} req/s, ${CONNECTIONS} connections`,
      value: `${formatNumber(med(searchOffered, 'rps'))} req/s answered, p50 ${med(searchOffered, 'p50')} ms, p99 ${offeredP99} ms`,
      versus: 'target p99 < 50 ms',
      met: offeredP99 < 50,
    },
    {
      bench: 'serve',
      name: 'distinct searches at saturation',
      value: `${formatNumber(saturatedRps)} req/s, p99 ${med(searchSaturated, 'p99')} ms`,
      versus: 'target ≥ 1,000 distinct searches/s',
      met: saturatedRps >= 1000,
    },
  )
  const single = med(cluster.get(1), 'rps')
  const many = med(cluster.get(workerCount), 'rps')
  rows.push(
    { bench: 'serve', name: 'serve --workers 1, GET / cached (baseline)', value: `${formatNumber(single)} req/s`, versus: '1.00×' },
    {
      bench: 'serve',
      name: `serve --workers ${workerCount}, GET / cached`,
      value: `${formatNumber(many)} req/s, p99 ${med(cluster.get(workerCount), 'p99')} ms`,
      versus: `${formatRatio(many / single)} one process (target ≥ 1.7×)`,
      met: many >= 1.7 * single,
    },
    {
      bench: 'serve',
      name: 'database bytes per item',
      value: `${formatNumber(dbBytes / (sources * perSource))} B/item`,
      versus: `${formatNumber(dbBytes / 1e6)} MB for ${formatNumber(sources * perSource)} items (file + WAL)`,
    },
  )
  return {
    rows,
    raw: {
      sources,
      items: sources * perSource,
      fillMs,
      dbBytes,
      seconds,
      connections: CONNECTIONS,
      bodyBytes: Object.fromEntries(bodyBytes),
      hits: Object.fromEntries(hits),
      baselines: Object.fromEntries(baselines),
      misses: Object.fromEntries(misses),
      searchOffered,
      searchSaturated,
      cluster: Object.fromEntries(cluster),
    },
    notes: [
      `serve: ${formatNumber(sources * perSource)} items from ${sources} sources (filled in ${formatNumber(fillMs / 1000, 1)} s); autocannon, ${CONNECTIONS} connections, ${seconds} s per load, ${rounds} interleaved rounds; the app, each baseline and the CLI servers run in child processes, autocannon in the parent (all on the same ${availableParallelism()} cores); no Accept-Encoding`,
      `serve --workers: the real CLI against the same database read-only, started fresh per load, rounds alternate 1 and ${workerCount} workers`,
    ],
  }
}
