// Writing and reading items on PostgreSQL, with the SQLite engine's identity rules:
// UNIQUE(source_id, identity_key) is probed first; a new item is inserted in a story of its own
// (unless tombstoned), a changed one (content_hash differs) is updated in place, an unchanged one
// is only marked seen.
//
// A batch is written in a fixed handful of multi-row statements (arrays bound once, unnest on the
// server) rather than a few per item: a round trip costs more here than the work it carries.
// Items repeating an identity key within one batch go in a later round, so each round's probe
// sees what the round before wrote, exactly as the one-by-one order would.
import type { NormalizedItem, StoredItem, UpsertResult, WrittenItem } from '../../types.js'
import { resolveKeptPublishedAt, toRevisedColumns } from '../revision-changes.js'
import { toCategoryKey } from '../rows.js'
import type { PgContext } from './context.js'
import { recordRevisions } from './revisions.js'
import { type PgItemRow, toStoredItem } from './rows.js'
import { findSameArticles } from './same-article.js'
import { indexSearchExtra } from './search-index.js'
import { ensureSource } from './sources.js'
import { electStoryLead } from './story-leads.js'

/** What the probe found for the round's item at position n (1-based, WITH ORDINALITY). */
interface LookupRow {
  n: number
  id: number | null
  content_hash: string | null
  published_at: string | null
  date_is_fallback: boolean | null
  story_id: number | null
  tombstoned: boolean
}

const lookupItems = `
  select k.n, i.id, i.content_hash, i.published_at, i.date_is_fallback, i.story_id,
         i.id is null and exists (select 1 from tombstones t where t.source_id = $1 and t.identity_key = k.key) as tombstoned
  from unnest($2::text[]) with ordinality as k (key, n)
  left join items i on i.source_id = $1 and i.identity_key = k.key collate "C"
  order by k.n`

// Ids are drawn first so each new story is created already led by its item (SQLite needs a
// third statement for that). generate_series runs in order, so ids ascend with the items.
const drawItemIds = `select nextval(pg_get_serial_sequence('items', 'id')) as id from generate_series(1, $1::int) as g order by g`

// ORDER BY n: story ids are handed out in item order, as on SQLite.
const insertStories = `
  insert into stories (lead_item_id, lead_published_at, activity_at, created_at)
  select s.item_id, s.published_at, s.published_at, $3 from unnest($1::bigint[], $2::text[]) with ordinality as s (item_id, published_at, n)
  order by s.n
  returning id, lead_item_id`

// The per-item values of insertItems and updateItems, bound as parallel arrays $2…$13 (itemArraysOf).
const itemColumns = `id, identity_key, guid, url, title, author, published_at, date_is_fallback, updated_at,
                     summary_text, content_html, content_hash`
const itemArrays = `$2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[],
                    $10::text[], $11::text[], $12::text[], $13::text[]`

const insertItems = `
  insert into items (${itemColumns}, story_id, source_id, first_seen_at, last_seen_at)
  overriding system value
  select u.*, $1, $14, $14 from unnest(${itemArrays}, $15::bigint[]) as u (${itemColumns}, story_id)`

const updateItems = `
  update items i set guid = u.guid, url = u.url, title = u.title, author = u.author, published_at = u.published_at,
    date_is_fallback = u.date_is_fallback, updated_at = u.updated_at, summary_text = u.summary_text,
    content_html = u.content_html, content_hash = u.content_hash, last_seen_at = $14
  from unnest(${itemArrays}) as u (${itemColumns})
  where i.id = u.id and i.source_id = $1`

/** One item to write: its position in the batch, its row id, and the values to store. */
interface Pending {
  index: number
  id: number
  item: NormalizedItem
  publishedAt: string
  dateIsFallback: boolean
}

export async function upsertItems(ctx: PgContext, sourceId: string, items: NormalizedItem[], now: string): Promise<UpsertResult> {
  const summary = { inserted: 0, updated: 0, unchanged: 0 }
  if (items.length === 0) return { summary, written: [] }
  return ctx.write(async (tx) => {
    await ensureSource(tx, sourceId)
    const written: (WrittenItem | undefined)[] = []
    // Marked seen in one statement at the end: only last_seen_at changes, and nothing reads it meanwhile.
    const seen: number[] = []
    // Stored items written as republications under a new guid (same-article.ts), and every stored
    // item written: a feed listing both the old and the new guid writes the article once.
    const republished = new Set<number>()
    const handled = new Set<number>()
    for (const round of splitRounds(items)) {
      const found = await tx.query<LookupRow>(lookupItems, [sourceId, round.map((index) => items[index]!.identityKey)])
      const misses = found.filter((row) => row.id === null && !row.tombstoned).map((row) => ({ n: row.n, item: items[round[row.n - 1]!]! }))
      const articles = await findSameArticles(tx, sourceId, misses)
      const fresh: Omit<Pending, 'id'>[] = []
      const changed: Pending[] = []
      const storiesToElect = new Set<number>()
      for (const probed of found) {
        const index = round[probed.n - 1]!
        const item = items[index]!
        const article = articles.get(probed.n)
        const row: LookupRow = article ?? probed
        if (row.id !== null) {
          if ((article !== undefined || republished.has(row.id)) && handled.has(row.id)) {
            summary.unchanged++
            continue
          }
          handled.add(row.id)
          if (article !== undefined) republished.add(row.id)
        }
        if (row.id === null) {
          if (row.tombstoned) summary.unchanged++
          else fresh.push({ index, item, publishedAt: item.publishedAt, dateIsFallback: item.dateIsFallback })
          continue
        }
        if (row.content_hash === item.contentHash) {
          seen.push(row.id)
          summary.unchanged++
          continue
        }
        const stored = { publishedAt: row.published_at!, dateIsFallback: row.date_is_fallback! }
        const { publishedAt, dateIsFallback } = resolveKeptPublishedAt(stored, item)
        changed.push({ index, id: row.id, item, publishedAt, dateIsFallback })
        if (publishedAt !== row.published_at) storiesToElect.add(row.story_id!)
      }
      const inserted = await insertNew(tx, sourceId, fresh, now)
      if (changed.length > 0) {
        await recordRevisions(
          tx,
          changed.map((p) => ({ itemId: p.id, next: toRevisedColumns(p.item, p.publishedAt) })),
          now,
        )
        await tx.query(updateItems, [sourceId, ...itemArraysOf(changed), now])
      }
      await writeCategories(
        tx,
        [...inserted, ...changed].sort((a, b) => a.index - b.index),
        changed.map((p) => p.id),
      )
      await indexSearchExtra(
        tx,
        [...inserted, ...changed].map((p) => p.id),
      )
      // After every update of the round: a lead depends only on the members' final dates.
      for (const storyId of storiesToElect) await electStoryLead(tx, storyId)
      summary.inserted += inserted.length
      summary.updated += changed.length
      for (const p of inserted) written[p.index] = { id: p.id, isNew: true, item: { ...p.item, sourceId } }
      for (const p of changed) {
        written[p.index] = {
          id: p.id,
          isNew: false,
          item: { ...p.item, sourceId, publishedAt: p.publishedAt, dateIsFallback: p.dateIsFallback },
        }
      }
    }
    if (seen.length > 0) await tx.query('update items set last_seen_at = $1 where id = any($2::bigint[])', [now, seen])
    return { summary, written: written.filter((w) => w !== undefined) }
  })
}

/**
 * The batch's positions in rounds whose identity keys are distinct: the first occurrence of each
 * key in round 1, the second in round 2, and so on (a feed rarely repeats one, so nearly always one round).
 */
function splitRounds(items: readonly NormalizedItem[]): number[][] {
  const rounds: number[][] = []
  const occurrences = new Map<string, number>()
  for (const [index, item] of items.entries()) {
    const k = occurrences.get(item.identityKey) ?? 0
    occurrences.set(item.identityKey, k + 1)
    ;(rounds[k] ??= []).push(index)
  }
  return rounds
}

/** Inserts the new items, each in a story of its own, in batch order. Resolves to them with their ids. */
async function insertNew(tx: PgContext, sourceId: string, fresh: Omit<Pending, 'id'>[], now: string): Promise<Pending[]> {
  if (fresh.length === 0) return []
  const ids = await tx.query<{ id: number }>(drawItemIds, [fresh.length])
  const pending = fresh.map((p, k) => ({ ...p, id: ids[k]!.id }))
  const stories = await tx.query<{ id: number; lead_item_id: number }>(insertStories, [
    pending.map((p) => p.id),
    pending.map((p) => p.publishedAt),
    now,
  ])
  const storyOf = new Map(stories.map((s) => [s.lead_item_id, s.id]))
  await tx.query(insertItems, [sourceId, ...itemArraysOf(pending), now, pending.map((p) => storyOf.get(p.id))])
  return pending
}

/** $2…$13 of insertItems and updateItems: one array per column, in the order of itemColumns. */
function itemArraysOf(pending: readonly Pending[]): unknown[][] {
  return [
    pending.map((p) => p.id),
    pending.map((p) => p.item.identityKey),
    pending.map((p) => p.item.guid),
    pending.map((p) => p.item.url),
    pending.map((p) => p.item.title),
    pending.map((p) => p.item.author),
    pending.map((p) => p.publishedAt),
    pending.map((p) => p.dateIsFallback),
    pending.map((p) => p.item.updatedAt),
    pending.map((p) => p.item.summaryText),
    pending.map((p) => p.item.contentHtml),
    pending.map((p) => p.item.contentHash),
  ]
}

/**
 * Stores each item's categories in order, one per case-insensitive key (first spelling wins),
 * replacing those of the `replaced` (updated) items. One delete and one insert for the batch.
 */
async function writeCategories(ctx: PgContext, pending: readonly Pending[], replaced: readonly number[]): Promise<void> {
  if (replaced.length > 0) await ctx.query('delete from item_categories where item_id = any($1::bigint[])', [replaced])
  const itemIds: number[] = []
  const names: string[] = []
  const keys: string[] = []
  for (const p of pending) {
    for (const raw of p.item.categories) {
      const name = raw.trim().replace(/\s+/g, ' ')
      const key = toCategoryKey(name)
      if (key === '') continue
      itemIds.push(p.id)
      names.push(name)
      keys.push(key)
    }
  }
  if (names.length === 0) return
  // WITH ORDINALITY keeps the given order in the identity column that getItem sorts by.
  await ctx.query(
    `insert into item_categories (item_id, name, name_key)
     select c.item_id, c.name, c.name_key from unnest($1::bigint[], $2::text[], $3::text[]) with ordinality as c (item_id, name, name_key, n)
     order by c.n
     on conflict do nothing`,
    [itemIds, names, keys],
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
