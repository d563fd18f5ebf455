// Two connections to one file: generation() sees the other's commits, a held write lock is
// waited for (busy_timeout) or reported as StoreError('busy'). The lock is held by a child
// process, so the wait is real SQLite locking across processes.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { StoreError } from '../../src/errors.js'
import { openStore } from '../../src/store/index.js'
import { makeItem, makeSource, makeStore } from '../helpers/store.js'

const now = '2026-03-01T00:00:00.000Z'
const repoRoot = resolve(import.meta.dirname, '../..')
const dirs: string[] = []
const children: ChildProcess[] = []

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'breachwire-lock-'))
  dirs.push(dir)
  return join(dir, 'store.db')
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/**
 * A child process that takes the write lock (BEGIN IMMEDIATE), writes a marker source row,
 * prints "locked", then commits after holdMs, or when it reads a line on stdin.
 */
function holdWriteLock(path: string, holdMs: number): Promise<ChildProcess> {
  const code = `
    const Database = require('better-sqlite3')
    const db = new Database(${JSON.stringify(path)})
    db.exec('BEGIN IMMEDIATE')
    db.prepare("insert into sources (id, title, url, fetch_url) values ('from-child', 'child', '', '')").run()
    const release = () => { db.exec('COMMIT'); db.close(); process.exit(0) }
    process.stdout.write('locked\\n')
    process.stdin.once('data', release)
    setTimeout(release, ${holdMs})
  `
  const child = spawn(process.execPath, ['-e', code], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] })
  children.push(child)
  return new Promise((resolveLocked, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('locked')) resolveLocked(child)
      else reject(new Error(`unexpected child output: ${chunk.toString()}`))
    })
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)))
  })
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) done()
    else child.once('exit', () => done())
  })
}

describe('generation()', () => {
  it('changes on every local write and not on reads', async () => {
    const store = await makeStore(['a'])
    const g0 = store.generation()
    expect(store.generation()).toBe(g0)
    await store.listItems({ limit: 5 })
    expect(store.generation()).toBe(g0)
    await store.upsertItems('a', [makeItem({ sourceId: 'a' })], now)
    const g1 = store.generation()
    expect(g1).not.toBe(g0)
    await store.updateSourceState('a', { lastTriedAt: now })
    expect(store.generation()).not.toBe(g1)
  })

  it('changes when another connection commits to the same file', async () => {
    const path = tempDb()
    const writer = openStore(path)
    const reader = openStore(path)
    await writer.syncSources([makeSource({ id: 'a' })])
    const before = reader.generation()
    expect(reader.generation()).toBe(before)
    await writer.upsertItems('a', [makeItem({ sourceId: 'a' })], now)
    const after = reader.generation()
    expect(after).not.toBe(before)
    expect(await reader.countItems()).toBe(1)
    expect(reader.generation()).toBe(after)
    await writer.close()
    await reader.close()
  })
})

describe('a write lock held by another process', () => {
  it('is reported as StoreError busy once the busy timeout runs out', async () => {
    const path = tempDb()
    await openStore(path).close()
    const store = openStore(path, { busyTimeoutMs: 50 })
    const child = await holdWriteLock(path, 60_000)
    let caught: unknown
    try {
      await store.syncSources([makeSource({ id: 'a' })])
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(StoreError)
    expect((caught as StoreError).code).toBe('busy')
    expect((caught as StoreError).message).toMatch(/^store: busy/)
    child.stdin?.write('release\n')
    await exited(child)
    await store.syncSources([makeSource({ id: 'a' })])
    expect(await store.getSource('from-child')).toBeDefined()
    await store.close()
  })

  it('is waited for within the busy timeout, then the write goes through after the other commit', async () => {
    const path = tempDb()
    await openStore(path).close()
    const store = openStore(path, { busyTimeoutMs: 20_000 })
    const child = await holdWriteLock(path, 300)
    // Blocks (synchronously) until the child commits, then writes.
    await store.syncSources([makeSource({ id: 'a' })])
    expect(await store.getSource('from-child')).toBeDefined()
    expect(await store.getSource('a')).toBeDefined()
    await exited(child)
    await store.close()
  })
})
