// Text that SQLite and UTF-8 cannot carry: lone UTF-16 surrogates (better-sqlite3 stores each as
// three U+FFFD) and the noncharacters U+FFFE/U+FFFF. clean strips them from every field it makes.

import { describe, expect, it } from 'vitest'
import { normalizeItems } from '../../src/clean/index.js'
import { stripBadCodeUnits } from '../../src/clean/unicode.js'
import type { FeedSource, NormalizedItem, ParsedItem } from '../../src/types.js'

const source: FeedSource = { id: 's', url: 'https://s.example/feed', type: 'feed', tags: [], enabled: true, republish: 'full' }
const ctx = { feedUrl: 'https://s.example/feed', now: new Date('2024-10-10T12:00:00.000Z') }

const HIGH = '\ud83d'
const LOW = '\ude00'
const BAD = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff\ufffd]/

function textFields(item: NormalizedItem): string[] {
  return [
    item.identityKey,
    item.guid ?? '',
    item.url,
    item.title,
    item.author ?? '',
    item.summaryText,
    item.contentHtml,
    ...item.categories,
  ]
}

describe('stripBadCodeUnits', () => {
  it('drops lone surrogates and U+FFFE/U+FFFF, keeps pairs and everything else', () => {
    expect(stripBadCodeUnits(`a${HIGH}b${LOW}c\ufffed\uffffe`)).toBe('abcde')
    expect(stripBadCodeUnits(`${LOW}${HIGH}`)).toBe('')
    expect(stripBadCodeUnits(`x${HIGH}`)).toBe('x')
    expect(stripBadCodeUnits(`${LOW}x`)).toBe('x')
    expect(stripBadCodeUnits('ok 😀 ∑ é \ufffd')).toBe('ok 😀 ∑ é \ufffd')
    expect(stripBadCodeUnits(`${HIGH}${HIGH}${LOW}`)).toBe('😀')
  })
})

describe('normalizeItems: no lone surrogates or U+FFFE/U+FFFF in any field', () => {
  const nasty: ParsedItem = {
    guid: `tag:s,2024:${HIGH}1\uffff`,
    link: 'https://s.example/post/1',
    title: `Breach${LOW} at Acme\ufffe 😀`,
    titleType: 'text',
    author: `Jane${HIGH} Doe`,
    summary: `<p>Records${LOW} exposed &#xFFFF;&#xFFFE; today${HIGH}</p>`,
    content: `<p>Body${LOW} text\uffff</p><img src="https://s.example/i.png" alt="a${LOW}">`,
    categories: [`Leak${HIGH}`, `${LOW}`, '\uffff', 'Ransomware'],
    published: '2024-10-01T00:00:00Z',
  }

  it('strips them from title, author, summary, content, categories and guid', () => {
    const [item] = normalizeItems({ format: 'rss', items: [nasty] }, source, ctx).items
    expect(item).toBeDefined()
    if (item === undefined) return
    for (const field of textFields(item)) expect(field).not.toMatch(BAD)
    expect(item).toMatchObject({
      guid: 'tag:s,2024:1',
      title: 'Breach at Acme 😀',
      author: 'Jane Doe',
      summaryText: 'Records exposed today',
      contentHtml: '<p>Body text</p><img src="https://s.example/i.png" alt="a" />',
      categories: ['Leak', 'Ransomware'],
    })
  })

  it('gives the same identity as the clean guid, and strips plain-text content and HTML titles too', () => {
    const clean = normalizeItems({ format: 'rss', items: [{ guid: 'tag:s,2024:1', title: 'x' }] }, source, ctx).items[0]
    const dirty = normalizeItems({ format: 'rss', items: [{ guid: `tag:s,2024:1${LOW}`, title: 'x' }] }, source, ctx).items[0]
    expect(dirty?.identityKey).toBe(clean?.identityKey)
    const [plain] = normalizeItems(
      { format: 'rss', items: [{ link: 'https://s.example/2', title: `<b>Bold${HIGH}</b> title`, content: `no markup${LOW}\uffff` }] },
      source,
      ctx,
    ).items
    expect(plain).toMatchObject({ title: 'Bold title', contentHtml: 'no markup', summaryText: 'no markup' })
  })

  it('never produces them from random text (a title of only bad code units falls back)', () => {
    const alphabet = [HIGH, LOW, '\ufffe', '\uffff', 'a', ' ', '<', '&', '😀', '\ud800', '\udfff', '&#xFFFF;']
    let seed = 7
    const pick = (): string => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return alphabet[seed % alphabet.length] ?? ''
    }
    const items: ParsedItem[] = []
    for (let n = 0; n < 200; n++) {
      const text = (len: number): string => Array.from({ length: len }, pick).join('')
      items.push({
        link: `https://s.example/r/${n}`,
        title: text(8),
        author: text(4),
        summary: text(20),
        content: `<p>${text(20)}</p>`,
        categories: [text(3)],
        guid: `g${n}${text(2)}`,
      })
    }
    const result = normalizeItems({ format: 'rss', items }, source, ctx)
    expect(result.items.length).toBeGreaterThan(0)
    for (const item of result.items) for (const field of textFields(item)) expect(field).not.toMatch(BAD)
    const [onlyBad] = normalizeItems({ format: 'rss', items: [{ link: 'https://s.example/b', title: `${HIGH}\uffff` }] }, source, ctx).items
    expect(onlyBad?.title).toBe('https://s.example/b')
  })
})
