// Serving from PostgreSQL beside SQLite, on the same items: fillStore writes a SQLite file, and
// `breachwire copy`'s copySqliteToPostgres moves it into a throwaway PostgreSQL database (faster
// than a second fill, and the same rows). The real app runs in a child process on each engine
// (serve-app.ts), loaded by autocannon from this process. Measured: cache hits (req/s, p99) on
// the river and the API; cache misses (the first request after another connection committed an
// item): the river, and distinct searches (every query new, so never cached).
// `--items N` sets the size (default 1,000,000; --quick 100,000).

import { join } from 'node:path'
import { copySqliteToPostgres } from '../src/store/copy.js'
import { openStore } from '../src/store/index.js'
import { openPostgresStore } from '../src/store/postgres/index.js'
import type { Store } from '../src/types.js'
import { startChild } from './child.js'
import { CORPUS_EPOCH } from './feed-documents.js'
import { fillStore, makeFillItem } from './fill-store.js'
import { benchServerUrl, createBenchDatabase } from './pg-database.js'
import { createRandom, deriveSeed } from './random.js'
import type { BenchOptions, BenchResult, ResultRow } from './report.js'
import { type LoadFigures, load, makeDistinctQueries, percentile } from './serve.js'
import { formatNumber, formatRatio, median } from './stats.js'

const SOURCES = 1000
const HIT_ROUTES = ['/', '/api/items'] as const
const MISSES = 40
const SECONDS = 4
const ROUNDS = 2

interface EngineFigures {
  hits: Record<string, LoadFigures[]>
  riverMissMs: number[]
  searchMissMs: number[]
}

async function timeGet(url: string): Promise<number> {
  const start = performance.now()
  const response = await fetch(url)
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`bench: ${url} answered ${response.status}`)
  return performance.now() - start
}

/** Cache hits, then misses: a commit through `writer` before each river request; distinct searches. */
async function measureEngine(
  target: string,
  writer: Store,
  seed: number,
  log: (line: string) => void,
  label: string,
): Promise<EngineFigures> {
  const app = await startChild<{ port: number }>('serve-app.ts', [target, String(SOURCES)])
  const figures: EngineFigures = { hits: {}, riverMissMs: [], searchMissMs: [] }
  try {
    const base = `http://127.0.0.1:${app.ready.port}`
    for (let round = 0; round < ROUNDS; round++) {
      for (const route of HIT_ROUTES) {
        log(`serve-pg: ${label}: round ${round + 1}/${ROUNDS} GET ${route} cached`)
        await timeGet(base + route)
        figures.hits[route] = [...(figures.hits[route] ?? []), await load(base + route, SECONDS)]
      }
    }
    log(`serve-pg: ${label}: ${MISSES} river misses, ${MISSES} distinct searches`)
    const random = createRandom(deriveSeed(seed, 'serve-pg-misses'))
    const nowIso = new Date(CORPUS_EPOCH + 86_400_000).toISOString()
    for (let i = 0; i < MISSES; i++) {
      const item = makeFillItem(random, seed, 0, 2_000_000 + i, CORPUS_EPOCH + (i + 1) * 60_000, [4, 14])
      await writer.transaction((tx) => tx.upsertItems('src-0', [item], nowIso))
      // The app sees the commit through its generation (LISTEN/NOTIFY on PostgreSQL): wait for it, untimed.
      await new Promise((resolve) => setTimeout(resolve, 150))
      figures.riverMissMs.push(await timeGet(`${base}/`))
    }
    const nextQuery = makeDistinctQueries()
    for (let i = 0; i < MISSES; i++) figures.searchMissMs.push(await timeGet(base + nextQuery()))
  } finally {
    await app.stop()
  }
  return figures
}

export async function runServePgBench(opts: BenchOptions): Promise<BenchResult> {
  const serverUrl = benchServerUrl()
  if (serverUrl === undefined) {
    return {
      rows: [
        {
          bench: 'serve-pg',
          name: 'serve-pg',
          value: 'skipped',
          versus: 'set BREACHWIRE_BENCH_DATABASE_URL or BREACHWIRE_TEST_DATABASE_URL',
        },
      ],
      raw: {},
      notes: [],
    }
  }
  const total = opts.items ?? (opts.quick ? 100_000 : 1_000_000)
  const perSource = Math.max(1, Math.round(total / SOURCES))
  const dbPath = join(opts.workDir, 'serve-pg.db')
  opts.log(`serve-pg: filling SQLite with ${formatNumber(SOURCES * perSource)} items`)
  let t = performance.now()
  const filler = openStore(dbPath)
  try {
    await fillStore(filler, { seed: opts.seed, sources: SOURCES, itemsPerSource: perSource, sentences: [3, 9], spacingMinutes: 500 })
  } finally {
    await filler.close()
  }
  const sqliteFillMs = performance.now() - t
  const db = await createBenchDatabase(serverUrl, 'serve')
  try {
    opts.log('serve-pg: copying into PostgreSQL (breachwire copy)')
    t = performance.now()
    await copySqliteToPostgres(dbPath, db.url)
    const copyMs = performance.now() - t
    const engines: Record<'sqlite' | 'postgres', EngineFigures> = {} as Record<'sqlite' | 'postgres', EngineFigures>
    const liteWriter = openStore(dbPath)
    try {
      engines.sqlite = await measureEngine(dbPath, liteWriter, opts.seed, opts.log, 'SQLite')
    } finally {
      await liteWriter.close()
    }
    const pgWriter = await openPostgresStore(db.url, { migrate: false })
    try {
      engines.postgres = await measureEngine(db.url, pgWriter, opts.seed, opts.log, 'PostgreSQL')
    } finally {
      await pgWriter.close()
    }
    const med = (list: LoadFigures[] | undefined, key: keyof LoadFigures) => median((list ?? []).map((f) => f[key]))
    const size = `${formatNumber((SOURCES * perSource) / 1000)}k items`
    const rows: ResultRow[] = []
    for (const route of HIT_ROUTES) {
      const lite = engines.sqlite.hits[route]
      const pgHits = engines.postgres.hits[route]
      rows.push({
        bench: 'serve-pg',
        name: `GET ${route} cached, ${size}`,
        value: `PostgreSQL ${formatNumber(med(pgHits, 'rps'))} req/s p99 ${med(pgHits, 'p99')} ms`,
        versus: `SQLite ${formatNumber(med(lite, 'rps'))} req/s p99 ${med(lite, 'p99')} ms (${formatRatio(med(pgHits, 'rps') / med(lite, 'rps'))})`,
      })
    }
    for (const [name, key, target] of [
      ['river cache miss (GET /)', 'riverMissMs', 25],
      ['search cache miss (distinct queries)', 'searchMissMs', 50],
    ] as const) {
      const pgTimes = engines.postgres[key]
      const liteTimes = engines.sqlite[key]
      const p99 = percentile(pgTimes, 99)
      rows.push({
        bench: 'serve-pg',
        name: `${name}, ${size}`,
        value: `PostgreSQL p50 ${formatNumber(percentile(pgTimes, 50), 1)} ms, p99 ${formatNumber(p99, 1)} ms`,
        versus: `SQLite p50 ${formatNumber(percentile(liteTimes, 50), 1)} ms, p99 ${formatNumber(percentile(liteTimes, 99), 1)} ms (target p99 < ${target} ms)`,
        met: p99 < target,
      })
    }
    return {
      rows,
      raw: { total: SOURCES * perSource, sqliteFillMs, copyMs, engines },
      notes: [
        `serve-pg: ${size} from ${SOURCES} sources, filled on SQLite in ${formatNumber(sqliteFillMs / 1000)} s and copied to PostgreSQL in ${formatNumber(copyMs / 1000)} s; autocannon ${SECONDS} s × ${ROUNDS} rounds per cached route; ${MISSES} sequential misses each (a commit by another connection before each river request; every search query new)`,
      ],
    }
  } finally {
    await db.drop()
  }
}
