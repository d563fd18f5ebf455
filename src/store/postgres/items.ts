// Writing and reading single items on PostgreSQL, with the SQLite engine's identity rules:
// UNIQUE(source_id, identity_key) is probed first; a new item is inserted in a story of its own
// (unless tombstoned), a changed one (content_hash differs) is updated in place, an unchanged one
// is only marked seen.
import type { NormalizedItem, StoredItem, UpsertResult, WrittenItem } from '../../types.js'
import { toCategoryKey } from '../rows.js'
import type { PgContext } from './context.js'
import { type PgItemRow, toStoredItem } from './rows.js'
import { ensureSource } from './sources.js'
import { electStoryLead } from './story-leads.js'

/** One row always: the stored item's columns (null when there is none) and whether it is tombstoned. */
interface LookupRow {
  id: number | null
  content_hash: string
  published_at: string
  date_is_fallback: boolean
  story_id: number
  tombstoned: boolean
}

const lookupItem = `
  select i.id, i.content_hash, i.published_at, i.date_is_fallback, i.story_id,
         exists (select 1 from tombstones t where t.source_id = $1 and t.identity_key = $2) as tombstoned
  from (select 1) as one left join items i on i.source_id = $1 and i.identity_key = $2`

// A new item and its own story in one round trip: the item's id is drawn first, so the story is
// created already led by it (on SQLite: story, item, then the story's lead, three statements).
const insertItem = `
  with next as (select nextval(pg_get_serial_sequence('items', 'id')) as item_id),
  story as (
    insert into stories (lead_item_id, lead_published_at, created_at) select item_id, $7, $13 from next
    returning id, lead_item_id)
  insert into items (id, source_id, identity_key, guid, url, title, author, published_at, date_is_fallback,
                     updated_at, summary_text, content_html, content_hash, first_seen_at, last_seen_at, story_id)
  overriding system value
  select story.lead_item_id, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, story.id from story
  returning id`

const updateItem = `
  update items set guid = $3, url = $4, title = $5, author = $6, published_at = $7, date_is_fallback = $8,
    updated_at = $9, summary_text = $10, content_html = $11, content_hash = $12, last_seen_at = $13
  where id = $14 and source_id = $1 and identity_key = $2`

export async function upsertItems(ctx: PgContext, sourceId: string, items: NormalizedItem[], now: string): Promise<UpsertResult> {
  const summary = { inserted: 0, updated: 0, unchanged: 0 }
  const written: WrittenItem[] = []
  if (items.length === 0) return { summary, written }
  return ctx.write(async (tx) => {
    await ensureSource(tx, sourceId)
    // Marked seen in one statement at the end: only last_seen_at changes, and nothing reads it meanwhile.
    const seen: number[] = []
    for (const item of items) {
      // Items are written under the source they were fetched for, whatever the item says.
      const [existing] = await tx.query<LookupRow>(lookupItem, [sourceId, item.identityKey])
      if (existing === undefined || existing.id === null) {
        if (existing?.tombstoned === true) {
          summary.unchanged++
          continue
        }
        const [row] = await tx.query<{ id: number }>(insertItem, itemValues(sourceId, item, item.publishedAt, item.dateIsFallback, now))
        const id = row!.id
        await writeCategories(tx, id, item.categories, false)
        summary.inserted++
        written.push({ id, isNew: true, item: { ...item, sourceId } })
        continue
      }
      const id = existing.id
      if (existing.content_hash === item.contentHash) {
        seen.push(id)
        summary.unchanged++
        continue
      }
      // A fallback date is "when first seen": keep the date already stored.
      const publishedAt = item.dateIsFallback ? existing.published_at : item.publishedAt
      const dateIsFallback = item.dateIsFallback ? existing.date_is_fallback : false
      await tx.query(updateItem, [...itemValues(sourceId, item, publishedAt, dateIsFallback, now), id])
      await writeCategories(tx, id, item.categories, true)
      if (publishedAt !== existing.published_at) await electStoryLead(tx, existing.story_id)
      summary.updated++
      written.push({ id, isNew: false, item: { ...item, sourceId, publishedAt, dateIsFallback } })
    }
    if (seen.length > 0) await tx.query('update items set last_seen_at = $1 where id = any($2::bigint[])', [now, seen])
    return { summary, written }
  })
}

/** $1…$13 of insertItem and updateItem. */
function itemValues(sourceId: string, item: NormalizedItem, publishedAt: string, dateIsFallback: boolean, now: string): unknown[] {
  return [
    sourceId,
    item.identityKey,
    item.guid,
    item.url,
    item.title,
    item.author,
    publishedAt,
    dateIsFallback,
    item.updatedAt,
    item.summaryText,
    item.contentHtml,
    item.contentHash,
    now,
  ]
}

/** Stores the item's categories in order, one per case-insensitive key (first spelling wins). */
async function writeCategories(ctx: PgContext, itemId: number, categories: readonly string[], replace: boolean): Promise<void> {
  if (replace) await ctx.query('delete from item_categories where item_id = $1', [itemId])
  const names: string[] = []
  const keys: string[] = []
  for (const raw of categories) {
    const name = raw.trim().replace(/\s+/g, ' ')
    if (name === '') continue
    names.push(name)
    keys.push(toCategoryKey(name))
  }
  if (names.length === 0) return
  // WITH ORDINALITY keeps the given order in the identity column that getItem sorts by.
  await ctx.query(
    `insert into item_categories (item_id, name, name_key)
     select $1, c.name, c.name_key from unnest($2::text[], $3::text[]) with ordinality as c (name, name_key, n)
     order by c.n
     on conflict do nothing`,
    [itemId, names, keys],
  )
}

export async function getItem(ctx: PgContext, id: number): Promise<StoredItem | undefined> {
  if (!Number.isSafeInteger(id)) return undefined
  const [row] = await ctx.query<PgItemRow>(
    `select id, source_id, identity_key, guid, url, title, author, published_at, date_is_fallback, updated_at,
            summary_text, content_html, content_hash, first_seen_at, last_seen_at, story_id
     from items where id = $1`,
    [id],
  )
  if (row === undefined) return undefined
  const categories = await ctx.query<{ name: string }>('select name from item_categories where item_id = $1 order by id', [id])
  return toStoredItem(
    row,
    categories.map((c) => c.name),
  )
}

export async function countItems(ctx: PgContext, sourceId?: string): Promise<number> {
  const [row] =
    sourceId === undefined
      ? await ctx.query<{ n: number }>('select count(*) as n from items')
      : await ctx.query<{ n: number }>('select count(*) as n from items where source_id = $1', [sourceId])
  return row?.n ?? 0
}
