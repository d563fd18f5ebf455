// The store: SQLite through better-sqlite3 (the only module that imports it). openStore() opens
// and migrates the database and assembles the Store interface from one file per concern.
// Every method rethrows SQLite failures as StoreError ('busy', 'readonly', 'full', 'corrupt', 'io').
//
// The files below are synchronous (better-sqlite3 is, and that is what makes it fast); the Store
// wraps each call in a settled Promise. transaction(fn) is async: it takes the write lock (FIFO),
// runs BEGIN IMMEDIATE, awaits fn(tx) and commits, or rolls back when fn rejects. While it is
// open, writes on the store itself wait for the lock (on this connection they would otherwise
// join the open transaction); reads do not wait, and see what the open transaction wrote so far.
import { StoreError } from '../errors.js'
import type { Store } from '../types.js'
import { createContext, type StoreContext } from './context.js'
import { explainStory } from './explain-story.js'
import { countFacets, findFacetName, listItemsWithoutFacts, loadStoryFacts, saveFacts } from './facts.js'
import { createGenerationTracker } from './generation.js'
import { countItems, getItem, upsertItems } from './items.js'
import { findListCursor, listItems, newestItemDate } from './list-items.js'
import { mergeStories } from './merge-stories.js'
import { migrateDatabaseFile, type OpenOptions, openDatabase } from './open.js'
import { createOutbox } from './outbox.js'
import { takePollerLock } from './poller-lock.js'
import { migratePostgres, openPostgresStore } from './postgres/index.js'
import { listCategories, recentPostsBySource } from './read-extras.js'
import { getStory, listStories } from './read-stories.js'
import { capSourceItems, pruneItems } from './retention.js'
import { searchItems } from './search.js'
import { getSource, listSources, syncSources, updateSourceState } from './sources.js'
import { toStoreError, withStoreErrors } from './sqlite-errors.js'
import { assignStory, findStoryCandidates, saveEvidence } from './stories.js'
import { createWriteLock } from './write-lock.js'

export { type CopyCount, copySqliteToPostgres } from './copy.js'
export type { OpenOptions } from './open.js'

/** Where the data lives: a PostgreSQL URL when given (--database-url, BREACHWIRE_DATABASE_URL), else the SQLite file. */
export interface StoreLocation {
  dbPath: string
  databaseUrl?: string | undefined
}

/**
 * The store the commands use. Read-write opens migrate (start, poll), so a database whose schema
 * is newer than this program knows is refused with the engine's message. Read-only opens (serve,
 * sources) never write: SQLite opens the file read-only, PostgreSQL requires the current schema.
 * `poller` (the command's name) takes the SQLite file's poller lock until close(): a second
 * poller on the same file is refused, naming the first (see poller-lock.ts).
 */
export async function openStoreFromOptions(location: StoreLocation, opts: { readonly?: boolean; poller?: string } = {}): Promise<Store> {
  const readonly = opts.readonly === true
  if (location.databaseUrl !== undefined) return openPostgresStore(location.databaseUrl, { migrate: !readonly })
  if (opts.poller === undefined || location.dbPath === ':memory:' || location.dbPath === '') return openStore(location.dbPath, { readonly })
  const lock = takePollerLock(location.dbPath, opts.poller)
  let store: Store
  try {
    store = openStore(location.dbPath, { readonly })
  } catch (err) {
    lock.release()
    throw err
  }
  return {
    ...store,
    close: async () => {
      try {
        await store.close()
      } finally {
        lock.release()
      }
    },
  }
}

/** `breachwire migrate`: applies the missing migrations and says which engine and versions. */
export async function migrateStore(location: StoreLocation): Promise<{ engine: 'sqlite' | 'postgres'; from: number; to: number }> {
  if (location.databaseUrl !== undefined) return { engine: 'postgres', ...(await migratePostgres(location.databaseUrl)) }
  return { engine: 'sqlite', ...migrateDatabaseFile(location.dbPath) }
}

/** How a Store runs one synchronous call: `write` says whether it must wait for an open transaction. */
type Runner = <T>(fn: () => T, write: boolean) => Promise<T>

/** fn's result (or its error, as a StoreError) as a settled Promise: callers see rejections, never throws. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(withStoreErrors(fn))
  } catch (err) {
    return Promise.reject(err)
  }
}

/** Opens (creating the folder and migrating when needed) the database at path; ':memory:' for a private one. */
export function openStore(path: string, opts: OpenOptions = {}): Store {
  const db = openDatabase(path, opts)
  const generation = createGenerationTracker(db)
  const ctx = createContext(db, () => generation.bump())
  const lock = createWriteLock()

  const run: Runner = (fn, write) => {
    if (!write || !lock.held) return settle(fn)
    return lock.acquire().then((release) => {
      try {
        return settle(fn)
      } finally {
        release()
      }
    })
  }

  const transaction: Store['transaction'] = async (fn) => {
    const release = await lock.acquire()
    let open = true
    const runInside: Runner = (call) =>
      open ? settle(call) : Promise.reject(new StoreError('other', 'store: this transaction is over; use the store, not its tx'))
    const tx = assemble(ctx, runInside, {
      generation: () => generation.current(),
      ping: () => runInside(() => void db.prepare('select 1').get(), false),
      close: () => Promise.reject(new StoreError('other', 'store: close() inside a transaction')),
      transaction: (inner) => inner(tx),
    })
    try {
      withStoreErrors(() => db.exec('BEGIN IMMEDIATE'))
      try {
        const result = await fn(tx)
        withStoreErrors(() => db.exec('COMMIT'))
        return result
      } catch (err) {
        rollback(ctx)
        throw toStoreError(err)
      }
    } finally {
      open = false
      generation.bump()
      release()
    }
  }

  return assemble(ctx, run, {
    generation: () => withStoreErrors(() => generation.current()),
    ping: () => run(() => void db.prepare('select 1').get(), false),
    close: async () => {
      // An open transaction finishes first (a shutdown mid-poll still commits that source).
      const release = await lock.acquire()
      try {
        if (db.open) closeDatabase(ctx)
      } finally {
        release()
      }
    },
    transaction,
  })
}

function assemble(ctx: StoreContext, run: Runner, own: Pick<Store, 'generation' | 'ping' | 'close' | 'transaction'>): Store {
  return {
    ...own,
    syncSources: (sources) => run(() => syncSources(ctx, sources), true),
    getSource: (id) => run(() => getSource(ctx, id), false),
    listSources: () => run(() => listSources(ctx), false),
    updateSourceState: (id, patch) => run(() => updateSourceState(ctx, id, patch), true),

    upsertItems: (sourceId, items, now) => run(() => upsertItems(ctx, sourceId, items, now), true),
    getItem: (id) => run(() => getItem(ctx, id), false),
    countItems: (sourceId) => run(() => countItems(ctx, sourceId), false),
    pruneItems: (now, retentionDays, keepPerSource) => run(() => pruneItems(ctx, now, retentionDays, keepPerSource), true),
    capSourceItems: (sourceId, maxItems, now) => run(() => capSourceItems(ctx, sourceId, maxItems, now), true),

    saveEvidence: (itemId, evidence) => run(() => saveEvidence(ctx, itemId, evidence), true),
    findStoryCandidates: (evidence, opts) => run(() => findStoryCandidates(ctx, evidence, opts), false),
    assignStory: (itemId, match, options) => run(() => assignStory(ctx, itemId, match, options), true),
    explainStory: (storyId) => run(() => explainStory(ctx, storyId), false),
    mergeStories: (intoStoryId, fromStoryId, bridge) => run(() => mergeStories(ctx, intoStoryId, fromStoryId, bridge), true),
    getStory: (storyId) => run(() => getStory(ctx, storyId), false),
    listStories: (query) => run(() => listStories(ctx, query), false),

    listItems: (query) => run(() => listItems(ctx, query), false),
    findListCursor: (query, count) => run(() => findListCursor(ctx, query, count), false),
    searchItems: (query) => run(() => searchItems(ctx, query), false),
    recentPostsBySource: (perSource) => run(() => recentPostsBySource(ctx, perSource), false),
    listCategories: (limit) => run(() => listCategories(ctx, limit), false),
    newestItemDate: (query) => run(() => newestItemDate(ctx, query), false),

    saveFacts: (itemId, facts, origin) => run(() => saveFacts(ctx, itemId, facts, origin), true),
    listItemsWithoutFacts: (limit) => run(() => listItemsWithoutFacts(ctx, limit), false),
    loadStoryFacts: (itemIds) => run(() => loadStoryFacts(ctx, itemIds), false),
    countFacets: (query, perKind) => run(() => countFacets(ctx, query, perKind), false),
    findFacetName: (kind, key) => run(() => findFacetName(ctx, kind, key), false),
    alerts: createOutbox(ctx, run),
  }
}

/** Undoes the open transaction; when even that fails the connection is unusable, and the next call says so. */
function rollback(ctx: StoreContext): void {
  if (!ctx.db.inTransaction) return
  try {
    ctx.db.exec('ROLLBACK')
  } catch {
    // SQLite has already rolled back (a failed COMMIT, an I/O error): the caller's error is the one to report.
  }
}

function closeDatabase(ctx: StoreContext): void {
  // Lets SQLite refresh its planner statistics where they went stale; cheap, and skipped read-only.
  if (!ctx.db.readonly) {
    try {
      ctx.db.pragma('optimize')
    } catch {
      // Closing matters more than statistics.
    }
  }
  ctx.db.close()
}
