// The corpus of `npm run conformance`: every feed fixture, the hand-written cases of
// tests/fixtures/conformance/<family>/, and generated variants. A variant is a small feed drawn by
// fast-check (fixed seed) and rendered with mutations from one family: namespaces (fallback
// elements, prefixes, case), entities, encodings, dates, truncation. The held-out part uses
// another seed and another mix (mutations of two families at once, other vocabularies), and is
// not looked at while tuning.

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import fc from 'fast-check'
import iconv from 'iconv-lite'

export interface CorpusDocument {
  name: string
  family: string
  part: 'tuning' | 'held-out'
  body: Buffer
  /** HTTP response headers the document is served with (content-type, content-location). */
  headers: Record<string, string>
}

const repoDir = join(import.meta.dirname, '..')
export const FAMILIES = ['fixtures', 'entities', 'items', 'dates', 'elements', 'encodings', 'truncation'] as const

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? listFiles(path) : [path]
  })
}

/** Feed documents among the test fixtures (XML and JSON Feed; HTML pages and configs are not feeds). */
function readFixtures(): CorpusDocument[] {
  const roots = ['feeds', 'story-feeds', 'hostile', 'http'].map((dir) => join(repoDir, 'tests', 'fixtures', dir))
  return roots
    .flatMap((root) => {
      try {
        return listFiles(root)
      } catch {
        return []
      }
    })
    .filter((path) => /\.(xml|rss|atom|rdf|json)$/i.test(path))
    .flatMap((path) => {
      const body = readFileSync(path)
      const head = body.subarray(0, 2048).toString('latin1')
      if (!/<(rss|rdf:RDF|feed)[\s>]|jsonfeed\.org/i.test(head)) return []
      const headers: Record<string, string> = {}
      if (basename(path).startsWith('iso-8859-1')) headers['content-type'] = 'application/rss+xml; charset=ISO-8859-1'
      return [{ name: path.slice(repoDir.length + 1), family: 'fixtures', part: 'tuning' as const, body, headers }]
    })
}

/** tests/fixtures/conformance/<family>/<case>.{xml,json}; a `<case>.headers.json` beside it holds its HTTP headers. */
function readHandWritten(): CorpusDocument[] {
  const root = join(repoDir, 'tests', 'fixtures', 'conformance')
  return listFiles(root)
    .filter((path) => !path.endsWith('.headers.json'))
    .map((path) => {
      const headersPath = path.replace(/\.[^.]+$/, '.headers.json')
      let headers: Record<string, string> = {}
      try {
        headers = JSON.parse(readFileSync(headersPath, 'utf8')) as Record<string, string>
      } catch {
        // no headers file: served without Content-Type parameters
      }
      return {
        name: path.slice(repoDir.length + 1),
        family: basename(dirname(path)),
        part: 'tuning' as const,
        body: readFileSync(path),
        headers,
      }
    })
}

// ─── generated variants ───

interface ItemModel {
  title: string | null
  link: string | null
  guid: string | null
  date: Date | null
  updated: Date | null
  summary: string | null
}

interface FeedModel {
  title: string
  link: string
  items: ItemModel[]
}

type Format = 'rss2' | 'rdf' | 'atom10' | 'atom03'

interface Mutation {
  family: string
  format: Format
  /** Element names: which one carries the title, the summary, the dates. */
  titleElement: string
  summaryElement: string
  dateElement: string
  updatedElement: string
  dateStyle: number
  upperCase: boolean
  prefixAll: boolean
  dcPrefix: string
  /** Text decoration: named/numeric references, raw non-ASCII. */
  entities: string[]
  encoding: 'utf-8' | 'cp1252-as-utf8' | 'double-utf8' | 'latin1-declared' | 'utf-16'
  /** Cut the document after this fraction of its length (0: whole). */
  truncateAt: number
}

const WORDS = [
  'breach',
  'Acme',
  'ransomware',
  'records',
  'leak',
  'hospital',
  'vendor',
  'exposed',
  'patch',
  'attack',
  'data',
  'county',
  'school',
]
const HELD_OUT_WORDS = ['intrusion', 'Globex', 'extortion', 'payroll', 'clinic', 'tenants', 'wiper', 'insurer', 'portal', 'credentials']
const NAMED = [
  'alpha',
  'beta',
  'there4',
  'hellip',
  'crarr',
  'mdash',
  'ndash',
  'rsquo',
  'ldquo',
  'rdquo',
  'eacute',
  'uuml',
  'nbsp',
  'copy',
  'trade',
  'euro',
  'larr',
  'rArr',
  'sum',
  'infin',
  'ne',
  'le',
  'Omega',
  'lambda',
  'frac12',
  'deg',
  'times',
  'para',
  'sect',
  'bull',
]
const HELD_OUT_NAMED = [
  'Gamma',
  'delta',
  'isin',
  'notin',
  'prod',
  'radic',
  'oplus',
  'spades',
  'clubs',
  'loz',
  'harr',
  'hArr',
  'aring',
  'Ntilde',
  'szlig',
  'yen',
]
const NUMERIC = ['&#150;', '&#151;', '&#146;', '&#147;', '&#148;', '&#133;', '&#128;', '&#x2019;', '&#8364;', '&#233;']
const RAW = ['é', '…', '“', '”', '’', '–', 'ü', '€']

const DATE_ELEMENTS: Record<Format, string[]> = {
  rss2: ['pubDate', 'dc:date', 'dcterms:issued', 'dcterms:created'],
  rdf: ['dc:date', 'dcterms:issued', 'dcterms:created'],
  atom10: ['published', 'dc:date', 'dcterms:issued'],
  atom03: ['issued', 'created'],
}
const UPDATED_ELEMENTS: Record<Format, string[]> = {
  rss2: ['', 'dcterms:modified'],
  rdf: ['', 'dcterms:modified'],
  atom10: ['updated', 'dcterms:modified'],
  atom03: ['modified'],
}
const TITLE_ELEMENTS: Record<Format, string[]> = {
  rss2: ['title', 'dc:title', 'media:title'],
  rdf: ['title', 'dc:title'],
  atom10: ['title'],
  atom03: ['title'],
}
const SUMMARY_ELEMENTS: Record<Format, string[]> = {
  rss2: ['description', 'dc:description', 'itunes:summary', 'media:description', 'media:group', 'content:encoded'],
  rdf: ['description', 'dc:description', 'content:encoded'],
  atom10: ['summary', 'content'],
  atom03: ['summary', 'content'],
}

function formatDate(date: Date, style: number, format: Format): string {
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z')
  if (format === 'rss2' && style % 3 === 0) return date.toUTCString().replace('GMT', style % 2 === 0 ? '+0000' : 'GMT')
  switch (style % 4) {
    case 0:
      return iso
    case 1: {
      const shifted = new Date(date.getTime() + 2 * 3600_000)
      return shifted.toISOString().replace(/\.\d{3}Z$/, '+02:00')
    }
    case 2:
      return iso.replace(/:\d{2}Z$/, 'Z')
    default:
      return iso.replace('Z', '.250Z')
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Text with the family's references woven in (already XML: references are left as written). */
function decorate(text: string, m: Mutation, salt: number): string {
  if (m.entities.length === 0) return escapeXml(text)
  const words = text.split(' ').map(escapeXml)
  const at = salt % (words.length + 1)
  words.splice(at, 0, m.entities[salt % m.entities.length] ?? '')
  return words.join(' ')
}

function renderRss(feed: FeedModel, m: Mutation): string {
  const p = m.prefixAll ? 'rss:' : ''
  const dc = m.dcPrefix
  const name = (el: string): string => {
    const mapped = el.startsWith('dc:') ? `${dc}:${el.slice(3)}` : el.includes(':') ? el : p + el
    return m.upperCase && !el.includes(':') ? mapped.replace(/[a-z]+$/, (s) => s.toUpperCase()) : mapped
  }
  const nsDecl = [
    `xmlns:${dc}="http://purl.org/dc/elements/1.1/"`,
    'xmlns:dcterms="http://purl.org/dc/terms/"',
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
    'xmlns:media="http://search.yahoo.com/mrss/"',
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"',
  ]
  const rdf = m.format === 'rdf'
  const el = (tag: string, body: string): string => `<${name(tag)}>${body}</${name(tag)}>`
  const items = feed.items.map((item, index) => {
    const parts: string[] = []
    if (item.title !== null) parts.push(el(m.titleElement, decorate(item.title, m, index)))
    if (item.link !== null) parts.push(el('link', escapeXml(item.link)))
    if (item.guid !== null && !rdf) parts.push(el('guid', escapeXml(item.guid)).replace('>', ' isPermaLink="false">'))
    if (item.date !== null) parts.push(el(m.dateElement, formatDate(item.date, m.dateStyle, m.format)))
    if (item.updated !== null && m.updatedElement !== '')
      parts.push(el(m.updatedElement, formatDate(item.updated, m.dateStyle + 1, m.format)))
    if (item.summary !== null) {
      const text = decorate(item.summary, m, index + 1)
      if (m.summaryElement === 'media:group') parts.push(`<media:group><media:description>${text}</media:description></media:group>`)
      else if (m.summaryElement === 'content:encoded') parts.push(`<content:encoded><![CDATA[<p>${item.summary}</p>]]></content:encoded>`)
      else parts.push(el(m.summaryElement, text))
    }
    const about = rdf ? ` rdf:about="${escapeXml(item.guid ?? item.link ?? `urn:x:${index}`)}"` : ''
    return `<${name('item')}${about}>${parts.join('')}</${name('item')}>`
  })
  if (rdf) {
    const rssNs = m.prefixAll ? 'xmlns:rss="http://purl.org/rss/1.0/"' : 'xmlns="http://purl.org/rss/1.0/"'
    return (
      `<?xml version="1.0" encoding="${m.encoding === 'latin1-declared' ? 'ISO-8859-1' : 'utf-8'}"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" ${rssNs} ${nsDecl.join(' ')}>\n` +
      `<${name('channel')} rdf:about="${escapeXml(feed.link)}">${el('title', decorate(feed.title, m, 7))}${el('link', escapeXml(feed.link))}</${name('channel')}>\n${items.join('\n')}\n</rdf:RDF>\n`
    )
  }
  const rssNs = m.prefixAll ? ' xmlns:rss="http://backend.userland.com/rss2"' : ''
  return (
    `<?xml version="1.0" encoding="${m.encoding === 'latin1-declared' ? 'ISO-8859-1' : 'utf-8'}"?>\n<${name('rss')} version="2.0"${rssNs} ${nsDecl.join(' ')}>\n<${name('channel')}>` +
    `${el('title', decorate(feed.title, m, 7))}${el('link', escapeXml(feed.link))}\n${items.join('\n')}\n</${name('channel')}></${name('rss')}>\n`
  )
}

function renderAtom(feed: FeedModel, m: Mutation): string {
  const v03 = m.format === 'atom03'
  const name = (el: string): string => (m.upperCase && !el.includes(':') ? el.charAt(0).toUpperCase() + el.slice(1) : el)
  const el = (tag: string, body: string, attrs = ''): string => `<${name(tag)}${attrs}>${body}</${name(tag)}>`
  const textType = v03 ? ' type="text/plain" mode="escaped"' : ' type="text"'
  const entries = feed.items.map((item, index) => {
    const parts: string[] = []
    if (item.title !== null) {
      if (v03 && index % 3 === 2) parts.push(el('title', Buffer.from(item.title).toString('base64'), ' type="text/plain" mode="base64"'))
      else parts.push(el('title', decorate(item.title, m, index), textType))
    }
    if (item.link !== null) parts.push(`<${name('link')} rel="alternate" type="text/html" href="${escapeXml(item.link)}"/>`)
    if (item.guid !== null) parts.push(el('id', escapeXml(item.guid), index % 2 === 1 ? ' xml:lang="en"' : ''))
    if (item.date !== null) parts.push(el(m.dateElement, formatDate(item.date, m.dateStyle, m.format)))
    if (item.updated !== null) parts.push(el(m.updatedElement, formatDate(item.updated, m.dateStyle + 1, m.format)))
    if (item.summary !== null) parts.push(el(m.summaryElement, decorate(item.summary, m, index + 1), textType))
    return `<${name('entry')}>${parts.join('')}</${name('entry')}>`
  })
  const ns = v03 ? 'xmlns="http://purl.org/atom/ns#" version="0.3"' : 'xmlns="http://www.w3.org/2005/Atom"'
  return (
    `<?xml version="1.0" encoding="${m.encoding === 'latin1-declared' ? 'ISO-8859-1' : 'utf-8'}"?>\n<${name('feed')} ${ns} xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">\n` +
    `${el('title', decorate(feed.title, m, 7), textType)}<${name('link')} rel="alternate" href="${escapeXml(feed.link)}"/>\n${entries.join('\n')}\n</${name('feed')}>\n`
  )
}

/** windows-1252 bytes of a string, where it has them (for mislabelled documents). */
function encodeDocument(text: string, m: Mutation): Buffer {
  switch (m.encoding) {
    case 'cp1252-as-utf8':
    case 'latin1-declared':
      return iconv.encode(text, 'windows-1252')
    case 'double-utf8':
      return Buffer.from(iconv.decode(Buffer.from(text, 'utf8'), 'windows-1252'), 'utf8')
    case 'utf-16':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text.replace('encoding="utf-8"', 'encoding="utf-16"'), 'utf-16le')])
    default:
      return Buffer.from(text, 'utf8')
  }
}

function itemArb(words: readonly string[], kinds: 'usual' | 'sparse'): fc.Arbitrary<ItemModel> {
  const text = (min: number, max: number) => fc.array(fc.constantFrom(...words), { minLength: min, maxLength: max }).map((w) => w.join(' '))
  const date = fc
    .date({ min: new Date('2003-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000))
  const rare = kinds === 'sparse' ? 0.5 : 0.15
  return fc
    .record({
      title: fc.option(text(1, 8), { freq: Math.round(1 / rare) }),
      link: fc.option(
        fc.nat(99999).map((n) => `https://news.example/post/${n}`),
        { freq: Math.round(1 / rare) },
      ),
      guid: fc.option(
        fc.nat(99999).map((n) => `urn:uuid:item-${n}`),
        { freq: 2 },
      ),
      date: fc.option(date, { freq: 4 }),
      updated: fc.option(date, { freq: 2 }),
      summary: fc.option(text(3, 30), { freq: 3 }),
    })
    .map((item) => {
      // Dates in order: an updated date is never before the published one.
      if (item.date !== null && item.updated !== null && item.updated < item.date) return { ...item, updated: item.date }
      return item
    })
}

function feedArb(words: readonly string[], kinds: 'usual' | 'sparse'): fc.Arbitrary<FeedModel> {
  return fc.record({
    title: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 5 }).map((w) => w.join(' ')),
    link: fc.constantFrom('https://news.example/', 'https://blog.example.org/security/'),
    // Items keep distinct guids and links, so the comparison lines them up by identity.
    items: fc.array(itemArb(words, kinds), { minLength: 1, maxLength: 6 }).map((items) =>
      items.map((item, index) => ({
        ...item,
        guid: item.guid === null ? null : `${item.guid}-${index}`,
        link: item.link === null ? null : `${item.link}-${index}`,
      })),
    ),
  })
}

function mutationArb(families: readonly string[], named: readonly string[], mixed: number): fc.Arbitrary<Mutation> {
  return fc
    .record({
      families: fc.subarray([...families], { minLength: 1, maxLength: mixed }),
      format: fc.constantFrom<Format>('rss2', 'rss2', 'rdf', 'atom10', 'atom03'),
      pick: fc.array(fc.nat(1000), { minLength: 8, maxLength: 8 }),
      truncateAt: fc.double({ min: 0.3, max: 0.97, noNaN: true }),
    })
    .map(({ families: chosen, format, pick, truncateAt }) => {
      const has = (family: string): boolean => chosen.includes(family)
      const at = <T>(list: readonly T[], i: number): T => list[(pick[i] ?? 0) % list.length] as T
      const encodings: Mutation['encoding'][] = ['cp1252-as-utf8', 'double-utf8', 'latin1-declared', 'utf-16']
      return {
        family: chosen.join('+'),
        format,
        titleElement: has('items') ? at(TITLE_ELEMENTS[format], 0) : (TITLE_ELEMENTS[format][0] as string),
        summaryElement: has('elements') || has('items') ? at(SUMMARY_ELEMENTS[format], 1) : (SUMMARY_ELEMENTS[format][0] as string),
        dateElement: has('dates') ? at(DATE_ELEMENTS[format], 2) : (DATE_ELEMENTS[format][0] as string),
        updatedElement: has('dates') ? at(UPDATED_ELEMENTS[format], 3) : (UPDATED_ELEMENTS[format][0] as string),
        dateStyle: has('dates') ? (pick[4] ?? 0) : 0,
        upperCase: has('elements') && (pick[5] ?? 0) % 3 === 0,
        prefixAll: has('elements') && (format === 'rss2' || format === 'rdf') && (pick[5] ?? 0) % 3 === 1,
        dcPrefix: has('elements') && (pick[6] ?? 0) % 2 === 0 ? 'dublin' : 'dc',
        entities: has('entities') ? [`&${at(named, 6)};`, `&${at(named, 7)};`, at(NUMERIC, 7)] : has('encodings') ? RAW : [],
        encoding: has('encodings') ? at(encodings, 7) : 'utf-8',
        truncateAt: has('truncation') ? truncateAt : 0,
      }
    })
}

function renderVariant(feed: FeedModel, m: Mutation): Buffer {
  let text = m.format === 'atom10' || m.format === 'atom03' ? renderAtom(feed, m) : renderRss(feed, m)
  if (m.truncateAt > 0) text = text.slice(0, Math.max(text.indexOf('</title>') + 8, Math.floor(text.length * m.truncateAt)))
  return encodeDocument(text, m)
}

function generate(part: CorpusDocument['part'], seed: number, count: number): CorpusDocument[] {
  const heldOut = part === 'held-out'
  const families = ['entities', 'items', 'dates', 'elements', 'encodings', 'truncation']
  const arb = fc.tuple(
    feedArb(heldOut ? HELD_OUT_WORDS : WORDS, heldOut ? 'sparse' : 'usual'),
    mutationArb(families, heldOut ? HELD_OUT_NAMED : NAMED, heldOut ? 2 : 1),
  )
  return fc.sample(arb, { seed, numRuns: count }).map(([feed, m], index) => ({
    name: `${part}/${m.format}/${m.family}/${index}`,
    family: m.family,
    part,
    body: renderVariant(feed, m),
    headers: {},
  }))
}

export function buildCorpus(opts: { tuningSeed: number; heldOutSeed: number; count: number }): CorpusDocument[] {
  return [
    ...readFixtures(),
    ...readHandWritten(),
    ...generate('tuning', opts.tuningSeed, opts.count),
    ...generate('held-out', opts.heldOutSeed, Math.round(opts.count / 2)),
  ]
}
