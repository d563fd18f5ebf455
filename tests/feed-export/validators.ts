// Independent validators the feed tests run documents through. Conformance, by outside tools
// (tests/helpers/tools.ts decides whether they run): jing (Atom RELAX NG schema from RFC 4287),
// xmllint (well-formedness), Python's feedparser (bozo must be 0). Structure, in JavaScript and
// always: XPath over xmldom, rss-parser, the JSON Feed 1.1 field rules.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DOMParser } from '@xmldom/xmldom'
import Parser from 'rss-parser'
import xpath from 'xpath'
import { PYTHON_PATH } from '../helpers/tools.js'

const here = dirname(fileURLToPath(import.meta.url))
export const ATOM_SCHEMA = join(here, '..', 'fixtures', 'schema', 'atom.rnc')

/**
 * jing's complaints about Atom documents ('' when all are valid against the RFC 4287 schema),
 * each naming its document as atom-<index>.xml. One jing (one JVM start, seconds on a busy
 * machine) checks them all.
 */
export function validateAtomSchemas(docs: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'breachwire-feed-'))
  try {
    const paths = docs.map((doc, i) => {
      const path = join(dir, `atom-${i}.xml`)
      writeFileSync(path, doc)
      return path
    })
    const run = spawnSync('jing', ['-c', ATOM_SCHEMA, ...paths], { encoding: 'utf8' })
    if (run.error) throw run.error
    return run.status === 0 ? '' : `${run.stdout}${run.stderr.replace(/^\[warning\].*\n?/gm, '')}`.replaceAll(`${dir}/`, '')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** xmllint's complaints about a document's well-formedness ('' when well-formed). */
export function checkWellFormed(xml: string): string {
  const run = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' })
  if (run.error) throw run.error
  return run.status === 0 ? '' : run.stderr
}

export interface FeedparserResult {
  bozo: number
  bozoException: string | null
  version: string
  feedTitle: string
  entries: {
    id: string
    title: string
    link: string
    author: string | null
    tags: string[]
    published: string | null
    summary: string
    content: string
  }[]
}

const feedparserScript = `
import sys, json, feedparser
def entry(e):
    content = e.get('content') or []
    return {
        'id': e.get('id', ''), 'title': e.get('title', ''), 'link': e.get('link', ''),
        'author': e.get('author'), 'tags': [t.get('term') for t in e.get('tags', [])],
        'published': e.get('published'), 'summary': e.get('summary', ''),
        'content': content[0].get('value', '') if content else '',
    }
def read(doc):
    d = feedparser.parse(doc.encode('utf-8'))
    return {
        'bozo': int(bool(d.get('bozo'))), 'bozoException': str(d.get('bozo_exception')) if d.get('bozo') else None,
        'version': d.get('version', ''), 'feedTitle': d.feed.get('title', ''),
        'entries': [entry(e) for e in d.entries],
    }
print(json.dumps([read(doc) for doc in json.load(sys.stdin)]))
`

/** The documents as Debian's python3-feedparser sees them, read by one Python process. */
export function parseWithFeedparserAll(docs: readonly string[]): FeedparserResult[] {
  const run = spawnSync(PYTHON_PATH, ['-c', feedparserScript], {
    input: JSON.stringify(docs),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (run.error) throw run.error
  if (run.status !== 0) throw new Error(`feedparser failed: ${run.stderr}`)
  return JSON.parse(run.stdout) as FeedparserResult[]
}

/** One document as Debian's python3-feedparser sees it. */
export function parseWithFeedparser(doc: string): FeedparserResult {
  return parseWithFeedparserAll([doc])[0]!
}

/** The document as rss-parser (RSS and Atom) sees it. */
export async function parseWithRssParser(xml: string): Promise<Parser.Output<Record<string, unknown>>> {
  return new Parser().parseString(xml)
}

const JSON_FEED_ITEM_KEYS = new Set([
  'id',
  'url',
  'external_url',
  'title',
  'content_html',
  'content_text',
  'summary',
  'image',
  'banner_image',
  'date_published',
  'date_modified',
  'authors',
  'tags',
  'language',
  'attachments',
])
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/**
 * JSON Feed 1.1 checks: the spec's required fields and types (Debian's feedparser 6.0.10 has no
 * JSON Feed reader, and no other validator is at hand). Returns the problems found ('' when
 * none) and the item titles.
 */
export function validateJsonFeed(doc: string): { problems: string; titles: string[] } {
  const problems: string[] = []
  const need = (ok: boolean, what: string): void => void (ok || problems.push(what))
  const isString = (value: unknown): value is string => typeof value === 'string'
  let feed: Record<string, unknown>
  try {
    feed = JSON.parse(doc) as Record<string, unknown>
  } catch (err) {
    return { problems: `not JSON: ${(err as Error).message}`, titles: [] }
  }
  need(feed['version'] === 'https://jsonfeed.org/version/1.1', 'version')
  need(isString(feed['title']) && feed['title'] !== '', 'title')
  for (const key of ['home_page_url', 'feed_url', 'description']) need(!(key in feed) || isString(feed[key]), key)
  const items = feed['items']
  need(Array.isArray(items), 'items')
  const list = (Array.isArray(items) ? items : []) as Record<string, unknown>[]
  const ids = new Set<unknown>()
  list.forEach((item, i) => {
    need(isString(item['id']) && item['id'] !== '', `items[${i}].id`)
    need(!ids.has(item['id']), `items[${i}].id unique`)
    ids.add(item['id'])
    need(isString(item['content_html']) || isString(item['content_text']), `items[${i}].content`)
    for (const key of ['url', 'title', 'summary', 'date_published', 'date_modified'])
      need(!(key in item) || isString(item[key]), `items[${i}].${key}`)
    for (const key of ['date_published', 'date_modified']) {
      const date = item[key]
      if (isString(date)) need(RFC3339.test(date) && !Number.isNaN(Date.parse(date)), `items[${i}].${key} not RFC 3339`)
    }
    const authors = item['authors']
    need(
      authors === undefined || (Array.isArray(authors) && authors.every((a: { name?: unknown }) => isString(a.name))),
      `items[${i}].authors`,
    )
    const tags = item['tags']
    need(tags === undefined || (Array.isArray(tags) && tags.every(isString)), `items[${i}].tags`)
    for (const key of Object.keys(item)) need(JSON_FEED_ITEM_KEYS.has(key) || key.startsWith('_'), `items[${i}].${key} unknown`)
  })
  return { problems: problems.join('; '), titles: list.map((item) => (isString(item['title']) ? item['title'] : '')) }
}

/** A document parsed strictly by xmldom: any error, not only a fatal one, throws. */
function parseXml(xml: string): Document {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`xmldom ${level}: ${message}`)
    },
  }).parseFromString(xml, 'text/xml') as unknown as Document
}

/** The value of an XPath expression that yields a string, number or boolean (string(…), count(…)). */
export function evaluateXpath(xml: string, expr: string): string {
  const value = xpath.select(expr, parseXml(xml) as unknown as Node)
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new Error(`evaluateXpath: ${expr} selects nodes; wrap it in string() or count()`)
}
