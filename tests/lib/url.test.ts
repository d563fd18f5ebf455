import { describe, expect, it } from 'vitest'
import { cleanUrl, isHttpUrl, isTrackingParam, resolveUrl, stripTrackingParams } from '../../src/lib/url.js'

const base = 'https://example.com/news/post.html'

describe('resolveUrl', () => {
  it.each([
    ['/a/b', base, 'https://example.com/a/b'],
    ['c.html', base, 'https://example.com/news/c.html'],
    ['../up', base, 'https://example.com/up'],
    ['//cdn.example.net/x.png', base, 'https://cdn.example.net/x.png'],
    ['//cdn.example.net/x.png', undefined, 'https://cdn.example.net/x.png'],
    ['HTTP://Example.COM/Path', undefined, 'http://example.com/Path'],
    ['  https://example.com/x  ', undefined, 'https://example.com/x'],
    ['https://example.com/x', 'not a base', 'https://example.com/x'],
    ['?page=2', base, 'https://example.com/news/post.html?page=2'],
    ['#frag', base, 'https://example.com/news/post.html#frag'],
  ])('%s against %s → %s', (href, b, expected) => {
    expect(resolveUrl(href, b)).toBe(expected)
  })

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['java\tscript:alert(1)'],
    ['java\nscript:alert(1)'],
    [' javascript:alert(1)'],
    ['data:text/html;base64,PHNjcmlwdD4='],
    ['vbscript:msgbox(1)'],
    ['file:///etc/passwd'],
    ['mailto:a@example.com'],
    ['ftp://example.com/x'],
    [''],
    ['   '],
    ['http://'],
  ])('rejects %j', (href) => {
    expect(resolveUrl(href, base)).toBeUndefined()
  })

  it('rejects relative hrefs with no base and non-strings', () => {
    expect(resolveUrl('/a', undefined)).toBeUndefined()
    expect(resolveUrl(undefined, base)).toBeUndefined()
    expect(resolveUrl(null, base)).toBeUndefined()
  })
})

describe('stripTrackingParams', () => {
  it.each([
    ['https://x.com/a?utm_source=rss&utm_medium=feed&utm_campaign=c', 'https://x.com/a'],
    ['https://x.com/a?id=5&utm_source=rss&page=2', 'https://x.com/a?id=5&page=2'],
    ['https://x.com/a?UTM_Source=rss&b=1', 'https://x.com/a?b=1'],
    ['https://x.com/a?fbclid=IwAR&gclid=1&dclid=2&msclkid=3&mc_cid=4&mc_eid=5', 'https://x.com/a'],
    ['https://x.com/a?_hsenc=1&_hsmi=2&igshid=3&yclid=4&ref_src=twsrc&__twitter_impression=true', 'https://x.com/a'],
    ['https://x.com/a?oly_enc_id=1&oly_anon_id=2&vero_id=3&vero_conv=4&wt_mc=5', 'https://x.com/a'],
    ['https://x.com/a?z=1&a=2&m=3', 'https://x.com/a?z=1&a=2&m=3'],
    ['https://x.com/a?q=a%20b&utm_term=x', 'https://x.com/a?q=a%20b'],
    ['https://x.com/a?ref=main&utm_source=x', 'https://x.com/a?ref=main'],
    ['https://x.com/a?flag&utm_source=x', 'https://x.com/a?flag'],
    ['https://x.com/a#xtor=RSS-1', 'https://x.com/a'],
    ['https://x.com/a?x=1#section-2', 'https://x.com/a?x=1#section-2'],
    ['https://x.com/a?utm_source=x#top', 'https://x.com/a#top'],
  ])('%s → %s', (input, expected) => {
    expect(stripTrackingParams(input)).toBe(expected)
  })

  it('returns a non-URL unchanged', () => {
    expect(stripTrackingParams('not a url')).toBe('not a url')
  })

  it('knows tracking names, and leaves ordinary ones alone', () => {
    expect(isTrackingParam('utm_anything')).toBe(true)
    expect(isTrackingParam('FBCLID')).toBe(true)
    expect(isTrackingParam('id')).toBe(false)
    expect(isTrackingParam('ref')).toBe(false)
  })
})

describe('cleanUrl', () => {
  it.each([
    ['/p?utm_source=x', 'https://Example.com/', 'https://example.com/p'],
    ['HTTPS://EXAMPLE.COM:443/Case/Kept?utm_medium=y', undefined, 'https://example.com/Case/Kept'],
    ['http://example.com:80/x', undefined, 'http://example.com/x'],
    ['http://example.com:8080/x', undefined, 'http://example.com:8080/x'],
    ['https://example.com/x#', undefined, 'https://example.com/x'],
    ['https://example.com/x?', undefined, 'https://example.com/x'],
    ['https://example.com/x?#', undefined, 'https://example.com/x'],
    ['https://bücher.example/x', undefined, 'https://xn--bcher-kva.example/x'],
  ])('%s (base %s) → %s', (href, b, expected) => {
    expect(cleanUrl(href, b)).toBe(expected)
  })

  it('rejects what resolveUrl rejects', () => {
    expect(cleanUrl('javascript:void(0)', base)).toBeUndefined()
    expect(cleanUrl('data:image/png;base64,AA', base)).toBeUndefined()
  })

  it('gives the same URL for the same article with different tracking', () => {
    const a = cleanUrl('https://example.com/story?id=1&utm_source=twitter')
    const b = cleanUrl('https://EXAMPLE.com/story?utm_campaign=x&id=1&fbclid=abc')
    expect(a).toBe('https://example.com/story?id=1')
    expect(b).toBe(a)
  })
})

describe('isHttpUrl', () => {
  it.each([
    ['https://example.com/', true],
    ['http://example.com', true],
    ['ftp://example.com', false],
    ['urn:uuid:1234', false],
    ['tag:example.com,2024:1', false],
    ['/relative', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (value, expected) => {
    expect(isHttpUrl(value)).toBe(expected)
  })
})
