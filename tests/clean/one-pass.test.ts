// The content's tokenizer pass yields the summary's text too (normalize.ts): a differential
// property against the two-pass definition (summarizeItem over the summary, else the content;
// sanitizeContent over the content, else the summary), on generated summary/content pairs where
// either is absent, blank, the same string as the other, textless, or markup of every kind.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeItems } from '../../src/clean/normalize.js'
import { sanitizeContent } from '../../src/clean/sanitize.js'
import { summarizeItem } from '../../src/clean/summary.js'
import type { FeedSource, ParsedItem } from '../../src/types.js'

const source: FeedSource = { id: 's', url: 'https://s.example/feed', type: 'feed', tags: [], enabled: true, republish: 'full' }
const pieces = [
  '<p>',
  '</p>',
  'Acme lost data. ',
  '<a href="/notice?utm_source=x">the notice</a>',
  '<script>var x = 1</script>',
  '<style>p{}</style>',
  '<br>',
  '<img src="/pixel.gif" width="1" height="1">',
  '&amp; ',
  '&hellip;',
  '&#8217;',
  '<b>bold</b>',
  '<h2>Head</h2>',
  '<li>one</li>',
  '  \n ',
  '>',
  '<',
  'The post Acme appeared first on Desk.',
  'Read more »',
  '<iframe src="https://x.example/"></iframe>',
  '<div><p>nested</div>',
  '<svg><text>svg text</text></svg>',
]
const fragment = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((parts) => parts.join(''))
const pair = fc.oneof(
  fc.tuple(fc.option(fragment, { nil: undefined }), fc.option(fragment, { nil: undefined })),
  // The same string in both (RSS items with a description only: the adapter copies it).
  fragment.map((html) => [html, html] as const),
  fc.tuple(fc.constantFrom('', '   ', '<img src="/a.png">', '<script>x</script>'), fragment),
)

describe('normalizeItems: one tokenizer pass for content and summary text', () => {
  it('gives what the two-pass definition gives', () => {
    fc.assert(
      fc.property(pair, ([summary, content]) => {
        const item: ParsedItem = { guid: 'g1', link: 'https://s.example/post/1', title: 'T' }
        if (summary !== undefined) item.summary = summary
        if (content !== undefined) item.content = content
        const nonEmpty = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v : undefined)
        const [normalized] = normalizeItems({ format: 'rss', items: [item] }, source, {
          feedUrl: source.url,
          now: new Date('2026-10-01T00:00:00Z'),
        }).items
        expect(normalized?.summaryText).toBe(summarizeItem(nonEmpty(summary), nonEmpty(content)))
        expect(normalized?.contentHtml).toBe(sanitizeContent(nonEmpty(content) ?? nonEmpty(summary), 'https://s.example/post/1'))
      }),
      { seed: 99, numRuns: 800 },
    )
  })
})
