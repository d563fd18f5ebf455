// Bidi spoofing and invisible characters: titles, authors, summaries and categories lose them;
// content keeps soft hyphens and joiners but loses bidi overrides and isolates.
import { describe, expect, it } from 'vitest'
import { collapseWhitespace } from '../../src/clean/html-text.js'
import { normalizeItems } from '../../src/clean/index.js'
import type { FeedSource, ParsedItem } from '../../src/types.js'

const source: FeedSource = { id: 's', url: 'https://s.example/feed', type: 'feed', tags: [], enabled: true, republish: 'full' }
const ctx = { feedUrl: 'https://s.example/feed', now: new Date('2024-10-10T12:00:00.000Z') }
const SPOOF = /[\u00ad\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff\u001b]/

function normalizeOne(item: ParsedItem) {
  const { items } = normalizeItems({ format: 'rss', items: [item] }, source, ctx)
  expect(items).toHaveLength(1)
  return items[0]!
}

describe('bidi and invisible characters', () => {
  it('are removed from titles, authors, summaries and categories (HTML and text titles alike)', () => {
    const dirty = 'Acme\u202e\u2066 brea\u00adch\u200b of\u2069 \u202dreport\ufeff.pdf\u2060\u001b[2J'
    for (const titleType of ['html', 'text'] as const) {
      const item = normalizeOne({
        link: 'https://s.example/a',
        title: dirty,
        titleType,
        author: `Ja\u00adne\u202e Doe`,
        summary: `<p>Sum\u202emary\u2067 text\u00ad</p>`,
        categories: ['ran\u202esom\u200dware'],
      })
      expect(item.title).toBe('Acme breach of report.pdf[2J')
      expect(item.author).toBe('Jane Doe')
      expect(item.summaryText).toBe('Summary text')
      expect(item.categories).toEqual(['ransomware'])
      for (const field of [item.title, item.author ?? '', item.summaryText, ...item.categories]) expect(field).not.toMatch(SPOOF)
    }
  })

  it('keeps LRM/RLM, which right-to-left text needs', () => {
    expect(collapseWhitespace('שלום\u200f (2024)\u200e')).toBe('שלום\u200f (2024)\u200e')
  })

  it('are removed from content text and attributes, where soft hyphens and joiners stay', () => {
    const item = normalizeOne({
      link: 'https://s.example/a',
      title: 't',
      content: '<p>in\u202evoice \u2066x\u2069 Donau\u00addampf 👨\u200d👩\u200d👧</p><img src="https://s.example/i.png" alt="a\u202eb">',
    })
    expect(item.contentHtml).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/)
    expect(item.contentHtml).toContain('invoice x Donau\u00addampf 👨\u200d👩\u200d👧')
    expect(item.contentHtml).toContain('alt="ab"')
    const plain = normalizeOne({ link: 'https://s.example/b', title: 't', content: 'plain\u202e text' })
    expect(plain.contentHtml).toBe('plain text')
  })
})
