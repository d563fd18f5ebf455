// One writer at a time on the SQLite connection. better-sqlite3 runs each statement synchronously,
// but an async transaction stays open across awaits: from its BEGIN to its COMMIT the connection's
// write side is the transaction's, and every other write queues behind it, first come first served.
export interface WriteLock {
  /** true from an acquire() until its release, and while anyone waits. */
  readonly held: boolean
  /** Resolves, in call order, once the lock is the caller's, to the function that gives it back. */
  acquire(): Promise<() => void>
}

export function createWriteLock(): WriteLock {
  const waiting: ((release: () => void) => void)[] = []
  let held = false
  /** A release for one holder: calling it twice must not hand the lock on twice. */
  const releaser = () => {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = waiting.shift()
      if (next === undefined) held = false
      else next(releaser())
    }
  }
  return {
    get held() {
      return held
    },
    acquire() {
      if (!held) {
        held = true
        return Promise.resolve(releaser())
      }
      return new Promise((resolve) => waiting.push(resolve))
    },
  }
}
