// Opens the SQLite connection with the pragmas breachwire relies on, and migrates it.
import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { StoreError } from '../errors.js'
import type { Db } from './context.js'
import { assertSchemaCurrent, type MigrationResult, migrate } from './migrations.js'
import { withStoreErrors } from './sqlite-errors.js'

export interface OpenOptions {
  /** Open without write access; never migrates (fails when the schema is older). */
  readonly?: boolean
  /** How long a write waits for another connection's lock before failing with StoreError('busy'). Default 5000. */
  busyTimeoutMs?: number
}

function isMemoryPath(path: string): boolean {
  return path === ':memory:' || path === ''
}

export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  return openAndMigrate(path, opts).db
}

/** Opens read-write, migrates, closes: what `breachwire migrate` does on SQLite. */
export function migrateDatabaseFile(path: string, opts: Omit<OpenOptions, 'readonly'> = {}): MigrationResult {
  const { db, migration } = openAndMigrate(path, opts)
  db.close()
  return migration ?? { from: 0, to: 0 }
}

function openAndMigrate(path: string, opts: OpenOptions): { db: Db; migration?: MigrationResult } {
  return withStoreErrors(() => {
    const readonly = opts.readonly === true
    const memory = isMemoryPath(path)
    if (!memory && !readonly) createFolderOf(path)
    if (!memory && readonly && !existsSync(path)) throw new StoreError('io', `store: database file not found: ${path}`)
    let db: Db
    try {
      db = new Database(path, { readonly, fileMustExist: readonly && !memory })
    } catch (err) {
      // better-sqlite3 throws a TypeError (not a SqliteError) for an unusable path, and a SqliteError
      // SQLITE_CANTOPEN ("unable to open database file") that does not say which file.
      if (err instanceof TypeError || (err as { code?: unknown }).code === 'SQLITE_CANTOPEN') {
        throw new StoreError('io', `store: cannot open ${path}: ${(err as Error).message}`, { cause: err })
      }
      throw err
    }
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`)
      if (!memory && !readonly) db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
      db.pragma('temp_store = MEMORY')
      if (readonly) {
        assertSchemaCurrent(db)
        return { db }
      }
      return { db, migration: migrate(db) }
    } catch (err) {
      db.close()
      throw err
    }
  })
}

/** Creates the database's folder; an unusable one (a file, no permission) is StoreError 'io' naming the path. */
function createFolderOf(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true })
  } catch (err) {
    throw new StoreError('io', `store: cannot create the folder for ${path}: ${(err as Error).message}`, { cause: err })
  }
}
