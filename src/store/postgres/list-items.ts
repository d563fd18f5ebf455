// The river and filtered lists on PostgreSQL: keyset pagination, newest first, on
// (sort key desc, id desc), with the same three shapes and the same cursors as
// src/store/list-items.ts (read it for the why).
import type { ItemPage, ItemQuery } from '../../types.js'
import { decodeListCursor, type ListCursor } from '../cursor.js'
import { clampLimit } from '../filters.js'
import { encodeKeyCursor, hasText, type KeyRow, MAX_SKIP } from '../list-items.js'
import type { PgContext } from './context.js'
import { bind, buildItemFilter, renderWhere } from './filters.js'
import { hydrateItems } from './hydrate.js'

/** Sorts after every ISO date and id (byte order: the columns are collated "C"). */
const firstKey: ListCursor = { publishedAt: '\uffff', id: Number.MAX_SAFE_INTEGER }

export async function listItems(ctx: PgContext, query: ItemQuery): Promise<ItemPage> {
  const { rows, nextCursor } = await listKeys(ctx, query, false)
  return {
    items: await hydrateItems(
      ctx,
      rows.map((row) => row.id),
    ),
    nextCursor,
  }
}

/** One page of the list's keys; `perStory` merges stories even when query.sources filters (the story list). */
export async function listKeys(
  ctx: PgContext,
  query: ItemQuery,
  perStory: boolean,
): Promise<{ rows: KeyRow[]; nextCursor: string | null }> {
  const limit = clampLimit(query.limit)
  const values: unknown[] = []
  const sql = buildListSql(query, readStartKey(query.cursor), values, perStory)
  const rows = await ctx.query<KeyRow>(`${sql} limit ${bind(values, limit + 1)}`, values)
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  const nextCursor = rows.length > limit && last !== undefined ? encodeKeyCursor(last) : null
  return { rows: page, nextCursor }
}

/** The cursor that follows the first `count` entries of the list (keys only), or null when nothing follows them. */
export async function findListCursor(ctx: PgContext, query: Omit<ItemQuery, 'limit'>, count: number): Promise<string | null> {
  const skip = Math.trunc(count)
  if (!Number.isFinite(skip) || skip < 1 || skip > MAX_SKIP) return null
  const values: unknown[] = []
  const sql = buildListSql(query, readStartKey(query.cursor), values)
  const rows = await ctx.query<KeyRow>(`${sql} limit 2 offset ${bind(values, skip - 1)}`, values)
  const last = rows[0]
  return rows.length === 2 && last !== undefined ? encodeKeyCursor(last) : null
}

function readStartKey(cursor: string | undefined): ListCursor {
  return cursor === undefined || cursor === '' ? firstKey : decodeListCursor(cursor)
}

/** The list's keys after `key`, newest first, without its LIMIT; binds into `values`. */
function buildListSql(query: Omit<ItemQuery, 'limit'>, key: ListCursor, values: unknown[], perStory = false): string {
  const filter = buildItemFilter(query, values)
  const after = `(${bind(values, key.publishedAt)}::text, ${bind(values, key.id)}::bigint)`
  if (!perStory && (query.each === 'report' || (query.sources !== undefined && query.sources.length > 0))) {
    return `select i.id, i.published_at, i.story_id from items i
            ${renderWhere(filter.conditions, [`(i.published_at, i.id) < ${after}`])}
            order by i.published_at desc, i.id desc`
  }
  const storyKey = query.order === 'first' ? 'st.lead_published_at' : 'st.activity_at'
  if (filter.conditions.length === 0) {
    return `select st.lead_item_id as id, ${storyKey} as published_at, st.id as story_id from stories st
            where (${storyKey}, st.lead_item_id) < ${after}
            order by ${storyKey} desc, st.lead_item_id desc`
  }
  const mate = buildItemFilter(query, values, 'j', filter.params)
  if (query.order !== 'first' && !hasText(query)) {
    // Stories in activity order that have a matching member, as on SQLite (list-items.ts).
    const matches = mate.conditions.join(' and ')
    return `select (select j.id from items j where j.story_id = st.id and ${matches} order by j.published_at, j.id limit 1) as id,
                   st.activity_at as published_at, st.id as story_id, st.lead_item_id as key_id
            from stories st
            where (st.activity_at, st.lead_item_id) < ${after}
              and exists (select 1 from items j where j.story_id = st.id and ${matches})
            order by st.activity_at desc, st.lead_item_id desc`
  }
  // The story's representative is its earliest matching member: no matching member precedes it.
  // Full text: the matches first, sorted by their story's activity (see list-items.ts).
  const sortKey = query.order === 'first' ? 'i.published_at' : 'st.activity_at'
  return `select i.id, ${sortKey} as published_at, i.story_id from items i join stories st on st.id = i.story_id
          ${renderWhere(filter.conditions, [`(${sortKey}, i.id) < ${after}`])}
            and not exists (
              select 1 from items j
              where j.story_id = i.story_id and (j.published_at, j.id) < (i.published_at, i.id)
                and ${mate.conditions.join(' and ')})
          order by ${sortKey} desc, i.id desc`
}

/** ISO date of the newest item matching the filters, or null (over all matching items, as on SQLite). */
export async function newestItemDate(ctx: PgContext, query: Omit<ItemQuery, 'limit' | 'cursor'>): Promise<string | null> {
  const values: unknown[] = []
  const filter = buildItemFilter(query, values)
  const [row] = await ctx.query<{ published_at: string }>(
    `select i.published_at from items i ${renderWhere(filter.conditions)} order by i.published_at desc, i.id desc limit 1`,
    values,
  )
  return row?.published_at ?? null
}
