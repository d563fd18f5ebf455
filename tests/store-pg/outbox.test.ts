// The alert outbox on both engines: the same scenario on SQLite and on PostgreSQL, answers equal,
// and each answer checked for what it should be. Item ids are not compared: after a rolled-back
// insert SQLite hands the id out again and a PostgreSQL sequence does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NewWatchMatch } from '../../src/alerts/types.js'
import { openStore } from '../../src/store/index.js'
import { openPostgresStore } from '../../src/store/postgres/index.js'
import type { Store } from '../../src/types.js'
import { startTestPostgres } from '../helpers/postgres.js'
import { makeItem, makeSource } from '../helpers/store.js'

const server = await startTestPostgres('PostgreSQL alert outbox')
const now = '2026-11-10T10:00:00.000Z'
const later = '2026-11-10T10:30:00.000Z'

function match(watchId: string, itemId: number, storyId: number): NewWatchMatch {
  return {
    watchId,
    key: `story:${storyId}`,
    event: 'story.matched',
    matchedAt: now,
    suppressed: null,
    snapshot: {
      itemId,
      storyId,
      sourceId: 'a',
      title: 'Acme report',
      url: `https://a.example/${itemId}`,
      summary: 'Acme Corp breach',
      publishedAt: now,
      facts: { organizations: ['Acme Corp'], actors: [], records: 1200, dataTypes: [], sector: null, country: 'US' },
    },
  }
}

describe.skipIf(server === undefined)('the alert outbox answers the same on both engines', () => {
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

  async function onBoth<T>(scenario: (store: Store) => Promise<T>): Promise<T> {
    const sqlite = openStore(':memory:')
    let expected: T
    try {
      expected = await scenario(sqlite)
    } finally {
      await sqlite.close()
    }
    await server!.truncateStore(url)
    const actual = await scenario(pgStore)
    expect(actual).toEqual(expected)
    return expected
  }

  it('records matches once per key, in the item transaction, and claims, finishes, folds and counts deliveries', async () => {
    const answer = await onBoth(async (store) => {
      await store.syncSources([makeSource({ id: 'a' })])
      // A match written in a transaction that rolls back leaves nothing behind.
      await store
        .transaction(async (tx) => {
          await tx.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'gone' })], now)
          await tx.alerts.recordMatch(match('acme', 1, 1), [{ id: 'd-gone', target: 'webhook:x', nextAttemptAt: now }])
          throw new Error('poll failed')
        })
        .catch(() => {})
      const stored = await store.transaction(async (tx) => {
        const { written } = await tx.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'one' })], now)
        const id = written[0]?.id ?? 0
        const storyId = await tx.assignStory(id, null)
        const first = await tx.alerts.recordMatch(match('acme', id, storyId), [
          { id: 'd1', target: 'webhook:x', nextAttemptAt: now },
          { id: 'd2', target: 'email:y', nextAttemptAt: later },
        ])
        const repeat = await tx.alerts.recordMatch(match('acme', id, storyId), [{ id: 'd3', target: 'webhook:x', nextAttemptAt: now }])
        return { first, repeat }
      })
      const fresh = await store.alerts.registerWatches(['acme', 'other'], now)
      const freshAgain = await store.alerts.registerWatches(['acme', 'third'], now)
      const claimed = await store.alerts.claimDeliveries(now, later, 10)
      const claimedTwice = await store.alerts.claimDeliveries(now, later, 10)
      await store.alerts.finishDeliveries([{ id: 'd1', status: 'sent', attempts: 1, at: now, error: null }])
      const sentSince = await store.alerts.countSent('acme', 'webhook:x', '2026-11-10T09:00:00.000Z')
      const dueLater = await store.alerts.claimDeliveries(later, '2026-11-10T11:00:00.000Z', 10)
      await store.alerts.releaseClaims()
      const afterRelease = await store.alerts.claimDeliveries(later, '2026-11-10T11:00:00.000Z', 10)
      await store.alerts.finishDeliveries([
        { id: 'd2', status: 'folded', attempts: 0, at: later, foldKey: 'acme|email:y|2026-11-10T10:00:00.000Z' },
      ])
      const fold = {
        watchId: 'acme',
        target: 'email:y',
        foldKey: 'acme|email:y|2026-11-10T10:00:00.000Z',
        nextAttemptAt: '2026-11-10T11:00:00.000Z',
      }
      await store.alerts.queueFoldMessage({ ...fold, id: 'm1' })
      await store.alerts.queueFoldMessage({ ...fold, id: 'm2' })
      const more = await store.alerts.claimDeliveries('2026-11-10T11:00:00.000Z', '2026-11-10T12:00:00.000Z', 10)
      return {
        stored,
        fresh,
        freshAgain,
        claimed: claimed.map((d) => ({ id: d.id, kind: d.kind, title: d.snapshot?.title, facts: d.snapshot?.facts })),
        claimedTwice: claimedTwice.length,
        sentSince,
        dueLater: dueLater.map((d) => d.id),
        afterRelease: afterRelease.map((d) => d.id),
        more: more.map((d) => ({ id: d.id, kind: d.kind, foldedCount: d.foldedCount })),
        stats: await store.alerts.watchStats(),
        items: (await store.alerts.listWatchItems('acme', 10)).map((i) => i.title),
      }
    })
    expect(answer.stored).toMatchObject({ first: true, repeat: false })
    expect(answer.fresh).toEqual(['acme', 'other'])
    expect(answer.freshAgain).toEqual(['third'])
    expect(answer.claimed).toEqual([
      { id: 'd1', kind: 'alert', title: 'Acme report', facts: expect.objectContaining({ records: 1200, country: 'US' }) },
    ])
    expect(answer.claimedTwice).toBe(0)
    expect(answer.sentSince).toBe(1)
    expect(answer.dueLater).toEqual(['d2'])
    expect(answer.afterRelease).toEqual(['d2'])
    expect(answer.more).toEqual([{ id: 'm1', kind: 'more', foldedCount: 1 }])
    expect(answer.stats).toEqual([{ watchId: 'acme', matches: 1, sent: 1, pending: 1, failed: 0, lastError: null }])
    // The rolled-back item is not listed; the committed one is (ids differ by engine after a rollback).
    expect(answer.items).toEqual(['Item one'])
  })
})
