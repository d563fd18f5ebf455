import { describe, expect, it } from 'vitest'
import { SUMMARY_MAX, stripBoilerplate, summarizeItem } from '../../src/clean/summary.js'

describe('summarizeItem', () => {
  it.each([
    ['<p>Hello <b>world</b></p>', undefined, 'Hello world'],
    ['<p>One</p><p>Two</p><ul><li>three</li><li>four</li></ul>', undefined, 'One Two three four'],
    ['line<br>break', undefined, 'line break'],
    ['Tom &amp; Jerry &#8211; &quot;cats&quot;', undefined, 'Tom & Jerry – "cats"'],
    ['a<script>var x = "<p>hidden</p>";</script>b<style>.c{}</style>', undefined, 'ab'],
    ['  lots \n\n of \t   space\u00a0here ', undefined, 'lots of space here'],
    [undefined, '<div>from content</div>', 'from content'],
    ['', '<div>from content</div>', 'from content'],
    ['<img src="x.png">', '<p>content text</p>', 'content text'],
    [undefined, undefined, ''],
  ])('%j / %j → %j', (summary, content, expected) => {
    expect(summarizeItem(summary, content)).toBe(expected)
  })

  it('caps at SUMMARY_MAX on a word boundary with an ellipsis', () => {
    const text = 'breach '.repeat(200)
    const out = summarizeItem(text, undefined)
    expect(out.length).toBeLessThanOrEqual(SUMMARY_MAX)
    expect(out).toMatch(/breach…$/)
  })
})

describe('stripBoilerplate', () => {
  it.each([
    [
      'Acme says 48,000 customers affected. The post Acme discloses breach appeared first on Breach News.',
      'Acme says 48,000 customers affected.',
    ],
    ['The attackers used stolen credentials [&hellip;]', 'The attackers used stolen credentials…'],
    ['The attackers used stolen credentials […]', 'The attackers used stolen credentials…'],
    ['The attackers used stolen credentials [...]', 'The attackers used stolen credentials…'],
    ['Details below. Continue reading →', 'Details below.'],
    ['Details below. Continue reading “Acme breach” →', 'Details below.'],
    ['Details below. Read more »', 'Details below.'],
    ['An ordinary sentence about reading.', 'An ordinary sentence about reading.'],
    [
      'Continue reading is mentioned mid-text, then more words follow here and the text goes on for a long while after it.',
      'Continue reading is mentioned mid-text, then more words follow here and the text goes on for a long while after it.',
    ],
  ])('%j → %j', (input, expected) => {
    expect(stripBoilerplate(input)).toBe(expected)
  })

  it('applies to summaries built from HTML', () => {
    const html =
      '<p>Acme says 48,000 customers affected [&#8230;]</p><p>The post <a href="https://x.example/p">Acme discloses breach</a> appeared first on <a href="https://x.example/">Breach News</a>.</p>'
    expect(summarizeItem(html, undefined)).toBe('Acme says 48,000 customers affected…')
  })
})
