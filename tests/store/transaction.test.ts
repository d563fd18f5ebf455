// The SQLite store's async transaction: BEGIN IMMEDIATE, await fn(tx), COMMIT, or ROLLBACK when fn
// rejects; one transaction at a time (FIFO); writes on the store itself wait for an open
// transaction instead of joining it; reads do not wait.
import { describe, expect, it } from 'vitest'
import { StoreError } from '../../src/errors.js'
import { makeItem, makeStore } from '../helpers/store.js'

const now = '2026-01-01T00:00:00.000Z'
const tick = () => new Promise((resolve) => setTimeout(resolve, 10))

describe('SQLite store.transaction', () => {
  it('commits what fn wrote across awaits, and nested transaction() calls join it', async () => {
    const store = await makeStore(['a'])
    const before = store.generation()
    const summary = await store.transaction(async (tx) => {
      const first = await tx.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'one' })], now)
      await tick()
      const inner = await tx.transaction((nested) => nested.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'two' })], now))
      return first.summary.inserted + inner.summary.inserted
    })
    expect(summary).toBe(2)
    expect(await store.countItems('a')).toBe(2)
    expect(store.generation()).toBeGreaterThan(before)
    await store.close()
  })

  it('rolls back everything fn wrote when it throws after an await, and rejects with that error', async () => {
    const store = await makeStore(['a'])
    await store.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'kept' })], now)
    const failed = store.transaction(async (tx) => {
      await tx.upsertItems(
        'a',
        [makeItem({ sourceId: 'a', identityKey: 'lost-1' }), makeItem({ sourceId: 'a', identityKey: 'lost-2' })],
        now,
      )
      await tx.updateSourceState('a', { lastError: 'half-written' })
      await tick()
      throw new Error('changed my mind')
    })
    await expect(failed).rejects.toThrow('changed my mind')
    expect(await store.countItems('a')).toBe(1)
    expect((await store.getSource('a'))?.lastError).toBeNull()
    // The connection is usable again: the next transaction commits.
    await store.transaction((tx) => tx.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'after' })], now))
    expect(await store.countItems('a')).toBe(2)
    await store.close()
  })

  it('makes a write on the store wait for the open transaction, so a rollback does not take it along', async () => {
    const store = await makeStore(['a'])
    const order: string[] = []
    let outside: Promise<unknown> | undefined
    const failed = store.transaction(async (tx) => {
      await tx.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'inside' })], now)
      outside = store.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'outside' })], now).then(() => order.push('outside written'))
      await tick()
      order.push('transaction ending')
      throw new Error('rolled back')
    })
    await expect(failed).rejects.toThrow('rolled back')
    await outside
    expect(order).toEqual(['transaction ending', 'outside written'])
    const keys = (await store.listItems({ sources: ['a'], limit: 10 })).items.map((item) => item.url)
    expect(keys).toEqual([expect.stringContaining('/outside')])
    await store.close()
  })

  it('runs concurrent transactions one after the other, in call order', async () => {
    const store = await makeStore(['a'])
    const events: string[] = []
    const run = (name: string) =>
      store.transaction(async (tx) => {
        events.push(`${name} begins`)
        await tx.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: name })], now)
        await tick()
        events.push(`${name} ends`)
      })
    await Promise.all([run('first'), run('second'), run('third')])
    expect(events).toEqual(['first begins', 'first ends', 'second begins', 'second ends', 'third begins', 'third ends'])
    expect(await store.countItems('a')).toBe(3)
    await store.close()
  })

  it('lets reads through while a transaction is open (they see its writes so far)', async () => {
    const store = await makeStore(['a'])
    await store.transaction(async (tx) => {
      await tx.upsertItems('a', [makeItem({ sourceId: 'a', identityKey: 'pending' })], now)
      // A wait here would deadlock: this read is on the store, not tx.
      expect(await store.countItems('a')).toBe(1)
    })
    await store.close()
  })

  it('refuses a tx used after its transaction ended, and close() inside one', async () => {
    const store = await makeStore(['a'])
    let kept: Parameters<Parameters<typeof store.transaction>[0]>[0] | undefined
    await store.transaction(async (tx) => {
      kept = tx
      await expect(tx.close()).rejects.toThrow('store: close() inside a transaction')
    })
    await expect(kept!.countItems()).rejects.toThrow(StoreError)
    await expect(kept!.countItems()).rejects.toThrow('store: this transaction is over')
    await store.close()
  })

  it('close() waits for the open transaction to commit', async () => {
    const store = await makeStore(['a'])
    let closed: Promise<void> | undefined
    await store.transaction(async (tx) => {
      closed = store.close()
      await tick()
      await tx.upsertItems('a', [makeItem({ sourceId: 'a' })], now)
    })
    await closed
    await expect(store.countItems()).rejects.toThrow('store: the database is closed')
  })
})
