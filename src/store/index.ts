// The store: SQLite through better-sqlite3 (the only module that imports it). openStore() opens
// and migrates the database and assembles the Store interface from one file per concern.
import type { Store } from '../types.js'
import { createContext } from './context.js'
import { createGenerationTracker } from './generation.js'
import { countItems, getItem, upsertItems } from './items.js'
import { openDatabase, type OpenOptions } from './open.js'
import { getSource, listSources, syncSources, updateSourceState } from './sources.js'
import { withStoreErrors } from './sqlite-errors.js'

export type { OpenOptions } from './open.js'

/** Opens (creating and migrating when needed) the database at path; ':memory:' for a private in-memory one. */
export function openStore(path: string, opts: OpenOptions = {}): Store {
  const db = openDatabase(path, opts)
  const generation = createGenerationTracker(db)
  const ctx = createContext(db, () => generation.bump())
  const guard = withStoreErrors
  const notYet = (): never => {
    throw new Error('store: not implemented yet')
  }
  return {
    generation: () => guard(() => generation.current()),
    ping: () => guard(() => void db.prepare('select 1').get()),
    close: () => {
      if (db.open) db.close()
    },
    transaction: (fn) => guard(() => ctx.write(fn)),
    syncSources: (sources) => guard(() => syncSources(ctx, sources)),
    getSource: (id) => guard(() => getSource(ctx, id)),
    listSources: () => guard(() => listSources(ctx)),
    updateSourceState: (id, patch) => guard(() => updateSourceState(ctx, id, patch)),
    upsertItems: (sourceId, items, now) => guard(() => upsertItems(ctx, sourceId, items, now)),
    getItem: (id) => guard(() => getItem(ctx, id)),
    countItems: (sourceId) => guard(() => countItems(ctx, sourceId)),
    pruneItems: notYet,
    saveEvidence: notYet,
    findStoryCandidates: notYet,
    assignStory: notYet,
    listItems: notYet,
    searchItems: notYet,
    recentPostsBySource: notYet,
    listCategories: notYet,
    newestItemDate: notYet,
  }
}
