// Items without a link: the contract's identity rule ("without either, when title + date match")
// only works if such items are kept. They point at the feed's home page.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { normalizeItems } from '../../src/clean/index.js'
import { parseFeed } from '../../src/parse/index.js'
import type { FeedSource, ParsedFeed, ParsedItem } from '../../src/types.js'

const source: FeedSource = {
  id: 'county',
  url: 'https://county.example/feed.xml',
  type: 'feed',
  tags: [],
  enabled: true,
  republish: 'full',
}
const ctx = { feedUrl: 'https://county.example/feed.xml', now: new Date('2024-10-10T12:00:00.000Z') }

function run(items: ParsedItem[], extra: Partial<ParsedFeed> = {}, src: FeedSource = source, now = ctx.now) {
  return normalizeItems({ format: 'rss', items, ...extra }, src, { ...ctx, now })
}

describe('items without a link or guid', () => {
  it('keeps both items of missing-guid.xml; the linkless one points at the feed home page', async () => {
    const body = readFileSync(new URL('../fixtures/feeds/missing-guid.xml', import.meta.url))
    const feed = await parseFeed(body, { url: ctx.feedUrl, contentType: 'application/rss+xml' })
    const result = normalizeItems(feed, source, ctx)
    expect(result.dropped).toBe(0)
    expect(result.items.map((i) => [i.title, i.url, i.guid, i.publishedAt])).toEqual([
      [
        'County IT systems restored after cyber incident',
        'https://county.example/news/it-systems-restored',
        null,
        '2024-10-04T21:00:00.000Z',
      ],
      ['Notice of data security incident', 'https://county.example/news', null, '2024-10-03T16:00:00.000Z'],
    ])
    expect(result.items[1]).toMatchObject({
      author: 'County Clerk',
      summaryText: 'Residents who paid water bills online between June and August may be affected.',
    })
  })

  it('uses the feed home page, else the source home page, else the feed URL, absolute and cleaned', () => {
    const item: ParsedItem = { title: 'Notice' }
    expect(run([item], { homepage: '/news?utm_source=rss' }).items[0]?.url).toBe('https://county.example/news')
    const withHome = { ...source, homepage: 'https://www.county.example/?fbclid=x' }
    expect(run([item], {}, withHome).items[0]?.url).toBe('https://www.county.example/')
    expect(run([item], { homepage: 'javascript:alert(1)' }, withHome).items[0]?.url).toBe('https://www.county.example/')
    expect(run([item]).items[0]?.url).toBe('https://county.example/feed.xml')
  })

  it('keeps two linkless items with different titles apart, even on the same date', () => {
    const result = run([
      { title: 'Notice of data security incident', published: 'Thu, 03 Oct 2024 12:00:00 -0400' },
      { title: 'Water billing portal back online', published: 'Thu, 03 Oct 2024 12:00:00 -0400' },
    ])
    expect(result.items.map((i) => i.title)).toEqual(['Notice of data security incident', 'Water billing portal back online'])
    expect(new Set(result.items.map((i) => i.identityKey)).size).toBe(2)
    expect(result.dropped).toBe(0)
  })

  it('is the same item on the next poll when title and date match, and another when the date differs', () => {
    const item: ParsedItem = { title: 'Notice of data security incident', published: 'Thu, 03 Oct 2024 12:00:00 -0400', summary: 'v1' }
    const first = run([item]).items[0]
    const next = run([{ ...item, summary: 'v2' }], {}, source, new Date('2024-10-11T12:00:00.000Z')).items[0]
    expect(next?.identityKey).toBe(first?.identityKey)
    expect(next?.contentHash).not.toBe(first?.contentHash)
    const other = run([{ ...item, published: 'Fri, 04 Oct 2024 12:00:00 -0400' }]).items[0]
    expect(other?.identityKey).not.toBe(first?.identityKey)
    // A linked item on the home page URL is not confused with the linkless one.
    const linked = run([{ ...item, link: 'https://county.example/feed.xml' }]).items[0]
    expect(linked?.identityKey).not.toBe(first?.identityKey)
  })

  it('keeps a linkless item with only a summary (title from it), and keys a non-URL guid by the guid', () => {
    const fromSummary = run([{ summary: '<p>Residents may be affected.</p>' }]).items[0]
    expect(fromSummary).toMatchObject({ title: 'Residents may be affected.', url: 'https://county.example/feed.xml' })
    const a = run([{ guid: 'urn:uuid:1234', title: 'First title' }]).items[0]
    const b = run([{ guid: 'urn:uuid:1234', title: 'Retitled' }]).items[0]
    expect(a).toMatchObject({ guid: 'urn:uuid:1234', url: 'https://county.example/feed.xml' })
    expect(b?.identityKey).toBe(a?.identityKey)
  })

  it('keeps an item with only a guid and a date: its title comes from the link it points at', () => {
    const result = run([{ guid: 'urn:uuid:77', published: 'Tue, 02 Jan 2024 10:00:00 GMT' }], { homepage: 'https://county.example/' })
    expect(result.items.map((i) => [i.title, i.url, i.guid, i.publishedAt])).toEqual([
      ['https://county.example/', 'https://county.example/', 'urn:uuid:77', '2024-01-02T10:00:00.000Z'],
    ])
    expect(result.dropped).toBe(0)
  })

  it('still drops items with nothing to show, and items whose link is present but unusable, and says why', () => {
    const result = run([
      {},
      { title: '   ', summary: '<p> </p>' },
      { link: 'javascript:alert(1)', title: 'bad link' },
      { link: 'mailto:tips@example.com', title: 'mailto', guid: 'g' },
      { title: 'kept' },
      { title: 'kept' },
      null as unknown as ParsedItem,
    ])
    expect(result.items.map((i) => i.title)).toEqual(['kept'])
    expect(result.dropped).toBe(6)
    expect(result.droppedBy).toEqual({ unidentifiable: 2, unusable_link: 2, duplicate: 1, not_an_item: 1 })
  })
})
