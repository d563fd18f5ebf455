// What every store file works with: the connection and a cache of prepared statements.
import type Database from 'better-sqlite3'

export type Db = Database.Database
export type Statement = Database.Statement<unknown[], unknown>

export interface StoreContext {
  readonly db: Db
  /** A prepared statement for this SQL, prepared once per connection. */
  prepare(sql: string): Statement
  /** Runs fn in an IMMEDIATE write transaction (joining one already open) and marks the data changed. */
  write<T>(fn: () => T): T
}

export function createContext(db: Db, onWrite: () => void): StoreContext {
  const cache = new Map<string, Statement>()
  return {
    db,
    prepare(sql) {
      let statement = cache.get(sql)
      if (statement === undefined) {
        statement = db.prepare(sql)
        cache.set(sql, statement)
      }
      return statement
    },
    write(fn) {
      if (db.inTransaction) {
        onWrite()
        return fn()
      }
      try {
        return db.transaction(() => requireSync(fn())).immediate()
      } finally {
        onWrite()
      }
    },
  }
}

/** better-sqlite3 transactions are synchronous: an async fn would commit before it finished. */
function requireSync<T>(result: T): T {
  if (result instanceof Promise) {
    result.catch(() => {})
    throw new TypeError('store: transaction(fn) needs a synchronous fn (it returned a Promise); nothing was committed')
  }
  return result
}
