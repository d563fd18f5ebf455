import { describe, expect, it } from 'vitest'
import { sanitizeContent } from '../../src/clean/sanitize.js'

const base = 'https://blog.example.com/2024/08/post/'
const clean = (html: string): string => sanitizeContent(html, base)

/** Things that must never survive sanitizing, whatever the input. */
function expectHarmless(out: string): void {
  expect(out).not.toMatch(/<\s*(script|style|iframe|object|embed|form|input|button|svg|math|link|meta|base|textarea)\b/i)
  expect(out).not.toMatch(/\son[a-z]+\s*=/i)
  expect(out).not.toMatch(/\s(style|class|id)\s*=/i)
  expect(out).not.toMatch(/(javascript|vbscript|data):/i)
}

describe('sanitizeContent: hostile corpus', () => {
  it.each([
    ['script', '<p>a</p><script>alert(1)</script><p>b</p>', '<p>a</p><p>b</p>'],
    ['script with odd case', '<p>a</p><SCRIPT SRC=//evil.example/x.js></SCRIPT>', '<p>a</p>'],
    ['style element', '<style>body{display:none}</style><p>x</p>', '<p>x</p>'],
    ['img onerror', '<img src="/i.png" onerror="alert(1)">', '<img src="https://blog.example.com/i.png" />'],
    ['body onload', '<body onload="alert(1)"><p>x</p></body>', '<p>x</p>'],
    ['javascript href', '<a href="javascript:alert(1)">x</a>', 'x'],
    ['mixed-case javascript', '<a href="JaVaScRiPt:alert(1)">x</a>', 'x'],
    ['entity-obfuscated javascript', '<a href="jav&#x09;ascript:alert(1)">x</a>', 'x'],
    ['decimal-entity javascript', '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>', 'x'],
    ['newline javascript', '<a href="java\nscript:alert(1)">x</a>', 'x'],
    ['leading-space javascript', '<a href=" javascript:alert(1)">x</a>', 'x'],
    ['vbscript href', '<a href="vbscript:msgbox(1)">x</a>', 'x'],
    ['data href', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', 'x'],
    ['data img', '<img src="data:image/png;base64,iVBORw0KGgo=">', ''],
    ['iframe', '<p>a</p><iframe src="https://evil.example/"></iframe>', '<p>a</p>'],
    ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>ok', 'ok'],
    ['form and controls', '<form action="/x"><input name="q"><button>Go</button><textarea>t</textarea></form>after', 'after'],
    ['svg onload', '<svg onload="alert(1)"><circle r="1"/></svg><p>after</p>', '<p>after</p>'],
    ['math', '<math><mtext>x</mtext></math><p>y</p>', '<p>y</p>'],
    ['object/embed', '<object data="x.swf"><embed src="x.swf"></object>ok', 'ok'],
    ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>', '<p>x</p>'],
    ['class and id', '<p class="a" id="b" data-x="c">x</p>', '<p>x</p>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">ok', 'ok'],
    ['base and link', '<base href="https://evil.example/"><link rel="stylesheet" href="x.css">ok', 'ok'],
    ['1x1 pixel', '<p>x</p><img src="https://cdn.example.com/p.gif" width="1" height="1">', '<p>x</p>'],
    ['0-height pixel', '<img src="https://cdn.example.com/p.gif" height="0" width="600">', ''],
    ['feedburner beacon', '<img src="http://feeds.feedburner.com/~r/Blog/~4/AbCd" height="1" width="1" alt=""/>', ''],
    ['wordpress stats', '<img src="https://stats.wordpress.com/b.gif?host=x&blog=1" alt="">', ''],
    ['pixel host', '<img src="https://pixel.example.net/open?id=1">', ''],
    ['feedsportal', '<img src="http://da.feedsportal.com/r/1/u.gif" border="0">', ''],
    [
      'feedflare',
      '<a href="http://feeds.feedburner.com/~ff/Blog?a=1"><img src="http://feeds.feedburner.com/~ff/Blog?d=1" border="0"></a>',
      '',
    ],
    ['comment', '<p>a<!-- <script>alert(1)</script> --></p>', '<p>a</p>'],
    ['unknown tags keep text', '<font color="red"><center>hi</center></font>', '<div>hi</div>'],
    ['noscript', '<noscript><img src="https://t.example/x.gif"></noscript>ok', 'ok'],
    ['video and audio', '<video src="x.mp4">fallback</video><audio src="a.mp3"></audio>ok', 'ok'],
  ])('%s', (_name, input, expected) => {
    const out = clean(input)
    expect(out).toBe(expected)
    expectHarmless(out)
  })
})

describe('sanitizeContent: what is kept', () => {
  it('makes links absolute, strips tracking and adds rel', () => {
    expect(clean('<a href="../other/?utm_source=rss&id=7" target="_blank" title="T">x</a>')).toBe(
      '<a href="https://blog.example.com/2024/08/other/?id=7" rel="noopener noreferrer" title="T">x</a>',
    )
  })

  it('overrides any rel the feed gave', () => {
    expect(clean('<a href="https://x.example/" rel="opener">x</a>')).toBe('<a href="https://x.example/" rel="noopener noreferrer">x</a>')
  })

  it('keeps mailto links', () => {
    expect(clean('<a href="mailto:tips@example.com">tips</a>')).toBe('<a href="mailto:tips@example.com" rel="noopener noreferrer">tips</a>')
  })

  it('unwraps anchors without a usable href', () => {
    expect(clean('<p><a name="x">anchor</a> and <a href="ftp://x/">ftp</a></p>')).toBe('<p>anchor and ftp</p>')
  })

  it('absolutizes img src and srcset, keeps alt and sane dimensions', () => {
    expect(clean('<img src="a.png" srcset="a.png 1x, /b.png 2x" alt="A" width="640" height="auto">')).toBe(
      '<img src="https://blog.example.com/2024/08/post/a.png" srcset="https://blog.example.com/2024/08/post/a.png 1x, https://blog.example.com/b.png 2x" alt="A" width="640" />',
    )
  })

  it('drops a srcset with nothing usable and uses data-src for lazy images', () => {
    expect(clean('<img data-src="/real.jpg" src="data:image/gif;base64,R0lGOD" srcset="javascript:x 1x">')).toBe('')
    expect(clean('<img data-src="/real.jpg" srcset="data:x 1x">')).toBe('<img src="https://blog.example.com/real.jpg" />')
  })

  it('demotes headings and keeps structure', () => {
    expect(clean('<h1>T</h1><h2>S</h2><h6>s</h6>')).toBe('<h3>T</h3><h4>S</h4><h6>s</h6>')
    const html =
      '<blockquote cite="/src"><p>q</p></blockquote><ul><li>1</li></ul><ol start="3"><li>3</li></ol>' +
      '<pre><code>x  y</code></pre><table><tr><th scope="col">h</th></tr><tr><td colspan="2">d</td></tr></table>' +
      '<figure><img src="https://i.example/x.jpg" alt=""><figcaption>c</figcaption></figure><hr>' +
      '<p><em>e</em><strong>s</strong><sup>1</sup><abbr title="Personally identifiable information">PII</abbr>' +
      '<time datetime="2024-08-05">Aug 5</time></p>'
    expect(clean(html)).toBe(
      '<blockquote cite="https://blog.example.com/src"><p>q</p></blockquote><ul><li>1</li></ul><ol start="3"><li>3</li></ol>' +
        '<pre><code>x  y</code></pre><table><tr><th scope="col">h</th></tr><tr><td colspan="2">d</td></tr></table>' +
        '<figure><img src="https://i.example/x.jpg" alt="" /><figcaption>c</figcaption></figure><hr />' +
        '<p><em>e</em><strong>s</strong><sup>1</sup><abbr title="Personally identifiable information">PII</abbr>' +
        '<time datetime="2024-08-05">Aug 5</time></p>',
    )
  })

  it('keeps text escaped', () => {
    expect(clean('<p>1 &lt; 2 &amp;&amp; 3 &gt; 2</p>')).toBe('<p>1 &lt; 2 &amp;&amp; 3 &gt; 2</p>')
    expect(clean('plain &lt;script&gt; text')).toBe('plain &lt;script&gt; text')
  })

  it('returns empty for empty or non-string input', () => {
    expect(clean('')).toBe('')
    expect(clean('   ')).toBe('')
    expect(sanitizeContent(undefined, base)).toBe('')
  })
})

describe('sanitizeContent and control characters', () => {
  it('drops C0 control characters from text and attributes, raw or decoded from references', () => {
    const out = sanitizeContent('<p>x\u0000y&#14;z\tw<a href="https://example.org/a\u0001b">l</a></p>', 'https://example.org/')
    expect(out).toContain('<p>xyz\tw<a href="https://example.org/')
    expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(out)).toBe(false)
    expect(sanitizeContent('plain\u0000 text\u0007', 'https://example.org/')).toBe('plain text')
  })
})
