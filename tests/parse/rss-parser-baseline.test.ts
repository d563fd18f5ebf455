// The gaps measured in rss-parser alone (the reason for the repairs and fallbacks), next to parseFeed
// closing each one. If rss-parser ever closes a gap, the baseline half of a test fails: revisit then.

import Parser from 'rss-parser'
import { describe, expect, it } from 'vitest'
import { parseFeed } from '../../src/parse/index.js'
import { feedUrlFor, readFixture } from './helpers.js'

const rssParserAlone = (xml: string) => new Parser().parseString(xml)
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: unknown) => err as Error,
  )

describe('rss-parser alone vs parseFeed', () => {
  it('one bare & rejects the whole feed', async () => {
    const xml = readFixture('unescaped-ampersand.xml').toString('utf8')
    expect((await rejection(rssParserAlone(xml)))?.message).toMatch(/entity/i)
    expect((await parseFeed(xml, { url: feedUrlFor('u') })).items).toHaveLength(2)
  })

  it('one bad Atom date throws RangeError', async () => {
    const xml = readFixture('bad-atom-date.xml').toString('utf8')
    expect(await rejection(rssParserAlone(xml))).toBeInstanceOf(RangeError)
    expect((await parseFeed(xml, { url: feedUrlFor('b') })).items).toHaveLength(2)
  })

  it('windows-1252 bytes decoded as UTF-8 lose characters', async () => {
    const bytes = readFixture('legacy-1252.xml')
    const alone = await rssParserAlone(bytes.toString('utf8'))
    expect(alone.title).toContain('\ufffd')
    expect((await parseFeed(bytes, { url: feedUrlFor('l') })).title).toBe('Caf\u00e9 S\u00e9curit\u00e9 \u2013 Datenschutz-Nachrichten')
  })

  it('Atom 0.3 entries get no date', async () => {
    const xml = readFixture('atom-03.xml').toString('utf8')
    const alone = await rssParserAlone(xml)
    expect(alone.items[0]?.pubDate).toBeUndefined()
    expect((await parseFeed(xml, { url: feedUrlFor('a') })).items[0]?.published).toBe('2005-03-14T10:15:00-05:00')
  })

  it('xml:base links stay relative', async () => {
    const xml = readFixture('atom-xml-base.xml').toString('utf8')
    const alone = await rssParserAlone(xml)
    expect(alone.items[0]?.link).toBe('court-rules-geofence-warrants')
    expect((await parseFeed(xml, { url: feedUrlFor('x') })).items[0]?.link).toBe(
      'https://privacy.example/blog/2024/10/court-rules-geofence-warrants',
    )
  })

  it('JSON Feed is not read at all', async () => {
    const json = readFixture('json-feed-1.1.json').toString('utf8')
    expect(await rejection(rssParserAlone(json))).toBeInstanceOf(Error)
    expect((await parseFeed(json, { url: feedUrlFor('j') })).items).toHaveLength(3)
  })
})
