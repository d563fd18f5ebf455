// Row ↔ type mapping: SQL columns are snake_case, TypeScript is camelCase. One toX(row) per table.
import type { DropCounts, SourceState, StoredItem } from '../types.js'

export interface SourceRow {
  id: string
  position: number
  title: string
  url: string
  fetch_url: string
  homepage: string | null
  enabled: number
  in_config: number
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
  last_dropped: string | null
  last_warning: string | null
  item_count: number
}

export function toSource(row: SourceRow): SourceState {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    fetchUrl: row.fetch_url,
    homepage: row.homepage,
    enabled: row.enabled === 1,
    inConfig: row.in_config === 1,
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
    lastDropped: row.last_dropped === null ? null : (JSON.parse(row.last_dropped) as DropCounts),
    lastWarning: row.last_warning,
    itemCount: row.item_count,
  }
}

export interface ItemRow {
  id: number
  source_id: string
  identity_key: string
  guid: string | null
  url: string
  title: string
  author: string | null
  published_at: string
  date_is_fallback: number
  updated_at: string | null
  summary_text: string
  content_html: string
  content_hash: string
  first_seen_at: string
  last_seen_at: string
  story_id: number
}

export function toStoredItem(row: ItemRow, categories: string[]): StoredItem {
  return {
    id: row.id,
    sourceId: row.source_id,
    identityKey: row.identity_key,
    guid: row.guid,
    url: row.url,
    title: row.title,
    author: row.author,
    publishedAt: row.published_at,
    dateIsFallback: row.date_is_fallback === 1,
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

/** Boolean → the 0/1 SQLite stores. */
export function toFlag(value: boolean): number {
  return value ? 1 : 0
}

/** The key a category is stored and filtered under (case, spacing and punctuation folded). */
export { toCategoryKey } from '../lib/category-key.js'

/** JSON text of an id or string list, for `json_each(?)` parameters. */
export function toJsonList(values: readonly (number | string)[]): string {
  return JSON.stringify(values)
}
