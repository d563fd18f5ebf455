// Fault injection against real SQLite files and the real CLI in child processes:
//   SIGKILL during a write-heavy poll → integrity ok, nothing committed lost, nothing duplicated
//   another process holding the write lock → waited for (busy_timeout), or a clear 'busy' error
//   a read-only database → a clear 'readonly' error, nothing changed
//   a full disk (SQLITE_FULL) → StoreError 'full' on the source, the database intact
//   a big write in another process → the web server keeps answering (WAL readers)
import { chmodSync, chownSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { StoreError } from '../../src/errors.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeItem, makeSource } from '../helpers/store.js'
import { send, startApp } from '../server/harness.js'
import {
  checkIntegrity,
  cleanUpFaults,
  makeTempDir,
  readItemStats,
  rssFeed,
  runCli,
  startLockHolder,
  writeConfig,
} from './fault-support.js'

const SOURCES = 16
const ITEMS = 60
let srv: FixtureServer

beforeAll(async () => {
  setLogLevel('silent')
  srv = await startFixtureServer()
  for (let i = 0; i < SOURCES; i++) srv.serveBody(`/feed-${i}`, rssFeed(`s${i}`, ITEMS), { contentType: 'application/rss+xml' })
})
afterEach(() => cleanUpFaults())
afterAll(async () => {
  await srv.close()
})

const sourceList = (n: number): { id: string; url: string }[] =>
  Array.from({ length: n }, (_, i) => ({ id: `s${i}`, url: `${srv.url}/feed-${i}` }))

function makeConfig(ids: { id: string; url: string }[], settings: Record<string, unknown> = {}): AppConfig {
  return validateConfig(
    { settings: { allowPrivateNetworks: true, timeoutSeconds: 10, perHostConcurrency: 8, ...settings }, sources: ids },
    'feeds.json',
  )
}

describe('SIGKILL during a write-heavy poll', () => {
  it('loses no committed item, duplicates nothing, and the next poll completes the set', async () => {
    const dir = makeTempDir('breachwire-kill-')
    const config = writeConfig(dir, sourceList(SOURCES))
    const db = join(dir, 'killed.db')

    const killed = await runCli(['poll', '--config', config, '--db', db], {
      killAfterLines: 3,
      killDelayMs: Math.floor(Math.random() * 150),
    })
    expect(killed.signal).toBe('SIGKILL')
    // The kill landed mid-poll: some sources reported, not all.
    const reported = killed.lines.filter((l) => /\bnew \d+/.test(l)).map((l) => l.trim().split(/\s+/)[0]!)
    expect(reported.length).toBeGreaterThanOrEqual(3)
    expect(reported.length).toBeLessThan(SOURCES)

    expect(checkIntegrity(db)).toBe('ok')
    const afterKill = readItemStats(db)
    // A source's line is printed after its transaction committed: all of its items are there.
    for (const id of reported) expect(afterKill.perSource[id], id).toBe(ITEMS)
    // Anything else is all or nothing (one transaction per source).
    for (const [id, n] of Object.entries(afterKill.perSource)) expect([0, ITEMS], id).toContain(n)
    expect(afterKill.duplicates).toBe(0)

    const resumed = await runCli(['poll', '--config', config, '--db', db])
    expect(resumed.code, resumed.stderr).toBe(0)
    const clean = await runCli(['poll', '--config', config, '--db', join(dir, 'clean.db')])
    expect(clean.code, clean.stderr).toBe(0)

    expect(checkIntegrity(db)).toBe('ok')
    const after = readItemStats(db)
    const reference = readItemStats(join(dir, 'clean.db'))
    expect(after.duplicates).toBe(0)
    expect(after.perSource).toEqual(reference.perSource)
    expect(after.total).toBe(SOURCES * ITEMS)
  }, 120_000)
})

describe('another process holds the write lock', () => {
  it('a lock held for about a second is waited for (busy_timeout), not a failed poll', async () => {
    const dir = makeTempDir('breachwire-busy-')
    const path = join(dir, 'busy.db')
    await openStore(path).close()
    const holder = startLockHolder(path)
    const lockServer = await startFixtureServer()
    try {
      // The lock is taken while the feed is being served, so it is held when the poller writes the items.
      lockServer.route('/feed', async (_req, res) => {
        await holder.lock(1000)
        res.setHeader('Content-Type', 'application/rss+xml')
        res.end(rssFeed('busy', 20))
      })
      const store = openStore(path)
      const report = await pollOnce({ store, config: makeConfig([{ id: 'busy', url: `${lockServer.url}/feed` }]) })
      await holder.released()
      expect(report.outcomes[0]).toMatchObject({ sourceId: 'busy', result: 'new' })
      expect(await store.countItems('busy')).toBe(20)
      expect((await store.getSource('busy'))!.lastError).toBeNull()
      await store.close()
      expect(checkIntegrity(path)).toBe('ok')
    } finally {
      holder.stop()
      await lockServer.close()
    }
  })

  it('a lock held past busy_timeout ends in a clear busy error, and the next poll succeeds', async () => {
    const dir = makeTempDir('breachwire-busy-long-')
    const path = join(dir, 'busy.db')
    await openStore(path).close()
    const holder = startLockHolder(path)
    const lockServer = await startFixtureServer()
    try {
      let lockNext = true
      lockServer.route('/feed', async (_req, res) => {
        if (lockNext) await holder.lock(1500)
        res.setHeader('Content-Type', 'application/rss+xml')
        res.end(rssFeed('busy', 20))
      })
      const store = openStore(path, { busyTimeoutMs: 200 })
      const config = makeConfig([{ id: 'busy', url: `${lockServer.url}/feed` }])
      const report = await pollOnce({ store, config })
      expect(report.outcomes[0]?.result).toBe('failed')
      expect(report.outcomes[0]?.error?.code).toBe('busy')
      expect(report.outcomes[0]?.error?.message).toMatch(/^store: busy: /)
      expect(await store.countItems('busy')).toBe(0)
      await holder.released()
      lockNext = false
      const again = await pollOnce({ store, config })
      expect(again.outcomes[0]?.result).toBe('new')
      expect(await store.countItems('busy')).toBe(20)
      await store.close()
      expect(checkIntegrity(path)).toBe('ok')
    } finally {
      holder.stop()
      await lockServer.close()
    }
  })
})

describe('a read-only database', () => {
  it('opened read-only (as serve does): a poll fails with StoreError readonly and changes nothing', async () => {
    const dir = makeTempDir('breachwire-ro-')
    const path = join(dir, 'ro.db')
    const writer = openStore(path)
    await writer.syncSources([makeSource({ id: 'old' })])
    await writer.upsertItems('old', [makeItem({ sourceId: 'old' })], '2026-01-01T00:00:00.000Z')
    await writer.close()
    const before = readFileSync(path)

    const store = openStore(path, { readonly: true })
    const err = await pollOnce({ store, config: makeConfig(sourceList(1)) }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(StoreError)
    expect((err as StoreError).code).toBe('readonly')
    expect((err as StoreError).message).toMatch(/^store: readonly: .*readonly/i)
    await expect(store.upsertItems('old', [makeItem({ sourceId: 'old' })], '2026-01-02T00:00:00.000Z')).rejects.toThrow(/^store: readonly/)
    await store.close()
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(checkIntegrity(path)).toBe('ok')
  })

  it('a write-protected file (chmod 444, run as an unprivileged user when we are root): poll exits non-zero with a clear message, nothing changes', async () => {
    const dir = makeTempDir('breachwire-ro-file-')
    const path = join(dir, 'ro.db')
    const seed = openStore(path)
    await seed.syncSources([makeSource({ id: 's0', url: `${srv.url}/feed-0` })])
    await seed.close()
    // Checkpointed and in rollback-journal mode on disk, so no -wal/-shm is needed to read it.
    const raw = new Database(path)
    raw.pragma('journal_mode = DELETE')
    raw.close()
    const before = readFileSync(path)
    const config = writeConfig(dir, sourceList(1))
    chmodSync(path, 0o444)
    chmodSync(config, 0o444)
    chmodSync(dir, 0o755)
    const asRoot = process.getuid?.() === 0
    if (asRoot) chownSync(dir, 0, 0) // root's 755 directory: nobody cannot create a journal next to the file either
    const run = await runCli(['poll', '--config', config, '--db', path], asRoot ? { uid: 65534, gid: 65534 } : {})
    expect(run.code, run.stdout + run.stderr).not.toBe(0)
    const message = run.stdout + run.stderr
    // Refused at the poller lock beside the file (EACCES) or, without it, by SQLite itself.
    expect(message).toMatch(/^breachwire poll: store: readonly: .*\((SQLITE_READONLY|EACCES)\)$/m)
    expect(message).not.toMatch(/\n\s+at |node_modules/)
    chmodSync(path, 0o644)
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(checkIntegrity(path)).toBe('ok')
  }, 60_000)
})

describe('a full disk (SQLITE_FULL)', () => {
  it('the source records StoreError full, no partial write is left, the database stays intact', async () => {
    const dir = makeTempDir('breachwire-full-')
    const path = join(dir, 'full.db')
    const seed = openStore(path)
    await seed.syncSources([makeSource({ id: 's0', url: `${srv.url}/feed-0` }), makeSource({ id: 'small', url: `${srv.url}/small` })])
    await seed.close()
    srv.serveBody('/small', rssFeed('small', 1), { contentType: 'application/rss+xml' })

    // SQLite's max_page_count is a per-connection limit, so it is set on the store's own
    // connection: better-sqlite3's pragma() is wrapped for this test so that the connection
    // openStore makes caps the file a few pages above its current size. Every SQLITE_FULL
    // below is SQLite's own.
    const proto = Database.prototype as unknown as { pragma: (this: Database.Database, source: string, opts?: unknown) => unknown }
    const original = proto.pragma
    proto.pragma = function (this: Database.Database, source: string, opts?: unknown) {
      const result = original.call(this, source, opts)
      if (source === 'temp_store = MEMORY') {
        const pages = original.call(this, 'page_count', { simple: true }) as number
        original.call(this, `max_page_count = ${pages + 3}`)
      }
      return result
    }
    let store: Awaited<ReturnType<typeof openStore>>
    try {
      store = openStore(path)
    } finally {
      proto.pragma = original
    }
    const report = await pollOnce({
      store,
      config: makeConfig(
        [
          { id: 's0', url: `${srv.url}/feed-0` },
          { id: 'small', url: `${srv.url}/small` },
        ],
        { concurrency: 1 },
      ),
    })
    const big = report.outcomes.find((o) => o.sourceId === 's0')!
    expect(big.result).toBe('failed')
    expect(big.error?.code).toBe('full')
    const state = (await store.getSource('s0'))!
    expect(state.lastErrorCode).toBe('full')
    expect(state.lastError).toMatch(/^store: full: .*(full|SQLITE_FULL)/)
    expect(await store.countItems('s0')).toBe(0)
    await store.close()
    expect(checkIntegrity(path)).toBe('ok')
    // With room again, the same database takes the poll.
    const roomy = openStore(path)
    const again = await pollOnce({ store: roomy, config: makeConfig([{ id: 's0', url: `${srv.url}/feed-0` }]) })
    expect(again.outcomes[0]?.result).toBe('new')
    expect(await roomy.countItems('s0')).toBe(ITEMS)
    await roomy.close()
    expect(checkIntegrity(path)).toBe('ok')
  })
})

describe('the web server while another process writes', () => {
  it('keeps answering /api/items from the last commit during a long write transaction (WAL)', async () => {
    const dir = makeTempDir('breachwire-wal-')
    const path = join(dir, 'wal.db')
    const seed = openStore(path)
    await seed.syncSources([makeSource({ id: 'a' })])
    await seed.upsertItems(
      'a',
      Array.from({ length: 5 }, () => makeItem({ sourceId: 'a' })),
      '2026-01-01T00:00:00.000Z',
    )
    await seed.close()

    const reader = openStore(path, { readonly: true })
    const app = await startApp(reader, makeConfig([{ id: 'a', url: 'https://a.example/feed.xml' }]))
    const holder = startLockHolder(path)
    try {
      await holder.lock(1500)
      const answers = []
      for (let i = 0; i < 15; i++) answers.push(await send(app.base, `/api/items?source=a&limit=50&n=${i}`))
      const stillHeld = await Promise.race([holder.released().then(() => false), Promise.resolve(true)])
      for (const answer of answers) {
        expect(answer.status).toBe(200)
        expect((JSON.parse(answer.text) as { items: unknown[] }).items).toHaveLength(5)
      }
      // The requests were answered while the writer still held its transaction.
      expect(stillHeld).toBe(true)
      await holder.released()
      expect((await send(app.base, '/healthz')).status).toBe(200)
    } finally {
      holder.stop()
      await app.close()
      await reader.close()
    }
  })
})
