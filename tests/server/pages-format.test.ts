// The pure helpers behind the reader pages: dates, excerpts, snippet highlighting, safe hrefs.
import { describe, expect, it } from 'vitest'
import { excerptText, formatAbsoluteDate, formatRelativeDate, formatShortDate } from '../../src/server/pages/format.js'
import { renderSnippetHtml } from '../../src/server/pages/highlight.js'
import { escapeHtml, toSafeHref } from '../../src/server/pages/html.js'

const NOW = new Date('2026-03-10T12:00:00.000Z')

describe('dates', () => {
  it.each([
    ['2026-03-10T11:59:30.000Z', 'just now'],
    ['2026-03-10T11:55:00.000Z', '5 minutes ago'],
    ['2026-03-10T09:00:00.000Z', '3 hours ago'],
    ['2026-03-09T10:00:00.000Z', 'yesterday'],
    ['2026-03-06T12:00:00.000Z', '4 days ago'],
    ['2026-02-20T12:00:00.000Z', '2 weeks ago'],
    ['2025-12-01T12:00:00.000Z', '3 months ago'],
    ['2024-01-01T00:00:00.000Z', '2 years ago'],
    ['2026-03-10T12:15:00.000Z', 'in 15 minutes'],
  ])('%s is "%s"', (iso, expected) => {
    expect(formatRelativeDate(iso, NOW)).toBe(expected)
  })

  it('formats absolute and short dates in UTC, and nothing for junk', () => {
    expect(formatAbsoluteDate('2026-03-10T09:05:00.000Z')).toBe('10 March 2026, 09:05 UTC')
    expect(formatShortDate('2026-03-10T23:59:00.000Z')).toBe('10 Mar 2026')
    for (const junk of [null, undefined, '', 'yesterday-ish']) {
      expect(formatAbsoluteDate(junk)).toBe('')
      expect(formatRelativeDate(junk, NOW)).toBe('')
    }
  })
})

describe('excerptText', () => {
  it('keeps short text whole, collapsing whitespace', () => {
    expect(excerptText('  A  short\n\nsummary. ')).toBe('A short summary.')
  })

  it('cuts at 55 words with an ellipsis and no dangling punctuation', () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`)
    words[54] = 'w54,'
    expect(excerptText(words.join(' '))).toBe(`${words.slice(0, 54).join(' ')} w54…`)
  })
})

describe('renderSnippetHtml', () => {
  it('escapes the text and turns the markers into <mark>', () => {
    expect(renderSnippetHtml('a <b>\u0002ransom\u0003ware & "co"')).toBe('a &lt;b&gt;<mark>ransom</mark>ware &amp; &quot;co&quot;')
  })

  it('closes an unclosed mark and ignores stray closers and control characters', () => {
    expect(renderSnippetHtml('\u0003x \u0002y')).toBe('x <mark>y</mark>')
    expect(renderSnippetHtml('a\u0002\u0002b\u0003\u0003c\u0007')).toBe('a<mark>b</mark>c')
  })
})

describe('toSafeHref and escapeHtml', () => {
  it('lets only absolute http(s) URLs through', () => {
    expect(toSafeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1')
    expect(toSafeHref('http://example.com')).toBe('http://example.com/')
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', '/relative', 'vbscript:x', '', null, undefined]) {
      expect(toSafeHref(bad), String(bad)).toBeNull()
    }
  })

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  })
})
