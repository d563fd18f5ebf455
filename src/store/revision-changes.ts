// What a source changed when it edited an item, shared by both engines: the fields a reader sees
// (title, summary, content, publication date), each as [old, new]. Kept so an edit shows
// ("Updated", the old title beside the new) instead of silently replacing what was there.
import type { ItemRevision, RevisionChanges } from '../types.js'

/** The stored columns a revision compares. */
export interface RevisedColumns {
  title: string
  summary_text: string
  content_html: string
  published_at: string
}

/** The tracked columns an incoming item would write, with the publication date the store keeps. */
export function toRevisedColumns(item: { title: string; summaryText: string; contentHtml: string }, publishedAt: string): RevisedColumns {
  return { title: item.title, summary_text: item.summaryText, content_html: item.contentHtml, published_at: publishedAt }
}

/** Revisions kept per item: a feed that rewrites an item on every poll must not grow without bound. */
export const MAX_REVISIONS_PER_ITEM = 20

/** Field → [old, new] for every tracked field that differs; null when none does. */
export function diffRevision(before: RevisedColumns, after: RevisedColumns): RevisionChanges | null {
  const changes: RevisionChanges = {}
  if (before.title !== after.title) changes.title = [before.title, after.title]
  if (before.summary_text !== after.summary_text) changes.summary = [before.summary_text, after.summary_text]
  if (before.content_html !== after.content_html) changes.content = [before.content_html, after.content_html]
  if (before.published_at !== after.published_at) changes.published = [before.published_at, after.published_at]
  return Object.keys(changes).length === 0 ? null : changes
}

/**
 * The publication date to keep when a stored item changes. A fallback date ("first seen") stays.
 * A date that moved later together with the feed's updated date (an Atom entry with only
 * <updated>, whose date is its last edit) is an edit stamp, not a new publication: the stored
 * date stays, so an edited entry keeps its place instead of jumping to the top.
 */
export function resolveKeptPublishedAt(
  stored: { publishedAt: string; dateIsFallback: boolean },
  incoming: { publishedAt: string; dateIsFallback: boolean; updatedAt: string | null },
): { publishedAt: string; dateIsFallback: boolean } {
  if (incoming.dateIsFallback) return stored
  const isEditStamp = incoming.updatedAt === incoming.publishedAt && !stored.dateIsFallback && incoming.publishedAt > stored.publishedAt
  if (isEditStamp) return stored
  return { publishedAt: incoming.publishedAt, dateIsFallback: false }
}

/** One stored revision row (both engines select these columns; changes is JSON text or jsonb). */
export interface RevisionRow {
  item_id: number
  at: string
  changes: string | RevisionChanges
}

export function toItemRevision(row: RevisionRow): ItemRevision {
  const changes = typeof row.changes === 'string' ? (JSON.parse(row.changes) as RevisionChanges) : row.changes
  return { itemId: row.item_id, at: row.at, changes }
}
