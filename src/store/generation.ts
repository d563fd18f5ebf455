// A number that changes whenever stored data changes. PRAGMA data_version moves when ANOTHER
// connection commits; local writes bump a counter. generation() folds both into one
// monotonic counter, so caches can key on it.
import type { Db } from './context.js'

export interface GenerationTracker {
  /** Call after every local write. */
  bump(): void
  current(): number
}

export function createGenerationTracker(db: Db): GenerationTracker {
  let counter = 1
  let lastDataVersion = readDataVersion(db)
  return {
    bump() {
      counter++
    },
    current() {
      if (db.open) {
        const dataVersion = readDataVersion(db)
        if (dataVersion !== lastDataVersion) {
          lastDataVersion = dataVersion
          counter++
        }
      }
      return counter
    },
  }
}

function readDataVersion(db: Db): number {
  return Number(db.pragma('data_version', { simple: true }))
}
