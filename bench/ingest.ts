// Ingest: parse → clean → store (+ story evidence and matching, exactly the poller's store step),
// into a cold database and then again with every item known (warm), over two corpora:
//  - "generated": WordPress-style RSS, Atom and JSON Feed (bench/corpus.ts), the best case;
//  - "mixed": the conformance corpus (every fixture, the hand-written cases, generated variants
//    with odd entities, encodings, dates and truncation) plus Atom-only feeds, where the fast
//    paths decline often and the general readers do the work.
// Baselines in the same run, interleaved with the pipeline's runs: a bare htmlparser2 tokenizer
// pass over the same bytes, and python3-feedparser (parse only, timed inside python). feedparser
// reads no JSON Feed, so every comparison with it is over the XML files only, on both sides.

import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Parser } from 'htmlparser2'
import { normalizeItems } from '../src/clean/index.js'
import { type FastPathCounts, readFastPathCounts } from '../src/parse/fast-path-stats.js'
import { parseFeed } from '../src/parse/index.js'
import { storeItems } from '../src/poller/store-items.js'
import { openStore } from '../src/store/index.js'
import type { FeedSource } from '../src/types.js'
import { buildCorpus } from './conformance-corpus.js'
import { generateCorpus } from './corpus.js'
import { CORPUS_EPOCH, makeFeedDocument } from './feed-documents.js'
import type { BenchOptions, BenchResult, ResultRow } from './report.js'
import { formatNumber, formatRatio, median } from './stats.js'

export interface LoadedFile {
  body: Buffer
  source: FeedSource
  url: string
  contentType: string
  /** RSS, RDF or Atom: what feedparser reads too. */
  xml: boolean
  /** Where it is stored for feedparser. */
  path: string
}

interface StageTimes {
  parseMs: number
  cleanMs: number
  storeMs: number
  /** parse + clean + store over the XML files only (the byte set feedparser reads). */
  xmlMs: number
  items: number
  inserted: number
  unchanged: number
  /** Documents no reader could read (the mixed corpus has malformed ones, as the web does). */
  failed: number
}

interface CorpusFigures {
  label: string
  files: number
  bytes: number
  xmlBytes: number
  items: number
  tokenizerMs: number[]
  feedparserMs: number[]
  feedparserError?: string
  coldMs: number[]
  warmMs: number[]
  cold: StageTimes[]
  warm: StageTimes[]
  /** Fast-path answers and declines during one warm run. */
  fastPaths: FastPathCounts
}

export function makeSource(index: number, url: string): FeedSource {
  return { id: `source-${index}`, url, type: 'feed', tags: [], enabled: true, republish: 'full' }
}

/** The poller's path for one fetched body, stage by stage, into `dbPath`. */
export async function ingestFiles(files: readonly LoadedFile[], dbPath: string, now: Date): Promise<StageTimes> {
  const store = openStore(dbPath)
  const times: StageTimes = { parseMs: 0, cleanMs: 0, storeMs: 0, xmlMs: 0, items: 0, inserted: 0, unchanged: 0, failed: 0 }
  try {
    await store.syncSources(files.map((f) => f.source))
    const nowIso = now.toISOString()
    for (const file of files) {
      const fileStart = performance.now()
      let t = fileStart
      let feed: Awaited<ReturnType<typeof parseFeed>>
      try {
        feed = await parseFeed(file.body, { url: file.url, contentType: file.contentType })
      } catch {
        times.failed++
        continue
      } finally {
        times.parseMs += performance.now() - t
      }
      t = performance.now()
      const { items } = normalizeItems(feed, file.source, { feedUrl: file.url, now })
      times.cleanMs += performance.now() - t
      t = performance.now()
      const summary = await store.transaction((tx) => storeItems(tx, file.source, items, nowIso))
      times.storeMs += performance.now() - t
      if (file.xml) times.xmlMs += performance.now() - fileStart
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

/** One timed feedparser run over the XML files (python reads them into memory first). */
function runFeedparser(files: readonly LoadedFile[]): { ms: number } | { error: string } {
  const script = join(import.meta.dirname, 'feedparser-baseline.py')
  const child = spawnSync('/usr/bin/python3', [script], {
    input: JSON.stringify({ paths: files.filter((f) => f.xml).map((f) => f.path), runs: 1 }),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  })
  if (child.status !== 0) return { error: (child.stderr || child.error?.message || 'python3 failed').split('\n').slice(-3).join(' ') }
  const out = JSON.parse(child.stdout) as { runs_s: number[] }
  return { ms: (out.runs_s[0] ?? Number.NaN) * 1000 }
}

function loadGenerated(opts: BenchOptions, targetBytes: number): LoadedFile[] {
  const corpus = generateCorpus(join(opts.workDir, 'corpus'), { seed: opts.seed, targetBytes })
  return corpus.files.map((f) => ({
    body: readFileSync(f.path),
    source: makeSource(f.sourceIndex, f.url),
    url: f.url,
    contentType: f.contentType,
    xml: f.format !== 'json',
    path: f.path,
  }))
}

/** The conformance corpus (as `npm run conformance` builds it, fewer variants) and Atom-only feeds. */
function loadMixed(opts: BenchOptions, variants: number, atomFeeds: number): LoadedFile[] {
  const dir = join(opts.workDir, 'mixed')
  mkdirSync(dir, { recursive: true })
  const docs = buildCorpus({ tuningSeed: opts.seed, heldOutSeed: opts.seed + 1, count: variants }).map((d) => ({
    body: d.body,
    contentType: d.headers['content-type'] ?? '',
    json: /\.json$/i.test(d.name) || d.body.subarray(0, 64).toString('latin1').trimStart().startsWith('{'),
  }))
  // pickFormat gives Atom to indices 13–16 of every 20.
  for (let i = 0; i < atomFeeds; i++) {
    const index = 20 * i + 13 + (i % 4)
    const doc = makeFeedDocument(opts.seed, index, 10 + (i % 30), [2, 8])
    docs.push({ body: Buffer.from(doc.body), contentType: doc.contentType, json: false })
  }
  return docs.map((d, i) => {
    const path = join(dir, `doc-${i}`)
    writeFileSync(path, d.body)
    const url = `https://mixed.example.net/${i}/feed`
    return { body: d.body, source: makeSource(i, url), url, contentType: d.contentType, xml: !d.json, path }
  })
}

function dropDatabase(dbPath: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true })
}

/** Runs × (tokenizer, feedparser, cold, warm), interleaved so load changes hit every side alike. */
async function measureCorpus(opts: BenchOptions, label: string, files: LoadedFile[], runs: number): Promise<CorpusFigures> {
  const now = new Date(CORPUS_EPOCH + 86_400_000)
  const figures: CorpusFigures = {
    label,
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.body.length, 0),
    xmlBytes: files.reduce((sum, f) => sum + (f.xml ? f.body.length : 0), 0),
    items: 0,
    tokenizerMs: [],
    feedparserMs: [],
    coldMs: [],
    warmMs: [],
    cold: [],
    warm: [],
    fastPaths: { rss: { fast: 0, declined: 0 }, atom: { fast: 0, declined: 0 } },
  }
  for (let run = 0; run < runs; run++) {
    opts.log(`ingest ${label}: run ${run + 1}/${runs}: tokenizer, feedparser, cold, warm`)
    let t = performance.now()
    tokenize(files)
    figures.tokenizerMs.push(performance.now() - t)
    const fp = runFeedparser(files)
    if ('error' in fp) figures.feedparserError = fp.error
    else figures.feedparserMs.push(fp.ms)
    const dbPath = join(opts.workDir, `ingest-${label}-${run}.db`)
    t = performance.now()
    figures.cold.push(await ingestFiles(files, dbPath, now))
    figures.coldMs.push(performance.now() - t)
    const before = readFastPathCounts()
    t = performance.now()
    figures.warm.push(await ingestFiles(files, dbPath, now))
    figures.warmMs.push(performance.now() - t)
    const after = readFastPathCounts()
    for (const format of ['rss', 'atom'] as const) {
      figures.fastPaths[format] = {
        fast: after[format].fast - before[format].fast,
        declined: after[format].declined - before[format].declined,
      }
    }
    dropDatabase(dbPath)
  }
  figures.items = figures.cold[0]?.items ?? 0
  return figures
}

interface Rates {
  tokMBs: number
  fpMBs: number
  coldMBs: number
  warmMBs: number
  coldXmlMBs: number
  warmXmlMBs: number
}

function computeRates(f: CorpusFigures): Rates {
  const mb = f.bytes / 1e6
  const xmlMb = f.xmlBytes / 1e6
  return {
    tokMBs: mb / (median(f.tokenizerMs) / 1000),
    fpMBs: f.feedparserMs.length > 0 ? xmlMb / (median(f.feedparserMs) / 1000) : Number.NaN,
    coldMBs: mb / (median(f.coldMs) / 1000),
    warmMBs: mb / (median(f.warmMs) / 1000),
    coldXmlMBs: xmlMb / (median(f.cold.map((c) => c.xmlMs)) / 1000),
    warmXmlMBs: xmlMb / (median(f.warm.map((c) => c.xmlMs)) / 1000),
  }
}

const describeFastPaths = (c: FastPathCounts): string =>
  `fast path RSS ${c.rss.fast} answered / ${c.rss.declined} declined, Atom ${c.atom.fast} / ${c.atom.declined}`

function generatedRows(f: CorpusFigures, r: Rates): ResultRow[] {
  const stage = (key: keyof StageTimes) => median(f.cold.map((c) => c[key]))
  const storePerNewItem = stage('storeMs') / Math.max(1, stage('inserted'))
  const fpNote = f.feedparserError ?? ''
  return [
    {
      bench: 'ingest',
      name: 'htmlparser2 tokenizer, all bytes (baseline)',
      value: `${formatNumber(r.tokMBs, 1)} MB/s`,
      versus: '1.00× tokenizer',
    },
    {
      bench: 'ingest',
      name: 'python3-feedparser, parse only, XML files (baseline)',
      value: `${formatNumber(r.fpMBs, 1)} MB/s`,
      versus: fpNote || '1.00× feedparser (the pipeline is compared over the same XML files)',
    },
    {
      bench: 'ingest',
      name: 'cold ingest (parse→clean→store+stories) vs feedparser',
      value: `${formatNumber(r.coldXmlMBs, 1)} MB/s XML, ${formatNumber(f.items / (median(f.coldMs) / 1000))} items/s all`,
      versus: `${formatRatio(r.coldXmlMBs / r.fpMBs)} feedparser (target ≥ 2×); store ${formatNumber(storePerNewItem, 3)} ms per new item (target ≤ 0.15)`,
      met: r.coldXmlMBs >= 2 * r.fpMBs && storePerNewItem <= 0.15,
    },
    {
      bench: 'ingest',
      name: 'warm ingest (every item known) vs feedparser',
      value: `${formatNumber(r.warmXmlMBs, 1)} MB/s XML, ${formatNumber(f.items / (median(f.warmMs) / 1000))} items/s all`,
      versus: `${formatRatio(r.warmXmlMBs / r.fpMBs)} feedparser (target ≥ 8×)`,
      met: r.warmXmlMBs >= 8 * r.fpMBs,
    },
    {
      bench: 'ingest',
      name: 'warm ingest vs a bare tokenizer pass',
      value: `${formatNumber(r.warmMBs, 1)} MB/s all bytes`,
      versus: `${formatRatio(r.warmMBs / r.tokMBs)} tokenizer (target ≥ 0.30×)`,
      met: r.warmMBs >= 0.3 * r.tokMBs,
    },
    {
      bench: 'ingest',
      name: 'cold stages: parse / clean / store',
      value: `${formatNumber(stage('parseMs'))} / ${formatNumber(stage('cleanMs'))} / ${formatNumber(stage('storeMs'))} ms`,
      versus: `parse alone ${formatNumber(f.bytes / 1e6 / (stage('parseMs') / 1000), 1)} MB/s; ${describeFastPaths(f.fastPaths)}`,
    },
  ]
}

function mixedRows(f: CorpusFigures, r: Rates): ResultRow[] {
  const stage = (key: keyof StageTimes) => median(f.warm.map((c) => c[key]))
  return [
    {
      bench: 'ingest',
      name: 'mixed corpus: tokenizer / feedparser XML (baselines)',
      value: `${formatNumber(r.tokMBs, 1)} / ${formatNumber(r.fpMBs, 1)} MB/s`,
      versus: f.feedparserError ?? '1.00×',
    },
    {
      bench: 'ingest',
      name: 'mixed corpus: warm ingest',
      value: `${formatNumber(r.warmXmlMBs, 1)} MB/s XML, ${formatNumber(r.warmMBs, 1)} MB/s all`,
      versus: `${formatRatio(r.warmXmlMBs / r.fpMBs)} feedparser, ${formatRatio(r.warmMBs / r.tokMBs)} tokenizer (no target: not a best case)`,
    },
    {
      bench: 'ingest',
      name: 'mixed corpus: cold ingest',
      value: `${formatNumber(r.coldXmlMBs, 1)} MB/s XML`,
      versus: `${formatRatio(r.coldXmlMBs / r.fpMBs)} feedparser`,
    },
    {
      bench: 'ingest',
      name: 'mixed corpus: warm parse / clean',
      value: `${formatNumber(stage('parseMs'))} / ${formatNumber(stage('cleanMs'))} ms`,
      versus: `${describeFastPaths(f.fastPaths)}; ${stage('failed')} unreadable documents`,
    },
  ]
}

export async function runIngestBench(opts: BenchOptions): Promise<BenchResult> {
  const runs = 3
  const targetBytes = opts.quick ? 8_000_000 : 52_000_000
  opts.log(`ingest: generating a ${formatNumber(targetBytes / 1e6)} MB corpus and the mixed corpus`)
  const generated = loadGenerated(opts, targetBytes)
  const mixed = loadMixed(opts, opts.quick ? 300 : 1200, opts.quick ? 20 : 80)
  const main = await measureCorpus(opts, 'generated', generated, runs)
  const other = await measureCorpus(opts, 'mixed', mixed, runs)
  const mainRates = computeRates(main)
  const otherRates = computeRates(other)
  const spread = (list: number[]) => `${formatNumber(Math.min(...list))}–${formatNumber(Math.max(...list))} ms`
  return {
    rows: [...generatedRows(main, mainRates), ...mixedRows(other, otherRates)],
    raw: { generated: main, mixed: other },
    notes: [
      `ingest corpus "generated": ${main.files} feeds, ${formatNumber(main.bytes / 1e6, 1)} MB (XML ${formatNumber(main.xmlBytes / 1e6, 1)} MB), ${formatNumber(main.items)} items; all bodies in memory before timing; ${runs} interleaved runs; warm runs ${spread(main.warmMs)}, tokenizer ${spread(main.tokenizerMs)}`,
      `ingest corpus "mixed": ${other.files} documents (conformance fixtures, hand-written cases, generated variants with entity, encoding, date and truncation mutations, Atom-only feeds), ${formatNumber(other.bytes / 1e6, 1)} MB (XML ${formatNumber(other.xmlBytes / 1e6, 1)} MB), ${formatNumber(other.items)} items`,
    ],
  }
}
