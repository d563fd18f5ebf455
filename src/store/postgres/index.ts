// The PostgreSQL engine: a Store on a pg Pool. openPostgresStore() connects, migrates
// (unless told not to), starts the generation tracker, and assembles the store from one file per
// concern, each a port of its SQLite counterpart with the same observable behaviour. Every
// method rethrows database failures as StoreError ('busy', 'readonly', 'full', 'corrupt', 'io').
import pg from 'pg'
import { StoreError } from '../../errors.js'
import type { Store } from '../../types.js'
import { createPoolContext, type PgContext } from './context.js'
import { countFacets, findFacetName, listItemsWithoutFacts, loadStoryFacts, saveFacts } from './facts.js'
import { createGenerationTracker, type GenerationTracker } from './generation.js'
import { countItems, getItem, upsertItems } from './items.js'
import { createLeases } from './leases.js'
import { findListCursor, listItems, newestItemDate } from './list-items.js'
import { assertSchemaCurrent, migrate, readSchemaVersion } from './migrations.js'
import { createPgOutbox } from './outbox.js'
import { withStoreErrors as guard } from './pg-errors.js'
import { listCategories, recentPostsBySource } from './read-extras.js'
import { getStory, listStories } from './read-stories.js'
import { capSourceItems, pruneItems } from './retention.js'
import { searchItems } from './search.js'
import { getSource, listSources, syncSources, updateSourceState } from './sources.js'
import { assignStory, explainStory, mergeStories, saveEvidence } from './stories.js'
import { findStoryCandidates } from './story-candidates.js'

export { migrate, pgMigrations, readSchemaVersion } from './migrations.js'

export interface PgOpenOptions {
  /** Apply pending migrations on open (default true). When false, the schema must already be current. */
  migrate?: boolean
  /** Pool size (default 10). */
  maxConnections?: number
  /** How long a statement may wait for a lock before failing with StoreError 'busy'. Default 5000 (SQLite's busy timeout). */
  lockTimeoutMs?: number
  /**
   * How long a transaction may sit idle (its process not sending the next statement) before the
   * server ends it. Default 3000, below lockTimeoutMs: a writer that is paused (SIGSTOP, a stall)
   * while it holds the change-counter row would otherwise make every other writer time out.
   */
  idleInTransactionMs?: number
  /** How often the change counter is polled while the LISTEN connection is down. Default 1000. */
  pollMs?: number
}

const INT8_OID = 20
const NUMERIC_OID = 1700

/**
 * ids and counts are int8; pg hands those over as strings, to be safe past 2^53. breachwire's
 * ids and counts stay far below that, and the SQLite engine answers numbers: parse them.
 * Per pool, so other users of pg in the process keep the defaults.
 */
const types = {
  getTypeParser(oid: number, format?: string): unknown {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format as 'text')
  },
} as pg.CustomTypesConfig

export async function openPostgresStore(url: string, opts: PgOpenOptions = {}): Promise<Store> {
  const lockTimeout = Math.max(0, Math.trunc(opts.lockTimeoutMs ?? 5000))
  const clientConfig: pg.ClientConfig = {
    connectionString: url,
    types,
    options: `-c lock_timeout=${lockTimeout} -c idle_in_transaction_session_timeout=${Math.max(0, Math.trunc(opts.idleInTransactionMs ?? 3000))}`,
    application_name: 'breachwire',
  }
  const pool = new pg.Pool({ ...clientConfig, max: opts.maxConnections ?? 10 })
  // An idle client losing its connection is emitted on the pool; without a handler it would
  // crash the process. The pool drops that client; the next query reports what is wrong.
  pool.on('error', () => {})
  let tracker: GenerationTracker | undefined
  try {
    await guard(async () => {
      if (opts.migrate === false) await assertSchemaCurrent(pool)
      else await migrate(pool)
    })
    const readCounter = async (): Promise<number> => {
      const result = await pool.query<{ generation: number }>('select generation from store_changes')
      return result.rows[0]?.generation ?? 0
    }
    tracker = await createGenerationTracker({
      client: clientConfig,
      readCounter,
      ...(opts.pollMs === undefined ? {} : { pollMs: opts.pollMs }),
    })
  } catch (err) {
    await pool.end().catch(() => {})
    throw err
  }
  const generation = tracker
  const ctx = createPoolContext(pool, (value) => generation.observe(value))
  let closed = false
  const own: Pick<Store, 'generation' | 'close'> = {
    generation: () => generation.current(),
    async close() {
      if (closed) return
      closed = true
      await generation.close()
      await pool.end()
    },
  }
  const store = buildStore(ctx, own)
  // A fenced store shares the pool; closing it is closing the store.
  store.leases = createLeases(pool, ctx, (fenced) => buildStore(fenced, own))
  return store
}

/** The store over a context: the pool's, or a transaction's (whose transaction() joins it). */
function buildStore(ctx: PgContext, own: Pick<Store, 'generation' | 'close'>): Store {
  const store: Store = {
    generation: own.generation,
    close: own.close,
    ping: () => guard(async () => void (await ctx.query('select 1'))),
    transaction: (fn) =>
      ctx.inTransaction
        ? fn(store)
        : guard(() =>
            ctx.write((tx) =>
              fn(
                buildStore(tx, {
                  generation: own.generation,
                  close: () => Promise.reject(new StoreError('other', 'store: close() inside a transaction')),
                }),
              ),
            ),
          ),

    syncSources: (sources) => guard(() => syncSources(ctx, sources)),
    getSource: (id) => guard(() => getSource(ctx, id)),
    listSources: () => guard(() => listSources(ctx)),
    updateSourceState: (id, patch) => guard(() => updateSourceState(ctx, id, patch)),

    upsertItems: (sourceId, items, now) => guard(() => upsertItems(ctx, sourceId, items, now)),
    getItem: (id) => guard(() => getItem(ctx, id)),
    countItems: (sourceId) => guard(() => countItems(ctx, sourceId)),
    pruneItems: (now, retentionDays, keepPerSource) => guard(() => pruneItems(ctx, now, retentionDays, keepPerSource)),
    capSourceItems: (sourceId, maxItems, now) => guard(() => capSourceItems(ctx, sourceId, maxItems, now)),

    saveEvidence: (itemId, evidence) => guard(() => saveEvidence(ctx, itemId, evidence)),
    findStoryCandidates: (evidence, opts) => guard(() => findStoryCandidates(ctx, evidence, opts)),
    assignStory: (itemId, match, options) => guard(() => assignStory(ctx, itemId, match, options)),
    mergeStories: (intoStoryId, fromStoryId, bridge) => guard(() => mergeStories(ctx, intoStoryId, fromStoryId, bridge)),
    explainStory: (storyId) => guard(() => explainStory(ctx, storyId)),
    getStory: (storyId) => guard(() => getStory(ctx, storyId)),
    listStories: (query) => guard(() => listStories(ctx, query)),

    listItems: (query) => guard(() => listItems(ctx, query)),
    findListCursor: (query, count) => guard(() => findListCursor(ctx, query, count)),
    searchItems: (query) => guard(() => searchItems(ctx, query)),
    recentPostsBySource: (perSource) => guard(() => recentPostsBySource(ctx, perSource)),
    listCategories: (limit) => guard(() => listCategories(ctx, limit)),
    newestItemDate: (query) => guard(() => newestItemDate(ctx, query)),

    saveFacts: (itemId, facts, origin) => guard(() => saveFacts(ctx, itemId, facts, origin)),
    listItemsWithoutFacts: (limit) => guard(() => listItemsWithoutFacts(ctx, limit)),
    loadStoryFacts: (itemIds) => guard(() => loadStoryFacts(ctx, itemIds)),
    countFacets: (query, perKind) => guard(() => countFacets(ctx, query, perKind)),
    findFacetName: (kind, key) => guard(() => findFacetName(ctx, kind, key)),
    alerts: guardAll(createPgOutbox(ctx)),
  }
  return store
}

/** Every method of an object with its failures rethrown as StoreError (as the store's own methods). */
function guardAll<T extends object>(target: T): T {
  const guarded = {} as Record<string, unknown>
  for (const [name, fn] of Object.entries(target)) {
    guarded[name] = (...args: unknown[]) => guard(() => (fn as (...a: unknown[]) => Promise<unknown>)(...args))
  }
  return guarded as T
}

/** Applies the missing migrations (under the advisory lock) and resolves to the versions before and after: `breachwire migrate`. */
export async function migratePostgres(url: string): Promise<{ from: number; to: number }> {
  const pool = new pg.Pool({ connectionString: url, max: 1, application_name: 'breachwire' })
  pool.on('error', () => {})
  try {
    return await guard(async () => {
      const from = await readSchemaVersion(pool)
      await migrate(pool)
      return { from, to: await readSchemaVersion(pool) }
    })
  } finally {
    await pool.end().catch(() => {})
  }
}
