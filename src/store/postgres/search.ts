// Full-text search on PostgreSQL: the items.search tsvector (title A, summary B, content C)
// matched with the translated query (tsquery.ts), ranked with ts_rank, and snippets from
// ts_headline with the SQLite engine's markers (\u0002 … \u0003).
//
// As on SQLite (see src/store/search.ts for the trade-off), only the newest RANK_POOL matches
// are ranked, and pages are keyset over (rank asc, id desc) with the same cursor format. The rank
// is the negated ts_rank, so "lower is better" holds as with bm25; it is computed as float8,
// whose text form round-trips through a JS number exactly, so a cursor's rank compares equal to
// the row it came from. ts_headline reads the whole text, so it runs on the page's rows only.
import { BadQueryError } from '../../errors.js'
import type { ItemQuery, SearchPage } from '../../types.js'
import { decodeSearchCursor, encodeSearchCursor, type SearchCursor } from '../cursor.js'
import { clampLimit } from '../filters.js'
import { isPerReport, RANK_POOL } from '../search.js'
import type { PgContext } from './context.js'
import { bind, buildItemFilter, TS_CONFIG } from './filters.js'
import { hydrateItems } from './hydrate.js'
import { SEARCH_DOCUMENT } from './search-index.js'

/** ts_rank weights in {D, C, B, A} order: title 4× the summary and categories (as on SQLite), content below, source title last. */
const WEIGHTS = '{0.05, 0.1, 0.25, 1.0}'
const firstKey: SearchCursor = { rank: -Number.MAX_VALUE, id: Number.MAX_SAFE_INTEGER }

/** ts_headline options: the markers, and about as many words as SQLite's 24-token snippet. */
const HEADLINE_OPTIONS = `StartSel=${String.fromCharCode(2)}, StopSel=${String.fromCharCode(3)}, MaxWords=24, MinWords=12, ShortWord=2, HighlightAll=false`

export async function searchItems(ctx: PgContext, query: ItemQuery & { q: string }): Promise<SearchPage> {
  const limit = clampLimit(query.limit)
  const key = query.cursor === undefined || query.cursor === '' ? firstKey : decodeSearchCursor(query.cursor)
  const values: unknown[] = []
  const filter = buildItemFilter(query, values)
  if (filter.tsquery === undefined) throw new BadQueryError('search query is empty')
  const tsquery = `to_tsquery('${TS_CONFIG}', ${filter.tsquery.param}::text)`
  const pool = `select i.id, i.story_id, -ts_rank('${WEIGHTS}', ${SEARCH_DOCUMENT}, ${tsquery})::float8 as rank
      from items i where ${filter.conditions.join(' and ')}
      order by i.id desc limit ${bind(values, RANK_POOL)}`
  // One hit per story (its best-ranked report) unless every report is asked for, as on SQLite.
  const hits = isPerReport(query)
    ? pool
    : `select id, rank from (
         select pool.id, pool.rank, row_number() over (partition by pool.story_id order by pool.rank, pool.id desc) as k
         from (${pool}) pool) ranked
       where k = 1`
  const sql = `
    select hit.id, hit.rank from (${hits}) hit
    where hit.rank > ${bind(values, key.rank)}::float8 or (hit.rank = ${bind(values, key.rank)}::float8 and hit.id < ${bind(values, key.id)}::bigint)
    order by hit.rank asc, hit.id desc limit ${bind(values, limit + 1)}`
  const rows = await ctx.query<{ id: number; rank: number }>(sql, values)
  const page = rows.slice(0, limit)
  const ids = page.map((row) => row.id)
  const snippets = await readSnippets(ctx, filter.tsquery.text, ids)
  const items = (await hydrateItems(ctx, ids)).map((item) => ({ ...item, snippet: snippets.get(item.id) ?? '' }))
  const last = page[page.length - 1]
  const nextCursor = rows.length > limit && last !== undefined ? encodeSearchCursor({ rank: last.rank, id: last.id }) : null
  return { items, nextCursor }
}

/**
 * A snippet per row of the page, from whichever of title and summary holds more matches (the
 * title on a tie), as SQLite's snippet(-1) picks the best column.
 */
async function readSnippets(ctx: PgContext, tsqueryText: string, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const rows = await ctx.query<{ id: number; title: string; summary: string }>(
    `select i.id,
            ts_headline('${TS_CONFIG}', i.title, q, $3) as title,
            ts_headline('${TS_CONFIG}', i.summary_text, q, $3) as summary
     from items i, to_tsquery('${TS_CONFIG}', $1::text) as q
     where i.id = any($2::bigint[])`,
    [tsqueryText, ids, HEADLINE_OPTIONS],
  )
  const marks = (text: string): number => text.split('\u0002').length - 1
  return new Map(rows.map((row) => [row.id, marks(row.summary) > marks(row.title) ? row.summary : row.title]))
}
