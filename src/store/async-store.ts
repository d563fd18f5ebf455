// The store's interface as both engines will implement it once callers await it: every Store
// method (src/types.ts) returns a Promise of the same result, except generation(), which stays
// synchronous because every request reads it for cache keys (an engine keeps it current in
// memory: SQLite from PRAGMA data_version, PostgreSQL from LISTEN/NOTIFY with a polling fallback).
// Written out method by method rather than mapped from Store, so each one carries its contract.
import type {
  CategoryCount,
  FeedSource,
  ItemPage,
  ItemQuery,
  NormalizedItem,
  RecentPost,
  SearchPage,
  SourceState,
  SourceStatePatch,
  StoredItem,
  StoryBridge,
  StoryCandidate,
  StoryEvidence,
  StoryExplanation,
  StoryMatch,
  UpsertResult,
} from '../types.js'

export interface AsyncStore {
  /** Changes whenever stored data changes, in this process or another (caches key on it). Synchronous. */
  generation(): number
  /** Rejects when the database does not answer. */
  ping(): Promise<void>
  /** Ends the engine's connections; later calls reject with StoreError 'io'. Safe to call twice. */
  close(): Promise<void>
  /**
   * Runs fn in one write transaction and commits when its promise resolves (rolls back when it
   * rejects). Every call on `tx` runs on the transaction's own connection: await each one in turn.
   * Nested transaction() calls on `tx` join the outer one.
   */
  transaction<T>(fn: (tx: AsyncStore) => Promise<T>): Promise<T>

  // sources
  /** Makes the sources table match the config: new rows, changed title/url/homepage/enabled; ids missing from the config get inConfig=false. */
  syncSources(sources: FeedSource[]): Promise<void>
  getSource(id: string): Promise<SourceState | undefined>
  /** In config order (sources no longer in the config last), then by id. */
  listSources(): Promise<SourceState[]>
  /** Writes only the fields present in the patch. */
  updateSourceState(id: string, patch: SourceStatePatch): Promise<void>

  // items
  /** Insert new items, update changed ones in place, skip unchanged and tombstoned ones. */
  upsertItems(sourceId: string, items: NormalizedItem[], now: string): Promise<UpsertResult>
  getItem(id: number): Promise<StoredItem | undefined>
  countItems(sourceId?: string): Promise<number>
  /** Deletes items older than retentionDays, keeping the newest keepPerSource per source; leaves tombstones. Resolves to how many. */
  pruneItems(now: string, retentionDays: number, keepPerSource: number): Promise<number>

  // stories
  /** Replaces the item's canonical url, cited links and title tokens (what candidate lookup reads). */
  saveEvidence(itemId: number, evidence: StoryEvidence): Promise<void>
  /**
   * Stored items that could be the same story: link relations at any age (same canonical URL, either
   * item citing the other, a shared cited link), plus items published within ±windowHours that share
   * a distinctive title token, nearest in time first; at most `limit` of each kind.
   */
  findStoryCandidates(
    evidence: StoryEvidence,
    opts: { excludeItemId: number; windowHours: number; limit: number },
  ): Promise<StoryCandidate[]>
  /** Puts the item in the matched story (with the reason), or in a story of its own; the earliest published item leads. */
  assignStory(itemId: number, match: StoryMatch | null): Promise<number>
  /** Merges fromStoryId into intoStoryId over a bridging item; false, and nothing changed, when the stories share a source or either is gone. */
  mergeStories(intoStoryId: number, fromStoryId: number, bridge: StoryBridge): Promise<boolean>
  /** Every member of the story with the reason it is there, earliest published first; undefined for an unknown story. */
  explainStory(storyId: number): Promise<StoryExplanation | undefined>

  // read side
  /** With query.sources: every item of those sources. Without: one item (the lead) per story. Newest first, keyset-paged. */
  listItems(query: ItemQuery): Promise<ItemPage>
  /** The cursor that starts after the list's first `count` entries (walked by keys only), or null when the list is shorter. */
  findListCursor(query: Omit<ItemQuery, 'limit' | 'cursor'>, count: number): Promise<string | null>
  /** Ranked full-text search with snippets (matches wrapped in \u0002 … \u0003); BadQueryError for an empty query or a bad cursor. */
  searchItems(query: ItemQuery & { q: string }): Promise<SearchPage>
  recentPostsBySource(perSource: number): Promise<Map<string, RecentPost[]>>
  listCategories(limit?: number): Promise<CategoryCount[]>
  /** ISO date of the newest item matching the query's filters, or null. */
  newestItemDate(query: Omit<ItemQuery, 'limit' | 'cursor'>): Promise<string | null>
}
