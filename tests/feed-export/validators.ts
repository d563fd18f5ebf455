// Independent validators the feed tests run documents through: jing (Atom RELAX NG schema from
// RFC 4287), xmllint (well-formedness), Python's feedparser (bozo must be 0) and rss-parser.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Parser from 'rss-parser'

const here = dirname(fileURLToPath(import.meta.url))
export const ATOM_SCHEMA = join(here, '..', 'fixtures', 'schema', 'atom.rnc')

function withTempFile<T>(name: string, text: string, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'breachwire-feed-'))
  try {
    const path = join(dir, name)
    writeFileSync(path, text)
    return fn(path)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** jing's complaints about an Atom document ('' when it is valid against the RFC 4287 schema). */
export function validateAtomSchema(xml: string): string {
  return withTempFile('feed.atom', xml, (path) => {
    const run = spawnSync('jing', ['-c', ATOM_SCHEMA, path], { encoding: 'utf8' })
    if (run.error) throw run.error
    return run.status === 0 ? '' : `${run.stdout}${run.stderr.replace(/^\[warning\].*\n?/gm, '')}`
  })
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
  entries: { id: string; title: string; link: string; author: string | null; tags: string[]; published: string | null; summary: string; content: string }[]
}

const feedparserScript = `
import sys, json, feedparser
ctype = sys.argv[1] if len(sys.argv) > 1 else ''
d = feedparser.parse(sys.stdin.buffer.read(), response_headers={'content-type': ctype} if ctype else None)
def entry(e):
    content = e.get('content') or []
    return {
        'id': e.get('id', ''), 'title': e.get('title', ''), 'link': e.get('link', ''),
        'author': e.get('author'), 'tags': [t.get('term') for t in e.get('tags', [])],
        'published': e.get('published'), 'summary': e.get('summary', ''),
        'content': content[0].get('value', '') if content else '',
    }
print(json.dumps({
    'bozo': int(bool(d.get('bozo'))), 'bozoException': str(d.get('bozo_exception')) if d.get('bozo') else None,
    'version': d.get('version', ''), 'feedTitle': d.feed.get('title', ''),
    'entries': [entry(e) for e in d.entries],
}))
`

/** The document as Debian's python3-feedparser sees it. */
export function parseWithFeedparser(doc: string, contentType = ''): FeedparserResult {
  const run = spawnSync('/usr/bin/python3', ['-c', feedparserScript, contentType], { input: doc, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (run.error) throw run.error
  if (run.status !== 0) throw new Error(`feedparser failed: ${run.stderr}`)
  return JSON.parse(run.stdout) as FeedparserResult
}

/** The document as rss-parser (RSS and Atom) sees it. */
export async function parseWithRssParser(xml: string): Promise<Parser.Output<Record<string, unknown>>> {
  return new Parser().parseString(xml)
}

/**
 * JSON Feed 1.1 checks, run in Python's json module (an independent parser) plus the spec's
 * required fields and types. Debian's feedparser 6.0.10 has no JSON Feed reader, so this stands in.
 * Returns the problems found ('' when none) and the item titles.
 */
export function validateJsonFeed(doc: string): { problems: string; titles: string[] } {
  const script = `
import sys, json
p = []
d = json.loads(sys.stdin.buffer.read().decode('utf-8'))
def need(cond, msg):
    if not cond: p.append(msg)
need(d.get('version') == 'https://jsonfeed.org/version/1.1', 'version')
need(isinstance(d.get('title'), str) and d['title'], 'title')
for k in ('home_page_url', 'feed_url', 'description'):
    need(k not in d or isinstance(d[k], str), k)
items = d.get('items')
need(isinstance(items, list), 'items')
ids = set()
for i, it in enumerate(items or []):
    need(isinstance(it.get('id'), str) and it['id'] != '', f'items[{i}].id')
    need(it.get('id') not in ids, f'items[{i}].id unique'); ids.add(it.get('id'))
    need(isinstance(it.get('content_html'), str) or isinstance(it.get('content_text'), str), f'items[{i}].content')
    for k in ('url', 'title', 'summary', 'date_published', 'date_modified'):
        need(k not in it or isinstance(it[k], str), f'items[{i}].{k}')
    for k in ('date_published', 'date_modified'):
        if k in it:
            import datetime
            try: datetime.datetime.fromisoformat(it[k].replace('Z', '+00:00'))
            except Exception: p.append(f'items[{i}].{k} not RFC 3339')
    need('authors' not in it or all(isinstance(a.get('name'), str) for a in it['authors']), f'items[{i}].authors')
    need('tags' not in it or all(isinstance(t, str) for t in it['tags']), f'items[{i}].tags')
    for k in it:
        need(k in ('id','url','external_url','title','content_html','content_text','summary','image','banner_image','date_published','date_modified','authors','tags','language','attachments') or k.startswith('_'), f'items[{i}].{k} unknown')
print(json.dumps({'problems': '; '.join(p), 'titles': [it.get('title', '') for it in items or []]}))
`
  const run = spawnSync('/usr/bin/python3', ['-c', script], { input: doc, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (run.error) throw run.error
  if (run.status !== 0) return { problems: run.stderr, titles: [] }
  return JSON.parse(run.stdout) as { problems: string; titles: string[] }
}

/** The value of an XPath expression over an XML document, via xmllint. */
export function evaluateXpath(xml: string, expr: string): string {
  const run = spawnSync('xmllint', ['--xpath', expr, '-'], { input: xml, encoding: 'utf8' })
  if (run.error) throw run.error
  return run.stdout.trim()
}
