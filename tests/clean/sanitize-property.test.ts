import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sanitizeContent } from '../../src/clean/sanitize.js'

const base = 'https://blog.example.com/post/'

// Pieces that, shuffled together, make hostile and broken markup.
const pieces = [
  '<p>',
  '</p>',
  '<a href="javascript:alert(1)">',
  '<a href="/ok">',
  '</a>',
  '<img src=x onerror=alert(1)>',
  '<script>',
  '</script>',
  'alert(1)',
  '<svg onload=alert(1)>',
  '</svg>',
  '<style>',
  '</style>',
  '<iframe src=//e>',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '"',
  "'",
  '<',
  '>',
  '&',
  '&lt;',
  '&amp;',
  '&#x6A;avascript:',
  '<b>',
  '</b>',
  '<div style="x:expression(alert(1))">',
  '</div>',
  '<table>',
  '<td>',
  '<math><mi xlink:href="javascript:1">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<textarea>',
  '</textarea>',
  'text ',
  '<form><button formaction=javascript:1>',
  '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
  '<a href="java&#9;script:x">',
  '<base href=//evil>',
  '<meta http-equiv=refresh content=0>',
  '<br/>',
  '<hr>',
]

const hostile = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(''))

function isHarmless(out: string): boolean {
  return (
    !/<\s*\/?\s*(script|style|iframe|object|embed|form|input|button|svg|math|link|meta|base|textarea|noscript)\b/i.test(out) &&
    !/<[^>]*\son[a-z]+\s*=/i.test(out) &&
    !/<[^>]*\s(style|class|id)\s*=/i.test(out) &&
    // In text, 'javascript:' is just words; inside a tag it must never appear.
    !/<[^>]*(javascript|vbscript|data):/i.test(out) &&
    !out.includes('<!--') &&
    !out.includes('<![CDATA[')
  )
}

describe('sanitizeContent properties', () => {
  it('never lets anything dangerous through, and is idempotent', () => {
    fc.assert(
      fc.property(hostile, (html) => {
        const once = sanitizeContent(html, base)
        expect(isHarmless(once)).toBe(true)
        expect(sanitizeContent(once, base)).toBe(once)
      }),
      { numRuns: 400, seed: 20261128 },
    )
  })

  it('is idempotent when an element it unwraps sits between a paragraph and a block that closes it', () => {
    // htmlparser2 closes an open <p> (or <li>, <td>, <dd>…) when a closing-implying tag opens
    // right inside it; with an unwrapped element in between, the first pass nested them.
    for (const html of [
      '<p><a href="javascript:alert(1)"><p><td>',
      '<p><font><div>block</div></font>after</p>',
      '<p><a href="javascript:x"><table><tr><td>x</td></tr></table></a></p>',
      '<ul><li><font><li>two</font></li></ul>',
      '<table><tr><td><font><td>b</font></td></tr></table>',
      '<dl><dt><font><dd>d</font></dl>',
      '<p><font><center>c</center></font></p>',
      '<p><font><hr>x</font></p>',
    ]) {
      const once = sanitizeContent(html, base)
      expect(sanitizeContent(once, base), html).toBe(once)
    }
    // As a browser reads it: the block closes the paragraph.
    expect(sanitizeContent('<p><font><div>block</div></font>after</p>', base)).toBe('<div>block</div>after')
    expect(sanitizeContent('<p>a<font><p>b</font></p>', base)).toBe('<p>a</p><p>b</p>')
  })

  it('balances its tags on broken input', () => {
    expect(sanitizeContent('<p><b>bold <i>both</p> after', base)).toBe('<p><b>bold <i>both</i></b></p> after')
    expect(sanitizeContent('</div></p>stray<ul><li>x', base)).toBe('stray<ul><li>x</li></ul>')
    const deep = `${'<div>'.repeat(500)}deep${'</div>'.repeat(500)}`
    const out = sanitizeContent(deep, base)
    expect(out).toContain('deep')
    expect(out.match(/<div>/g)?.length).toBe(out.match(/<\/div>/g)?.length)
  })

  it('treats XHTML-style self-closing elements as closed, so they do not swallow the rest', () => {
    expect(sanitizeContent('<iframe src="https://v.example/e" /><p>after</p>', base)).toBe('<p>after</p>')
    expect(sanitizeContent('<video controls src="v.mp4"/><p>after</p>', base)).toBe('<p>after</p>')
    expect(sanitizeContent('<p>a<br/>b</p>', base)).toBe('<p>a<br />b</p>')
  })

  it('removes elements left empty by removals', () => {
    expect(sanitizeContent('<p><img src="https://x.example/p.gif" width="1" height="1"></p><p>kept</p>', base)).toBe('<p>kept</p>')
  })
})
