// Writing and reading single items. Identity is UNIQUE(source_id, identity_key): an item is
// looked up by it (one indexed probe), then inserted, updated in place, or only marked seen.
// The probe comes first because a new item needs its own story and an unchanged one must not
// rewrite its full-text row.
import type { NormalizedItem, StoredItem, UpsertResult, WrittenItem } from '../types.js'
import type { StoreContext } from './context.js'
import { resolveKeptPublishedAt, toRevisedColumns } from './revision-changes.js'
import { recordRevision } from './revisions.js'
import { type ItemRow, toCategoryKey, toFlag, toStoredItem } from './rows.js'
import { findSameArticle } from './same-article.js'
import { indexItemText } from './search-index.js'
import { ensureSource } from './sources.js'
import { createStory, electStoryLead } from './story-leads.js'

interface ExistingRow {
  id: number
  content_hash: string
  published_at: string
  date_is_fallback: number
  story_id: number
}

export function upsertItems(ctx: StoreContext, sourceId: string, items: NormalizedItem[], now: string): UpsertResult {
  const summary = { inserted: 0, updated: 0, unchanged: 0 }
  const written: WrittenItem[] = []
  if (items.length === 0) return { summary, written }
  return ctx.write(() => {
    ensureSource(ctx, sourceId)
    const isTombstoned = ctx.prepare('select 1 from tombstones where source_id = ? and identity_key = ?').pluck()
    const findExisting = ctx.prepare(
      'select id, content_hash, published_at, date_is_fallback, story_id from items where source_id = ? and identity_key = ?',
    )
    const insertItem = ctx.prepare(`
      insert into items (source_id, identity_key, guid, url, title, author, published_at, date_is_fallback,
                         updated_at, summary_text, content_html, content_hash, first_seen_at, last_seen_at, story_id)
      values (@sourceId, @identityKey, @guid, @url, @title, @author, @publishedAt, @dateIsFallback,
              @updatedAt, @summaryText, @contentHtml, @contentHash, @now, @now, @storyId)`)
    const setStoryLead = ctx.prepare('update stories set lead_item_id = ? where id = ?')
    const updateItem = ctx.prepare(`
      update items set guid = @guid, url = @url, title = @title, author = @author, published_at = @publishedAt,
        date_is_fallback = @dateIsFallback, updated_at = @updatedAt, summary_text = @summaryText,
        content_html = @contentHtml, content_hash = @contentHash, last_seen_at = @now
      where id = @id`)
    const touchItem = ctx.prepare('update items set last_seen_at = ? where id = ?')

    // Items written as republications of another (same-article.ts), and every item written: a
    // feed listing both the old and the new guid writes the article once, not back and forth.
    const republished = new Set<number>()
    const handled = new Set<number>()
    for (const item of items) {
      // Items are written under the source they were fetched for, whatever the item says.
      const identity = [sourceId, item.identityKey] as const
      let existing = findExisting.get(...identity) as ExistingRow | undefined
      let viaUrl = false
      if (existing === undefined) {
        if (isTombstoned.get(...identity) !== undefined) {
          summary.unchanged++
          continue
        }
        existing = findSameArticle<ExistingRow>(ctx, sourceId, item)
        viaUrl = existing !== undefined
      }
      if (existing !== undefined && (viaUrl || republished.has(existing.id)) && handled.has(existing.id)) {
        summary.unchanged++
        continue
      }
      if (existing !== undefined) {
        handled.add(existing.id)
        if (viaUrl) republished.add(existing.id)
      }
      if (existing === undefined) {
        const storyId = createStory(ctx, null, item.publishedAt, now)
        const info = insertItem.run(toItemParams(sourceId, item, item.publishedAt, item.dateIsFallback, now, { storyId }))
        const id = Number(info.lastInsertRowid)
        setStoryLead.run(id, storyId)
        writeCategories(ctx, id, item.categories, false)
        indexItemText(ctx, id)
        summary.inserted++
        written.push({ id, isNew: true, item: { ...item, sourceId } })
        continue
      }
      if (existing.content_hash === item.contentHash) {
        touchItem.run(now, existing.id)
        summary.unchanged++
        continue
      }
      const stored = { publishedAt: existing.published_at, dateIsFallback: existing.date_is_fallback === 1 }
      const { publishedAt, dateIsFallback } = resolveKeptPublishedAt(stored, item)
      recordRevision(ctx, existing.id, toRevisedColumns(item, publishedAt), now)
      updateItem.run(toItemParams(sourceId, item, publishedAt, dateIsFallback, now, { id: existing.id }))
      writeCategories(ctx, existing.id, item.categories, true)
      indexItemText(ctx, existing.id)
      if (publishedAt !== existing.published_at) electStoryLead(ctx, existing.story_id)
      summary.updated++
      written.push({ id: existing.id, isNew: false, item: { ...item, sourceId, publishedAt, dateIsFallback } })
    }
    return { summary, written }
  })
}

function toItemParams(
  sourceId: string,
  item: NormalizedItem,
  publishedAt: string,
  dateIsFallback: boolean,
  now: string,
  extra: Record<string, number>,
): Record<string, unknown> {
  return {
    sourceId,
    identityKey: item.identityKey,
    guid: item.guid,
    url: item.url,
    title: item.title,
    author: item.author,
    publishedAt,
    dateIsFallback: toFlag(dateIsFallback),
    updatedAt: item.updatedAt,
    summaryText: item.summaryText,
    contentHtml: item.contentHtml,
    contentHash: item.contentHash,
    now,
    ...extra,
  }
}

/** Stores the item's categories in order, one per case-insensitive key. */
function writeCategories(ctx: StoreContext, itemId: number, categories: readonly string[], replace: boolean): void {
  if (replace) ctx.prepare('delete from item_categories where item_id = ?').run(itemId)
  if (categories.length === 0) return
  const insert = ctx.prepare('insert into item_categories (item_id, name, name_key) values (?, ?, ?) on conflict do nothing')
  for (const raw of categories) {
    const name = raw.trim().replace(/\s+/g, ' ')
    const key = toCategoryKey(name)
    if (key === '') continue
    insert.run(itemId, name, key)
  }
}

export function getItem(ctx: StoreContext, id: number): StoredItem | undefined {
  const row = ctx.prepare('select * from items where id = ?').get(id) as ItemRow | undefined
  if (row === undefined) return undefined
  const categories = ctx.prepare('select name from item_categories where item_id = ? order by rowid').pluck().all(id) as string[]
  return toStoredItem(row, categories)
}

export function countItems(ctx: StoreContext, sourceId?: string): number {
  if (sourceId === undefined) return Number(ctx.prepare('select count(*) from items').pluck().get())
  return Number(ctx.prepare('select count(*) from items where source_id = ?').pluck().get(sourceId))
}
