// Facts in the SQLite store: stored per item, shown on every ApiItem, filtered through the shared
// filter layer, merged per story, counted by facet. The same scenario runs on PostgreSQL in
// tests/store-pg/facts.test.ts and must answer the same.
import { describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.js'
import { facts, readFactsScenario, seedFactsScenario } from './scenario.js'

describe('facts in the store', () => {
  it('answers every facts read and filter of the scenario', async () => {
    const store = openStore(':memory:')
    await seedFactsScenario(store)
    const answer = await readFactsScenario(store)
    await store.close()
    // Newest first; the item saved without facts reads as empty facts.
    expect(answer.items.map((i) => i.id)).toEqual([5, 4, 3, 2, 1])
    expect(answer.items[0]!.facts).toEqual(facts({}))
    expect(answer.items[4]!.facts).toEqual({
      organizations: ['Marks & Spencer plc'],
      actors: ['Scattered Spider'],
      records: 9_400_000,
      dataTypes: ['contact', 'payment-card'],
      sector: 'retail',
      country: 'GB',
    })
    expect(Object.keys(answer.items[4]!.facts)).toEqual(['organizations', 'actors', 'records', 'dataTypes', 'sector', 'country'])
    // The river is one entry per story: items 1 and 2 are one story.
    expect(answer.river).toEqual([
      'Acme Corp breach exposes 5,000 Social Security numbers',
      'Change Healthcare breach hits 190 million',
      'Ascension ransomware attack',
      'M&S hit by cyberattack',
    ])
    // "Marks & Spencer plc" and "Marks and Spencer" are one org; the story shows once, by its earliest matching report.
    expect(answer.byOrg).toEqual(['M&S hit by cyberattack'])
    expect(answer.byOrgPrefix).toEqual(['Ascension ransomware attack'])
    expect(answer.byShortOrg).toEqual([])
    expect(answer.byActor).toEqual(['Change Healthcare breach hits 190 million'])
    expect(answer.bySector).toEqual(['Change Healthcare breach hits 190 million', 'Ascension ransomware attack'])
    expect(answer.byCountry).toEqual(['M&S hit by cyberattack'])
    expect(answer.byDataType).toEqual(['Ascension ransomware attack'])
    // Only report 2 states 10M: the story is listed by that report.
    expect(answer.byMinRecords).toEqual(['Change Healthcare breach hits 190 million', 'Marks and Spencer says 10 million affected'])
    expect(answer.bySince).toEqual([
      'Acme Corp breach exposes 5,000 Social Security numbers',
      'Change Healthcare breach hits 190 million',
      'Ascension ransomware attack',
    ])
    expect(answer.byUntil).toEqual(['M&S hit by cyberattack'])
    expect(answer.combined).toEqual(['Change Healthcare breach hits 190 million'])
    expect(answer.withCategory).toEqual(['Ascension ransomware attack'])
    expect(answer.searched).toEqual(['Change Healthcare breach hits 190 million'])
    expect(answer.newest).toBe('2026-02-01T00:00:00.000Z')
    expect(answer.cursor).not.toBeNull()
    // Story facts: orgs agreed on, union of data types, the largest count with its history.
    expect(answer.storyFacts[1]).toMatchObject({
      organizations: ['Marks & Spencer plc'],
      records: 10_000_000,
      dataTypes: ['contact', 'payment-card'],
      recordsHistory: [
        { records: 9_400_000, reportId: 1, date: '2026-01-10T00:00:00.000Z' },
        { records: 10_000_000, reportId: 2, date: '2026-01-12T00:00:00.000Z' },
      ],
    })
    expect(answer.storyFacts[3]).toMatchObject({ organizations: ['Ascension Health'], records: 5_600_000 })
    expect(answer.storyFacts[99]).toBeUndefined()
    expect(answer.facets.sector).toEqual([
      { key: 'healthcare', name: 'healthcare', count: 2 },
      { key: 'retail', name: 'retail', count: 1 },
    ])
    expect(answer.facets.org[0]).toEqual({ key: 'marks-and-spencer', name: 'Marks & Spencer plc', count: 2 })
    expect(answer.facetsOfSearch.actor).toEqual([{ key: 'alphv', name: 'ALPHV', count: 1 }])
    expect(answer.orgName).toBe('Marks & Spencer plc')
    expect(answer.actorName).toBe('Scattered Spider')
    expect(answer.unknownName).toBeNull()
    expect(answer.missing.map((m) => m.id)).toEqual([5])
  })

  it('replaces an item’s facts and facets when saved again, and drops them with the item', async () => {
    const store = openStore(':memory:')
    await seedFactsScenario(store)
    await store.saveFacts(4, facts({ organizations: ['UnitedHealth Group'], records: 100 }), 'extracted')
    expect(await store.listItems({ limit: 10, org: 'change-healthcare' })).toMatchObject({ items: [] })
    expect((await store.listItems({ limit: 10, org: 'unitedhealth' })).items.map((i) => i.id)).toEqual([4])
    expect((await store.listItems({ limit: 10, actor: 'alphv' })).items).toEqual([])
    // Retention removes the item and, by cascade, its facts.
    await store.pruneItems('2027-01-01T00:00:00.000Z', 30, 0)
    expect(await store.countItems()).toBe(0)
    expect((await store.countFacets({}, 5)).org).toEqual([])
    await store.close()
  })
})
