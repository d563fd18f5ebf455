// A store used after close(): every call rejects with StoreError 'io' ("store: the database is
// closed"), which the server answers with 503, not better-sqlite3's bare TypeError (a 500).
import { describe, expect, it } from 'vitest'
import { StoreError } from '../../src/errors.js'
import { makeItem, makeStore } from '../helpers/store.js'

/** The rejection of a call's promise; a call that throws instead of rejecting fails the test. */
async function catchRejection(call: () => Promise<unknown>): Promise<unknown> {
  const promise = call()
  return promise.then(
    () => undefined,
    (err: unknown) => err,
  )
}

describe('a closed store', () => {
  it('answers every call with StoreError io "store: the database is closed"', async () => {
    const store = await makeStore(['a'])
    await store.listItems({ limit: 5 }) // statements prepared while open are refused too
    await store.close()
    const calls: [string, () => Promise<unknown>][] = [
      ['ping', () => store.ping()],
      ['listItems', () => store.listItems({ limit: 5 })],
      ['listSources', () => store.listSources()],
      ['countItems', () => store.countItems()],
      ['upsertItems', () => store.upsertItems('a', [makeItem({ sourceId: 'a' })], '2026-03-01T00:00:00.000Z')],
      ['transaction', () => store.transaction(async () => 1)],
      ['searchItems', () => store.searchItems({ q: 'acme', limit: 5 })],
    ]
    for (const [name, call] of calls) {
      const err = await catchRejection(call)
      expect(err, name).toBeInstanceOf(StoreError)
      expect((err as StoreError).code, name).toBe('io')
      expect((err as StoreError).message, name).toBe('store: the database is closed')
      expect((err as StoreError).cause, name).toBeInstanceOf(TypeError)
    }
    // close() twice is harmless; generation() still answers (caches keep their last key).
    await expect(store.close()).resolves.toBeUndefined()
    expect(typeof store.generation()).toBe('number')
  })
})
