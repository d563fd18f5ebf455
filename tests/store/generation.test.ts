// generation() runs on every cached request: it reads PRAGMA data_version through one statement
// prepared once, instead of db.pragma() compiling a new statement on each call.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createGenerationTracker } from '../../src/store/generation.js'

/** A real connection whose prepare() and pragma() calls are counted. */
function countCompiles(db: Database.Database): { db: Database.Database; compiles: () => number } {
  let compiles = 0
  const counted = new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target)
      if ((prop === 'prepare' || prop === 'pragma') && typeof value === 'function') {
        return (...args: unknown[]) => {
          compiles++
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  return { db: counted, compiles: () => compiles }
}

describe('createGenerationTracker', () => {
  it('compiles its statement once, however often current() is called', () => {
    const raw = new Database(':memory:')
    const { db, compiles } = countCompiles(raw)
    const tracker = createGenerationTracker(db)
    const first = tracker.current()
    for (let i = 0; i < 100; i++) expect(tracker.current()).toBe(first)
    tracker.bump()
    expect(tracker.current()).toBe(first + 1)
    expect(compiles()).toBe(1)
    raw.close()
    // Closed: the last value, no statement run.
    expect(tracker.current()).toBe(first + 1)
  })
})
