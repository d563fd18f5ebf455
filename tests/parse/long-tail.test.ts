// The long tail of feed documents (issue 17), one family at a time, read through parseFeed and
// normalizeItems from the hand-written cases in tests/fixtures/conformance/<family>/. What each
// expects is what python3-feedparser 6.0.10 reads from the same bytes (npm run conformance),
// after the deliberate differences docs/parsing.md lists.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { normalizeItems } from '../../src/clean/index.js'
import { canonicalizeNames } from '../../src/parse/canonical-names.js'
import { parseFeed } from '../../src/parse/index.js'
import { repairMojibake } from '../../src/parse/mojibake.js'
import type { FeedSource, NormalizedItem, ParsedFeed } from '../../src/types.js'

const dir = fileURLToPath(new URL('../fixtures/conformance/', import.meta.url))
const FEED_URL = 'https://feeds.example/feed.xml'
const source: FeedSource = { id: 'tail', url: FEED_URL, type: 'feed', tags: [], enabled: true, republish: 'full' } as FeedSource

async function read(
  path: string,
  headers: { contentType?: string; contentLocation?: string } = {},
): Promise<{ feed: ParsedFeed; items: NormalizedItem[] }> {
  const feed = await parseFeed(readFileSync(dir + path), { url: FEED_URL, ...headers })
  const { items } = normalizeItems(feed, source, { feedUrl: FEED_URL, now: new Date('2026-01-01T00:00:00Z') })
  return { feed, items }
}

describe('entities', () => {
  it('decodes HTML5 names in XML without a DTD, and 128–159 references as browsers do', async () => {
    const { feed, items } = await read('entities/html-names-no-dtd.xml')
    expect(feed.title).toBe('Symbols α ∴ … ↵')
    expect(items.map((item) => item.title)).toEqual(['Greek Ω and λ in a title', 'Smart “quotes” — and €5', 'Numeric – “cp1252” … ’'])
    expect(items[0]?.summaryText).toBe('Math ∑ ∞ ≠ and arrows ⇒ ←')
  })

  it('does the same in Atom', async () => {
    const { feed, items } = await read('entities/atom-html-names.xml')
    expect(feed.title).toBe('Atom β feed')
    expect(items[0]).toMatchObject({ title: 'Entry ∴ with …', summaryText: 'Summary ↵ ©' })
  })

  it('keeps the channel title of an unterminated document with numeric references', async () => {
    const { feed, items } = await read('entities/numeric-unterminated-root.xml')
    expect(feed.title).toBe('Café Security — Daily')
    expect(items.map((item) => item.title)).toEqual(['First “item”'])
  })
})

describe('items', () => {
  it('keeps items with only dc:title, media:title, dc:description, a guid and a date, or a description', async () => {
    const { items } = await read('items/dc-title-only.xml')
    expect(items.map((item) => [item.title, item.url, item.guid])).toEqual([
      ['Only a dc:title here', 'https://items.example/1', null],
      ['Only a media:title here', 'https://items.example/2', null],
      ['Only a dc:description, no title and no link', 'https://items.example/', 'items-3'],
      // Nothing to derive a title from but the link it points at (the home page).
      ['https://items.example/', 'https://items.example/', 'items-4'],
      ['Only a description, nothing else', 'https://items.example/', null],
    ])
    expect(items[3]).toMatchObject({ publishedAt: '2024-01-02T10:00:00.000Z', dateIsFallback: false })
  })

  it('reads dc:title and dc:description in RSS 1.0', async () => {
    const { items } = await read('items/rdf-dc-title.xml')
    expect(items.map((item) => item.title)).toEqual(['RDF item with dc:title', 'No title at all'])
  })
})

describe('dates', () => {
  it('reads dc:date, dcterms:issued/modified/created with pubDate first', async () => {
    const { items } = await read('dates/dc-and-dcterms.xml')
    expect(items.map((item) => [item.publishedAt, item.updatedAt])).toEqual([
      ['2024-01-02T03:04:05.000Z', null],
      ['2024-01-02T01:04:05.000Z', '2024-02-02T03:04:05.000Z'],
      ['2023-12-24T18:00:00.000Z', null],
      // dc:date next to pubDate is an update stamp (feedparser's model).
      ['2024-08-05T12:03:00.000Z', '2020-01-01T00:00:00.000Z'],
    ])
  })

  it('reads Atom 0.3 issued, modified and created', async () => {
    const { items } = await read('dates/atom03-issued-modified.xml')
    expect(items.map((item) => [item.publishedAt, item.updatedAt])).toEqual([
      ['2004-01-02T03:04:05.000Z', '2004-01-03T03:04:05.000Z'],
      ['2004-01-01T03:04:05.000Z', null],
    ])
  })

  it('puts a modified date ahead of a created one when there is no published date', async () => {
    const xml =
      '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title><entry><title>e</title><id>i</id><created>2004-01-01T00:00:00Z</created><modified>2005-01-01T00:00:00Z</modified></entry></feed>'
    const feed = await parseFeed(xml, { url: FEED_URL })
    expect(feed.items[0]?.published).toBeUndefined()
    expect(feed.items[0]?.updated).toBe('2005-01-01T00:00:00Z')
  })
})

describe('elements', () => {
  it('reads itunes:summary and media:description (also inside media:group) as summaries', async () => {
    const { items } = await read('elements/itunes-media-summaries.xml')
    expect(items.map((item) => item.summaryText)).toEqual([
      'The episode in one line',
      'A described video',
      'A description inside media:group',
    ])
  })

  it('reads element names in unexpected case', async () => {
    const { feed, items } = await read('elements/upper-case-names.xml')
    expect(feed.title).toBe('Upper case')
    expect(items[0]).toMatchObject({
      title: 'Shouting item',
      url: 'https://upper.example/1',
      publishedAt: '2024-08-05T12:03:00.000Z',
      summaryText: 'Mixed case description',
    })
  })

  it('reads RSS 2.0 and RSS 1.0 with a prefix on every element', async () => {
    const rss = await read('elements/prefixed-rss.xml')
    expect(rss.feed.title).toBe('Prefixed everywhere')
    expect(rss.items[0]).toMatchObject({ title: 'A prefixed item', url: 'https://prefixed.example/1', summaryText: 'Prefixed description' })
    const rdf = await read('elements/rdf-prefixed.xml')
    expect(rdf.items[0]).toMatchObject({ title: 'Prefixed RDF item', guid: 'https://rdf-prefixed.example/1' })
  })

  it('decodes Atom 0.3 mode="base64" and reads an <id> with attributes', async () => {
    const { items } = await read('elements/atom03-base64.xml')
    expect(items[0]).toMatchObject({ title: 'Base64 encoded title', summaryText: 'A base64 summary', guid: 'tag:modes.example,2004:1' })
  })

  it('resolves relative links against the Content-Location header', async () => {
    const { feed, items } = await read('elements/content-location.xml', { contentLocation: 'https://moved.example/feeds/main.xml' })
    expect(feed.homepage).toBe('https://moved.example/home/')
    expect(items[0]?.url).toBe('https://moved.example/feeds/posts/1.html')
  })

  it("rewrites names only outside text, CDATA and comments, and leaves an RSS feed's atom:link alone", () => {
    const xml =
      '<RSS xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dublin="http://purl.org/dc/elements/1.1/"><CHANNEL><atom:link href="x"/><!-- <TITLE> --><dublin:date>d</dublin:date><title><![CDATA[<B>x</B>]]></title></CHANNEL></RSS>'
    expect(canonicalizeNames(xml, 'rss')).toBe(
      '<rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dublin="http://purl.org/dc/elements/1.1/"><channel><atom:link href="x"/><!-- <TITLE> --><dc:date>d</dc:date><title><![CDATA[<B>x</B>]]></title></channel></rss>',
    )
    const plain = '<rss><channel><title>x</title></channel></rss>'
    expect(canonicalizeNames(plain, 'rss')).toBe(plain)
  })
})

describe('encodings', () => {
  it('repairs double-encoded UTF-8', async () => {
    const { feed, items } = await read('encodings/double-encoded-utf8.xml')
    expect(feed.title).toBe('Café “Security” — news')
    expect(items[0]).toMatchObject({ title: 'Breach … at “Acme” ’s vendor', summaryText: 'Naïve €100 fine – details' })
  })

  it.each(['encodings/cp1252-labelled-utf8.xml', 'encodings/cp1252-labelled-latin1.xml'])(
    'reads windows-1252 punctuation in %s',
    async (path) => {
      const { feed, items } = await read(path)
      expect(feed.title).toBe('Café “Security” — news')
      expect(items[0]?.title).toBe('Breach … at “Acme” ’s vendor')
    },
  )

  it('also when the HTTP header says UTF-8', async () => {
    const { feed } = await read('encodings/cp1252-labelled-utf8.xml', { contentType: 'application/rss+xml; charset=utf-8' })
    expect(feed.title).toBe('Café “Security” — news')
  })

  it('leaves text that only looks like mojibake', () => {
    // Ã followed by a character that is no UTF-8 continuation byte in windows-1252.
    expect(repairMojibake('SÃO PAULO, Ã a')).toBe('SÃO PAULO, Ã a')
    expect(repairMojibake('â€” and Ã©')).toBe('— and é')
    expect(repairMojibake(iconv.decode(Buffer.from('”', 'utf8'), 'latin1'))).toBe('”')
  })
})

describe('truncation', () => {
  it('keeps the complete items of a document cut inside an item', async () => {
    const { feed, items } = await read('truncation/cut-mid-item.xml')
    expect(feed.title).toBe('Cut off')
    expect(items.map((item) => item.title)).toEqual(['Complete item'])
  })

  it('keeps the feed of a document cut before any entry closed, without the half entry', async () => {
    const { feed, items } = await read('truncation/cut-in-channel.xml')
    expect(feed).toMatchObject({ title: 'Atom cut in the header', homepage: 'https://atom-cut.example/' })
    expect(items).toEqual([])
  })
})
