import { describe, expect, it } from 'vitest'
import { collectEvidence } from '../../src/dedup/evidence.js'
import { tokenizeTitle } from '../../src/dedup/title-tokens.js'
import { canonicalizeUrl } from '../../src/lib/canonical-url.js'
import type { NormalizedItem } from '../../src/types.js'

function makeItem(over: Partial<NormalizedItem>): NormalizedItem {
  return {
    sourceId: 'databreaches',
    identityKey: 'k',
    guid: null,
    url: 'https://databreaches.net/2024/05/01/some-story/',
    title: 'Some story',
    author: null,
    publishedAt: '2024-05-01T10:00:00Z',
    dateIsFallback: false,
    updatedAt: null,
    summaryText: '',
    contentHtml: '',
    categories: [],
    contentHash: 'h',
    ...over,
  }
}

const source = { url: 'https://databreaches.net/feed/', homepage: 'https://www.databreaches.net/' }

describe('collectEvidence', () => {
  it('keeps citations and drops own-site, share, tag, feed, media and home-page links', () => {
    const html = `
      <p>Read more at <a href="https://www.dailynews.example/local/hospital-attack/?utm_source=rss">Daily News</a>.</p>
      <p>Court filing: <a href="https://www.courtlistener.com/docket/123/doe-v-acme/">docket</a>;
         notice <a href="https://oag.ca.gov/ecrime/databreach/reports/sb24-1.pdf">PDF</a>.</p>
      <a href="https://databreaches.net/2024/04/01/earlier-post/">earlier post</a>
      <a href="https://www.databreaches.net/category/breach-incidents/">category</a>
      <a href="https://pogowasright.org/tag/hospitals/">tag elsewhere</a>
      <a href="https://pogowasright.org/author/dissent/">author page</a>
      <a href="https://example.org/feed/">feed</a>
      <a href="https://twitter.com/intent/tweet?url=x">tweet</a>
      <a href="https://x.com/intent/post?text=x">post</a>
      <a href="https://www.facebook.com/sharer/sharer.php?u=x">share</a>
      <a href="https://www.linkedin.com/shareArticle?mini=true&amp;url=x">in</a>
      <a href="https://www.reddit.com/submit?url=x">reddit</a>
      <a href="https://api.whatsapp.com/send?text=x">wa</a>
      <a href="https://t.me/share/url?url=x">tg</a>
      <a href="https://pinterest.com/pin/create/button/?url=x">pin</a>
      <a href="mailto:?subject=x">mail</a>
      <a href="https://cdn.example.net/img/photo.JPG">photo</a>
      <a href="https://cdn.example.net/video/clip.mp4">video</a>
      <a href="https://www.acmehealth.example/">Acme Health</a>
      <a href="#top">top</a>
      <a href="javascript:void(0)">js</a>
      <a href="https://www.dailynews.example/local/hospital-attack/amp/">same article again (AMP)</a>`
    const ev = collectEvidence(makeItem({ contentHtml: html }), source)
    expect(ev.outboundLinks).toEqual([
      'https://dailynews.example/local/hospital-attack',
      'https://courtlistener.com/docket/123/doe-v-acme',
      'https://oag.ca.gov/ecrime/databreach/reports/sb24-1.pdf',
    ])
    expect(ev.canonicalUrl).toBe('https://databreaches.net/2024/05/01/some-story')
    expect(ev.publishedAt).toBe('2024-05-01T10:00:00Z')
  })

  it('treats the host of the item URL as its own site even when the homepage differs', () => {
    const item = makeItem({
      url: 'https://news.example.com/a/story',
      contentHtml: '<a href="https://blog.news.example.com/b">sister</a> <a href="https://other.example/c">cited</a>',
    })
    const ev = collectEvidence(item, { url: 'https://feeds.feedburner.com/x' })
    expect(ev.outboundLinks).toEqual(['https://other.example/c'])
  })

  it('resolves relative links against the item URL and caps the list', () => {
    const many = Array.from({ length: 80 }, (_, i) => `<a href="https://site${i}.example/post/${i}">x</a>`).join(' ')
    const ev = collectEvidence(makeItem({ contentHtml: `<a href="/local">own</a> ${many}` }), source)
    expect(ev.outboundLinks).toHaveLength(50)
    expect(ev.outboundLinks[0]).toBe('https://site0.example/post/0')
  })

  it('survives malformed HTML and an empty body', () => {
    expect(collectEvidence(makeItem({ contentHtml: '<a href="https://x.example/a"><b>unclosed' }), source).outboundLinks).toEqual([
      'https://x.example/a',
    ])
    expect(collectEvidence(makeItem({ contentHtml: '' }), source).outboundLinks).toEqual([])
  })

  it('uses the canonical URL of wrapped links (Google News item pointing at the original)', () => {
    const item = makeItem({
      sourceId: 'gnews',
      url: 'https://www.google.com/url?q=https%3A%2F%2Ftherecord.media%2Fstory%3Futm_source%3Dgn',
    })
    expect(collectEvidence(item, { url: 'https://news.google.com/rss', homepage: 'https://news.google.com/' }).canonicalUrl).toBe(
      'https://therecord.media/story',
    )
  })
})

describe('title tokens', () => {
  const cases: [string, string, string[], string[]][] = [
    [
      'lowercase, curly quotes, dashes, site suffix',
      'Hospital’s “network” hit — again – The Record',
      ['therecord'],
      ['hospital', 'network', 'hit', 'again'],
    ],
    ['Update: prefix', 'Update: Acme Health confirms breach', [], ['acm', 'health', 'confirm', 'breach']],
    ['UPDATED prefix', 'UPDATED Acme Health confirms breach', [], ['acm', 'health', 'confirm', 'breach']],
    ['[Updated] tag', '[Updated] Acme Health confirms breach', [], ['acm', 'health', 'confirm', 'breach']],
    ['Exclusive:', 'Exclusive: Acme Health confirms breach', [], ['acm', 'health', 'confirm', 'breach']],
    ['Breaking:', 'Breaking: Acme Health confirms breach', [], ['acm', 'health', 'confirm', 'breach']],
    ['Report:', 'Report: Acme Health confirms breach', [], ['acm', 'health', 'confirm', 'breach']],
    ['| site suffix', 'Acme Health confirms breach | SecurityWeek', [], ['acm', 'health', 'confirm', 'breach']],
    [
      'dash kept when not a site',
      'Acme Health – patients told to watch accounts',
      ['securityweek'],
      ['acm', 'health', 'patient', 'told', 'watch', 'account'],
    ],
    ['plurals and -ed meet', 'Breaches exposed patients', [], ['breach', 'expos', 'patient']],
    ['numbers one way', 'Data of 1.2 million and 500,000 and 300K people', [], ['data', '1200000', '500000', '300000', 'peopl']],
    ['ordinals', '2nd breach at Acme', [], ['second', 'breach', 'acm']],
    ['diacritics', 'Société Générale fined €1M', [], ['societ', 'general', 'fin', '1000000']],
  ]
  it.each(cases)('%s', (_name, title, sites, expected) => {
    expect(tokenizeTitle(title, sites)).toEqual(expected)
  })
})

describe('collectEvidence for an item without a link of its own', () => {
  it('does not offer the site home page (the url clean falls back to) as story evidence', () => {
    const source = { url: 'https://county.example/feed.xml', homepage: 'https://county.example/news' }
    const a = collectEvidence(
      makeItem({ sourceId: 'a', identityKey: 'k1', url: 'https://county.example/news', title: 'Notice of data security incident' }),
      source,
    )
    const b = collectEvidence(
      makeItem({ sourceId: 'b', identityKey: 'k2', url: 'https://county.example/news', title: 'Another notice' }),
      source,
    )
    expect(a.canonicalUrl).not.toBe(b.canonicalUrl)
    expect(a.canonicalUrl.startsWith('urn:breachwire:no-permalink:')).toBe(true)
    const home = collectEvidence(makeItem({ url: 'https://other.example/' }), { url: 'https://other.example/feed' })
    expect(home.canonicalUrl.startsWith('urn:breachwire:no-permalink:')).toBe(true)
    const permalink = collectEvidence(makeItem({ url: 'https://county.example/news/it-restored' }), source)
    expect(permalink.canonicalUrl).toBe(canonicalizeUrl('https://county.example/news/it-restored'))
  })
})
