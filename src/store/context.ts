// What every store file works with: the connection and a cache of prepared statements.
import type Database from 'better-sqlite3'

export type Db = Database.Database
export type Statement = Database.Statement<unknown[], unknown>

export interface StoreContext {
  readonly db: Db
  /** A prepared statement for this SQL, prepared once per connection. */
  prepare(sql: string): Statement
  /** Runs fn in an IMMEDIATE write transaction (joining the Store's open one) and marks the data changed. */
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
        return db.transaction(fn).immediate()
      } finally {
        onWrite()
      }
    },
  }
}
