import { describe, expect, it } from 'vitest'
import { BadQueryError } from '../../src/errors.js'
import { buildFtsQuery } from '../../src/store/fts-query.js'
import type { Store } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'

const now = '2026-03-01T00:00:00.000Z'

async function seed(): Promise<{ store: Store; ids: Record<string, number> }> {
  const store = await makeStore(['a', 'b'])
  const entries = {
    hospital: makeItem({ sourceId: 'a', title: 'Ransomware gang hits regional hospital', summaryText: 'Patient records were encrypted.' }),
    bank: makeItem({
      sourceId: 'a',
      title: 'Bank discloses data breach',
      summaryText: 'Attackers accessed customer records through a vendor.',
    }),
    school: makeItem({
      sourceId: 'b',
      title: 'School district breached',
      summaryText: 'A ransomware attack on the district leaked student data.',
      categories: ['Education'],
    }),
    cafe: makeItem({ sourceId: 'b', title: 'Café chain résumé leak', summaryText: 'Job applicants affected.' }),
  }
  const ids: Record<string, number> = {}
  for (const [name, item] of Object.entries(entries)) ids[name] = (await store.upsertItems(item.sourceId, [item], now)).written[0]!.id
  return { store, ids }
}

async function hitIds(store: Store, q: string, extra: { sources?: string[]; category?: string } = {}): Promise<number[]> {
  return (await store.searchItems({ q, limit: 50, ...extra })).items.map((x) => x.id)
}

describe('searchItems', () => {
  it('ranks title matches above summary matches and marks matches in the snippet', async () => {
    const { store, ids } = await seed()
    const page = await store.searchItems({ q: 'ransomware', limit: 10 })
    expect(page.items.map((x) => x.id)).toEqual([ids['hospital'], ids['school']])
    expect(page.items[0]!.snippet).toContain('\u0002Ransomware\u0003')
    expect(page.items[1]!.snippet).toContain('\u0002ransomware\u0003')
    expect(page.items[0]!.source).toEqual({ id: 'a', title: 'a' })
  })

  it('supports phrases, prefixes, AND of words, OR, NOT and -word', async () => {
    const { store, ids } = await seed()
    expect(await hitIds(store, '"data breach"')).toEqual([ids['bank']])
    expect((await hitIds(store, 'breach*')).sort()).toEqual([ids['bank'], ids['school']].sort())
    expect(await hitIds(store, 'records customer')).toEqual([ids['bank']])
    expect((await hitIds(store, 'hospital OR school')).sort()).toEqual([ids['hospital'], ids['school']].sort())
    expect(await hitIds(store, 'ransomware NOT school')).toEqual([ids['hospital']])
    expect(await hitIds(store, 'ransomware -hospital')).toEqual([ids['school']])
    // Stemming and diacritics folding.
    expect((await hitIds(store, 'breaches')).sort()).toEqual([ids['bank'], ids['school']].sort())
    expect(await hitIds(store, 'resume cafe')).toEqual([ids['cafe']])
  })

  it('applies source and category filters', async () => {
    const { store, ids } = await seed()
    expect(await hitIds(store, 'ransomware', { sources: ['b'] })).toEqual([ids['school']])
    expect(await hitIds(store, 'ransomware', { category: 'education' })).toEqual([ids['school']])
  })

  it('never lets FTS5 syntax errors escape: garbage is words or an empty-query BadQueryError', async () => {
    const { store } = await seed()
    // Each input pinned to what it does: searched as words, or left with no words (operators,
    // punctuation and emoji alone are not words) and refused.
    const words = [
      '"unbalanced',
      'NEAR(',
      'NEAR(a b)',
      'title:bank',
      '^bank',
      'a"b"c',
      'OR bank',
      'bank OR',
      "'; drop table items; --",
      'x'.repeat(5000),
      'bank*:* AND (',
    ]
    const noWords = ['AND OR', '*', '(((', ')', 'NOT', '- -', '\u0000', '🙂', '"" "" ""']
    for (const q of words) expect(Array.isArray((await store.searchItems({ q, limit: 5 })).items), q.slice(0, 40)).toBe(true)
    for (const q of noWords) await expect(store.searchItems({ q, limit: 5 }), q).rejects.toThrow(new BadQueryError('search query is empty'))
    await expect(store.searchItems({ q: '   ', limit: 5 })).rejects.toThrow('search query is empty')
    await expect(store.searchItems({ q: 'AND OR', limit: 5 })).rejects.toThrow(BadQueryError)
    expect(await hitIds(store, '(bank) ^"discloses" bank:')).toHaveLength(1)
    expect(await store.countItems()).toBe(4)
  })

  it('pages by (rank, id) without offsets and refuses a list cursor', async () => {
    const store = await makeStore(['a'])
    const items = Array.from({ length: 25 }, (_, i) =>
      makeItem({ sourceId: 'a', title: `Leak report ${i}`, summaryText: i % 2 === 0 ? 'leak leak leak' : 'other' }),
    )
    await store.upsertItems('a', items, now)
    const seen: number[] = []
    let cursor: string | undefined
    for (;;) {
      const page = await store.searchItems({ q: 'leak', limit: 4, ...(cursor === undefined ? {} : { cursor }) })
      seen.push(...page.items.map((x) => x.id))
      if (page.nextCursor === null) break
      cursor = page.nextCursor
    }
    expect(seen).toHaveLength(25)
    expect(new Set(seen).size).toBe(25)
    const all = (await store.searchItems({ q: 'leak', limit: 100 })).items.map((x) => x.id)
    expect(seen).toEqual(all)
    const listCursor = (await store.listItems({ limit: 1 })).nextCursor!
    await expect(store.searchItems({ q: 'leak', limit: 4, cursor: listCursor })).rejects.toThrow('cursor is not valid')
  })
})

describe('buildFtsQuery', () => {
  it.each([
    ['ransomware hospital', '"ransomware" AND "hospital"'],
    ['"data breach" bank', '"data breach" AND "bank"'],
    ['breach*', '"breach"*'],
    ['a* b', '"a" AND "b"'],
    ['bank OR school', '("bank" OR "school")'],
    ['ransomware NOT school', '("ransomware") NOT "school"'],
    ['ransomware -school', '("ransomware") NOT "school"'],
    ['NEAR(a b)', '"NEAR a" AND "b"'],
    ['"unbalanced phrase', '"unbalanced phrase"'],
    ['covid-19', '"covid 19"'],
    ['say "hi', '"say" AND "hi"'],
  ])('%s → %s', (input, expected) => {
    expect(buildFtsQuery(input)).toBe(expected)
  })

  it.each(['', '   ', 'AND OR', '*', '""', 'NOT bank', '-bank', '()'])('%j is empty', (input) => {
    expect(() => buildFtsQuery(input)).toThrow('search query is empty')
  })
})
