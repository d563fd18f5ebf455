import { describe, expect, it } from 'vitest'
import { normalizeItems } from '../../src/clean/index.js'
import type { FeedSource, NormalizedItem, ParsedFeed, ParsedItem } from '../../src/types.js'

const source: FeedSource = {
  id: 'breachnews',
  title: 'Breach News',
  url: 'https://news.example.com/feed/',
  type: 'feed',
  tags: ['breach'],
  enabled: true,
  republish: 'full',
}
const ctx = { feedUrl: 'https://news.example.com/feed/', now: new Date('2024-08-10T12:00:00.000Z') }

function run(items: ParsedItem[], extra: Partial<ParsedFeed> = {}) {
  return normalizeItems({ format: 'rss', items, ...extra }, source, ctx)
}

function only(items: ParsedItem[], extra: Partial<ParsedFeed> = {}): NormalizedItem {
  const result = run(items, extra)
  expect(result.items).toHaveLength(1)
  return result.items[0] as NormalizedItem
}

describe('normalizeItems', () => {
  it('normalizes a typical WordPress RSS item', () => {
    const item = only([
      {
        guid: 'https://news.example.com/?p=4120',
        link: 'https://news.example.com/2024/08/acme-breach/?utm_source=rss&utm_medium=rss',
        title: 'Acme &amp; Co. confirms breach of 48,000 records',
        titleType: 'html',
        author: 'editor@news.example.com (Jane Doe)',
        published: 'Mon, 05 Aug 2024 14:03:00 +0200',
        categories: ['Breach', 'breach', ' Retail '],
        summary:
          '<p>Acme confirmed the incident on Monday [&#8230;]</p><p>The post <a href="https://news.example.com/2024/08/acme-breach/">Acme breach</a> appeared first on <a href="https://news.example.com">Breach News</a>.</p>',
        content:
          '<p>Acme <a href="/tag/acme/?utm_campaign=x" onclick="t()">confirmed</a> the incident.</p><script>track()</script>' +
          '<img src="https://pixel.wp.com/g.gif?v=1" width="1" height="1">',
      },
    ])
    expect(item).toEqual({
      sourceId: 'breachnews',
      identityKey: '43995202d9fc4c3d', // sha256('guid:https://news.example.com/?p=4120'), first 16 hex digits: stored, so pinned
      guid: 'https://news.example.com/?p=4120',
      url: 'https://news.example.com/2024/08/acme-breach/',
      title: 'Acme & Co. confirms breach of 48,000 records',
      author: 'Jane Doe',
      publishedAt: '2024-08-05T12:03:00.000Z',
      dateIsFallback: false,
      updatedAt: null,
      summaryText: 'Acme confirmed the incident on Monday…',
      contentHtml: '<p>Acme <a href="https://news.example.com/tag/acme/" rel="noopener noreferrer">confirmed</a> the incident.</p>',
      categories: ['Breach', 'Retail'],
      contentHash: expect.stringMatching(/^[0-9a-f]{16}$/),
    })
  })

  it('resolves relative links against xml:base, then the homepage, then the feed URL', () => {
    expect(only([{ link: 'a', baseUrl: 'https://other.example.com/dir/' }]).url).toBe('https://other.example.com/dir/a')
    expect(only([{ link: '/b' }], { homepage: 'https://www.example.org/' }).url).toBe('https://www.example.org/b')
    expect(only([{ link: 'c' }]).url).toBe('https://news.example.com/feed/c')
  })

  it('makes content links absolute against xml:base, else the item URL', () => {
    const withBase = only([{ link: 'https://a.example/post/1', baseUrl: 'https://cdn.example/x/', content: '<img src="i.png">' }])
    expect(withBase.contentHtml).toBe('<img src="https://cdn.example/x/i.png" />')
    const withoutBase = only([{ link: 'https://a.example/post/1', content: '<img src="i.png">' }])
    expect(withoutBase.contentHtml).toBe('<img src="https://a.example/post/i.png" />')
  })

  it('uses an http guid when the link is missing or unusable; without a link, the feed URL; a bad link drops the item', () => {
    const result = run([
      { guid: 'https://news.example.com/p/1', title: 'guid only' },
      { link: 'javascript:alert(1)', guid: 'https://news.example.com/p/2?utm_source=x', title: 'bad link' },
      { guid: 'urn:uuid:1234', title: 'no url at all' },
      { link: 'mailto:tips@example.com', title: 'mailto' },
      { title: 'nothing' },
    ])
    expect(result.items.map((i) => [i.title, i.url])).toEqual([
      ['guid only', 'https://news.example.com/p/1'],
      ['bad link', 'https://news.example.com/p/2'],
      ['no url at all', 'https://news.example.com/feed/'],
      ['nothing', 'https://news.example.com/feed/'],
    ])
    expect(result.dropped).toBe(1)
  })

  it('falls back to the summary, then the URL, for a missing title', () => {
    expect(only([{ link: 'https://x.example/1', summary: '<p>Leaked database found on an open server</p>' }]).title).toBe(
      'Leaked database found on an open server',
    )
    expect(only([{ link: 'https://x.example/2', title: '  ' }]).title).toBe('https://x.example/2')
  })

  it('uses now for missing, invalid or far-future dates and marks it', () => {
    const result = run([
      { link: 'https://x.example/1' },
      { link: 'https://x.example/2', published: 'someday' },
      { link: 'https://x.example/3', published: '2031-01-01T00:00:00Z' },
      { link: 'https://x.example/4', updated: '2024-08-01T00:00:00Z' },
    ])
    expect(result.items.map((i) => [i.publishedAt, i.dateIsFallback])).toEqual([
      ['2024-08-10T12:00:00.000Z', true],
      ['2024-08-10T12:00:00.000Z', true],
      ['2024-08-10T12:00:00.000Z', true],
      ['2024-08-01T00:00:00.000Z', false],
    ])
  })

  it('keys items by guid, then link; the same link with other utm parameters is the same item', () => {
    const first = only([{ link: 'https://x.example/story?id=1&utm_source=twitter', title: 'A' }])
    const again = only([{ link: 'https://x.example/story?utm_medium=email&id=1', title: 'A (updated)' }])
    expect(again.identityKey).toBe(first.identityKey)
    expect(again.contentHash).not.toBe(first.contentHash)

    const byGuid = only([{ guid: 'tag:x,2024:7', link: 'https://x.example/old-slug', title: 'B' }])
    const moved = only([{ guid: 'tag:x,2024:7', link: 'https://x.example/new-slug', title: 'B' }])
    expect(moved.identityKey).toBe(byGuid.identityKey)
  })

  it('does not trust a guid shared by different links, and drops exact repeats', () => {
    const result = run([
      { guid: 'https://x.example/', link: 'https://x.example/a', title: 'A' },
      { guid: 'https://x.example/', link: 'https://x.example/b', title: 'B' },
      { guid: 'tag:1', link: 'https://x.example/c', title: 'C' },
      { guid: 'tag:1', link: 'https://x.example/c', title: 'C again' },
    ])
    expect(result.items.map((i) => i.title)).toEqual(['A', 'B', 'C'])
    expect(new Set(result.items.map((i) => i.identityKey)).size).toBe(3)
    expect(result.dropped).toBe(1)
  })

  it('keeps the content hash stable for an unchanged item and moves it on a visible change', () => {
    const base: ParsedItem = { guid: 'g1', link: 'https://x.example/1', title: 'T', summary: 'S', published: '2024-08-01T00:00:00Z' }
    const a = only([base])
    const b = normalizeItems({ format: 'rss', items: [base] }, source, { ...ctx, now: new Date('2024-08-11T00:00:00Z') }).items[0]
    expect(b?.contentHash).toBe(a.contentHash)
    // A fallback date (the time first seen) does not count as a change either.
    const undated: ParsedItem = { guid: 'g2', link: 'https://x.example/2', title: 'T' }
    const c = only([undated])
    const d = normalizeItems({ format: 'rss', items: [undated] }, source, { ...ctx, now: new Date('2024-08-11T00:00:00Z') }).items[0]
    expect(d?.contentHash).toBe(c.contentHash)
    for (const change of [
      { title: 'T2' },
      { summary: 'S2' },
      { author: 'X' },
      { categories: ['c'] },
      { updated: '2024-08-02T00:00:00Z' },
      { content: '<p>c</p>' },
    ]) {
      expect(only([{ ...base, ...change }]).contentHash).not.toBe(a.contentHash)
    }
  })

  it('survives hostile shapes without throwing', () => {
    const weird = [
      null,
      42,
      { link: 42, title: { a: 1 }, categories: 'nope', published: 7 },
      { link: 'https://x.example/ok', title: 'ok', categories: [null, 'c'] },
    ] as unknown as ParsedItem[]
    const result = run(weird)
    expect(result.items.map((i) => i.title)).toEqual(['ok'])
    expect(result.items[0]?.categories).toEqual(['c'])
    expect(result.dropped).toBe(3)
  })

  it('returns nothing for an empty feed', () => {
    expect(run([])).toEqual({ items: [], dropped: 0, droppedBy: {} })
  })
})
