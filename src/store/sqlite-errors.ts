// Turns better-sqlite3's SqliteError into the project's StoreError, by SQLite result code.
// better-sqlite3's "connection is not open" TypeError (a call after close()) becomes StoreError 'io'.
// Anything else that is not a SQLite error (our own typed errors, a caller's exception) passes through.
import { BadQueryError, StoreError } from '../errors.js'

type StoreErrorCode = StoreError['code']

/** The StoreError code for a SQLite extended result code such as 'SQLITE_IOERR_WRITE'. */
export function classifySqliteCode(code: string): StoreErrorCode {
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy'
  if (code.startsWith('SQLITE_READONLY')) return 'readonly'
  if (code === 'SQLITE_FULL') return 'full'
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt'
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'io'
  return 'other'
}

/** better-sqlite3's TypeError for any use of a connection after close(). */
function isClosedDatabaseError(err: unknown): boolean {
  return err instanceof TypeError && err.message === 'The database connection is not open'
}

function isSqliteError(err: unknown): err is Error & { code: string } {
  return err instanceof Error && err.name === 'SqliteError' && typeof (err as { code?: unknown }).code === 'string'
}

/** The error to rethrow: a StoreError for SQLite failures, the error itself otherwise. */
export function toStoreError(err: unknown): unknown {
  if (err instanceof StoreError || err instanceof BadQueryError) return err
  // A closed connection is the database being unavailable (the server answers 503), not a bug.
  if (isClosedDatabaseError(err)) return new StoreError('io', 'store: the database is closed', { cause: err })
  if (isSqliteError(err)) {
    const code = classifySqliteCode(err.code)
    const detail = err.message.split('\n')[0] ?? err.code
    return new StoreError(code, `store: ${code === 'other' ? 'database error' : code}: ${detail} (${err.code})`, { cause: err })
  }
  return err
}

/** Runs fn and rethrows any SQLite error as a StoreError. */
export function withStoreErrors<T>(fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    throw toStoreError(err)
  }
}
