// Upsert: 4,000 generated items (20 sources × 200, one transaction per source, as the poller
// writes) through store.upsertItems on SQLite (a temp file) and on PostgreSQL (a throwaway
// database, see pg-database.ts): all new, then all unchanged, then all changed. The store step
// alone: no evidence or story matching (ingest measures those).

import { join } from 'node:path'
import { hashFields } from '../src/lib/hash.js'
import { openStore } from '../src/store/index.js'
import { openPostgresStore } from '../src/store/postgres/index.js'
import type { NormalizedItem, Store } from '../src/types.js'
import { CORPUS_EPOCH } from './feed-documents.js'
import { makeFillItem, makeFillSources } from './fill-store.js'
import { benchServerUrl, createBenchDatabase } from './pg-database.js'
import { createRandom, deriveSeed } from './random.js'
import type { BenchOptions, BenchResult, ResultRow } from './report.js'
import { formatNumber, formatRatio, median } from './stats.js'

const SOURCES = 20
const PER_SOURCE = 200
const RUNS = 3
const phases = ['new', 'unchanged', 'changed'] as const
type Phase = (typeof phases)[number]

function makeBatches(seed: number, run: number): NormalizedItem[][] {
  const batches: NormalizedItem[][] = []
  for (let s = 0; s < SOURCES; s++) {
    const index = run * SOURCES + s
    const random = createRandom(deriveSeed(seed, `upsert-${index}`))
    const items: NormalizedItem[] = []
    for (let i = 0; i < PER_SOURCE; i++) items.push(makeFillItem(random, seed, index, i, CORPUS_EPOCH - i * 3_600_000, [2, 6]))
    batches.push(items)
  }
  return batches
}

function changed(item: NormalizedItem): NormalizedItem {
  const title = `${item.title} (updated)`
  return { ...item, title, contentHash: hashFields([item.contentHash, title]) }
}

/** Milliseconds per phase for each run, on one store. */
async function measure(store: Store, seed: number): Promise<Record<Phase, number[]>> {
  const times: Record<Phase, number[]> = { new: [], unchanged: [], changed: [] }
  await store.syncSources(makeFillSources(SOURCES * RUNS))
  const now = new Date(CORPUS_EPOCH + 86_400_000).toISOString()
  for (let run = 0; run < RUNS; run++) {
    const batches = makeBatches(seed, run)
    const inputs: Record<Phase, NormalizedItem[][]> = {
      new: batches,
      unchanged: batches,
      changed: batches.map((items) => items.map(changed)),
    }
    for (const phase of phases) {
      const start = performance.now()
      for (const items of inputs[phase]) await store.transaction((tx) => tx.upsertItems(items[0]!.sourceId, items, now))
      times[phase].push(performance.now() - start)
    }
  }
  return times
}

export async function runUpsertBench(opts: BenchOptions): Promise<BenchResult> {
  const total = SOURCES * PER_SOURCE
  opts.log(`upsert: ${formatNumber(total)} items on SQLite`)
  const sqlite = openStore(join(opts.workDir, 'upsert.db'))
  let sqliteTimes: Record<Phase, number[]>
  try {
    sqliteTimes = await measure(sqlite, opts.seed)
  } finally {
    await sqlite.close()
  }
  const serverUrl = benchServerUrl()
  let pgTimes: Record<Phase, number[]> | undefined
  if (serverUrl !== undefined) {
    opts.log(`upsert: ${formatNumber(total)} items on PostgreSQL`)
    const db = await createBenchDatabase(serverUrl, 'upsert')
    try {
      const store = await openPostgresStore(db.url)
      try {
        pgTimes = await measure(store, opts.seed)
      } finally {
        await store.close()
      }
    } finally {
      await db.drop()
    }
  }
  const rows: ResultRow[] = []
  for (const phase of phases) {
    const lite = median(sqliteTimes[phase])
    rows.push({
      bench: 'upsert',
      name: `${formatNumber(total)} ${phase} items, SQLite`,
      value: `${formatNumber(lite)} ms`,
      versus: `median of ${RUNS}`,
    })
    if (pgTimes === undefined) continue
    const pgMs = median(pgTimes[phase])
    rows.push({
      bench: 'upsert',
      name: `${formatNumber(total)} ${phase} items, PostgreSQL`,
      value: `${formatNumber(pgMs)} ms`,
      versus: `${formatRatio(pgMs / lite)} SQLite; median of ${RUNS}`,
    })
  }
  return {
    rows,
    raw: { sources: SOURCES, perSource: PER_SOURCE, sqlite: sqliteTimes, postgres: pgTimes ?? null },
    notes: [
      `upsert: ${SOURCES} sources × ${PER_SOURCE} items, one transaction per source, store.upsertItems only${pgTimes === undefined ? '; PostgreSQL skipped (set BREACHWIRE_BENCH_DATABASE_URL or BREACHWIRE_TEST_DATABASE_URL)' : ''}`,
    ],
  }
}
