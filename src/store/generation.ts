// A number that changes whenever stored data changes. PRAGMA data_version moves when ANOTHER
// connection commits; local writes bump a counter. generation() folds both into one
// monotonic counter, so caches can key on it. It runs on every cached request, so the pragma is
// one statement prepared once, not db.pragma() (which compiles a new statement each call).
import type { Db } from './context.js'

export interface GenerationTracker {
  /** Call after every local write. */
  bump(): void
  current(): number
}

export function createGenerationTracker(db: Db): GenerationTracker {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()
  let counter = 1
  let lastDataVersion = dataVersion.get()
  return {
    bump() {
      counter++
    },
    current() {
      if (db.open) {
        const version = dataVersion.get()
        if (version !== lastDataVersion) {
          lastDataVersion = version
          counter++
        }
      }
      return counter
    },
  }
}
