// The domain types that flow through the pipeline. No logic lives here.
//
//   feeds.json ─config→ AppConfig
//   FeedSource ─fetch→ FetchResult ─parse|extract→ ParsedFeed ─clean→ NormalizedItem[]
//   NormalizedItem ─dedup→ StoryEvidence ─store→ StoredItem / Story
//   store ─query→ ItemPage (ApiItem[]) ─feed-export→ string

import type { AlertOutbox, AlertSettings, Watch } from './alerts/types.js'
import type { DataType, Facts, RecordsClaim, Sector, StoryFacts } from './facts/types.js'

// ───────────────────────────── config ─────────────────────────────

export type SourceType = 'feed' | 'html' | TabularType

/** Sources whose rows are read through a `map` (docs/official-sources.md). */
export type TabularType = 'csv' | 'json' | 'table'

/** How a tabular source writes its dates; 'ISO' is ISO 8601 (a date alone, or a date-time). */
export type TabularDateFormat = 'MM/DD/YYYY' | 'DD/MM/YYYY' | 'YYYY-MM-DD' | 'MMMM D, YYYY' | 'ISO'

/**
 * Which column feeds each field of an item. A value is a column name, "=text" for a constant, or
 * (title, summary and link only) a template naming columns in braces: "{Name} reports a breach".
 */
export interface TabularMap {
  title: string
  link?: string
  date?: string
  summary?: string
  organizations?: string
  actors?: string
  records?: string
  dataTypes?: string
  sector?: string
  country?: string
}

/** CSS selector rules for a page without a feed. `link` may carry `@attr` (`h2 a@href`). */
export interface SelectRules {
  item: string
  title: string
  link: string
  date?: string
  summary?: string
  author?: string
  category?: string
}

export interface Settings {
  /** node-cron expression for every source without its own `schedule`. */
  schedule: string
  /** Fetches at once, all hosts together. */
  concurrency: number
  /** Fetches at once against one host name. */
  perHostConcurrency: number
  /** One timeout for the whole exchange, body included. */
  timeoutSeconds: number
  /** Body cap, after decompression. */
  maxBytes: number
  userAgent: string
  /** Items older than this are pruned (keeping `keepPerSource` per source). */
  retentionDays: number
  /** Items per source that retention never prunes. */
  keepPerSource: number
  /** Items one fetch may store, newest first by date; the rest are dropped ('over_max_items'). */
  maxItemsPerFetch: number
  /** Items a source may keep; after each fetch the oldest beyond it are pruned with tombstones. */
  maxItemsPerSource: number
  /** true lets sources on loopback/private addresses be fetched. */
  allowPrivateNetworks: boolean
  /** Shown name → names filed under it (src/config/category-synonyms.ts); absent: the defaults. */
  categorySynonyms?: Readonly<Record<string, readonly string[]>>
  /** The web server's public base URL (no trailing slash); absent: the address it listens on. */
  publicUrl?: string
}

export interface FeedSource {
  id: string
  title?: string
  url: string
  type: SourceType
  homepage?: string
  tags: string[]
  enabled: boolean
  select?: SelectRules
  /** node-cron expression overriding settings.schedule for this source. */
  schedule?: string
  /** What the combined feed republishes: the sanitized HTML ("full") or an excerpt. */
  republish: 'full' | 'excerpt'
  /** Tabular sources (csv, json, table): required, how a row becomes an item. */
  map?: TabularMap
  /** Tabular sources: required, the columns that together identify a row (its guid). */
  identity?: string[]
  /** Tabular sources: how `map.date` is written; default 'ISO'. */
  dateFormat?: TabularDateFormat
  /** Tabular sources: IANA zone of dates without an offset; default 'UTC'. */
  timeZone?: string
  /** json sources: dotted path to the array of rows ("data.breaches"; "" = the document itself). */
  rows?: string
  /** table sources: CSS selector of the <table>. */
  table?: string
}

export interface AppConfig {
  /** Path of the file the config came from (for messages). */
  path: string
  settings: Settings
  sources: FeedSource[]
  /** feeds.json "watches" (docs/alerts.md); absent means none. */
  watches?: Watch[]
  /** settings.smtp and settings.alerts; absent means the defaults. */
  alerts?: AlertSettings
}

// ───────────────────────────── fetch ─────────────────────────────

export interface FetchRequest {
  url: string
  etag?: string | null
  lastModified?: string | null
  /** Skip the validators (the periodic unconditional fetch). */
  unconditional?: boolean
}

export interface FetchOptions {
  timeoutMs: number
  maxBytes: number
  userAgent: string
  allowPrivateNetworks: boolean
  /** Default 5. */
  maxRedirects?: number
  signal?: AbortSignal
}

/** Caching hints the server gave, raw, for the scheduler to turn into a next run. */
export interface FetchHints {
  /** Retry-After in milliseconds from now (seconds or an HTTP date, resolved). */
  retryAfterMs?: number
  /** Cache-Control max-age in seconds. */
  maxAgeSeconds?: number
  /** Expires header as an ISO date. */
  expires?: string
}

interface FetchResultCommon {
  requestedUrl: string
  finalUrl: string
  /** Set when every redirect hop on the way was permanent (301/308): the URL to use next time. */
  permanentRedirectTo?: string
  status: number
  etag?: string
  lastModified?: string
  hints: FetchHints
}

export type FetchResult =
  | (FetchResultCommon & {
      kind: 'fetched'
      contentType?: string
      /** The Content-Location header as sent (maybe relative): the feed's base for relative links. */
      contentLocation?: string
      body: Buffer
    })
  | (FetchResultCommon & { kind: 'not-modified' })

// ───────────────────────────── parse / extract ─────────────────────────────

/** Facts a source states outright (a tabular row's mapped cells): they win over extracted ones. */
export interface StatedFacts extends Facts {
  origin: 'official'
}

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json' | 'html' | 'tabular'

/**
 * One item as the wire gave it. Every field is optional and untrusted (absent and undefined mean
 * the same, feedsmith's DeepPartial idea).
 * Links are already resolved against xml:base when the format has one (else left as found).
 * `title` is text when titleType is 'text', HTML (to be reduced to text) when 'html'.
 * `summary` and `content` are HTML strings.
 */
export interface ParsedItem {
  guid?: string | undefined
  link?: string | undefined
  title?: string | undefined
  titleType?: 'text' | 'html' | undefined
  author?: string | undefined
  /** Raw date strings as found. */
  published?: string | undefined
  updated?: string | undefined
  summary?: string | undefined
  content?: string | undefined
  categories?: string[] | undefined
  /** Base URL for relative links inside summary/content (xml:base), if the feed gave one. */
  baseUrl?: string | undefined
  /** Tabular sources: the row's mapped facts. */
  facts?: StatedFacts | undefined
}

export interface ParsedFeed {
  format: FeedFormat
  title?: string | undefined
  homepage?: string | undefined
  /** RSS <ttl> in minutes. */
  ttlMinutes?: number
  items: ParsedItem[]
  /** Tabular sources: rows skipped because they failed the map (the rest loaded). */
  skippedRows?: number
  /** Tabular sources: one line for the source's status naming the first few skipped rows. */
  warning?: string
  /** Items left out before reading: over the items-per-megabyte cap (parse/item-cap.ts). */
  overItemCap?: number
}

// ───────────────────────────── clean ─────────────────────────────

export interface NormalizedItem {
  sourceId: string
  /** Stable within a source: hash of guid, else canonical link, else title+date. */
  identityKey: string
  guid: string | null
  /** Absolute http(s) link with tracking parameters removed. */
  url: string
  title: string
  author: string | null
  /** UTC ISO 8601. When the feed gave none, the time first seen (see dateIsFallback). */
  publishedAt: string
  /** true when publishedAt is the time first seen, not a date from the feed. */
  dateIsFallback: boolean
  updatedAt: string | null
  /** Plain text, whitespace collapsed. */
  summaryText: string
  /** Sanitized HTML (allow-list), links absolute with rel="noopener noreferrer". */
  contentHtml: string
  categories: string[]
  /** Hash of the fields a reader sees, to tell "changed" from "unchanged". */
  contentHash: string
  /** Tabular sources: the row's mapped facts, as stated (they win over extracted ones). */
  facts?: StatedFacts | undefined
}

/**
 * Why clean/ dropped a feed item: not an object; a link that is there but not http(s); nothing to
 * identify or show it by (no link, guid, title or summary); a repeat of an item already in the feed.
 */
export type DropReason = 'not_an_item' | 'unusable_link' | 'unidentifiable' | 'duplicate'

/**
 * Why a poll pass left something out: clean/'s reasons, a tabular row that failed its map, items
 * beyond maxItemsPerFetch, or items beyond the items-per-megabyte cap of parse/.
 */
export type PassDropReason = DropReason | 'bad_row' | 'over_max_items' | 'over_items_per_mb'

/** Items (or rows) left out of one pass, by reason; only reasons that occurred are present. */
export type DropCounts = Partial<Record<PassDropReason, number>>

export interface NormalizeResult {
  items: NormalizedItem[]
  /** Items dropped, all reasons together. */
  dropped: number
  /** The same count by reason (only reasons that occurred), for the poll line and /status. */
  droppedBy: Partial<Record<DropReason, number>>
}

// ───────────────────────────── dedup ─────────────────────────────

/** What story matching looks at, computed from one item. */
export interface StoryEvidence {
  /** Canonical form of the item's own URL (AMP, www., m., tracking, trailing slash folded). */
  canonicalUrl: string
  /** Canonical outbound links the item cites (not its own site, share buttons or tag pages). */
  outboundLinks: string[]
  /**
   * Normalized title tokens (lowercase, punctuation and prefixes like "Update:" removed), followed
   * by the report's fact keys ("~org:acme", "~rec:212418", …; dedup/fact-evidence.ts), which the
   * store keeps and indexes with them.
   */
  titleTokens: string[]
  publishedAt: string
}

/** A stored item offered to the matcher as a possible story mate. */
export interface StoryCandidate {
  itemId: number
  storyId: number
  sourceId: string
  evidence: StoryEvidence
}

/**
 * Why a report joined a story (dedup/match.ts). 'same_org': no link or headline in common, but the
 * same victim organization (alias-aware) within a few days, with no contradicting facts.
 */
export type MergeReason = 'same_url' | 'cites_item' | 'cited_by_item' | 'shared_citation' | 'similar_title' | 'same_org'

export interface StoryMatch {
  storyId: number
  /** The stored item that matched. */
  itemId: number
  reason: MergeReason
  /** 0..1, 1 for URL identity. */
  score: number
}

// ───────────────────────────── store ─────────────────────────────

export interface StoredItem extends NormalizedItem {
  id: number
  storyId: number
  firstSeenAt: string
  lastSeenAt: string
}

export interface UpsertSummary {
  inserted: number
  updated: number
  unchanged: number
}

/** A source's fetch state and health, as stored. */
export interface SourceState {
  id: string
  title: string
  url: string
  /** The URL actually polled: `url`, or where a permanent redirect moved it. */
  fetchUrl: string
  homepage: string | null
  enabled: boolean
  /** false when the id is no longer in feeds.json (its items stay). */
  inConfig: boolean
  /** Set when the source was disabled by the server (410 Gone). */
  disabledReason: string | null
  etag: string | null
  lastModified: string | null
  lastTriedAt: string | null
  lastSuccessAt: string | null
  /** HTTP status of the last exchange, or null when none happened (network error). */
  lastStatus: number | null
  lastError: string | null
  lastErrorCode: string | null
  consecutiveFailures: number
  nextRunAt: string | null
  lastUnconditionalAt: string | null
  /** What the last successful pass dropped, by reason; null when it dropped nothing. */
  lastDropped: DropCounts | null
  /** A successful pass's warning (a tabular source's bad rows); null after a clean pass. */
  lastWarning: string | null
  itemCount: number
}

// ───────────────────────────── read side ─────────────────────────────

/**
 * The facts filters (docs/facts-store.md), already validated and reduced to the keys the store
 * indexes: org and actor as facet slugs (alias- and case-folded), dates as ISO instants.
 */
export interface FactsFilter {
  /** An organization's slug (facetSlug of its normalized name): that org, or a longer name starting with it. */
  org?: string | undefined
  /** An actor's slug (its canonical name's slug: "cl0p" → "clop"). */
  actor?: string | undefined
  sector?: Sector | undefined
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string | undefined
  dataType?: DataType | undefined
  /** Reports stating at least this many records. */
  minRecords?: number | undefined
  /** Published at or after this instant (ISO). */
  since?: string | undefined
  /** Published before this instant (ISO; a date alone means the end of that day). */
  until?: string | undefined
}

/** Where an item's facts came from: the report's text, or a tabular row's mapped cells. */
export type FactsOrigin = 'extracted' | 'official'

/** What the facts step reads of an item whose facts are missing (the lazy backfill). */
export interface FactsSubject {
  id: number
  title: string
  summaryText: string
  contentHtml: string
}

/** Facet values with how many items (matching the query) carry them, most first. */
export interface FacetCounts {
  org: { key: string; name: string; count: number }[]
  actor: { key: string; name: string; count: number }[]
  sector: { key: string; name: string; count: number }[]
  dataType: { key: string; name: string; count: number }[]
  country: { key: string; name: string; count: number }[]
}

export type FacetKind = keyof FacetCounts

export interface ItemQuery extends FactsFilter {
  /** Restrict to these sources; when given, every item is listed (no story merging). */
  sources?: string[] | undefined
  category?: string | undefined
  /** Full-text query (FTS5 syntax, validated). */
  q?: string | undefined
  limit: number
  /** Opaque cursor from a previous page. */
  cursor?: string | undefined
  /**
   * Story lists (no sources): 'activity' (default) puts the story with the newest report first,
   * so a follow-up lifts its story; 'first' orders by when each story was first reported.
   */
  order?: StoryOrder | undefined
  /** 'report' lists every report as its own entry (no story merging, as with sources); default 'story'. */
  each?: EntryUnit | undefined
  /** With q: 'relevance' (default, ranked) or 'date' (the list's own order, newest first). */
  sort?: SearchSort | undefined
}

export type SearchSort = 'relevance' | 'date'

export type StoryOrder = 'activity' | 'first'

/** What one entry of a list or feed is: a story (its reports merged) or one report. */
export type EntryUnit = 'story' | 'report'

export interface SourceRef {
  id: string
  title: string
}

/** The contract's JSON shape of one item. */
export interface ApiItem {
  id: number
  source: SourceRef
  title: string
  url: string
  guid: string | null
  author: string | null
  published: string | null
  updated: string | null
  summary: string
  contentHtml: string
  categories: string[]
  /** The story this item is a report of (GET /api/stories/:id). */
  storyId: number
  /** How many times the source edited the item (title, summary, content or date) since first seen. */
  revisionCount: number
  /** This report's facts (the contract's shape; empty until the facts step has seen the item). */
  facts: Facts
  /** The story's other members; `reason` is why that member was attached (absent for the item that started the story). */
  alsoReportedBy: { source: SourceRef; url: string; reason?: MergeReason }[]
}

/** Field → [old, new] for what one edit changed. */
export interface RevisionChanges {
  title?: [string, string]
  summary?: [string, string]
  content?: [string, string]
  published?: [string, string]
}

/** One edit of an item by its source, as first seen at `at`. */
export interface ItemRevision {
  itemId: number
  at: string
  changes: RevisionChanges
}

/** One report of a story: the item, why it joined (a MergeReason, null for the story's founder) in code and in words. */
export interface StoryReport extends ApiItem {
  reason: MergeReason | null
  reasonText: string
}

/** The contract's JSON shape of a story (GET /api/stories/:id). */
export interface ApiStory {
  id: number
  /** The report that leads the story (the earliest credible one): its headline is the story's title. */
  leadItemId: number
  title: string
  firstPublished: string
  /** The newest report's publication time or the newest revision, whichever is later. */
  lastActivity: string
  /** The story's facts merged from its reports' (the contract's shape): orgs the reports agree on, every data type, the largest count. */
  facts: Facts
  /** Each distinct record count in the order the reports stated it ("100,000 → 1.2 million"), with who said it and when. */
  recordsHistory: RecordsClaim[]
  /** Earliest published first: the timeline. */
  reports: StoryReport[]
  revisions: ItemRevision[]
}

/** A story in a list (GET /api/stories): without its revisions. */
export type ApiStorySummary = Omit<ApiStory, 'revisions'>

export interface StoryPage {
  stories: ApiStorySummary[]
  nextCursor: string | null
}

export interface ItemPage {
  items: ApiItem[]
  nextCursor: string | null
}

/** The contract's JSON shape of one source in /api/sources. */
export interface ApiSource {
  id: string
  title: string
  url: string
  homepage: string | null
  enabled: boolean
  lastTriedAt: string | null
  lastSuccessAt: string | null
  lastStatus: number | null
  lastError: string | null
  consecutiveFailures: number
  nextRunAt: string | null
  itemCount: number
  /** Added to the contract: a successful last poll's warning (tabular rows skipped), or null. */
  lastWarning: string | null
  /** Added to the contract: items the last successful poll dropped, counted by reason, or null. */
  lastDropped: DropCounts | null
}

// ───────────────────────────── poll ─────────────────────────────

export type OutcomeResult = 'new' | 'updated' | 'unchanged' | 'failed'

export interface SourceOutcome {
  sourceId: string
  result: OutcomeResult
  /** true when the server answered 304. */
  notModified: boolean
  /** `dropped` is every item or row left out; `droppedBy` the same by reason. */
  counts: UpsertSummary & { dropped: number; droppedBy: DropCounts }
  status: number | null
  durationMs: number
  error?: { code: string; message: string }
  /** A successful pass's warning (ParsedFeed.warning: a tabular source's bad rows). */
  warning?: string
}

export interface PollReport {
  outcomes: SourceOutcome[]
  startedAt: string
  finishedAt: string
}

// ───────────────────────────── feed export ─────────────────────────────

export interface ExportEntry {
  /** The original guid/id, kept stable; falls back to the url. */
  id: string
  url: string
  title: string
  author: string | null
  published: string | null
  updated: string | null
  /** Sanitized HTML, or an excerpt when the source republishes excerpts. */
  contentHtml: string
  summary: string
  categories: string[]
  source: { id: string; title: string; url: string; homepage: string | null }
  alsoReportedBy: { source: SourceRef; url: string }[]
}

export interface ExportFeed {
  title: string
  description: string
  /** The URL of this very feed document. */
  selfUrl: string
  /** The site's home page. */
  homeUrl: string
  /** Newest entry's date (ISO), or a fixed date when empty. */
  updated: string
  entries: ExportEntry[]
}

// ───────────────────────────── the store's interface ─────────────────────────────
// Implemented by src/store (the only module that imports better-sqlite3).

/** Fields of a source's fetch state the poller writes. Absent fields are left as they are. */
/** The fields to write; a field that is absent or undefined is left as it is. */
export type SourceStatePatch = {
  [K in keyof Pick<
    SourceState,
    | 'fetchUrl'
    | 'etag'
    | 'lastModified'
    | 'lastTriedAt'
    | 'lastSuccessAt'
    | 'lastStatus'
    | 'lastError'
    | 'lastErrorCode'
    | 'consecutiveFailures'
    | 'nextRunAt'
    | 'lastUnconditionalAt'
    | 'enabled'
    | 'disabledReason'
    | 'lastDropped'
    | 'lastWarning'
  >]?: SourceState[K] | undefined
} & { title?: string | undefined; homepage?: string | null | undefined }

export interface WrittenItem {
  id: number
  isNew: boolean
  item: NormalizedItem
}

export interface UpsertResult {
  summary: UpsertSummary
  /** Items inserted or changed, with their row ids (unchanged ones are not listed). */
  written: WrittenItem[]
}

/** One search hit: the item, plus a snippet whose matches are wrapped in \u0002 … \u0003. */
export interface SearchHit extends ApiItem {
  snippet: string
}

export interface SearchPage {
  items: SearchHit[]
  nextCursor: string | null
}

export interface RecentPost {
  id: number
  title: string
  url: string
  publishedAt: string
}

export interface CategoryCount {
  name: string
  count: number
}

/**
 * Why each member of a story is in it. `reason` is the merge reason stored when the member was
 * attached (with its score and the stored item it matched); 'lead' for the lead when it started
 * the story; 'own' for a member that started the story but no longer leads it (an earlier report
 * joined later).
 */
export interface StoryExplanation {
  storyId: number
  leadItemId: number
  members: {
    itemId: number
    sourceId: string
    url: string
    title: string
    publishedAt: string
    reason: MergeReason | 'lead' | 'own'
    score: number | null
    matchedItemId: number | null
    /** An official record (a regulator's or registry's row, issue 19): pages show it first. */
    official: boolean
  }[]
}

/** How a new item links two stories it both matches (see dedup findBridgedStories). */
export interface StoryBridge {
  /** The new item, already in the story that absorbs the other. */
  itemId: number
  /** The item of the absorbed story that the new item matched. */
  matchedItemId: number
  /** The reason from the new item's side (as the matcher gave it). */
  reason: MergeReason
  score: number
}

// The store's interface, as both engines implement it (SQLite in src/store, PostgreSQL in
// src/store/postgres): every method returns a Promise, except generation(), which stays
// synchronous because every request reads it for cache keys (an engine keeps it current in
// memory: SQLite from PRAGMA data_version, PostgreSQL from LISTEN/NOTIFY with a polling fallback).
/** A poller's hold on one source (PostgreSQL, several pollers): see Store.leases. */
export interface SourceLease {
  sourceId: string
  /** Goes up by one on every claim of the source: the fencing token. */
  token: number
  /** ISO time the lease runs out (the database's clock); after it, another poller may claim the source. */
  until: string
}

export interface SourceLeases {
  /**
   * Claims up to `limit` of `sourceIds` that are due at `now` (nextRunAt null or not after it),
   * enabled, not disabled and not leased by anyone, for leaseMs. Never more than perHost leases
   * held on one host at once, counting every poller's. Two pollers never get the same source.
   */
  claim(request: { sourceIds: string[]; now: string; leaseMs: number; limit: number; perHost: number }): Promise<SourceLease[]>
  /** The store to write a leased source's poll through: every write first checks the lease's token is still current, else rejects with StoreError 'fenced' and writes nothing. */
  fenced(lease: SourceLease): Store
  /** Ends the lease early (the poll is done); a lease already taken over is left alone. */
  release(lease: SourceLease): Promise<void>
  /**
   * The heartbeat of a poller whose polls outlast a lease: extends each lease whose token is
   * still current to leaseMs from now. `lost`: taken over (or the source is gone), so that poll's
   * writes will be refused. A lease whose row a write holds right now is in neither list (tried again next beat).
   */
  renew(leases: SourceLease[], leaseMs: number): Promise<{ renewed: SourceLease[]; lost: SourceLease[] }>
}

export interface Store {
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
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>
  /** Present where several pollers may share the database (PostgreSQL); absent on SQLite, which has one poller. */
  leases?: SourceLeases
  /** Watch matches and the alert outbox (src/alerts); its writes join an open transaction. */
  alerts: AlertOutbox

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
  /** Deletes the source's items beyond its newest maxItems (tombstones, as pruneItems). Resolves to how many. */
  capSourceItems(sourceId: string, maxItems: number, now: string): Promise<number>

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
  /**
   * Puts the item in the matched story (with the reason), or in a story of its own; the earliest
   * credible item leads. `credible: false` (dedup's judgeCredibility) lets the item lead only while
   * no credible member is in the story; true (or never saying) makes it credible.
   */
  assignStory(itemId: number, match: StoryMatch | null, options?: { credible?: boolean }): Promise<number>
  /** Merges fromStoryId into intoStoryId over a bridging item; false, and nothing changed, when the stories share a source or either is gone. */
  mergeStories(intoStoryId: number, fromStoryId: number, bridge: StoryBridge): Promise<boolean>
  /** Every member of the story with the reason it is there, earliest published first; undefined for an unknown story. */
  explainStory(storyId: number): Promise<StoryExplanation | undefined>
  /** The story with every report (and why it joined) and the reports' revisions; undefined for an unknown story. */
  getStory(storyId: number): Promise<ApiStory | undefined>
  /** One entry per story matching the filters (any report may match), in query.order, keyset-paged; query.sources filters, never unmerges. */
  listStories(query: ItemQuery): Promise<StoryPage>

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

  // facts (src/store/facts*.ts, src/store/postgres/facts*.ts)
  /** Replaces the item's facts and its facet rows (org, actor, sector, country, dataType). */
  saveFacts(itemId: number, facts: Facts, origin: FactsOrigin): Promise<void>
  /** Up to `limit` items without facts yet, oldest id first (the lazy backfill). */
  listItemsWithoutFacts(limit: number): Promise<FactsSubject[]>
  /** For each item, the facts of its whole story merged from every report (mergeFacts), keyed by the item's id. */
  loadStoryFacts(itemIds: readonly number[]): Promise<Map<number, StoryFacts>>
  /** Facet values over the items matching the query (search results' facet counts), `perKind` each. */
  countFacets(query: Omit<ItemQuery, 'limit' | 'cursor'>, perKind: number): Promise<FacetCounts>
  /** The display name most reports use for a facet key (an org's or actor's slug), or null when no item carries it. */
  findFacetName(kind: 'org' | 'actor', key: string): Promise<string | null>
}
