// ExportFeed / ExportEntry builders for the feed-export tests.
import type { ExportEntry, ExportFeed } from '../../src/types.js'

export function makeEntry(overrides: Partial<ExportEntry> = {}): ExportEntry {
  return {
    id: 'https://alpha.example/posts/1',
    url: 'https://alpha.example/posts/1',
    title: 'Acme Corp confirms breach of 2 million records',
    author: 'Jane Reporter',
    published: '2026-03-01T10:00:00.000Z',
    updated: '2026-03-01T12:30:00.000Z',
    contentHtml:
      '<p>Acme Corp said on Monday that attackers <a href="https://acme.example/notice" rel="noopener noreferrer">accessed</a> records.</p>',
    summary: 'Acme Corp said on Monday that attackers accessed records.',
    categories: ['breach', 'retail'],
    source: { id: 'alpha', title: 'Alpha News', url: 'https://alpha.example/feed.xml', homepage: 'https://alpha.example/' },
    alsoReportedBy: [],
    ...overrides,
  }
}

export function makeFeed(entries: ExportEntry[], overrides: Partial<ExportFeed> = {}): ExportFeed {
  return {
    title: 'breachwire',
    description: 'Breach and privacy news from many sources, one entry per story.',
    selfUrl: 'http://127.0.0.1:3000/feed.xml',
    homeUrl: 'http://127.0.0.1:3000/',
    updated: entries[0]?.updated ?? entries[0]?.published ?? '1970-01-01T00:00:00.000Z',
    entries,
    ...overrides,
  }
}

/** Strings from a hostile upstream: CDATA terminators, markup, XML-illegal characters, & in URLs. */
export const hostile = {
  title: 'Breach ]]> <script>alert(1)</script> & "quotes" \u0000\u0008\u000B\u000C\u001F\uFFFE\uFFFF\uD800 end',
  url: 'https://evil.example/a?b=1&c=<2>&d="3"',
  guid: 'tag ]]> <x> & \u0001 7',
  author: 'Mallory <mallory@evil.example> & co\u0007',
  html: '<p>one ]]> two <script>alert(1)</script> three &amp; \u0000\u001B four \uDC00</p>]]>',
  summary: 'Summary ]]> with <b>tags</b> & \u0002 controls',
  category: 'cat & <dog> ]]>',
}

export function makeHostileEntry(): ExportEntry {
  return makeEntry({
    id: hostile.guid,
    url: hostile.url,
    title: hostile.title,
    author: hostile.author,
    contentHtml: hostile.html,
    summary: hostile.summary,
    categories: [hostile.category],
    source: { id: 'evil', title: 'Evil & <Co>', url: 'https://evil.example/feed?x=1&y=2', homepage: 'https://evil.example/?a=1&b=2' },
    alsoReportedBy: [{ source: { id: 'beta', title: 'Beta <b>' }, url: 'https://beta.example/p?a=1&b=2' }],
  })
}
