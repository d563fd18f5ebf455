// What only the PostgreSQL engine has: a generation shared across processes (LISTEN/NOTIFY, with
// polling while the listener is down), migrations under an advisory lock, refusal of a newer
// schema, real async transactions, and StoreError codes from SQLSTATEs and dead connections.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StoreError } from '../../src/errors.js'
import { migrate, openPostgresStore, pgMigrations, readSchemaVersion } from '../../src/store/postgres/index.js'
import type { Store } from '../../src/types.js'
import { startTestPostgres } from '../helpers/postgres.js'
import { makeItem, makeSource } from '../helpers/store.js'

const server = await startTestPostgres('PostgreSQL store engine')
const now = '2026-03-01T00:00:00.000Z'

afterAll(async () => {
  await server?.stop()
})

/** Resolves to the ms it took until check() held, or rejects after timeoutMs. */
async function waitFor(check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return Date.now() - started
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError)
    return err as StoreError
  }
  throw new Error('expected a StoreError, got an answer')
}

describe.skipIf(server === undefined)('PostgreSQL engine', () => {
  let url = ''
  let first: Store
  let second: Store

  beforeAll(async () => {
    url = await server!.createDatabase()
    first = await openPostgresStore(url)
    second = await openPostgresStore(url, { migrate: false, pollMs: 200 })
  })
  afterAll(async () => {
    await first?.close()
    await second?.close()
  })

  it('moves the generation on commit, and a second store on the database sees it within 1 s', async () => {
    const before = first.generation()
    const seenBefore = second.generation()
    await first.syncSources([makeSource({ id: 'a' })])
    expect(first.generation()).toBeGreaterThan(before)
    expect(await waitFor(() => second.generation() > seenBefore, 1000)).toBeLessThan(1000)
    // Reads do not move it.
    const settled = first.generation()
    await first.listItems({ limit: 5 })
    await first.searchItems({ q: 'anything', limit: 5 })
    expect(first.generation()).toBe(settled)
  })

  it('keeps the generation current when the listening connection drops (polls, then listens again)', async () => {
    const killed = await withClient(url, (c) =>
      c.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %' and pid <> pg_backend_pid()`,
      ),
    )
    // Both stores' listeners.
    expect(killed.rowCount).toBe(2)
    // Let both stores notice the dropped listener.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const seen = second.generation()
    await first.updateSourceState('a', { lastStatus: 200 })
    expect(await waitFor(() => second.generation() > seen, 2500)).toBeLessThan(2500)
    // The listener comes back: a later change is seen again.
    const later = second.generation()
    await first.updateSourceState('a', { lastStatus: 304 })
    await waitFor(() => second.generation() > later, 2500)
  })

  it('commits a transaction as one, runs its calls on its connection, and rolls back on a throw', async () => {
    const before = first.generation()
    const id = await first.transaction(async (tx) => {
      const written = await tx.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'tx-1' })], now)
      const itemId = written.written[0]!.id
      // Visible inside, and a nested transaction joins the outer one.
      expect((await tx.getItem(itemId))?.identityKey).toBe('tx-1')
      await tx.transaction((inner) => inner.assignStory(itemId, null))
      return itemId
    })
    expect((await second.getItem(id))?.identityKey).toBe('tx-1')
    expect(first.generation()).toBeGreaterThan(before)

    const count = await first.countItems()
    const failed = first.transaction(async (tx) => {
      await tx.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'tx-2' })], now)
      throw new Error('changed my mind')
    })
    await expect(failed).rejects.toThrow('changed my mind')
    expect(await first.countItems()).toBe(count)
  })

  it("reports a lock wait past the timeout as StoreError 'busy'", async () => {
    const impatient = await openPostgresStore(url, { migrate: false, lockTimeoutMs: 200 })
    try {
      await withClient(url, async (holder) => {
        await holder.query('begin')
        await holder.query('update store_changes set generation = generation')
        const err = await storeError(impatient.syncSources([makeSource({ id: 'a' })]))
        expect(err.code).toBe('busy')
        expect(err.message).toMatch(/^store: busy: .*\(SQLSTATE 55P03\)$/)
        await holder.query('rollback')
      })
    } finally {
      await impatient.close()
    }
  })

  it("reports a closed store and an unreachable server as StoreError 'io'", async () => {
    const closing = await openPostgresStore(url, { migrate: false })
    await closing.close()
    await closing.close()
    expect((await storeError(closing.countItems())).code).toBe('io')
    expect((await storeError(closing.ping())).code).toBe('io')
    const nowhere = new URL(url)
    nowhere.port = '1'
    expect((await storeError(openPostgresStore(nowhere.toString()))).code).toBe('io')
    await first.ping()
  })
})

describe.skipIf(server === undefined)('PostgreSQL migrations', () => {
  it('applies once when two processes migrate at the same moment', async () => {
    const url = await server!.createDatabase()
    const pools = [new pg.Pool({ connectionString: url }), new pg.Pool({ connectionString: url })]
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool)))
      expect([...applied].sort()).toEqual([0, pgMigrations.length])
      const client = await pools[0]!.connect()
      try {
        expect(await readSchemaVersion(client)).toBe(pgMigrations.length)
        expect((await client.query('select version, name from schema_migrations order by version')).rows).toEqual(
          pgMigrations.map((m, i) => ({ version: i + 1, name: m.name })),
        )
      } finally {
        client.release()
      }
      expect(await migrate(pools[1]!)).toBe(0)
    } finally {
      await Promise.all(pools.map((pool) => pool.end()))
    }
  })

  it('refuses a schema newer than it knows, and an unmigrated one when told not to migrate', async () => {
    const url = await server!.createDatabase()
    const unmigrated = await storeError(openPostgresStore(url, { migrate: false }))
    expect(unmigrated.message).toBe(
      `store: the database schema is version 0, older than this breachwire needs (${pgMigrations.length}); run breachwire migrate`,
    )
    const store = await openPostgresStore(url)
    await store.close()
    const future = pgMigrations.length + 1
    await withClient(url, (c) => c.query(`insert into schema_migrations (version, name) values ($1, 'from_the_future')`, [future]))
    const newer = await storeError(openPostgresStore(url))
    expect(newer.message).toBe(
      `store: the database schema is version ${future}, newer than this breachwire knows (${pgMigrations.length}); upgrade breachwire`,
    )
    expect((await storeError(openPostgresStore(url, { migrate: false }))).message).toBe(newer.message)
  })
})
