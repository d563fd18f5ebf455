// A store used after close(): every call is StoreError 'io' ("store: the database is closed"),
// which the server answers with 503, not better-sqlite3's bare TypeError (a 500).
import { describe, expect, it } from 'vitest'
import { StoreError } from '../../src/errors.js'
import { makeItem, makeStore } from '../helpers/store.js'

function catchError(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  return undefined
}

describe('a closed store', () => {
  it('answers every call with StoreError io "store: the database is closed"', () => {
    const store = makeStore(['a'])
    store.listItems({ limit: 5 }) // statements prepared while open are refused too
    store.close()
    const calls: [string, () => unknown][] = [
      ['ping', () => store.ping()],
      ['listItems', () => store.listItems({ limit: 5 })],
      ['listSources', () => store.listSources()],
      ['countItems', () => store.countItems()],
      ['upsertItems', () => store.upsertItems('a', [makeItem({ sourceId: 'a' })], '2026-03-01T00:00:00.000Z')],
      ['transaction', () => store.transaction(() => 1)],
      ['searchItems', () => store.searchItems({ q: 'acme', limit: 5 })],
    ]
    for (const [name, call] of calls) {
      const err = catchError(call)
      expect(err, name).toBeInstanceOf(StoreError)
      expect((err as StoreError).code, name).toBe('io')
      expect((err as StoreError).message, name).toBe('store: the database is closed')
      expect((err as StoreError).cause, name).toBeInstanceOf(TypeError)
    }
    // close() twice is harmless; generation() still answers (caches keep their last key).
    expect(() => store.close()).not.toThrow()
    expect(typeof store.generation()).toBe('number')
  })
})
