// The RSS fast path: where it answers, rss-parser (the reference) must read the same feed; where
// a strict XML parser would refuse or read differently, it must decline (undefined).

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeBody } from '../../src/parse/index.js'
import { adaptRssParserOutput } from '../../src/parse/rss.js'
import { readRssFast } from '../../src/parse/rss-fast-read.js'
import { readWithRssParser } from '../../src/parse/rss-parser-read.js'
import { sanitizeXml } from '../../src/parse/sanitize-xml.js'

const fixturesRoot = join(import.meta.dirname, '..', 'fixtures')

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? listFiles(path) : [path]
  })
}

/** Every RSS/RDF document among the fixtures, decoded and repaired as parseFeed does. */
const rssDocuments = listFiles(fixturesRoot)
  .map((path) => ({ path: path.slice(fixturesRoot.length + 1), xml: sanitizeXml(decodeBody(readFileSync(path)).text) }))
  .filter(({ xml }) => /<(rss|rdf:RDF)[\s>]/.test(xml.slice(0, 4000)))

async function readReference(xml: string): Promise<unknown> {
  try {
    return adaptRssParserOutput(await readWithRssParser(xml), 'rss', 'https://feeds.example/feed')
  } catch {
    return 'rejected'
  }
}

const wordpress = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel xml:base="https://news.example/">
  <title>Breach &amp; Leak Desk</title>
  <link>https://news.example/</link>
  <ttl>30</ttl>
  <item>
    <title>Acme &#8220;confirms&#8221; breach</title>
    <link>https://news.example/acme/</link>
    <dc:creator><![CDATA[Jane]]></dc:creator>
    <pubDate>Thu, 01 Oct 2026 10:00:00 +0000</pubDate>
    <category><![CDATA[Breach]]></category><category>Ransomware</category>
    <guid isPermaLink="false">https://news.example/?p=1</guid>
    <description><![CDATA[<p>Short</p>]]></description>
    <content:encoded><![CDATA[<p>Long <a href="/x">text</a></p>]]></content:encoded>
  </item>
  <item/>
</channel>
</rss>`

describe('readRssFast', () => {
  it('finds RSS fixtures to compare', () => {
    expect(rssDocuments.length).toBeGreaterThan(5)
  })

  it.each(rssDocuments.map((d) => [d.path, d.xml] as const))('%s: reads what rss-parser reads, or declines', async (_path, xml) => {
    const fast = readRssFast(xml)
    if (fast === undefined) return
    expect(adaptRssParserOutput(fast, 'rss', 'https://feeds.example/feed')).toEqual(await readReference(xml))
  })

  it('reads a WordPress feed exactly as rss-parser does', async () => {
    const fast = readRssFast(wordpress)
    expect(fast).toBeDefined()
    const feed = adaptRssParserOutput(fast!, 'rss', 'https://feeds.example/feed')
    expect(feed).toEqual(await readReference(wordpress))
    expect(feed.title).toBe('Breach & Leak Desk')
    expect(feed.ttlMinutes).toBe(30)
    expect(feed.items).toHaveLength(2)
    expect(feed.items[0]).toMatchObject({
      title: 'Acme \u201cconfirms\u201d breach',
      author: 'Jane',
      categories: ['Breach', 'Ransomware'],
      guid: 'https://news.example/?p=1',
      content: '<p>Long <a href="/x">text</a></p>',
    })
  })

  it.each([
    ['a mismatched close tag', wordpress.replace('</title>', '</titel>')],
    ['a stray close tag', wordpress.replace('<ttl>30</ttl>', '<ttl>30</ttl></link>')],
    ['an unquoted attribute', wordpress.replace('isPermaLink="false"', 'isPermaLink=false')],
    ['an attribute without a value', wordpress.replace('isPermaLink="false"', 'isPermaLink')],
    ['a repeated attribute', wordpress.replace('isPermaLink="false"', 'isPermaLink="false" isPermaLink="true"')],
    ['a raw < in text', wordpress.replace('<ttl>30</ttl>', '<ttl>3 < 4</ttl>')],
    ['an unknown reference', wordpress.replace('&amp; Leak', '&nbsp; Leak')],
    ['a truncated document', wordpress.slice(0, wordpress.indexOf('</channel>'))],
    ['text after the root', `${wordpress}trailing`],
    ['a second root', `${wordpress}<rss/>`],
    ['an element named like an xml2js key', wordpress.replace('<ttl>30</ttl>', '<_>x</_>')],
    [
      'an iTunes feed',
      wordpress.replace('<rss version="2.0"', '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'),
    ],
    ['an Atom document', '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'],
    ['an rss root without a channel', '<rss version="2.0"><item><title>x</title></item></rss>'],
  ])('declines %s', (_case, xml) => {
    expect(readRssFast(xml)).toBeUndefined()
  })

  it('keeps xml2js shapes: attributes with text, whitespace-only elements, mixed content', async () => {
    const xml = `<rss version="2.0"><channel><title type="t">T</title><item><title> </title><guid isPermaLink="true">g</guid><description>a<b>bold</b>c</description><link><![CDATA[ ]]></link></item></channel></rss>`
    const fast = readRssFast(xml)
    expect(fast).toBeDefined()
    const item = fast!.items[0]!
    expect(item['titleNodes']).toEqual([' '])
    expect(item['guidNodes']).toEqual([{ _: 'g', $: { isPermaLink: 'true' } }])
    expect(item['descriptionNodes']).toEqual([{ _: 'ac', b: ['bold'] }])
    expect(item['linkNodes']).toEqual([' '])
    expect(fast!['title']).toBe('T')
    expect(adaptRssParserOutput(fast!, 'rss', 'https://feeds.example/feed')).toEqual(await readReference(xml))
  })
})
