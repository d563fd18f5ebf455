// The store: SQLite through better-sqlite3 (the only module that imports it). openStore() opens
// and migrates the database and assembles the Store interface from one file per concern.
// Every method rethrows SQLite failures as StoreError ('busy', 'readonly', 'full', 'corrupt', 'io').
import type { Store } from '../types.js'
import { createContext } from './context.js'
import { createGenerationTracker } from './generation.js'
import { countItems, getItem, upsertItems } from './items.js'
import { findListCursor, listItems, newestItemDate } from './list-items.js'
import { explainStory } from './explain-story.js'
import { mergeStories } from './merge-stories.js'
import { openDatabase, type OpenOptions } from './open.js'
import { listCategories, recentPostsBySource } from './read-extras.js'
import { pruneItems } from './retention.js'
import { searchItems } from './search.js'
import { getSource, listSources, syncSources, updateSourceState } from './sources.js'
import { withStoreErrors as guard } from './sqlite-errors.js'
import { assignStory, findStoryCandidates, saveEvidence } from './stories.js'

export type { OpenOptions } from './open.js'

/** Opens (creating the folder and migrating when needed) the database at path; ':memory:' for a private one. */
export function openStore(path: string, opts: OpenOptions = {}): Store {
  const db = openDatabase(path, opts)
  const generation = createGenerationTracker(db)
  const ctx = createContext(db, () => generation.bump())
  return {
    generation: () => guard(() => generation.current()),
    ping: () => guard(() => void db.prepare('select 1').get()),
    close: () => {
      if (!db.open) return
      // Lets SQLite refresh its planner statistics where they went stale; cheap, and skipped read-only.
      if (!db.readonly) {
        try {
          db.pragma('optimize')
        } catch {
          // Closing matters more than statistics.
        }
      }
      db.close()
    },
    transaction: (fn) => guard(() => ctx.write(fn)),

    syncSources: (sources) => guard(() => syncSources(ctx, sources)),
    getSource: (id) => guard(() => getSource(ctx, id)),
    listSources: () => guard(() => listSources(ctx)),
    updateSourceState: (id, patch) => guard(() => updateSourceState(ctx, id, patch)),

    upsertItems: (sourceId, items, now) => guard(() => upsertItems(ctx, sourceId, items, now)),
    getItem: (id) => guard(() => getItem(ctx, id)),
    countItems: (sourceId) => guard(() => countItems(ctx, sourceId)),
    pruneItems: (now, retentionDays, keepPerSource) => guard(() => pruneItems(ctx, now, retentionDays, keepPerSource)),

    saveEvidence: (itemId, evidence) => guard(() => saveEvidence(ctx, itemId, evidence)),
    findStoryCandidates: (evidence, opts) => guard(() => findStoryCandidates(ctx, evidence, opts)),
    assignStory: (itemId, match) => guard(() => assignStory(ctx, itemId, match)),
    explainStory: (storyId) => guard(() => explainStory(ctx, storyId)),
    mergeStories: (intoStoryId, fromStoryId, bridge) => guard(() => mergeStories(ctx, intoStoryId, fromStoryId, bridge)),

    listItems: (query) => guard(() => listItems(ctx, query)),
    findListCursor: (query, count) => guard(() => findListCursor(ctx, query, count)),
    searchItems: (query) => guard(() => searchItems(ctx, query)),
    recentPostsBySource: (perSource) => guard(() => recentPostsBySource(ctx, perSource)),
    listCategories: (limit) => guard(() => listCategories(ctx, limit)),
    newestItemDate: (query) => guard(() => newestItemDate(ctx, query)),
  }
}
