// One facts scenario for both engines (tests/facts-store for SQLite, tests/store-pg/facts.test.ts
// for PostgreSQL against SQLite): stores reports with their facts, then answers every facts read
// and filter. Ids follow insertion order (1, 2, …) on both engines.
import type { Facts } from '../../src/facts/index.js'
import type { ItemQuery, Store } from '../../src/types.js'
import { makeItem, makeSource } from '../helpers/store.js'

export const now = '2026-03-01T00:00:00.000Z'

export function facts(overrides: Partial<Facts>): Facts {
  return { organizations: [], actors: [], records: null, dataTypes: [], sector: null, country: null, ...overrides }
}

/**
 * 1 (a, Jan 10): Marks & Spencer plc, Scattered Spider, UK retail, 9.4M, contact+payment-card
 * 2 (b, Jan 12): "M&S"-free report of the same story: Marks and Spencer, 10M records — joins story of 1
 * 3 (a, Feb 01): Ascension Health, Black Basta, US healthcare, 5.6M, health+ssn, category Ransomware
 * 4 (b, Feb 20): Change Healthcare, ALPHV, US healthcare, 190M, health
 * 5 (a, Feb 25): no facts saved yet (the backfill's business)
 */
export async function seedFactsScenario(store: Store): Promise<void> {
  await store.syncSources([makeSource({ id: 'a', title: 'Source A' }), makeSource({ id: 'b', title: 'Source B' })])
  const add = async (sourceId: string, key: string, publishedAt: string, title: string, categories: string[] = []): Promise<number> =>
    (await store.upsertItems(sourceId, [makeItem({ sourceId, identityKey: key, publishedAt, title, categories })], now)).written[0]!.id
  const ms = await add('a', 'ms', '2026-01-10T00:00:00.000Z', 'M&S hit by cyberattack')
  const ms2 = await add('b', 'ms2', '2026-01-12T00:00:00.000Z', 'Marks and Spencer says 10 million affected')
  await store.assignStory(ms2, { storyId: (await store.getItem(ms))!.storyId, itemId: ms, reason: 'similar_title', score: 0.8 })
  const asc = await add('a', 'asc', '2026-02-01T00:00:00.000Z', 'Ascension ransomware attack', ['Ransomware'])
  const chc = await add('b', 'chc', '2026-02-20T00:00:00.000Z', 'Change Healthcare breach hits 190 million')
  await add('a', 'late', '2026-02-25T00:00:00.000Z', 'Acme Corp breach exposes 5,000 Social Security numbers')
  await store.saveFacts(
    ms,
    facts({
      organizations: ['Marks & Spencer plc'],
      actors: ['Scattered Spider'],
      records: 9_400_000,
      dataTypes: ['contact', 'payment-card'],
      sector: 'retail',
      country: 'GB',
    }),
    'extracted',
  )
  await store.saveFacts(ms2, facts({ organizations: ['Marks and Spencer'], records: 10_000_000, dataTypes: ['contact'] }), 'extracted')
  await store.saveFacts(
    asc,
    facts({
      organizations: ['Ascension Health'],
      actors: ['Black Basta'],
      records: 5_600_000,
      dataTypes: ['health', 'ssn'],
      sector: 'healthcare',
      country: 'US',
    }),
    'extracted',
  )
  await store.saveFacts(
    chc,
    facts({
      organizations: ['Change Healthcare'],
      actors: ['ALPHV'],
      records: 190_000_000,
      dataTypes: ['health'],
      sector: 'healthcare',
      country: 'US',
    }),
    'official',
  )
}

/** Titles of a list, in order. */
async function titles(store: Store, query: Omit<ItemQuery, 'limit'>): Promise<string[]> {
  return (await store.listItems({ limit: 50, ...query })).items.map((item) => item.title)
}

/** Every facts answer of the scenario, as plain data both engines must agree on. */
export async function readFactsScenario(store: Store) {
  return {
    items: (await store.listItems({ limit: 50, sources: ['a', 'b'] })).items.map((item) => ({ id: item.id, facts: item.facts })),
    river: await titles(store, {}),
    byOrg: await titles(store, { org: 'marks-and-spencer' }),
    byOrgPrefix: await titles(store, { org: 'ascension' }),
    byShortOrg: await titles(store, { org: 'ms' }),
    byActor: await titles(store, { actor: 'alphv' }),
    bySector: await titles(store, { sector: 'healthcare' }),
    byCountry: await titles(store, { country: 'GB' }),
    byDataType: await titles(store, { dataType: 'ssn' }),
    byMinRecords: await titles(store, { minRecords: 10_000_000 }),
    bySince: await titles(store, { since: '2026-02-01T00:00:00.000Z' }),
    byUntil: await titles(store, { until: '2026-02-01T00:00:00.000Z' }),
    combined: await titles(store, { sector: 'healthcare', minRecords: 6_000_000, sources: ['b'] }),
    withCategory: await titles(store, { category: 'ransomware', country: 'US' }),
    searched: (await store.searchItems({ q: 'healthcare', limit: 10, sector: 'healthcare' })).items.map((i) => i.title),
    newest: await store.newestItemDate({ country: 'US', until: '2026-02-10T00:00:00.000Z' }),
    cursor: await store.findListCursor({ sector: 'healthcare' }, 1),
    storyFacts: Object.fromEntries(await store.loadStoryFacts([1, 3, 99])),
    facets: await store.countFacets({}, 10),
    facetsOfSearch: await store.countFacets({ q: 'healthcare' }, 10),
    orgName: await store.findFacetName('org', 'marks-and-spencer'),
    actorName: await store.findFacetName('actor', 'scattered-spider'),
    unknownName: await store.findFacetName('org', 'nobody'),
    missing: await store.listItemsWithoutFacts(10),
  }
}
