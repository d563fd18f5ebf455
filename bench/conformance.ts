// npm run conformance [-- --count N] [--seed N] [--held-out-seed N] [--tuning-only] [--show-misses FIELD|all] [--family F]
// (misses are listed from the tuning part only; SHOW_HELD_OUT=1 lists the held-out part's too)
//
// Differential check of the parse → clean → store path against Debian's python3-feedparser 6.0.10:
// every corpus document (bench/conformance-corpus.ts) goes through parseFeed, normalizeItems and
// the real store (:memory:), is read back as the API reads it, and is compared field by field
// (feed title; per entry title, link, id, published, updated, summary) with what feedparser reads
// from the same bytes and headers, after the normalizations docs/parsing.md lists. One python
// process reads every document (JSON lines over stdin). Agreement is printed per field and per
// family, for well-formed (feedparser's bozo = 0) and malformed documents, tuning and held-out.

import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { collapseWhitespace, extractHtmlText } from '../src/clean/html-text.js'
import { normalizeItems } from '../src/clean/index.js'
import { summarizeItem } from '../src/clean/summary.js'
import { deriveFallbackTitle, normalizeTitle } from '../src/clean/title.js'
import { cleanUrl } from '../src/lib/url.js'
import { decodeNumericReference } from '../src/parse/html-entities.js'
import { parseFeed } from '../src/parse/index.js'
import { repairMojibake } from '../src/parse/mojibake.js'
import { openStore } from '../src/store/index.js'
import type { FeedSource, Store } from '../src/types.js'
import { buildCorpus, type CorpusDocument } from './conformance-corpus.js'

const FIELDS = ['feedTitle', 'title', 'link', 'id', 'published', 'updated', 'summary'] as const
type Field = (typeof FIELDS)[number]
type Values = Partial<Record<Field, string | null>>

interface ReferenceEntry {
  title: string | null
  titleType: string | null
  link: string | null
  id: string | null
  published: string | null
  updated: string | null
  created: string | null
  summary: string | null
  summaryType: string | null
  content: string | null
  contentType: string | null
}

interface ReferenceDoc {
  id: string
  feedTitle: string | null
  feedTitleType: string | null
  bozo: boolean
  entries: ReferenceEntry[]
  error?: string
}

interface OurItem {
  title: string
  url: string
  guid: string | null
  published: string | null
  updated: string | null
  summary: string
}

interface OurDoc {
  feedTitle: string | null
  items: OurItem[]
  error?: string
}

const NOW = new Date('2031-01-01T00:00:00Z')
const docUrl = (index: number): string => `https://feeds.example/doc/${index}/feed.xml`

/** Runs every document through python3-feedparser in one process. */
async function readReference(corpus: CorpusDocument[]): Promise<Map<string, ReferenceDoc>> {
  const child = spawn('/usr/bin/python3', [join(import.meta.dirname, 'conformance-feedparser.py')], { stdio: ['pipe', 'pipe', 'inherit'] })
  const answers = new Map<string, ReferenceDoc>()
  const lines = createInterface({ input: child.stdout })
  const done = (async () => {
    for await (const line of lines) {
      const doc = JSON.parse(line) as ReferenceDoc
      answers.set(doc.id, doc)
    }
  })()
  corpus.forEach((doc, index) => {
    const headers = { 'content-location': undefined, ...doc.headers, 'content-type': doc.headers['content-type'] ?? 'application/xml' }
    child.stdin.write(
      `${JSON.stringify({ id: String(index), body: doc.body.toString('base64'), headers: { ...headers, 'content-location': headers['content-location'] ?? docUrl(index) } })}\n`,
    )
  })
  child.stdin.end()
  await done
  return answers
}

/** parse → clean → store → read back, as the poller and the API do it. */
async function readOurs(store: Store, doc: CorpusDocument, index: number): Promise<OurDoc> {
  const source: FeedSource = {
    id: `doc-${index}`,
    url: docUrl(index),
    type: 'feed',
    tags: [],
    enabled: true,
    republish: 'full',
  } as FeedSource
  try {
    const feed = await parseFeed(doc.body, {
      url: source.url,
      contentType: doc.headers['content-type'],
      contentLocation: doc.headers['content-location'],
    })
    const { items } = normalizeItems(feed, source, { feedUrl: source.url, now: NOW })
    // The poller's describeFeed: a source without a configured title takes the feed's.
    const title = feed.title?.replace(/\s+/g, ' ').trim().slice(0, 200)
    if (title) await store.updateSourceState(source.id, { title })
    const { written } = await store.upsertItems(source.id, items, NOW.toISOString())
    const stored = (await Promise.all(written.map(({ id }) => store.getItem(id)))).filter((item) => item !== undefined)
    const storedTitle = (await store.getSource(source.id))?.title
    return {
      feedTitle: storedTitle === undefined || storedTitle === source.id ? null : storedTitle,
      items: stored.map((item) => ({
        title: item.title,
        url: item.url,
        guid: item.guid,
        published: item.dateIsFallback ? null : item.publishedAt,
        updated: item.updatedAt,
        summary: item.summaryText,
      })),
    }
  } catch (err) {
    return { feedTitle: null, items: [], error: (err as Error).message }
  }
}

/** C1 controls in feedparser's text come from references like &#133; it did not map: mapped as browsers do (docs/parsing.md). */
const mapC1 = (value: string | null): string | null =>
  value === null ? null : value.replace(/[\u0080-\u009f]/g, (c) => decodeNumericReference(c.charCodeAt(0)))

/** feedparser's text is HTML unless its detail says text/plain. */
const isHtml = (type: string | null): boolean => type === null || /html/i.test(type)
const asHtml = (value: string | null, type: string | null): string | undefined =>
  value === null ? undefined : isHtml(type) ? value : value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const orNull = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value)

/** A date to the second (feedparser keeps no fractions). */
const toSecond = (iso: string | null): string | null => (iso === null ? null : iso.replace(/\.\d{3}Z$/, '.000Z'))

/** Dates as compared: published falls back to updated (then created); updated counts only when it says something published does not. */
function compareDates(published: string | null, updated: string | null): Pick<Values, 'published' | 'updated'> {
  const p = toSecond(published)
  const u = toSecond(updated)
  return { published: p, updated: u === p ? null : u }
}

/** feedparser's link when it is one we would show (http(s)); its text with the mojibake repair we apply. */
const linkOf = (entry: ReferenceEntry, base: string): string | undefined => (entry.link === null ? undefined : cleanUrl(entry.link, base))
const repaired = (value: string | null): string | null => (value === null ? null : repairMojibake(value))

/** feedparser's entry in breachwire's terms: the normalizations docs/parsing.md lists. */
function expectEntry(entry: ReferenceEntry, ours: OurItem | undefined, base: string): Values {
  const summary = summarizeItem(
    asHtml(mapC1(repaired(entry.summary)), entry.summaryType),
    asHtml(mapC1(repaired(entry.content)), entry.contentType),
  )
  const title =
    entry.title === null
      ? ''
      : normalizeTitle({ title: mapC1(repaired(entry.title)) ?? '', titleType: isHtml(entry.titleType) ? 'html' : 'text' })
  return {
    title: title !== '' ? title : ours === undefined ? null : deriveFallbackTitle(summary, ours.url),
    // An item without a link points at the feed's home page (a deliberate difference): not compared.
    link: linkOf(entry, base) ?? null,
    id: orNull(entry.id?.trim()),
    ...compareDates(entry.published ?? entry.updated ?? entry.created, entry.updated),
    summary: orNull(summary),
  }
}

function actualEntry(ours: OurItem | undefined): Values {
  if (ours === undefined) return { title: null, link: null, id: null, published: null, updated: null, summary: null }
  return { title: ours.title, link: ours.url, id: ours.guid, ...compareDates(ours.published, ours.updated), summary: orNull(ours.summary) }
}

/** Pairs feedparser's entries with ours: by id, then link, then title, then position. */
function pairEntries(entries: ReferenceEntry[], items: OurItem[], base: string): (OurItem | undefined)[] {
  const used = new Set<number>()
  const pairs: (OurItem | undefined)[] = entries.map(() => undefined)
  const keys: ((e: ReferenceEntry, o: OurItem) => boolean)[] = [
    (e, o) => e.id !== null && e.id.trim() === o.guid,
    (e, o) => e.link !== null && cleanUrl(e.link, base) === o.url,
    (e, o) => e.title !== null && collapseWhitespace(extractHtmlText(e.title)) === o.title,
  ]
  for (const matches of keys) {
    entries.forEach((entry, i) => {
      if (pairs[i] !== undefined) return
      const j = items.findIndex((item, k) => !used.has(k) && matches(entry, item))
      if (j >= 0) {
        used.add(j)
        pairs[i] = items[j]
      }
    })
  }
  entries.forEach((_entry, i) => {
    if (pairs[i] !== undefined) return
    const j = items.findIndex((_item, k) => !used.has(k))
    if (j >= 0) {
      used.add(j)
      pairs[i] = items[j]
    }
  })
  return pairs
}

interface Tally {
  agree: number
  total: number
}
type Tallies = Map<string, Tally>

function count(tallies: Tallies, key: string, agree: boolean): void {
  const tally = tallies.get(key) ?? { agree: 0, total: 0 }
  tally.total++
  if (agree) tally.agree++
  tallies.set(key, tally)
}

interface Miss {
  doc: string
  field: Field
  expected: string | null | undefined
  actual: string | null | undefined
}

/** The root element never closed (in any encoding we generate, the tail is ASCII-compatible or UTF-16). */
function isTruncated(body: Buffer): boolean {
  const tail = body.subarray(-200).toString(body[0] === 0xff ? 'utf16le' : 'latin1')
  return !/<\/(?:[\w.-]+:)?(?:rss|rdf|feed)\s*>\s*$/i.test(tail) && !/^\s*[{[]/.test(body.subarray(0, 20).toString('latin1'))
}

function compare(doc: CorpusDocument, index: number, ref: ReferenceDoc, ours: OurDoc, tallies: Tallies, misses: Miss[]): void {
  const shape = ref.bozo ? 'malformed' : 'well-formed'
  const base = doc.headers['content-location'] ?? docUrl(index)
  const check = (field: Field, expected: string | null | undefined, actual: string | null | undefined): void => {
    if ((expected ?? null) === null && (actual ?? null) === null) return
    const agree = expected === actual
    for (const family of doc.family.split('+')) {
      count(tallies, `${doc.part}|${shape}|${family}|${field}`, agree)
    }
    if (!agree) misses.push({ doc: doc.name, field, expected, actual })
  }
  const rawTitle = repaired(mapC1(ref.feedTitle))
  const feedTitle =
    rawTitle === null ? null : collapseWhitespace(isHtml(ref.feedTitleType) ? extractHtmlText(rawTitle) : rawTitle).slice(0, 200) || null
  check('feedTitle', feedTitle, ours.feedTitle)
  // A document cut off before its root closed: we keep only the entries that arrived whole
  // (docs/parsing.md), feedparser also the half-arrived last one, which is not compared.
  const whole = isTruncated(doc.body) && ref.entries.length > ours.items.length ? ref.entries.slice(0, -1) : ref.entries
  // An entry with nothing but dates identifies nothing: we drop it (reason unidentifiable).
  const entries = whole.filter((entry) => [entry.title, entry.link, entry.id, entry.summary, entry.content].some((value) => value !== null))
  const pairs = pairEntries(entries, ours.items, base)
  entries.forEach((entry, i) => {
    const mine = pairs[i]
    const expected = expectEntry(entry, mine, base)
    const actual = actualEntry(mine)
    for (const field of FIELDS) {
      // Without an http(s) link from feedparser there is nothing to compare ours with.
      if (field === 'feedTitle' || (field === 'link' && linkOf(entry, base) === undefined)) continue
      check(field, expected[field], actual[field])
    }
  })
  // Items only we show (feedparser found fewer): their title counts as a miss.
  const extra = ours.items.length - pairs.filter((p) => p !== undefined).length
  for (let i = 0; i < extra; i++) check('title', null, 'extra item')
}

function percent(tally: Tally | undefined): string {
  if (tally === undefined || tally.total === 0) return '     -'
  return `${((100 * tally.agree) / tally.total).toFixed(1).padStart(5)}%`
}

function sum(tallies: Tallies, match: (part: string, shape: string, family: string, field: string) => boolean): Tally {
  const out = { agree: 0, total: 0 }
  for (const [key, tally] of tallies) {
    const [part = '', shape = '', family = '', field = ''] = key.split('|')
    if (!match(part, shape, family, field)) continue
    out.agree += tally.agree
    out.total += tally.total
  }
  return out
}

function report(tallies: Tallies, part: string): string[] {
  const families = [...new Set([...tallies.keys()].filter((k) => k.startsWith(`${part}|`)).map((k) => k.split('|')[2] ?? ''))].sort()
  const lines = [
    `${part}:`,
    `  ${'family'.padEnd(12)} ${'shape'.padEnd(11)} ${FIELDS.map((f) => f.padStart(9)).join(' ')}      all   checks`,
  ]
  for (const shape of ['well-formed', 'malformed']) {
    for (const family of [...families, '(all)']) {
      const inFamily = (fam: string) => family === '(all)' || fam === family
      const all = sum(tallies, (p, s, fam) => p === part && s === shape && inFamily(fam))
      if (all.total === 0) continue
      const cells = FIELDS.map((field) =>
        percent(sum(tallies, (p, s, fam, f) => p === part && s === shape && inFamily(fam) && f === field)).padStart(9),
      )
      lines.push(
        `  ${family.padEnd(12)} ${shape.padEnd(11)} ${cells.join(' ')} ${percent(all).padStart(8)} ${String(all.total).padStart(8)}`,
      )
    }
  }
  return lines
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '4000' },
      seed: { type: 'string', default: '17' },
      'held-out-seed': { type: 'string', default: '1717' },
      'show-misses': { type: 'string' },
      family: { type: 'string' },
      // While tuning, the held-out part is not looked at.
      'tuning-only': { type: 'boolean', default: false },
    },
  })
  const started = performance.now()
  const corpus = buildCorpus({ tuningSeed: Number(values.seed), heldOutSeed: Number(values['held-out-seed']), count: Number(values.count) })
  const reference = readReference(corpus)
  const store = openStore(':memory:')
  await store.syncSources(
    corpus.map(
      (_doc, index) => ({ id: `doc-${index}`, url: docUrl(index), type: 'feed', tags: [], enabled: true, republish: 'full' }) as FeedSource,
    ),
  )
  const ours: OurDoc[] = []
  for (const [index, doc] of corpus.entries()) ours.push(await readOurs(store, doc, index))
  const answers = await reference
  const tallies: Tallies = new Map()
  const misses: Miss[] = []
  corpus.forEach((doc, index) => {
    // feedparser 6.0.10 reads no JSON Feed: those documents have nothing to compare with.
    if (/^\s*\{/.test(doc.body.subarray(0, 64).toString('latin1'))) return
    const ref = answers.get(String(index))
    const mine = ours[index]
    if (ref === undefined || mine === undefined) return
    compare(doc, index, ref, mine, tallies, misses)
  })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  const parts = values['tuning-only'] ? ['tuning'] : ['tuning', 'held-out']
  const out = [
    `conformance: ${corpus.length} documents (${corpus.filter((d) => d.part === 'tuning').length} tuning, ${corpus.filter((d) => d.part === 'held-out').length} held-out) against python3-feedparser, ${seconds} s`,
    ...parts.flatMap((part) => report(tallies, part)),
  ]
  for (const part of parts) {
    for (const shape of ['well-formed', 'malformed']) {
      out.push(
        `${part} ${shape}: ${percent(sum(tallies, (p, s) => p === part && s === shape))} of ${sum(tallies, (p, s) => p === part && s === shape).total} checked fields agree`,
      )
    }
  }
  process.stdout.write(`${out.join('\n')}\n`)
  const show = values['show-misses']
  if (show !== undefined) {
    const chosen = misses.filter(
      (m) =>
        (show === 'all' || m.field === show) &&
        (values.family === undefined || m.doc.includes(values.family)) &&
        (process.env.SHOW_HELD_OUT === '1' || !m.doc.startsWith('held-out')),
    )
    for (const miss of chosen.slice(0, 40))
      process.stdout.write(
        `  ${miss.doc} ${miss.field}: feedparser ${JSON.stringify(miss.expected)} / breachwire ${JSON.stringify(miss.actual)}\n`,
      )
  }
  return 0
}

process.exitCode = await main()
