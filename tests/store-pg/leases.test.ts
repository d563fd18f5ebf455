// Poller leases on PostgreSQL, with two stores on one database standing for two poller
// processes: concurrent claims never hand out one source twice and respect the per-host limit
// across pollers; an expired lease is claimable again (with a new token); a write under a stale
// token is refused (StoreError 'fenced') and leaves nothing behind; two pollers ingesting two
// reports of one incident at the same moment end with one story.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StoreError } from '../../src/errors.js'
import { storeItems } from '../../src/poller/store-items.js'
import { openPostgresStore } from '../../src/store/postgres/index.js'
import type { SourceLeases, Store } from '../../src/types.js'
import { startTestPostgres } from '../helpers/postgres.js'
import { makeItem, makeSource } from '../helpers/store.js'

const server = await startTestPostgres('PostgreSQL poller leases')
const now = '2026-03-01T00:00:00.000Z'
let one: Store
let two: Store

beforeAll(async () => {
  if (server === undefined) return
  const url = await server.createDatabase()
  one = await openPostgresStore(url)
  two = await openPostgresStore(url, { migrate: false })
})
afterAll(async () => {
  await one?.close()
  await two?.close()
  await server?.stop()
})

const leases = (store: Store): SourceLeases => store.leases as SourceLeases
const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

async function sync(sources: { id: string; url: string }[]): Promise<void> {
  await one.syncSources(sources.map((s) => makeSource(s)))
}

async function fencedError(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof StoreError) return err
    throw err
  }
  throw new Error('the write was not refused')
}

describe.skipIf(server === undefined)('poller leases on PostgreSQL', () => {
  it('two pollers claiming at once never get the same source, and together get every due one', async () => {
    const all = ids('c', 40)
    await sync(all.map((id) => ({ id, url: `https://${id}.example/feed` })))
    const request = { sourceIds: all, now, leaseMs: 60_000, limit: 25, perHost: 2 }
    const rounds = await Promise.all([
      leases(one).claim(request),
      leases(two).claim(request),
      leases(one).claim(request),
      leases(two).claim(request),
    ])
    const claimed = rounds.flat().map((l) => l.sourceId)
    expect(new Set(claimed).size).toBe(claimed.length)
    expect([...claimed].sort()).toEqual([...all].sort())
    expect(rounds.every((r) => r.length <= 25)).toBe(true)
    // Held: nobody gets them again before the leases run out.
    expect(await leases(two).claim(request)).toEqual([])
  })

  it('holds at most perHost leases on one host across pollers, and skips sources not due', async () => {
    const same = ids('h', 6)
    await sync([
      ...same.map((id) => ({ id, url: `https://Busy.example:8443/${id}.xml` })),
      { id: 'later', url: 'https://other.example/feed' },
    ])
    await one.updateSourceState('later', { nextRunAt: '2026-03-01T01:00:00.000Z' })
    const request = { sourceIds: [...same, 'later'], now, leaseMs: 60_000, limit: 10, perHost: 2 }
    const [a, b] = await Promise.all([leases(one).claim(request), leases(two).claim(request)])
    expect([...a, ...b]).toHaveLength(2)
    expect([...a, ...b].every((l) => same.includes(l.sourceId))).toBe(true)
    // Released, a slot on the host frees up for the next claim.
    await leases(one).release([...a, ...b][0]!)
    expect(await leases(two).claim(request)).toHaveLength(1)
  })

  it('makes an expired lease claimable again with the next token, and refuses the old holder writes', async () => {
    await sync([{ id: 'slow', url: 'https://slow.example/feed' }])
    const request = { sourceIds: ['slow'], now, leaseMs: 150, limit: 5, perHost: 2 }
    const [first] = await leases(one).claim(request)
    expect(first).toMatchObject({ sourceId: 'slow' })
    expect(await leases(two).claim(request)).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 300))
    // The first poller "paused" past its lease: the second takes the source over.
    const [second] = await leases(two).claim({ ...request, leaseMs: 60_000 })
    expect(second?.token).toBe((first?.token ?? 0) + 1)

    const stale = leases(one).fenced(first!)
    const late = await fencedError(
      stale.transaction(async (tx) => {
        await tx.upsertItems('slow', [makeItem({ sourceId: 'slow', identityKey: 'late' })], now)
        await tx.updateSourceState('slow', { etag: '"stale"' })
      }),
    )
    expect(late.code).toBe('fenced')
    expect(late.message).toBe(
      `store: source slow: lease ${first!.token} was taken over (current ${second!.token}); this poll's writes are refused`,
    )
    expect((await fencedError(stale.updateSourceState('slow', { lastError: 'x' }))).code).toBe('fenced')
    expect(await one.countItems('slow')).toBe(0)
    expect((await one.getSource('slow'))?.etag).toBeNull()

    // The current holder writes; its release does not free a lease taken over since.
    await leases(two)
      .fenced(second!)
      .upsertItems('slow', [makeItem({ sourceId: 'slow', identityKey: 'fresh' })], now)
    expect(await one.countItems('slow')).toBe(1)
    await leases(one).release(first!)
    expect(await leases(one).claim(request)).toEqual([])
  })

  it('keeps two reports of one incident ingested at the same moment by two pollers in one story', async () => {
    const a = makeSource({ id: 'rep-a', url: 'https://rep-a.example/feed' })
    const b = makeSource({ id: 'rep-b', url: 'https://rep-b.example/feed' })
    await one.syncSources([a, b])
    const title = 'Initech payroll vendor breach exposes 12,000 employee records'
    const report = (source: typeof a, key: string, at: string) =>
      makeItem({ sourceId: source.id, identityKey: key, title, publishedAt: at })
    for (let round = 0; round < 5; round++) {
      const at = `2026-02-0${round + 1}T08:00:00.000Z`
      const written = await Promise.all([
        one.transaction((tx) => storeItems(tx, a, [report(a, `r${round}`, at)], now)),
        two.transaction((tx) => storeItems(tx, b, [report(b, `r${round}`, at)], now)),
      ])
      expect(written.map((w) => w.inserted)).toEqual([1, 1])
      const items = await one.listItems({ sources: ['rep-a', 'rep-b'], limit: 2 })
      const stories = await Promise.all(items.items.map(async (item) => (await one.getItem(item.id))?.storyId))
      expect(new Set(stories).size, `round ${round}`).toBe(1)
    }
  })
})
