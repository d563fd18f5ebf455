import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { StoreError } from '../../src/errors.js'
import { openStore } from '../../src/store/index.js'
import { migrations } from '../../src/store/migrations.js'
import { makeItem, makeSource } from '../helpers/store.js'

const dirs: string[] = []
function tempPath(name = 'test.db'): string {
  const dir = mkdtempSync(join(tmpdir(), 'breachwire-store-'))
  dirs.push(dir)
  return join(dir, 'nested', name)
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('migrations', () => {
  it('creates the schema on an empty file, in a folder it creates, with WAL', async () => {
    const path = tempPath()
    const store = openStore(path)
    await store.close()
    const db = new Database(path, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const tables = db.prepare("select name from sqlite_master where type in ('table') order by name").pluck().all()
    expect(tables).toEqual(
      expect.arrayContaining([
        'sources',
        'items',
        'item_categories',
        'tombstones',
        'stories',
        'story_members',
        'item_links',
        'item_evidence',
        'items_fts',
      ]),
    )
    db.close()
  })

  it('re-opening a migrated database keeps its data and does not migrate again', async () => {
    const path = tempPath()
    const first = openStore(path)
    await first.syncSources([makeSource({ id: 'a' })])
    await first.upsertItems('a', [makeItem({ sourceId: 'a' })], '2026-01-01T00:00:00.000Z')
    await first.close()
    const second = openStore(path)
    expect(await second.countItems()).toBe(1)
    expect((await second.listSources()).map((s) => s.id)).toEqual(['a'])
    await second.close()
  })

  it('refuses a database from a newer program', async () => {
    const path = tempPath()
    await openStore(path).close()
    const db = new Database(path)
    db.pragma(`user_version = ${migrations.length + 1}`)
    db.close()
    const newer = `store: the database schema is version ${migrations.length + 1}, newer than this breachwire knows (${migrations.length}); upgrade breachwire`
    expect(() => openStore(path)).toThrow(newer)
    // Read-only (serve, sources) says the same, not "migrate it".
    expect(() => openStore(path, { readonly: true })).toThrow(newer)
  })

  it('works in memory', async () => {
    const store = openStore(':memory:')
    await store.ping()
    expect(await store.countItems()).toBe(0)
    await store.close()
    await store.close()
  })
})

describe('read-only open', () => {
  it('reads but refuses writes with StoreError readonly', async () => {
    const path = tempPath()
    const writer = openStore(path)
    await writer.syncSources([makeSource({ id: 'a' })])
    await writer.upsertItems('a', [makeItem({ sourceId: 'a' })], '2026-01-01T00:00:00.000Z')
    await writer.close()
    const reader = openStore(path, { readonly: true })
    expect(await reader.countItems()).toBe(1)
    expect((await reader.listItems({ limit: 10 })).items).toHaveLength(1)
    let caught: unknown
    try {
      await reader.upsertItems('a', [makeItem({ sourceId: 'a' })], '2026-01-02T00:00:00.000Z')
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(StoreError)
    expect((caught as StoreError).code).toBe('readonly')
    expect((caught as StoreError).message).toMatch(/^store: /)
    await reader.close()
  })

  it('fails on a missing file with a StoreError and never creates it', () => {
    const path = tempPath('missing.db')
    expect(() => openStore(path, { readonly: true })).toThrow(StoreError)
  })

  it('never migrates: an older schema is an error', async () => {
    const path = tempPath()
    await openStore(path).close()
    const db = new Database(path)
    db.pragma('user_version = 0')
    db.close()
    expect(() => openStore(path, { readonly: true })).toThrow(/open it once read-write/)
  })
})

describe('errors', () => {
  it('a file that is not a database is StoreError corrupt', async () => {
    const path = tempPath()
    const { mkdirSync, writeFileSync } = await import('node:fs')
    const { dirname } = await import('node:path')
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, Buffer.alloc(8192, 'garbage!'))
    let caught: unknown
    try {
      openStore(path)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(StoreError)
    expect((caught as StoreError).code).toBe('corrupt')
    expect((caught as StoreError).message).toMatch(/^store: corrupt/)
  })

  it('a path that cannot hold a database is StoreError io naming the path', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs')
    const { dirname, join: joinPath } = await import('node:path')
    const base = tempPath()
    mkdirSync(dirname(base), { recursive: true })
    writeFileSync(base, 'a file where a folder should be')
    const underFile = joinPath(base, 'x.db')
    const aFolder = dirname(base)
    for (const [path, pattern] of [
      [underFile, /^store: cannot create the folder for .*x\.db: /],
      [aFolder, /^store: cannot open .*nested: /],
    ] as const) {
      let caught: unknown
      try {
        openStore(path)
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(StoreError)
      expect((caught as StoreError).code).toBe('io')
      expect((caught as StoreError).message).toMatch(pattern)
    }
  })
})
