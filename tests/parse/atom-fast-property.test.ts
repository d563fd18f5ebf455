// Differential property of the Atom fast path: on generated Atom documents (well-formed and
// broken; every element adaptAtomFeed reads, repeated, empty, with attributes, references, CDATA,
// comments, markup, prefixed and upper-case names), readAtomFast either declines (undefined) or
// yields exactly what feedsmith, the reference, yields once adapted. Then the same over every
// Atom fixture of the suite, and the pipeline's own choice (parseFeed) over generated documents.

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAtomDocument } from '../../src/parse/atom.js'
import { readAtomFast } from '../../src/parse/atom-fast-read.js'
import { readFastPathCounts } from '../../src/parse/fast-path-stats.js'
import { parseFeed } from '../../src/parse/index.js'

const FEED_URL = 'https://feeds.example/atom.xml'

const textPiece = fc.oneof(
  {
    weight: 300,
    arbitrary: fc.constantFrom(
      'breach',
      ' ',
      'Acme',
      '\n  ',
      '&amp;',
      '&lt;b&gt;x&lt;/b&gt;',
      '&#233;',
      '&#x2019;',
      '&quot;',
      '&apos;',
      'é',
      '“q”',
      '2026-10-01T12:00:00Z',
      'https://a.example/p?x=1&amp;y=2',
      '<![CDATA[<p>x & y</p>]]>',
      '<![CDATA[]]>',
      '<!-- c -->',
    ),
  },
  // Decoded differently by HTML and XML, or markup inside a value: the fast path must decline.
  { weight: 1, arbitrary: fc.constantFrom('&#150;', '&#x80;', '<b>bold</b>', '<![CDATA[<!-- x -->]]>', '<?pi x?>') },
  // Not well-formed.
  { weight: 1, arbitrary: fc.constantFrom('&', '<', '&nbsp;', '&#0;', ']]>', '&constructor;', '&#X41;', '&#x110000;') },
)
const text = fc.array(textPiece, { maxLength: 5 }).map((parts) => parts.join(''))

const textAttribute = fc.oneof(
  {
    weight: 60,
    arbitrary: fc.constantFrom(
      '',
      ' type="text"',
      ' type="html"',
      ' type=" html "',
      ' type="HTML"',
      ' type="text/html"',
      ' xml:base="https://base.example/a/"',
      ' type="html" xml:base="sub/"',
      ' xml:lang="en"',
      ' src="https://a.example/out.html"',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(' type="xhtml"', ' type="html" type="text"') },
)
const linkAttribute = fc.oneof(
  {
    weight: 40,
    arbitrary: fc.constantFrom(
      ' href="https://a.example/post/1"',
      ' rel="alternate" href="/relative/2"',
      ' rel="self" type="application/atom+xml" href="https://a.example/feed"',
      ' rel="enclosure" type="audio/mpeg" href="https://a.example/a.mp3" length="12"',
      ' type="application/pdf" href="https://a.example/x.pdf"',
      ' href=" https://a.example/spaced "',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(' rel="alternate"', ' href=""', '') },
)
const categoryAttribute = fc.constantFrom(' term="Breach"', ' term="x" label="Nice &amp; label"', ' scheme="urn:s"', ' label=" "', '')

const leafNames = ['id', 'title', 'summary', 'content', 'published', 'updated', 'issued', 'created', 'modified', 'rights', 'foo'] as const

function element(name: string, attrs: string, body: string, shape: number): string {
  if (shape === 0) return `<${name}${attrs}/>`
  if (shape === 1) return `<${name}${attrs}>${body}</${name}x>`
  if (shape === 2) return `<${name}${attrs}>${body}`
  return `<${name}${attrs}>${body}</${name}>`
}

const leaf = fc
  .tuple(fc.constantFrom(...leafNames), textAttribute, text, fc.nat(399))
  .map(([name, attrs, body, shape]) => element(name, attrs, body, shape))
const link = fc.tuple(linkAttribute, fc.nat(40)).map(([attrs, shape]) => (shape === 0 ? `<link${attrs}>x</link>` : `<link${attrs}/>`))
const category = fc
  .tuple(categoryAttribute, fc.nat(40))
  .map(([attrs, shape]) => (shape === 0 ? `<category${attrs}>t</category>` : `<category${attrs}/>`))
const person = fc
  .tuple(
    fc.constantFrom('author', 'author', 'contributor'),
    fc.array(fc.tuple(fc.constantFrom('name', 'uri', 'url', 'email'), text), { maxLength: 3 }),
  )
  .map(([name, parts]) => `<${name}>${parts.map(([part, body]) => `<${part}>${body}</${part}>`).join('')}</${name}>`)
const oddChild = fc.constantFrom(
  '<dc:subject>Leaks</dc:subject>',
  '<Title>x</Title>',
  '<foo xmlns="urn:other">x</foo>',
  '<source><id>s</id></source>',
  '',
)
const entry = fc
  .tuple(
    fc.constantFrom('', ' xml:base="https://entry.example/b/"', ' xml:lang="de"', ' foo="1"'),
    fc.array(
      fc.oneof(
        { weight: 40, arbitrary: leaf },
        { weight: 15, arbitrary: link },
        { weight: 10, arbitrary: category },
        { weight: 10, arbitrary: person },
        {
          weight: 1,
          arbitrary: oddChild,
        },
      ),
      { maxLength: 8 },
    ),
  )
  .map(([attrs, children]) => `<entry${attrs}>${children.join('\n')}</entry>`)

const document = fc
  .tuple(
    fc.constantFrom(
      ' xmlns="http://www.w3.org/2005/Atom"',
      ' xmlns="http://www.w3.org/2005/Atom" xml:base="https://feed.example/dir/"',
      ' xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"',
      ' xmlns="http://www.w3.org/2005/Atom" xml:lang="en"',
      '',
    ),
    fc.tuple(textAttribute, text),
    fc.array(fc.oneof(link, person), { maxLength: 2 }),
    fc.array(entry, { minLength: 0, maxLength: 4 }),
    fc.constantFrom('', '<?xml version="1.0" encoding="utf-8"?>\n', ' '),
  )
  .map(
    ([rootAttrs, [titleAttrs, title], head, entries, prolog]) =>
      `${prolog}<feed${rootAttrs}><title${titleAttrs}>${title}</title>${head.join('')}${entries.join('\n')}</feed>`,
  )

function readReference(xml: string): unknown {
  try {
    return parseAtomDocument(xml, FEED_URL)
  } catch {
    return 'rejected'
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? listFiles(path) : [path]
  })
}

describe('readAtomFast against feedsmith (property)', () => {
  it('declines or agrees exactly, on generated documents', () => {
    let answered = 0
    let declined = 0
    fc.assert(
      fc.property(document, (xml) => {
        const fast = readAtomFast(xml, FEED_URL)
        if (fast === undefined) {
          declined++
          return
        }
        answered++
        expect(fast).toEqual(readReference(xml))
      }),
      { seed: 2020, numRuns: 600 },
    )
    // The property says something only if both branches happen often.
    expect(answered).toBeGreaterThan(60)
    expect(declined).toBeGreaterThan(60)
  })

  it('agrees with feedsmith on every Atom fixture it answers for, and answers for the plain ones', () => {
    const root = join(import.meta.dirname, '..', 'fixtures')
    let answered = 0
    for (const path of listFiles(root)) {
      const xml = readFileSync(path, 'utf8')
      if (!/<feed[\s>]/.test(xml.slice(0, 2000))) continue
      const fast = readAtomFast(xml, FEED_URL)
      if (fast === undefined) continue
      answered++
      expect({ path, feed: fast }).toEqual({ path, feed: readReference(xml) })
    }
    expect(answered).toBeGreaterThan(2)
  })

  it('is what parseFeed takes for a plain Atom feed, with the same result as feedsmith', async () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/">
  <title type="text">News &amp; Leaks</title>
  <link rel="alternate" type="text/html" href="/"/>
  <author><name>Desk</name></author>
  <entry>
    <title type="html">Acme &lt;b&gt;breach&lt;/b&gt;</title>
    <link href="2026/acme"/>
    <id>tag:news.example,2026:1</id>
    <published>2026-10-01T12:00:00Z</published>
    <category term="Breach" label="Data breach"/>
    <summary type="html"><![CDATA[<p>Acme lost <a href="/x">data</a>.</p>]]></summary>
    <content type="html" xml:base="https://cdn.example/">&lt;p&gt;Long&lt;/p&gt;</content>
  </entry>
</feed>`
    const before = readFastPathCounts().atom.fast
    const parsed = await parseFeed(Buffer.from(xml), { url: FEED_URL, contentType: 'application/atom+xml' })
    expect(readFastPathCounts().atom.fast).toBe(before + 1)
    expect(parsed).toEqual(readReference(xml))
    expect(parsed.items[0]).toMatchObject({ link: 'https://news.example/2026/acme', author: 'Desk', categories: ['Data breach'] })
  })
})
