import { describe, expect, it } from 'vitest'
import { deriveFallbackTitle, normalizeTitle, TITLE_MAX } from '../../src/clean/title.js'

describe('normalizeTitle', () => {
  it.each([
    // RSS: the XML layer is already decoded; what is left is HTML, decoded once more.
    [{ title: 'Smith &amp; Co', titleType: 'html' as const }, 'Smith & Co'],
    [{ title: 'AT&amp;T breach', titleType: 'html' as const }, 'AT&T breach'],
    [{ title: 'Double &amp;amp; stays once-decoded', titleType: 'html' as const }, 'Double &amp; stays once-decoded'],
    [{ title: '<b>Bold</b> &lt;tag&gt; news', titleType: 'html' as const }, 'Bold <tag> news'],
    [{ title: 'Caf&eacute; &#8220;quoted&#8221; &#x2013; dash', titleType: 'html' as const }, 'Café “quoted” – dash'],
    [{ title: 'a<script>alert(1)</script>b', titleType: 'html' as const }, 'ab'],
    [{ title: 'Tom & Jerry', titleType: 'html' as const }, 'Tom & Jerry'],
    // Atom type="text": used as-is.
    [{ title: 'Smith &amp; Co', titleType: 'text' as const }, 'Smith &amp; Co'],
    [{ title: 'Use <b> for bold', titleType: 'text' as const }, 'Use <b> for bold'],
    // No titleType: read as HTML (RSS practice).
    [{ title: 'Smith &amp; Co' }, 'Smith & Co'],
    [{ title: '  spaced\n\t out  \u00a0 title ' }, 'spaced out title'],
    [{ title: 'zero\u200bwidth' }, 'zerowidth'],
    [{ title: '' }, ''],
    [{ title: '   ' }, ''],
    [{}, ''],
  ])('%j → %j', (item, expected) => {
    expect(normalizeTitle(item)).toBe(expected)
  })

  it('caps long titles at a word boundary with an ellipsis', () => {
    const long = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ')
    const out = normalizeTitle({ title: long, titleType: 'text' })
    expect(out.length).toBeLessThanOrEqual(TITLE_MAX)
    expect(out.endsWith('…')).toBe(true)
    expect(out).toMatch(/word\d+…$/)
  })
})

describe('deriveFallbackTitle', () => {
  it('uses the start of the summary, else the URL', () => {
    expect(deriveFallbackTitle('Short summary.', 'https://x.com/a')).toBe('Short summary.')
    const words = 'lorem ipsum dolor sit amet '.repeat(10).trim()
    const out = deriveFallbackTitle(words, 'https://x.com/a')
    expect(out.length).toBeLessThanOrEqual(100)
    expect(out.endsWith('…')).toBe(true)
    expect(deriveFallbackTitle('', 'https://x.com/a')).toBe('https://x.com/a')
  })
})
