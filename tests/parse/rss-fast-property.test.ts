// Differential property of the RSS fast path: on generated RSS/RDF documents (well-formed and
// broken, with every item field, nesting, attributes, references, CDATA), readRssFast either
// declines (undefined) or yields exactly what rss-parser, the reference, yields once adapted.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { adaptRssParserOutput } from '../../src/parse/rss.js'
import { readRssFast } from '../../src/parse/rss-fast-read.js'
import { RSS_ITEM_FIELDS, readWithRssParser } from '../../src/parse/rss-parser-read.js'

const FEED_URL = 'https://feeds.example/feed.xml'

const textPiece = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.constantFrom(
      'breach',
      ' ',
      'Acme',
      '\n  ',
      '&amp;',
      '&lt;b&gt;',
      '&#233;',
      '&#x2019;',
      '&quot;',
      '&apos;',
      'é',
      '“q”',
      '<![CDATA[<p>x & y</p>]]>',
      '<![CDATA[]]>',
      '<!-- c -->',
      '<?pi x?>',
    ),
  },
  // Not well-formed: the fast path must decline these, never guess.
  { weight: 1, arbitrary: fc.constantFrom('&', '<', '&nbsp;', '&#0;', ']]>', '&constructor;', '&#X41;', '&#x110000;') },
)
const text = fc.array(textPiece, { maxLength: 6 }).map((parts) => parts.join(''))

const attribute = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom(
      'xml:base="https://base.example/a/"',
      'isPermaLink="false"',
      "rdf:about='urn:x:1'",
      'type="html"',
      'a="1 &amp; 2"',
    ),
  },
  // Broken attributes: unquoted, repeated, a raw `<`.
  { weight: 1, arbitrary: fc.constantFrom('a=1', 'a="1" a="2"', 'b="<"') },
)
const attributes = fc.array(attribute, { maxLength: 2 }).map((list) => (list.length === 0 ? '' : ` ${list.join(' ')}`))

const elementNames = [...RSS_ITEM_FIELDS.map(([element]) => element), 'foo', 'x:bar', 'enclosure']

const leaf = fc.tuple(fc.constantFrom(...elementNames), attributes, text, fc.nat(79)).map(([name, attrs, body, shape]) => {
  if (shape === 0) return `<${name}${attrs}/>`
  // A mismatched or missing end tag now and then.
  if (shape === 1) return `<${name}${attrs}>${body}</${name}x>`
  if (shape === 2) return `<${name}${attrs}>${body}`
  return `<${name}${attrs}>${body}</${name}>`
})
const group = fc.array(leaf, { maxLength: 2 }).map((children) => `<media:group>${children.join('')}</media:group>`)
const item = fc
  .tuple(attributes, fc.array(fc.oneof({ weight: 5, arbitrary: leaf }, { weight: 1, arbitrary: group }), { maxLength: 7 }))
  .map(([attrs, children]) => `<item${attrs}>${children.join('')}</item>`)

const channelHead = fc
  .tuple(text, text, fc.constantFrom('', '<ttl>30</ttl>', '<ttl>x</ttl>'), fc.boolean())
  .map(
    ([title, link, ttl, dcTitle]) => `${dcTitle ? `<dc:title>${title}</dc:title>` : `<title>${title}</title>`}<link>${link}</link>${ttl}`,
  )

const document = fc
  .tuple(
    fc.constantFrom('rss', 'rdf', 'rss-itunes'),
    attributes,
    channelHead,
    fc.array(item, { maxLength: 4 }),
    fc.constantFrom('', '<?xml version="1.0"?>\n', ' '),
  )
  .map(([root, attrs, head, items, prolog]) => {
    if (root === 'rdf') {
      return `${prolog}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel${attrs}>${head}</channel>${items.join('')}</rdf:RDF>`
    }
    const ns = root === 'rss-itunes' ? ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"' : ''
    return `${prolog}<rss version="2.0"${ns}><channel${attrs}>${head}${items.join('\n')}</channel></rss>`
  })

async function readReference(xml: string): Promise<unknown> {
  try {
    return adaptRssParserOutput(await readWithRssParser(xml), 'rss', FEED_URL)
  } catch {
    return 'rejected'
  }
}

describe('readRssFast against rss-parser (property)', () => {
  it('declines or agrees exactly, on generated documents', async () => {
    let answered = 0
    let declined = 0
    await fc.assert(
      fc.asyncProperty(document, async (xml) => {
        const fast = readRssFast(xml)
        if (fast === undefined) {
          declined++
          return
        }
        answered++
        expect(adaptRssParserOutput(fast, 'rss', FEED_URL)).toEqual(await readReference(xml))
      }),
      { seed: 1717, numRuns: 300 },
    )
    // The property says something only if both branches happen often.
    expect(answered).toBeGreaterThan(30)
    expect(declined).toBeGreaterThan(30)
  })
})
