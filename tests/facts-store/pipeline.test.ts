// The facts step end to end: a poll of loopback fixtures stores facts for every report (extracted
// from a feed's text; a CSV row's mapped cells win), recomputes them when a report's text changes,
// and the backfill gives facts to items stored before the facts step existed.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { backfillFacts } from '../../src/poller/facts-step.js'
import { pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig, Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeItem } from '../helpers/store.js'

let srv: FixtureServer
let store: Store

beforeAll(() => setLogLevel('silent'))
beforeEach(async () => {
  srv = await startFixtureServer()
  store = openStore(':memory:')
})
afterEach(async () => {
  await store.close()
  await srv.close()
})

function makeConfig(sources: Record<string, unknown>[]): AppConfig {
  return validateConfig({ settings: { allowPrivateNetworks: true, timeoutSeconds: 5 }, sources }, 'feeds.json')
}

function rss(description: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>https://news.example/</link>
    <item><title>Ascension confirms ransomware attack exposed data of 5.6 million patients</title>
      <link>https://news.example/ascension</link><guid>asc-1</guid><pubDate>Mon, 03 Feb 2025 10:00:00 GMT</pubDate>
      <description>${description}</description></item>
    </channel></rss>`
}

describe('the facts step', () => {
  it('extracts a feed report’s facts at ingest and recomputes them when its text changes', async () => {
    srv.serveBody('/feed', rss('The Black Basta ransomware gang stole names, Social Security numbers and medical records.'), {
      contentType: 'application/rss+xml',
    })
    const config = makeConfig([{ id: 'news', url: `${srv.url}/feed` }])
    await pollOnce({ store, config })
    const [item] = (await store.listItems({ limit: 10 })).items
    expect(item?.facts).toMatchObject({ organizations: ['Ascension'], actors: ['Black Basta'], records: 5_600_000, sector: 'healthcare' })
    expect(item?.facts.dataTypes).toEqual(expect.arrayContaining(['ssn', 'health']))

    srv.serveBody('/feed', rss('The LockBit ransomware gang stole names and Social Security numbers.'), {
      contentType: 'application/rss+xml',
    })
    await pollOnce({ store, config })
    const [changed] = (await store.listItems({ limit: 10 })).items
    expect(changed?.facts.actors).toEqual(['LockBit'])
    expect((await store.listItems({ limit: 10, actor: 'black-basta' })).items).toEqual([])
    expect((await store.listItems({ limit: 10, actor: 'lockbit' })).items.map((i) => i.id)).toEqual([item?.id])
  })

  it('stores a CSV row’s mapped facts over what its text says', async () => {
    const csv = ['Entity,Date,Affected,State', 'Acme Health Partners,02/03/2025,212418,TX', 'Beta Clinic,02/04/2025,300,CA'].join('\r\n')
    srv.serveBody('/export.csv', csv, { contentType: 'text/csv' })
    const config = makeConfig([
      {
        id: 'hhs',
        type: 'csv',
        url: `${srv.url}/export.csv`,
        map: {
          title: 'Breach at {Entity} affecting 1,000 people',
          date: 'Date',
          organizations: 'Entity',
          records: 'Affected',
          country: '=US',
          sector: '=healthcare',
        },
        identity: ['Entity', 'Date'],
        dateFormat: 'MM/DD/YYYY',
      },
    ])
    await pollOnce({ store, config })
    const items = (await store.listItems({ sources: ['hhs'], limit: 10 })).items
    expect(items.map((i) => [i.facts.organizations, i.facts.records, i.facts.country, i.facts.sector])).toEqual([
      [['Beta Clinic'], 300, 'US', 'healthcare'],
      [['Acme Health Partners'], 212_418, 'US', 'healthcare'],
    ])
    expect((await store.listItems({ limit: 10, minRecords: 1000 })).items.map((i) => i.title)).toEqual([
      'Breach at Acme Health Partners affecting 1,000 people',
    ])
  })

  it('backfills items stored without facts, in batches, and then has nothing left to do', async () => {
    const items = Array.from({ length: 250 }, (_, n) =>
      makeItem({ sourceId: 'old', identityKey: `k${n}`, title: `LockBit claims attack on Acme Bank ${n}` }),
    )
    await store.upsertItems('old', items, '2026-01-01T00:00:00.000Z')
    expect(await store.listItemsWithoutFacts(5)).toHaveLength(5)
    expect(await backfillFacts(store)).toBe(250)
    expect(await store.listItemsWithoutFacts(5)).toEqual([])
    expect(await backfillFacts(store)).toBe(0)
    expect((await store.countFacets({}, 5)).actor).toEqual([{ key: 'lockbit', name: 'LockBit', count: 250 }])
  })

  it('stops backfilling between batches when told to', async () => {
    await store.upsertItems(
      'old',
      Array.from({ length: 450 }, (_, n) => makeItem({ sourceId: 'old', identityKey: `k${n}` })),
      '2026-01-01T00:00:00.000Z',
    )
    let batches = 0
    expect(await backfillFacts(store, () => batches++ >= 1)).toBe(200)
  })
})
