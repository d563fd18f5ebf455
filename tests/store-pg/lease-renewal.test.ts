// Lease renewal on PostgreSQL: a poller whose poll outlasts its lease (here: its store write
// queued behind another writer for longer than the lease) keeps the source through its
// heartbeat, so nobody fetches it twice and its result is stored; a poller that stops beating
// (paused) loses the lease to the next claim, its late writes are refused, and its next beat
// reports the lease lost.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { StoreError } from '../../src/errors.js'
import { setLogLevel } from '../../src/lib/log.js'
import { type Scheduler, startScheduler } from '../../src/poller/index.js'
import { startLeaseHeartbeat } from '../../src/poller/lease-heartbeat.js'
import { openPostgresStore } from '../../src/store/postgres/index.js'
import type { SourceLeases, SourceOutcome, Store } from '../../src/types.js'
import { type FixtureServer, fixturesDir, startFixtureServer } from '../helpers/fixture-server.js'
import { startTestPostgres } from '../helpers/postgres.js'
import { makeItem, makeSource } from '../helpers/store.js'

const server = await startTestPostgres('PostgreSQL lease renewal')
const now = '2026-03-01T00:00:00.000Z'
let srv: FixtureServer
let url = ''

beforeAll(async () => {
  setLogLevel('silent')
  srv = await startFixtureServer()
  if (server !== undefined) url = await server.createDatabase()
})
afterAll(async () => {
  await srv?.close()
  await server?.stop()
})

const leases = (store: Store): SourceLeases => store.leases as SourceLeases
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.skipIf(server === undefined)('lease renewal on PostgreSQL', () => {
  it('renews a lease still held, reports one taken over as lost, and leaves an expired but unclaimed one renewable', async () => {
    const one = await openPostgresStore(url)
    const two = await openPostgresStore(url, { migrate: false })
    try {
      await one.syncSources(['r1', 'r2', 'r3'].map((id) => makeSource({ id, url: `https://${id}.example/feed` })))
      const request = { sourceIds: ['r1', 'r2', 'r3'], now, leaseMs: 200, limit: 5, perHost: 5 }
      const held = await leases(one).claim(request)
      expect(held.map((l) => l.sourceId).sort()).toEqual(['r1', 'r2', 'r3'])
      const [r1, r2, r3] = ['r1', 'r2', 'r3'].map((id) => held.find((l) => l.sourceId === id)!)
      await sleep(300)
      // r1 and r3 expired unclaimed; r2 is taken over by the other poller.
      const [taken] = await leases(two).claim({ ...request, sourceIds: ['r2'], leaseMs: 60_000 })
      expect(taken).toMatchObject({ sourceId: 'r2', token: r2!.token + 1 })
      const result = await leases(one).renew(held, 60_000)
      expect(result.lost).toEqual([r2])
      expect(result.renewed.map((l) => [l.sourceId, l.token]).sort()).toEqual([
        ['r1', r1!.token],
        ['r3', r3!.token],
      ])
      expect(result.renewed.every((l) => Date.parse(l.until) > Date.now() + 50_000)).toBe(true)
      // Renewed: held again, nobody can claim them.
      expect(await leases(two).claim(request)).toEqual([])
      // The holder of r2 is fenced; the renewed r1 writes.
      const refused = await leases(one)
        .fenced(r2!)
        .upsertItems('r2', [makeItem({ sourceId: 'r2' })], now)
        .catch((err: unknown) => err)
      expect(refused).toBeInstanceOf(StoreError)
      expect((refused as StoreError).code).toBe('fenced')
      await leases(one)
        .fenced(r1!)
        .upsertItems('r1', [makeItem({ sourceId: 'r1' })], now)
      expect(await one.countItems('r1')).toBe(1)
    } finally {
      await one.close()
      await two.close()
    }
  })

  it('keeps a slow poller (its write queued past the lease) the only holder, and stores its poll', async () => {
    // The feed answers, but only once another writer holds the change counter (every write
    // transaction's first lock), so the poller's store step waits past its lease.
    const blocker = new pg.Client({ connectionString: url })
    await blocker.connect()
    const body = await readFile(join(fixturesDir, 'feeds/rss1-rdf.xml'))
    srv.route('/slow-writer.xml', async (_req, res) => {
      await blocker.query('begin')
      await blocker.query('update store_changes set generation = generation + 1')
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body)
    })
    // timeoutSeconds 1: a 3 s lease, renewed every second. Yearly: due once, at start.
    const config = validateConfig(
      {
        settings: { allowPrivateNetworks: true, timeoutSeconds: 1, schedule: '0 0 1 1 *' },
        sources: [{ id: 'slow-writer', url: `${srv.url}/slow-writer.xml` }],
      },
      'feeds.json',
    )
    const store = await openPostgresStore(url, { lockTimeoutMs: 30_000 })
    const other = await openPostgresStore(url, { migrate: false })
    const outcomes: SourceOutcome[] = []
    let scheduler: Scheduler | undefined
    try {
      scheduler = await startScheduler({ store, config, onOutcome: (o) => outcomes.push(o) })
      const until = Date.now() + 10_000
      while (srv.hits('/slow-writer.xml') === 0 && Date.now() < until) await sleep(20)
      expect(srv.hits('/slow-writer.xml')).toBe(1)
      // Well past the 3 s lease, another poller claims what is due: nothing, the lease was renewed.
      await sleep(4500)
      expect(outcomes).toEqual([])
      const request = { sourceIds: ['slow-writer'], now: new Date().toISOString(), leaseMs: 60_000, limit: 1, perHost: 1 }
      expect(await leases(other).claim(request)).toEqual([])
      await blocker.query('commit')
      while (outcomes.length === 0 && Date.now() < until + 10_000) await sleep(20)
      expect(outcomes.map((o) => o.result)).toEqual(['new'])
      expect(srv.hits('/slow-writer.xml')).toBe(1)
      expect(await other.countItems('slow-writer')).toBe(2)
    } finally {
      await blocker.end().catch(() => {})
      await scheduler?.stop(100)
      await store.close()
      await other.close()
    }
  }, 30_000)

  it('lets a paused poller lose its lease: another claims the source, the late writes are refused, the next beat says lost', async () => {
    const one = await openPostgresStore(url)
    const two = await openPostgresStore(url, { migrate: false })
    try {
      await one.syncSources([makeSource({ id: 'paused', url: 'https://paused.example/feed' })])
      const request = { sourceIds: ['paused'], now, leaseMs: 300, limit: 1, perHost: 1 }
      const [lease] = await leases(one).claim(request)
      const beating = startLeaseHeartbeat(leases(one), () => 300)
      beating.hold(lease!)
      // Beating every 100 ms: held well past the 300 ms lease.
      await sleep(800)
      expect(await leases(two).claim(request)).toEqual([])
      // Paused: no beats.
      await beating.stop()
      await sleep(450)
      const [taken] = await leases(two).claim({ ...request, leaseMs: 60_000 })
      expect(taken).toMatchObject({ sourceId: 'paused', token: lease!.token + 1 })
      const refused = await leases(one)
        .fenced(lease!)
        .updateSourceState('paused', { etag: '"late"' })
        .catch((err: unknown) => err)
      expect((refused as StoreError).code).toBe('fenced')
      expect(await leases(one).renew([lease!], 300)).toEqual({ renewed: [], lost: [lease] })
      expect((await one.getSource('paused'))?.etag).toBeNull()
    } finally {
      await one.close()
      await two.close()
    }
  })

  it('ends the transaction of a writer paused while holding the write lock, so the other writers go on', async () => {
    const paused = await openPostgresStore(url, { idleInTransactionMs: 300 })
    const other = await openPostgresStore(url, { migrate: false, lockTimeoutMs: 2000 })
    try {
      await paused.syncSources([makeSource({ id: 'held' })])
      let resume: () => void = () => {}
      const resumed = new Promise<void>((resolve) => {
        resume = resolve
      })
      // The "paused" writer holds the change-counter row (every transaction's first lock) and sends nothing.
      const stalled = paused
        .transaction(async (tx) => {
          await tx.updateSourceState('held', { etag: '"paused"' })
          await resumed
          await tx.updateSourceState('held', { lastError: 'late' })
        })
        .catch((err: unknown) => err)
      await sleep(100)
      await other.upsertItems('held', [makeItem({ sourceId: 'held' })], now)
      resume()
      expect(await stalled).toBeInstanceOf(StoreError)
      expect(await other.getSource('held')).toMatchObject({ etag: null, lastError: null, itemCount: 1 })
    } finally {
      await paused.close()
      await other.close()
    }
  })
})
