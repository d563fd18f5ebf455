// One poller per SQLite file: `start` (role all or poller) and `poll` hold `<db>.lock`, a file
// created atomically (O_EXCL) holding the pid, the command and when it started. A second poller
// is refused with a message naming the holder; two would fetch every source twice and fight over
// the write lock. A lock whose pid is gone (a crash, a kill -9) is stale and taken over. Readers
// (serve, start --role web) take no lock; PostgreSQL shares sources through leases instead.
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { StoreError } from '../errors.js'

export interface PollerLock {
  readonly path: string
  /** Removes the lock file (only if it is still ours). Safe to call twice. */
  release(): void
}

interface Holder {
  pid: number
  command: string
  since: string
}

/** Lock files this process holds: a pid equal to ours in a file we did not take is a stale one from a previous life (a container's pid 1). */
const heldHere = new Set<string>()

export function takePollerLock(dbPath: string, command: string): PollerLock {
  const path = `${dbPath}.lock`
  const content = `${process.pid}\n${command}\n${new Date().toISOString()}\n`
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, content)) return ownLock(path, content)
    const found = readHolder(path)
    if (found === 'gone') continue
    if (found !== undefined && isRunning(found.pid) && !(found.pid === process.pid && !heldHere.has(path))) {
      throw new StoreError(
        'busy',
        `store: ${dbPath} is already being polled by process ${found.pid} (breachwire ${found.command}, since ${found.since}); ` +
          'one poller per SQLite file: stop that process, or run "serve" / "start --role web" beside it, or use PostgreSQL for several pollers. ' +
          `If no such process is running, delete ${path}.`,
      )
    }
    removeStale(path)
  }
  throw new StoreError('busy', `store: cannot take ${path}: another process keeps replacing it`)
}

/** Written whole to a private file, then hard-linked into place: link fails when the lock exists, and nobody ever reads a half-written lock. */
function tryCreate(path: string, content: string): boolean {
  const draft = `${path}.${process.pid}.tmp`
  try {
    // The database's folder, as openStore would create it.
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(draft, content, { mode: 0o644 })
    linkSync(draft, path)
    return true
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    // A folder this user may not write to is a read-only database as far as polling goes: say so.
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new StoreError('readonly', `store: readonly: cannot create the poller lock ${path} (${code})`, { cause: err })
    }
    throw new StoreError('io', `store: cannot create ${path}: ${(err as Error).message}`, { cause: err })
  } finally {
    try {
      unlinkSync(draft)
    } catch {
      // Never written.
    }
  }
}

function ownLock(path: string, content: string): PollerLock {
  heldHere.add(path)
  let released = false
  const release = (): void => {
    if (released) return
    released = true
    heldHere.delete(path)
    process.off('exit', release)
    try {
      if (readFileSync(path, 'utf8') === content) unlinkSync(path)
    } catch {
      // Already gone: nothing to give back.
    }
  }
  // A normal exit without close() (an uncaught error) still gives the file back.
  process.on('exit', release)
  return { path, release }
}

/** The holder named in the file; undefined when it is unreadable or not ours (stale); 'gone' when the file vanished meanwhile. */
function readHolder(path: string): Holder | 'gone' | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined
  }
  const [pid, command, since] = text.split('\n')
  const n = Number(pid)
  return Number.isInteger(n) && n > 0 ? { pid: n, command: command || 'poller', since: since || 'unknown' } : undefined
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to another user; still a live holder.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Moves the stale file aside (rename is atomic: of two processes taking over, one moves it) and
 * checks that what moved is the stale file; a fresh lock moved by mistake is linked back.
 */
function removeStale(path: string): void {
  const before = safeRead(path)
  const aside = `${path}.stale-${process.pid}`
  try {
    renameSync(path, aside)
  } catch {
    return
  }
  const moved = safeRead(aside)
  if (moved !== before) {
    try {
      linkSync(aside, path)
    } catch {
      // Someone else took the lock meanwhile; theirs stays.
    }
  }
  try {
    unlinkSync(aside)
  } catch {
    // Gone already.
  }
}

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
