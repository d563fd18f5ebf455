// Facts on PostgreSQL answer exactly as on SQLite: the scenario of tests/facts-store/scenario.ts
// on both engines, the answers compared whole (facts, filters, story facts, facet counts), and
// `breachwire copy` carrying item_facts and item_facets across.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backfillFacts } from '../../src/poller/facts-step.js'
import { copySqliteToPostgres, openStore } from '../../src/store/index.js'
import { openPostgresStore } from '../../src/store/postgres/index.js'
import type { Store } from '../../src/types.js'
import { readFactsScenario, seedFactsScenario } from '../facts-store/scenario.js'
import { startTestPostgres } from '../helpers/postgres.js'

const server = await startTestPostgres('PostgreSQL facts')

describe.skipIf(server === undefined)('facts on PostgreSQL answer as on SQLite', () => {
  let url = ''
  let pgStore: Store

  beforeAll(async () => {
    url = await server!.createDatabase()
    pgStore = await openPostgresStore(url)
  })
  afterAll(async () => {
    await pgStore?.close()
    await server?.stop()
  })

  it('stores, shows, filters, merges and counts facts the same way', async () => {
    const sqlite = openStore(':memory:')
    await seedFactsScenario(sqlite)
    const expected = await readFactsScenario(sqlite)
    await sqlite.close()
    await server!.truncateStore(url)
    await seedFactsScenario(pgStore)
    const actual = await readFactsScenario(pgStore)
    expect(actual).toEqual(expected)
    // Not both wrong the same way: a few answers checked outright (the SQLite test checks them all).
    expect(actual.byOrg).toEqual(['M&S hit by cyberattack'])
    expect(actual.byMinRecords).toEqual(['Change Healthcare breach hits 190 million', 'Marks and Spencer says 10 million affected'])
    expect(actual.storyFacts[1]?.records).toBe(10_000_000)
  })

  it('backfills the items without facts, in transactions, as on SQLite', async () => {
    await server!.truncateStore(url)
    await seedFactsScenario(pgStore)
    expect((await pgStore.listItemsWithoutFacts(10)).map((i) => i.id)).toEqual([5])
    expect(await backfillFacts(pgStore)).toBe(1)
    expect(await pgStore.listItemsWithoutFacts(10)).toEqual([])
    // "Acme Corp breach exposes 5,000 Social Security numbers": extracted by the facts step.
    const [acme] = (await pgStore.listItems({ limit: 1, sources: ['a'] })).items
    expect(acme?.facts).toMatchObject({ organizations: ['Acme Corp'], dataTypes: ['ssn'] })
    expect((await pgStore.listItems({ limit: 10, dataType: 'ssn' })).items.map((i) => i.id)).toEqual([5, 3])
  })

  it('copy carries every item’s facts and facets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-facts-copy-'))
    try {
      const file = join(dir, 'source.db')
      const sqlite = openStore(file)
      await seedFactsScenario(sqlite)
      const expected = await readFactsScenario(sqlite)
      await sqlite.close()
      const target = await server!.createDatabase()
      const counts = await copySqliteToPostgres(file, target)
      expect(counts.find((c) => c.table === 'item_facts')).toEqual({ table: 'item_facts', sqlite: 4, postgres: 4 })
      expect(counts.find((c) => c.table === 'item_facets')?.postgres).toBeGreaterThan(10)
      const copied = await openPostgresStore(target)
      try {
        expect(await readFactsScenario(copied)).toEqual(expected)
      } finally {
        await copied.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
