// The river and filtered lists: keyset pagination, newest first, on (published_at desc, id desc).
//
// - With sources, or each='report': every item (of those sources), by its own date.
// - Without sources and without other filters: one entry per story, its lead, read from the
//   stories index on (activity_at desc, lead_item_id desc): the story whose newest report is
//   newest first, so a follow-up lifts its story (order 'first': lead_published_at, its lead's date).
// - Without sources but with category/q: per story, the earliest published matching member
//   (the lead itself when it matches), so a story shows up once, in the same story order
//   (order 'first': by that member's date).
// The cursor is the last entry's (sort key, id): items that arrive between pages are newer
// or slot in by key, so nothing is skipped or repeated. (A story whose lead changes while you
// page — an earlier report of it arrives — moves to its new lead's place.)
import type { ItemPage, ItemQuery } from '../types.js'
import type { StoreContext } from './context.js'
import { decodeListCursor, encodeListCursor, type ListCursor } from './cursor.js'
import { buildItemFilter, clampLimit, renderWhere } from './filters.js'
import { hydrateItems } from './hydrate.js'

/** Sorts after every ISO date and id, so a first page needs no special statement. */
const firstKey: ListCursor = { publishedAt: '\uffff', id: Number.MAX_SAFE_INTEGER }

export function listItems(ctx: StoreContext, query: ItemQuery): ItemPage {
  const { rows, nextCursor } = listKeys(ctx, query, false)
  return {
    items: hydrateItems(
      ctx,
      rows.map((row) => row.id),
    ),
    nextCursor,
  }
}

/** One page of the list's keys; `perStory` merges stories even when query.sources filters (the story list). */
export function listKeys(ctx: StoreContext, query: ItemQuery, perStory: boolean): { rows: KeyRow[]; nextCursor: string | null } {
  const limit = clampLimit(query.limit)
  const key = readStartKey(query.cursor)
  const { sql, params } = buildListSql(query, key, perStory)
  const rows = ctx.prepare(`${sql} limit @limit`).all({ ...params, limit: limit + 1 }) as KeyRow[]
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  const nextCursor = rows.length > limit && last !== undefined ? encodeKeyCursor(last) : null
  return { rows: page, nextCursor }
}

/** Entries a skip may pass over: 500 pages of 200 (the pages stop at 500 × 20). */
export const MAX_SKIP = 100_000

/**
 * The cursor that follows the first `count` entries of the list (from the query's cursor, or
 * the top), as listItems pages would reach it, or null when no entry follows them. Reads keys
 * only (ids and sort keys, from covering indexes) — no row is hydrated — so ?page=500 of the
 * river is one index scan of 10,000 keys rather than 50 pages of 200 hydrated items.
 */
export function findListCursor(ctx: StoreContext, query: Omit<ItemQuery, 'limit'>, count: number): string | null {
  const skip = Math.trunc(count)
  if (!Number.isFinite(skip) || skip < 1 || skip > MAX_SKIP) return null
  const { sql, params } = buildListSql(query, readStartKey(query.cursor))
  // The last skipped entry gives the cursor; one more row says whether anything follows it.
  const rows = ctx.prepare(`${sql} limit 2 offset @offset`).all({ ...params, offset: skip - 1 }) as KeyRow[]
  const last = rows[0]
  return rows.length === 2 && last !== undefined ? encodeKeyCursor(last) : null
}

/** One entry of a list: the item, its sort key (published_at, or its story's activity), its story. */
export interface KeyRow {
  id: number
  published_at: string
  story_id: number
  /** The id the cursor keys on when it is not the item's (a filtered story walk keys on the story's lead). */
  key_id?: number | null
}

/** The cursor that starts after this entry. */
export function encodeKeyCursor(row: KeyRow): string {
  return encodeListCursor({ publishedAt: row.published_at, id: row.key_id ?? row.id })
}

function readStartKey(cursor: string | undefined): ListCursor {
  return cursor === undefined || cursor === '' ? firstKey : decodeListCursor(cursor)
}

/**
 * The list's keys (id, sort key, story) after `key`, newest first, without its LIMIT. Story lists
 * sort by the story's activity (its newest report) unless query.order is 'first' (its lead's date).
 */
function buildListSql(
  query: Omit<ItemQuery, 'limit'>,
  key: ListCursor,
  perStory = false,
): { sql: string; params: Record<string, unknown> } {
  const filter = buildItemFilter(query)
  const params = { ...filter.params, keyPublished: key.publishedAt, keyId: key.id }
  const bySource = !perStory && (query.each === 'report' || (query.sources !== undefined && query.sources.length > 0))
  const storyKey = query.order === 'first' ? 'st.lead_published_at' : 'st.activity_at'
  let sql: string
  if (bySource) {
    sql = `select i.id, i.published_at, i.story_id from items i
           ${renderWhere(filter, ['(i.published_at, i.id) < (@keyPublished, @keyId)'])}
           order by i.published_at desc, i.id desc`
  } else if (filter.conditions.length === 0) {
    sql = `select st.lead_item_id as id, ${storyKey} as published_at, st.id as story_id from stories st
           where (${storyKey}, st.lead_item_id) < (@keyPublished, @keyId)
           order by ${storyKey} desc, st.lead_item_id desc`
  } else if (query.order !== 'first' && !hasText(query)) {
    // Stories in activity order (the stories_activity index) that have a matching member; the
    // representative is the earliest one. The walk stops at the page, so a common filter is cheap
    // (a rare one walks further). The cursor keys on the story's lead (key_id), as the river does.
    const mate = buildItemFilter(query, 'j').conditions.join(' and ')
    sql = `select (select j.id from items j where j.story_id = st.id and ${mate} order by j.published_at, j.id limit 1) as id,
                  st.activity_at as published_at, st.id as story_id, st.lead_item_id as key_id
           from stories st
           where (st.activity_at, st.lead_item_id) < (@keyPublished, @keyId)
             and exists (select 1 from items j where j.story_id = st.id and ${mate})
           order by st.activity_at desc, st.lead_item_id desc`
  } else {
    // The story's representative is its earliest matching member: no matching member precedes it.
    // Full text reads its match set once, so the matches come first here (then sorted by their
    // story's activity, unless order is 'first'): walking stories would probe it per story.
    const mate = buildItemFilter(query, 'j')
    const sortKey = query.order === 'first' ? 'i.published_at' : 'st.activity_at'
    sql = `select i.id, ${sortKey} as published_at, i.story_id from items i join stories st on st.id = i.story_id
           ${renderWhere(filter, [`(${sortKey}, i.id) < (@keyPublished, @keyId)`])}
             and not exists (
               select 1 from items j
               where j.story_id = i.story_id and (j.published_at, j.id) < (i.published_at, i.id)
                 and ${mate.conditions.join(' and ')})
           order by ${sortKey} desc, i.id desc`
  }
  return { sql, params }
}

/** Whether the query searches text (its match set is best read once, not probed per story). */
export function hasText(query: Pick<ItemQuery, 'q'>): boolean {
  return query.q !== undefined && query.q.trim() !== ''
}

/**
 * ISO date of the newest item matching the filters, or null. Over all matching items, not
 * only story leads: a conservative Last-Modified that moves whenever a matching item arrives.
 */
export function newestItemDate(ctx: StoreContext, query: Omit<ItemQuery, 'limit' | 'cursor'>): string | null {
  const filter = buildItemFilter(query)
  const value = ctx
    .prepare(`select i.published_at from items i ${renderWhere(filter)} order by i.published_at desc, i.id desc limit 1`)
    .pluck()
    .get(filter.params)
  return typeof value === 'string' ? value : null
}
