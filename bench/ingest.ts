// Ingest: parse → clean → store (+ story evidence and matching, exactly the poller's store step)
// over the corpus, into a cold database and then again with every item known (warm).
// Baselines in the same run: a bare htmlparser2 tokenizer pass over the same bytes, and
// python3-feedparser parsing the same files (parse only, timed inside python).

import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Parser } from 'htmlparser2'
import { normalizeItems } from '../src/clean/index.js'
import { parseFeed } from '../src/parse/index.js'
import { storeItems } from '../src/poller/store-items.js'
import { openStore } from '../src/store/index.js'
import type { FeedSource } from '../src/types.js'
import { type Corpus, generateCorpus } from './corpus.js'
import { CORPUS_EPOCH } from './feed-documents.js'
import type { BenchOptions, BenchResult, ResultRow } from './report.js'
import { formatNumber, formatRatio, median, timeRuns } from './stats.js'

interface LoadedFile {
  body: Buffer
  source: FeedSource
  url: string
  contentType: string
}

interface StageTimes {
  parseMs: number
  cleanMs: number
  storeMs: number
  items: number
  inserted: number
  unchanged: number
}

/** A cold run slower than this is not repeated (the whole bench must fit in 10 minutes). */
const REPEAT_IF_COLD_UNDER_MS = 45_000

export function makeSource(index: number, url: string): FeedSource {
  return { id: `source-${index}`, url, type: 'feed', tags: [], enabled: true, republish: 'full' }
}

/** The poller's path for one fetched body, stage by stage, into `dbPath`. */
export async function ingestFiles(files: readonly LoadedFile[], dbPath: string, now: Date): Promise<StageTimes> {
  const store = openStore(dbPath)
  const times: StageTimes = { parseMs: 0, cleanMs: 0, storeMs: 0, items: 0, inserted: 0, unchanged: 0 }
  try {
    await store.syncSources(files.map((f) => f.source))
    const nowIso = now.toISOString()
    for (const file of files) {
      let t = performance.now()
      const feed = await parseFeed(file.body, { url: file.url, contentType: file.contentType })
      times.parseMs += performance.now() - t
      t = performance.now()
      const { items } = normalizeItems(feed, file.source, { feedUrl: file.url, now })
      times.cleanMs += performance.now() - t
      t = performance.now()
      const summary = await store.transaction((tx) => storeItems(tx, file.source, items, nowIso))
      times.storeMs += performance.now() - t
      times.items += items.length
      times.inserted += summary.inserted
      times.unchanged += summary.unchanged
    }
  } finally {
    await store.close()
  }
  return times
}

function tokenize(files: readonly LoadedFile[]): number {
  let events = 0
  const parser = new Parser(
    {
      onopentag: () => void events++,
      ontext: () => void events++,
      onclosetag: () => void events++,
    },
    { xmlMode: true },
  )
  for (const file of files) {
    parser.write(file.body.toString('utf8'))
    parser.reset()
  }
  return events
}

/** python3-feedparser reads RSS and Atom only (no JSON Feed): it gets the XML files, and its MB/s is over their bytes. */
function runFeedparser(corpus: Corpus, runs: number): { runsMs: number[]; entries: number; version: string } | { error: string } {
  const script = join(import.meta.dirname, 'feedparser-baseline.py')
  const child = spawnSync('/usr/bin/python3', [script], {
    input: JSON.stringify({ paths: corpus.files.filter((f) => f.format !== 'json').map((f) => f.path), runs }),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  })
  if (child.status !== 0) return { error: (child.stderr || child.error?.message || 'python3 failed').split('\n').slice(-3).join(' ') }
  const out = JSON.parse(child.stdout) as { runs_s: number[]; entries: number; version: string }
  return { runsMs: out.runs_s.map((s) => s * 1000), entries: out.entries, version: out.version }
}

export async function runIngestBench(opts: BenchOptions): Promise<BenchResult> {
  const runs = 3
  const targetBytes = opts.quick ? 8_000_000 : 52_000_000
  opts.log(`ingest: generating a ${formatNumber(targetBytes / 1e6)} MB corpus`)
  const corpus = generateCorpus(join(opts.workDir, 'corpus'), { seed: opts.seed, targetBytes })
  const files: LoadedFile[] = corpus.files.map((f) => ({
    body: readFileSync(f.path),
    source: makeSource(f.sourceIndex, f.url),
    url: f.url,
    contentType: f.contentType,
  }))
  const mb = corpus.totalBytes / 1e6
  const now = new Date(CORPUS_EPOCH + 86_400_000)

  // Each run: the tokenizer baseline, then the pipeline into a cold database, then again warm;
  // interleaved so a change in the machine's load hits baseline and pipeline alike.
  const tokenizerMs: number[] = []
  const cold: StageTimes[] = []
  const warm: StageTimes[] = []
  const coldMs: number[] = []
  const warmMs: number[] = []
  let dbPath = ''
  let repeatCold = true
  for (let run = 0; run < runs; run++) {
    opts.log(`ingest: run ${run + 1}/${runs}: tokenizer, ${repeatCold ? 'cold, ' : ''}warm`)
    tokenizerMs.push(...(await timeRuns(1, () => tokenize(files))))
    if (repeatCold) {
      if (dbPath !== '') for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true })
      dbPath = join(opts.workDir, `ingest-${run}.db`)
      const start = performance.now()
      cold.push(await ingestFiles(files, dbPath, now))
      coldMs.push(performance.now() - start)
      // The whole bench must fit in 10 minutes: a slow cold run is not repeated (warm runs are).
      if (!opts.quick && (coldMs[0] ?? 0) > REPEAT_IF_COLD_UNDER_MS) {
        opts.log(`ingest: the cold run took ${formatNumber((coldMs[0] ?? 0) / 1000)} s; not repeated`)
        repeatCold = false
      }
    }
    const start = performance.now()
    warm.push(await ingestFiles(files, dbPath, now))
    warmMs.push(performance.now() - start)
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true })

  opts.log('ingest: python3-feedparser baseline')
  const fp = runFeedparser(corpus, runs)
  const runNote = coldMs.length < runs ? ` (${coldMs.length} run: a cold run took over ${REPEAT_IF_COLD_UNDER_MS / 1000} s)` : ''

  const items = cold[0]?.items ?? 0
  const tokMBs = mb / (median(tokenizerMs) / 1000)
  const coldMBs = mb / (median(coldMs) / 1000)
  const warmMBs = mb / (median(warmMs) / 1000)
  const xmlMb = (corpus.byFormat.rss.bytes + corpus.byFormat.atom.bytes) / 1e6
  const fpMBs = 'error' in fp ? Number.NaN : xmlMb / (median(fp.runsMs) / 1000)
  const stage = (key: keyof StageTimes) => median(cold.map((c) => c[key]))
  const rows: ResultRow[] = [
    { bench: 'ingest', name: 'htmlparser2 tokenizer (baseline)', value: `${formatNumber(tokMBs, 1)} MB/s`, versus: '1.00× tokenizer' },
    {
      bench: 'ingest',
      name: 'python3-feedparser, parse only, RSS+Atom files (baseline)',
      value: `${formatNumber(fpMBs, 1)} MB/s`,
      versus: 'error' in fp ? fp.error : `${formatRatio(fpMBs / tokMBs)} tokenizer`,
    },
    {
      bench: 'ingest',
      name: `ingest cold (parse→clean→store+stories)${runNote}`,
      value: `${formatNumber(coldMBs, 1)} MB/s, ${formatNumber(items / (median(coldMs) / 1000))} items/s`,
      versus: `${formatRatio(coldMBs / fpMBs)} feedparser (≥ 8×), ${formatRatio(coldMBs / tokMBs)} tokenizer (≥ 0.15×)`,
      met: coldMBs >= 8 * fpMBs && coldMBs >= 0.15 * tokMBs,
    },
    {
      bench: 'ingest',
      name: 'ingest warm (every item known)',
      value: `${formatNumber(warmMBs, 1)} MB/s, ${formatNumber(items / (median(warmMs) / 1000))} items/s`,
      versus: `${formatRatio(warmMBs / fpMBs)} feedparser, ${formatRatio(warmMBs / tokMBs)} tokenizer`,
      met: warmMBs >= 8 * fpMBs && warmMBs >= 0.15 * tokMBs,
    },
    {
      bench: 'ingest',
      name: 'cold stages: parse / clean / store',
      value: `${formatNumber(stage('parseMs'))} / ${formatNumber(stage('cleanMs'))} / ${formatNumber(stage('storeMs'))} ms`,
      versus: `parse alone ${formatNumber(mb / (stage('parseMs') / 1000), 1)} MB/s (${formatRatio(mb / (stage('parseMs') / 1000) / fpMBs)} feedparser)`,
    },
  ]
  return {
    rows,
    raw: {
      corpus: { files: corpus.files.length, bytes: corpus.totalBytes, items: corpus.totalItems, byFormat: corpus.byFormat },
      tokenizerMs,
      coldMs,
      warmMs,
      cold,
      warm,
      feedparser: fp,
    },
    notes: [
      `ingest corpus: ${corpus.files.length} feeds, ${formatNumber(mb, 1)} MB, ${formatNumber(corpus.totalItems)} items (RSS ${corpus.byFormat.rss.files}, Atom ${corpus.byFormat.atom.files}, JSON Feed ${corpus.byFormat.json.files}); all bodies in memory before timing`,
    ],
  }
}
