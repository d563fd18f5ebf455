// Row → type mapping for the PostgreSQL engine. Columns are snake_case; booleans are real
// booleans here (SQLite stores 0/1), ids arrive as numbers (int8 is parsed in index.ts).
import type { DropCounts, SourceState, StoredItem } from '../../types.js'

export interface PgSourceRow {
  id: string
  title: string
  url: string
  fetch_url: string
  homepage: string | null
  enabled: boolean
  in_config: boolean
  disabled_reason: string | null
  etag: string | null
  last_modified: string | null
  last_tried_at: string | null
  last_success_at: string | null
  last_status: number | null
  last_error: string | null
  last_error_code: string | null
  consecutive_failures: number
  next_run_at: string | null
  last_unconditional_at: string | null
  last_dropped: DropCounts | null
  last_warning: string | null
  item_count: number
}

export function toSource(row: PgSourceRow): SourceState {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    fetchUrl: row.fetch_url,
    homepage: row.homepage,
    enabled: row.enabled,
    inConfig: row.in_config,
    disabledReason: row.disabled_reason,
    etag: row.etag,
    lastModified: row.last_modified,
    lastTriedAt: row.last_tried_at,
    lastSuccessAt: row.last_success_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastErrorCode: row.last_error_code,
    consecutiveFailures: row.consecutive_failures,
    nextRunAt: row.next_run_at,
    lastUnconditionalAt: row.last_unconditional_at,
    lastDropped: row.last_dropped,
    lastWarning: row.last_warning,
    itemCount: row.item_count,
  }
}

export interface PgItemRow {
  id: number
  source_id: string
  identity_key: string
  guid: string | null
  url: string
  title: string
  author: string | null
  published_at: string
  date_is_fallback: boolean
  updated_at: string | null
  summary_text: string
  content_html: string
  content_hash: string
  first_seen_at: string
  last_seen_at: string
  story_id: number
}

export function toStoredItem(row: PgItemRow, categories: string[]): StoredItem {
  return {
    id: row.id,
    sourceId: row.source_id,
    identityKey: row.identity_key,
    guid: row.guid,
    url: row.url,
    title: row.title,
    author: row.author,
    publishedAt: row.published_at,
    dateIsFallback: row.date_is_fallback,
    updatedAt: row.updated_at,
    summaryText: row.summary_text,
    contentHtml: row.content_html,
    categories,
    contentHash: row.content_hash,
    storyId: row.story_id,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  }
}

/** Unix seconds of an ISO date, or null when unreadable (what SQLite's unixepoch() gives). */
export function toUnixSeconds(iso: string): number | null {
  const ms = Date.parse(iso)
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null
}
