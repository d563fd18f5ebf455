// Which <link> elements announce a feed, and where they point.
import { describe, expect, it } from 'vitest'
import { findFeedLinks, listCommonFeedUrls } from '../../src/discover/index.js'

const page = 'https://site.example/blog/post.html'
const head = (links: string): string => `<!DOCTYPE html><html><head><title>t</title>${links}</head><body></body></html>`

describe('findFeedLinks', () => {
  it.each([
    [
      'RSS, relative to the page',
      '<link rel="alternate" type="application/rss+xml" href="feed.xml">',
      ['https://site.example/blog/feed.xml'],
    ],
    ['Atom, root-relative', '<link rel="alternate" type="application/atom+xml" href="/atom.xml">', ['https://site.example/atom.xml']],
    ['JSON Feed', '<link rel="alternate" type="application/feed+json" href="/feed.json">', ['https://site.example/feed.json']],
    [
      'JSON Feed with the older type',
      '<link rel="alternate" type="application/json" href="/feed.json">',
      ['https://site.example/feed.json'],
    ],
    ['RDF', '<link rel="alternate" type="application/rdf+xml" href="/index.rdf">', ['https://site.example/index.rdf']],
    [
      'type with a parameter, rel and type in capitals',
      '<link REL="Alternate" TYPE="Application/RSS+XML; charset=utf-8" href="/r">',
      ['https://site.example/r'],
    ],
    ['protocol-relative', '<link rel="alternate" type="application/rss+xml" href="//feeds.example/x">', ['https://feeds.example/x']],
    ['rel="feed" too', '<link rel="feed" type="application/atom+xml" href="/f">', ['https://site.example/f']],
    [
      'not feeds: stylesheet, hreflang alternate, canonical',
      '<link rel="stylesheet" href="/s.css"><link rel="alternate" hreflang="de" href="/de/"><link rel="canonical" href="/x">',
      [],
    ],
    [
      'not http(s): javascript:, data:',
      '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)"><link rel="alternate" type="application/rss+xml" href="data:text/xml,<rss/>">',
      [],
    ],
    [
      'the same feed twice is listed once',
      '<link rel="alternate" type="application/rss+xml" href="/f"><link rel="alternate" type="application/rss+xml" href="https://site.example/f">',
      ['https://site.example/f'],
    ],
  ])('%s', (_name, links, expected) => {
    expect(findFeedLinks(head(links), page).map((l) => l.url)).toEqual(expected)
  })

  it('honours <base href> (itself relative to the page) and lists comment feeds last with their titles', () => {
    const html = head(
      '<base href="/news/">' +
        '<link rel="alternate" type="application/rss+xml" title="Site &raquo; Comments Feed" href="comments/feed/">' +
        '<link rel="alternate" type="application/rss+xml" title="Site &raquo; Feed" href="feed/">',
    )
    expect(findFeedLinks(html, page)).toEqual([
      { url: 'https://site.example/news/feed/', title: 'Site » Feed', type: 'application/rss+xml' },
      { url: 'https://site.example/news/comments/feed/', title: 'Site » Comments Feed', type: 'application/rss+xml' },
    ])
  })

  it('tries at most 10 links from one page', () => {
    const many = Array.from({ length: 500 }, (_, i) => `<link rel="alternate" type="application/rss+xml" href="/f${i}">`).join('')
    const links = findFeedLinks(head(many), page)
    expect(links).toHaveLength(10)
    expect(links[9]?.url).toBe('https://site.example/f9')
  })

  it('never throws on junk', () => {
    expect(findFeedLinks('', page)).toEqual([])
    expect(findFeedLinks('<link rel="alternate" type="application/rss+xml" href="http://[::1">', page)).toEqual([])
    expect(findFeedLinks('\u0000<<<>>>', 'not a url')).toEqual([])
  })
})

describe('listCommonFeedUrls', () => {
  it('lists the usual paths at the root', () => {
    expect(listCommonFeedUrls('https://site.example/')).toEqual([
      'https://site.example/feed/',
      'https://site.example/feed',
      'https://site.example/rss.xml',
      'https://site.example/rss',
      'https://site.example/atom.xml',
      'https://site.example/feed.xml',
      'https://site.example/feed.json',
      'https://site.example/index.xml',
      'https://site.example/?feed=rss2',
    ])
  })

  it("tries below the page's folder first, then the root", () => {
    const urls = listCommonFeedUrls('https://site.example/news/index.html?x=1')
    expect(urls.slice(0, 2)).toEqual(['https://site.example/news/feed/', 'https://site.example/news/feed'])
    expect(urls).toContain('https://site.example/feed/')
    expect(urls).toHaveLength(18)
    expect(listCommonFeedUrls('nope')).toEqual([])
  })
})
