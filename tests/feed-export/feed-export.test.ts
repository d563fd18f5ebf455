import { describe, expect, it } from 'vitest'
import { renderExcerpt } from '../../src/feed-export/content.js'
import { isAbsoluteIri, resolveAtomEntryId } from '../../src/feed-export/entry-id.js'
import { renderAtom, renderJsonFeed, renderOpml, renderRss } from '../../src/feed-export/index.js'
import { escapeXml, stripIllegalXmlChars, wrapCdata } from '../../src/feed-export/xml.js'
import { requireTools } from '../helpers/tools.js'
import { hostile, makeEntry, makeFeed, makeHostileEntry } from './sample.js'
import {
  checkWellFormed,
  evaluateXpath,
  parseWithFeedparser,
  parseWithFeedparserAll,
  parseWithRssParser,
  validateAtomSchemas,
  validateJsonFeed,
} from './validators.js'

const merged = makeEntry({
  alsoReportedBy: [
    { source: { id: 'beta', title: 'Beta Security' }, url: 'https://beta.example/acme' },
    { source: { id: 'gamma', title: 'Gamma' }, url: 'https://gamma.example/?p=9&x=1' },
  ],
})
const plainGuid = makeEntry({
  id: '12345',
  url: 'https://alpha.example/posts/2',
  title: 'Second post',
  author: null,
  categories: [],
  published: '2026-02-01T00:00:00.000Z',
  updated: null,
})
const undated = makeEntry({
  id: 'https://alpha.example/posts/3',
  url: 'https://alpha.example/posts/3',
  title: 'Undated',
  published: null,
  updated: null,
})
const feed = makeFeed([merged, plainGuid, makeHostileEntry(), undated])
const titles = feed.entries.map((entry) => stripIllegalXmlChars(entry.title))

// Structure is checked in JavaScript and always; conformance needs the outside validators.
const conformance = await requireTools('feed export conformance (tests/feed-export)', ['xmllint', 'feedparser', 'jing'])

describe('xml helpers', () => {
  it('drops the characters XML 1.0 forbids and keeps valid pairs', () => {
    expect(stripIllegalXmlChars('a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh')).toBe('abcdefgh')
    expect(stripIllegalXmlChars('tab\tnl\ncr\r')).toBe('tab\tnl\ncr\r')
    expect(stripIllegalXmlChars('x\uD800y\uDC00z')).toBe('xyz')
    expect(stripIllegalXmlChars('emoji \uD83D\uDE00')).toBe('emoji \uD83D\uDE00')
  })
  it('escapes markup and splits CDATA terminators', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;')
    expect(wrapCdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>')
  })
  it('cuts excerpts at a word and never leaves half a surrogate pair', () => {
    expect(renderExcerpt('one two three four', 10)).toBe('one two…')
    const cut = renderExcerpt(`${'a'.repeat(9)}\uD83D\uDE00${'b'.repeat(20)}`, 10)
    expect(stripIllegalXmlChars(cut)).toBe(cut)
  })
})

describe('Atom entry ids', () => {
  it('keeps ids that are IRIs and derives a stable urn:uuid otherwise', () => {
    expect(isAbsoluteIri('https://a.example/?p=1')).toBe(true)
    expect(isAbsoluteIri('tag:a.example,2026:1')).toBe(true)
    expect(isAbsoluteIri('12345')).toBe(false)
    expect(isAbsoluteIri('post 7')).toBe(false)
    expect(resolveAtomEntryId('a', 'https://a.example/1')).toBe('https://a.example/1')
    const derived = resolveAtomEntryId('a', '12345')
    expect(derived).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(resolveAtomEntryId('a', '12345')).toBe(derived)
    expect(resolveAtomEntryId('b', '12345')).not.toBe(derived)
  })
})

describe('renderRss', () => {
  const xml = renderRss(feed)

  it('is read by rss-parser with every title', async () => {
    const viaRssParser = await parseWithRssParser(xml)
    expect(viaRssParser.items.map((item) => item.title)).toEqual(titles)
  })

  it.runIf(conformance)('is well-formed and read without error by feedparser', () => {
    expect(checkWellFormed(xml)).toBe('')
    const parsed = parseWithFeedparser(xml)
    expect(parsed.bozoException).toBeNull()
    expect(parsed.bozo).toBe(0)
    expect(parsed.version).toBe('rss20')
    expect(parsed.entries.map((e) => e.title)).toEqual(titles)
    expect(parsed.entries[0]?.content).toContain('Also reported by')
  })

  it('keeps identity and origin: guid isPermaLink=false, source url, creator, categories, dates', () => {
    expect(evaluateXpath(xml, 'string(//item[1]/guid/@isPermaLink)')).toBe('false')
    expect(evaluateXpath(xml, 'string(//item[2]/guid)')).toBe('12345')
    expect(evaluateXpath(xml, 'string(//item[1]/source/@url)')).toBe('https://alpha.example/feed.xml')
    expect(evaluateXpath(xml, 'string(//item[1]/source)')).toBe('Alpha News')
    expect(xml).toContain('<dc:creator>Jane Reporter</dc:creator>')
    expect(evaluateXpath(xml, 'count(//item[1]/category)')).toBe('2')
    expect(evaluateXpath(xml, 'string(//item[1]/pubDate)')).toBe('Sun, 01 Mar 2026 10:00:00 GMT')
    expect(evaluateXpath(xml, 'count(//item[4]/pubDate)')).toBe('0')
    expect(xml).toContain('<atom:link href="http://127.0.0.1:3000/feed.xml" rel="self" type="application/rss+xml"/>')
  })

  it('names the other sources of a merged story in the content', () => {
    const content = evaluateXpath(xml, 'string(//item[1]/*[local-name()="encoded"])')
    expect(content).toContain('Also reported by')
    expect(content).toContain('https://beta.example/acme')
    expect(content).toContain('Gamma')
  })

  it('carries hostile strings through intact (minus illegal characters)', async () => {
    const viaRssParser = await parseWithRssParser(xml)
    const item = viaRssParser.items[2]
    expect(item?.link).toBe(hostile.url)
    expect(item?.guid).toBe(stripIllegalXmlChars(hostile.guid))
    expect(item?.['content:encoded']).toContain('one ]]> two <script>')
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/)
  })
})

describe('renderAtom', () => {
  const xml = renderAtom(feed)
  const empty = renderAtom(makeFeed([]))

  it.runIf(conformance)('validates against the RFC 4287 RELAX NG schema, also when empty', () => {
    // One jing (a JVM start) for both; a problem names its document as atom-0.xml or atom-1.xml.
    expect(validateAtomSchemas([xml, empty])).toBe('')
  })

  it('is read by rss-parser with every title', async () => {
    const viaRssParser = await parseWithRssParser(xml)
    expect(viaRssParser.items.map((item) => item.title)).toEqual(titles)
  })

  it.runIf(conformance)('is read without error by feedparser, also when empty', () => {
    const [parsed, parsedEmpty] = parseWithFeedparserAll([xml, empty])
    expect(parsedEmpty?.bozoException).toBeNull()
    expect(parsedEmpty?.entries).toEqual([])
    if (parsed === undefined) throw new Error('feedparser returned nothing')
    expect(parsed.bozoException).toBeNull()
    expect(parsed.bozo).toBe(0)
    expect(parsed.version).toBe('atom10')
    expect(parsed.entries.map((e) => e.title)).toEqual(titles)
    expect(parsed.entries[0]?.id).toBe('https://alpha.example/posts/1')
    expect(parsed.entries[1]?.id).toBe(resolveAtomEntryId('alpha', '12345'))
    expect(parsed.entries[0]?.tags).toEqual(['breach', 'retail'])
    expect(parsed.entries[0]?.author).toBe('Jane Reporter')
    expect(parsed.entries[2]?.link).toBe(hostile.url)
    expect(parsed.entries[0]?.content).toContain('Also reported by')
  })

  it('gives every entry an updated date and a <source>', () => {
    expect(evaluateXpath(xml, 'count(//*[local-name()="entry"]/*[local-name()="updated"])')).toBe('4')
    expect(evaluateXpath(xml, 'string(//*[local-name()="entry"][1]/*[local-name()="source"]/*[local-name()="id"])')).toBe(
      'https://alpha.example/feed.xml',
    )
    // The undated entry falls back to the feed's updated date.
    expect(evaluateXpath(xml, 'string(//*[local-name()="entry"][4]/*[local-name()="updated"])')).toBe('2026-03-01T12:30:00Z')
  })
})

describe('renderJsonFeed', () => {
  const doc = renderJsonFeed(feed)

  it('is a valid JSON Feed 1.1 document', () => {
    const { problems, titles: seen } = validateJsonFeed(doc)
    expect(problems).toBe('')
    expect(seen).toEqual(titles)
  })

  it('keeps identity, origin and the other sources in the extension', () => {
    const parsed = JSON.parse(doc) as { items: Record<string, unknown>[] }
    const [first, second] = parsed.items
    expect(first?.['id']).toBe('https://alpha.example/posts/1')
    expect(second?.['id']).toBe('12345')
    expect(first?.['authors']).toEqual([{ name: 'Jane Reporter' }])
    expect(first?.['tags']).toEqual(['breach', 'retail'])
    expect(first?.['date_published']).toBe('2026-03-01T10:00:00Z')
    expect(first?.['date_modified']).toBe('2026-03-01T12:30:00Z')
    expect(first?.['_breachwire']).toEqual({
      source: { id: 'alpha', title: 'Alpha News', url: 'https://alpha.example/feed.xml', homepage: 'https://alpha.example/' },
      also_reported_by: [
        { source: { id: 'beta', title: 'Beta Security' }, url: 'https://beta.example/acme' },
        { source: { id: 'gamma', title: 'Gamma' }, url: 'https://gamma.example/?p=9&x=1' },
      ],
    })
    expect(first?.['content_html']).toContain('Also reported by')
  })

  it('leaves no illegal or lone-surrogate characters', () => {
    expect(doc).not.toMatch(/\\u0000|\\ud800|\\udc00/i)
    expect(stripIllegalXmlChars(doc)).toBe(doc)
  })
})

describe('renderOpml', () => {
  const sources = [
    { title: 'Alpha & Co', xmlUrl: 'https://alpha.example/feed?x=1&y=2', htmlUrl: 'https://alpha.example/', tags: ['breach', 'news'] },
    { title: 'Beta', xmlUrl: 'https://beta.example/feed', htmlUrl: null, tags: ['breach'] },
    { title: 'Gamma <g>', xmlUrl: 'https://gamma.example/rss', tags: ['privacy'] },
    { title: '', xmlUrl: 'https://delta.example/rss' },
  ]
  const xml = renderOpml(sources, { dateCreated: '2026-01-01T00:00:00Z' })

  it.runIf(conformance)('is well-formed for xmllint, with and without the breachwire namespace', () => {
    expect(checkWellFormed(xml)).toBe('')
    expect(checkWellFormed(renderOpml([{ title: 'Off', xmlUrl: 'https://off.example/rss', enabled: false }]))).toBe('')
  })

  it('is OPML 2.0 with one folder per first tag', () => {
    expect(evaluateXpath(xml, 'string(/opml/@version)')).toBe('2.0')
    expect(evaluateXpath(xml, 'count(/opml/body/outline[@text="breach"]/outline[@type="rss"])')).toBe('2')
    expect(evaluateXpath(xml, 'count(/opml/body/outline[@text="privacy"]/outline[@type="rss"])')).toBe('1')
    expect(evaluateXpath(xml, 'count(//outline[@type="rss"])')).toBe('4')
    expect(evaluateXpath(xml, 'string(//outline[@title="Alpha & Co"]/@xmlUrl)')).toBe('https://alpha.example/feed?x=1&y=2')
    // A source without a title is named by its feed URL (readers need text).
    expect(evaluateXpath(xml, 'string(/opml/body/outline[@type="rss"]/@text)')).toBe('https://delta.example/rss')
  })

  it('writes every tag to the OPML 2.0 category attribute, not only the folder', () => {
    expect(evaluateXpath(xml, 'string(//outline[@title="Alpha & Co"]/@category)')).toBe('/breach,/news')
    expect(evaluateXpath(xml, 'string(//outline[@title="Beta"]/@category)')).toBe('/breach')
    expect(evaluateXpath(xml, 'count(//outline[@xmlUrl="https://delta.example/rss"]/@category)')).toBe('0')
    // The format has no escape for "," and "/": such a tag is left out of category (it can still name the folder).
    const odd = renderOpml([{ title: 'Odd', xmlUrl: 'https://odd.example/rss', tags: ['a/b', 'x,y', 'ok'] }])
    expect(evaluateXpath(odd, 'string(//outline[@title="Odd"]/@category)')).toBe('/ok')
    expect(evaluateXpath(odd, 'string(/opml/body/outline/@text)')).toBe('a/b')
  })

  it('marks a disabled source breachwire:enabled="false", declaring the namespace only when used', () => {
    expect(xml).not.toContain('breachwire:')
    const doc = renderOpml([
      { title: 'On', xmlUrl: 'https://on.example/rss', enabled: true },
      { title: 'Off', xmlUrl: 'https://off.example/rss', tags: ['breach'], enabled: false },
    ])
    expect(evaluateXpath(doc, 'string(//outline[@title="Off"]/@*[local-name()="enabled"])')).toBe('false')
    expect(doc).toContain('<opml version="2.0" xmlns:breachwire="https://github.com/breachwire/breachwire#opml">')
    expect(doc).toContain(
      '<outline type="rss" text="Off" title="Off" xmlUrl="https://off.example/rss" category="/breach" breachwire:enabled="false"/>',
    )
    expect(doc).toContain('<outline type="rss" text="On" title="On" xmlUrl="https://on.example/rss"/>')
  })
})
