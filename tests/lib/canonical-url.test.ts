import { describe, expect, it } from 'vitest'
import { canonicalizeUrl } from '../../src/lib/canonical-url.js'

const cases: [string, string, string][] = [
  ['scheme and host case', 'HTTPS://Example.COM/Path', 'https://example.com/Path'],
  ['http folded to https', 'http://example.com/a', 'https://example.com/a'],
  ['default ports', 'http://example.com:80/a', 'https://example.com/a'],
  ['default https port', 'https://example.com:443/a', 'https://example.com/a'],
  ['other ports kept', 'https://example.com:8443/a', 'https://example.com:8443/a'],
  ['fragment', 'https://example.com/a#comments', 'https://example.com/a'],
  ['utm params', 'https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x', 'https://example.com/a'],
  ['click ids', 'https://example.com/a?fbclid=IwAR0&gclid=abc&mc_cid=1&mc_eid=2', 'https://example.com/a'],
  ['sorted remaining params', 'https://example.com/a?b=2&a=1&utm_term=x', 'https://example.com/a?a=1&b=2'],
  ['www host', 'https://www.example.com/a', 'https://example.com/a'],
  ['mobile hosts', 'https://m.example.com/a', 'https://example.com/a'],
  ['mobile. host', 'https://mobile.example.com/a', 'https://example.com/a'],
  ['amp host', 'https://amp.example.com/a', 'https://example.com/a'],
  ['bare m.com kept', 'https://m.com/a', 'https://m.com/a'],
  ['trailing /amp/', 'https://example.com/news/story/amp/', 'https://example.com/news/story'],
  ['trailing /amp', 'https://example.com/news/story/amp', 'https://example.com/news/story'],
  ['leading /amp/', 'https://example.com/amp/news/story', 'https://example.com/news/story'],
  ['The Register /AMP/', 'https://www.theregister.com/AMP/2024/05/10/x/', 'https://theregister.com/2024/05/10/x'],
  ['?amp', 'https://example.com/story?amp', 'https://example.com/story'],
  ['?amp=1', 'https://example.com/story?amp=1', 'https://example.com/story'],
  ['outputType=amp', 'https://example.com/story?outputType=amp', 'https://example.com/story'],
  ['outputType other kept', 'https://example.com/story?outputType=print', 'https://example.com/story?outputType=print'],
  ['.amp.html', 'https://example.com/story.amp.html', 'https://example.com/story.html'],
  ['AMP cache', 'https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/a/', 'https://example.com/news/a'],
  ['trailing slash', 'https://example.com/a/b/', 'https://example.com/a/b'],
  ['root stays /', 'https://example.com', 'https://example.com/'],
  ['index.html', 'https://example.com/a/index.html', 'https://example.com/a'],
  ['index.php', 'https://example.com/index.php', 'https://example.com/'],
  ['double slashes', 'https://example.com//a//b', 'https://example.com/a/b'],
  ['Google News url=', 'https://news.google.com/news/url?url=https://example.com/a%3Futm_source%3Dgn&ct=1', 'https://example.com/a'],
  ['google.com/url?q=', 'https://www.google.com/url?q=https://example.com/a&sa=D', 'https://example.com/a'],
  ['google.com/url?url=', 'https://www.google.com/url?rct=j&url=https%3A%2F%2Fexample.com%2Fa&ct=ga', 'https://example.com/a'],
  [
    'google.com other path kept',
    'https://www.google.com/search?q=https://example.com/a',
    'https://google.com/search?q=https%3A%2F%2Fexample.com%2Fa',
  ],
  ['facebook l.php', 'https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2Fa%3Ffbclid%3Dx&h=AT', 'https://example.com/a'],
  ['out.reddit.com', 'https://out.reddit.com/t3_abc?url=https%3A%2F%2Fexample.com%2Fa&token=x', 'https://example.com/a'],
  ['urldefense v3', 'https://urldefense.com/v3/__https://example.com/a__;!!abc', 'https://example.com/a'],
  ['t.co not recoverable', 'https://t.co/AbCdEf123', 'https://t.co/AbCdEf123'],
  [
    'feedproxy without original kept',
    'http://feedproxy.google.com/~r/Feed/~3/AbC/slug',
    'https://feedproxy.google.com/~r/Feed/~3/AbC/slug',
  ],
  ['feedproxy with original', 'http://feedproxy.google.com/~r/Feed/~3/AbC/https%3A%2F%2Fexample.com%2Fa', 'https://example.com/a'],
  [
    'nested wrappers',
    `https://www.google.com/url?q=${encodeURIComponent(`https://l.facebook.com/l.php?u=${encodeURIComponent('https://www.example.com/a/amp/')}`)}`,
    'https://example.com/a',
  ],
  ['not a URL', '  not a url ', 'not a url'],
  ['non-http scheme', 'mailto:a@example.com', 'mailto:a@example.com'],
]

describe('canonicalizeUrl', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected)
  })

  it('maps every spelling of one article to one key', () => {
    const spellings = [
      'https://therecord.media/some-story',
      'http://www.therecord.media/some-story/',
      'https://therecord.media/some-story/amp?utm_source=rss',
      'https://therecord-media.cdn.ampproject.org/c/s/therecord.media/some-story',
      'https://www.google.com/url?q=https%3A%2F%2Ftherecord.media%2Fsome-story%23x',
    ]
    expect(new Set(spellings.map(canonicalizeUrl)).size).toBe(1)
  })

  it('never throws on junk', () => {
    for (const junk of ['', 'http://', '://x', 'https://[::1', 'https://example.com/%E0%A4%A', 'javascript:alert(1)']) {
      expect(() => canonicalizeUrl(junk)).not.toThrow()
    }
  })
})
