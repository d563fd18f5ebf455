// Categories that add up, on both engines: names that differ only in case, spacing or punctuation
// are one category; every count equals what its listing lists; and stored rows keyed the old way
// (case and spacing only) are re-keyed by the migration, one row per item and key.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.js'
import { migrate, migrations } from '../../src/store/migrations.js'
import { migrate as migratePg, openPostgresStore, pgMigrations } from '../../src/store/postgres/index.js'
import type { Store } from '../../src/types.js'
import { startTestPostgres } from '../helpers/postgres.js'
import { makeItem, makeSource } from '../helpers/store.js'

const server = await startTestPostgres('PostgreSQL categories conformance')
const now = '2026-03-01T00:00:00.000Z'
let url = ''
let pgStore: Store | undefined

beforeAll(async () => {
  if (server === undefined) return
  url = await server.createDatabase()
  pgStore = await openPostgresStore(url)
})
afterAll(async () => {
  await pgStore?.close()
  await server?.stop()
})

async function onBoth<T>(scenario: (store: Store) => Promise<T>): Promise<T> {
  const sqlite = openStore(':memory:')
  let expected: T
  try {
    expected = await scenario(sqlite)
  } finally {
    await sqlite.close()
  }
  if (server !== undefined && pgStore !== undefined) {
    await server.truncateStore(url)
    expect(await scenario(pgStore)).toEqual(expected)
  }
  return expected
}

describe('categories on both engines', () => {
  it('folds case, spacing and punctuation, and every count equals its listing', async () => {
    const answer = await onBoth(async (store) => {
      await store.syncSources([makeSource({ id: 'a' }), makeSource({ id: 'b' })])
      const items = [
        makeItem({ sourceId: 'a', categories: ['Health-Care', 'Ransomware'] }),
        makeItem({ sourceId: 'a', categories: ['Health Care', 'health care'] }),
        makeItem({ sourceId: 'b', categories: ['HEALTH_CARE', '!!!'] }),
        makeItem({ sourceId: 'b', categories: ['#ransomware'] }),
        makeItem({ sourceId: 'b', categories: ['Health Care', 'Ransomware'] }),
      ]
      for (const item of items) await store.upsertItems(item.sourceId, [item], now)
      const categories = await store.listCategories()
      const listed: Record<string, number> = {}
      for (const { name } of categories) listed[name] = (await store.listItems({ limit: 200, category: name, each: 'report' })).items.length
      return { categories, listed, second: (await store.getItem(2))?.categories }
    })
    expect(answer.categories).toEqual([
      { name: 'Health Care', count: 4 },
      { name: 'Ransomware', count: 3 },
    ])
    expect(answer.listed).toEqual({ 'Health Care': 4, Ransomware: 3 })
    // One category per key on an item: the first spelling is kept.
    expect(answer.second).toEqual(['Health Care'])
  })
})

describe('the category key migration', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('re-keys SQLite rows, keeping the first of an item’s now-equal names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-cat-'))
    dirs.push(dir)
    const db = new Database(join(dir, 'old.db'))
    const before = migrations.findIndex((m) => m.name === 'm08_category_keys')
    migrate(db, migrations.slice(0, before))
    seedOldRows((sql, params) => db.prepare(sql).run(...params))
    migrate(db)
    expect(db.prepare('select item_id, name, name_key from item_categories order by rowid').all()).toEqual(expectedRows)
    db.close()
  })

  it.runIf(server !== undefined)('re-keys PostgreSQL rows the same way', async () => {
    const target = await server!.createDatabase()
    const pool = new pg.Pool({ connectionString: target, max: 1 })
    try {
      const before = pgMigrations.findIndex((m) => m.name === 'm07_category_keys')
      await migratePg(pool, pgMigrations.slice(0, before))
      const queue: [string, unknown[]][] = []
      seedOldRows((sql, params) => queue.push([sql.replace(/\?/g, (_, i: number) => `$${sql.slice(0, i).split('?').length}`), params]))
      for (const [sql, params] of queue) await pool.query(sql, params)
      await migratePg(pool)
      const { rows } = await pool.query('select item_id::int, name, name_key from item_categories order by id')
      expect(rows).toEqual(expectedRows)
    } finally {
      await pool.end()
    }
  })
})

/** Two items whose categories were keyed by case and spacing only (the old keys). */
function seedOldRows(run: (sql: string, params: unknown[]) => unknown): void {
  run("insert into sources (id, title, url, fetch_url) values ('a', 'A', 'https://a.example/', 'https://a.example/')", [])
  run('insert into stories (lead_item_id, lead_published_at, created_at) values (null, null, ?)', [now])
  for (const key of ['one', 'two']) {
    run(
      `insert into items (source_id, identity_key, url, title, published_at, content_hash, first_seen_at, last_seen_at, story_id)
       values ('a', ?, 'https://a.example/x', 'T', ?, 'h', ?, ?, 1)`,
      [key, now, now, now],
    )
  }
  const categories: [number, string, string][] = [
    [1, 'Health-Care', 'health-care'],
    [1, 'Health Care', 'health care'],
    [1, '!!!', '!!!'],
    [2, 'Data & Privacy', 'data & privacy'],
  ]
  for (const [item, name, key] of categories)
    run('insert into item_categories (item_id, name, name_key) values (?, ?, ?)', [item, name, key])
}

const expectedRows = [
  { item_id: 1, name: 'Health-Care', name_key: 'health care' },
  { item_id: 2, name: 'Data & Privacy', name_key: 'data privacy' },
]
