// Turns pg's errors into the project's StoreError. A server error carries a SQLSTATE (`code`, five
// characters); a failure to reach or keep the server is a Node socket error or one of pg's own
// plain Errors ("Connection terminated", a pool used after end()). Our own typed errors and a
// caller's exceptions pass through untouched.
import { BadQueryError, StoreError } from '../../errors.js'

type StoreErrorCode = StoreError['code']

/** The StoreError code for a SQLSTATE such as '40001'. */
export function classifySqlState(state: string): StoreErrorCode {
  // serialization_failure, deadlock_detected, lock_not_available, query_canceled (statement or lock timeout)
  if (state === '40001' || state === '40P01' || state === '55P03' || state === '57014') return 'busy'
  if (state === '25006') return 'readonly' // read_only_sql_transaction (a hot standby, default_transaction_read_only)
  if (state === '53100') return 'full' // disk_full
  if (state === 'XX001' || state === 'XX002') return 'corrupt' // data_corrupted, index_corrupted
  // connection_exception class, admin/crash shutdown, cannot_connect_now, too many connections
  if (state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03' || state === '53300') return 'io'
  return 'other'
}

const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

/** pg's own messages for a connection that went away or a pool that was ended. */
const connectionMessages = [
  /^Connection terminated/,
  /not queryable/,
  /Cannot use a pool after calling end/,
  /Client was closed/,
  /timeout exceeded when trying to connect/,
]

/** A pg DatabaseError: the server answered with an error (it carries a severity and a SQLSTATE). */
function isServerError(err: unknown): err is Error & { code: string } {
  if (!(err instanceof Error) || !('severity' in err)) return false
  const code: unknown = (err as { code?: unknown }).code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)
}

/** The error to rethrow: a StoreError for database failures, the error itself otherwise. */
export function toStoreError(err: unknown): unknown {
  if (err instanceof StoreError || err instanceof BadQueryError) return err
  if (isServerError(err)) {
    const code = classifySqlState(err.code)
    const detail = err.message.split('\n')[0] ?? err.code
    return new StoreError(code, `store: ${code === 'other' ? 'database error' : code}: ${detail} (SQLSTATE ${err.code})`, { cause: err })
  }
  if (err instanceof Error) {
    const errno = (err as { code?: unknown }).code
    if ((typeof errno === 'string' && socketCodes.has(errno)) || connectionMessages.some((re) => re.test(err.message))) {
      return new StoreError('io', `store: io: ${err.message.split('\n')[0] ?? 'connection failed'}`, { cause: err })
    }
  }
  return err
}

/** Awaits fn and rethrows any database error as a StoreError. */
export async function withStoreErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw toStoreError(err)
  }
}
