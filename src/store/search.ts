// Full-text search: FTS5 ranked by bm25 with the title weighted 4× the summary, plus a
// snippet with \u0002 … \u0003 around matches. One hit per story, its best-ranked report, unless
// ?each=report or ?source= asks for every report.
//
// Ranking is bounded: bm25 is computed for the newest RANK_POOL matches only (by rowid, which
// follows arrival order), and those are ordered by rank. FTS5 walks a term's doclist in rowid
// order and stops after the pool, so a word found in 90,000 of 1,000,000 items costs about as
// much as one found in 2,000 (2–3 ms against 160 ms when every match was ranked and joined to
// items). The trade-off: a strong match older than the newest RANK_POOL matches is not listed,
// so a very common word searches the recent past — which is what a news reader searches for;
// rare words (the usual case: a company, a gang, a product) rank every match as before. The
// source and category filters apply inside the pool, so a filtered search still ranks up to
// RANK_POOL of its own matches.
//
// Pagination is keyset over (rank asc, id desc), with the last hit's rank in the cursor — no
// OFFSET. bm25 depends on corpus statistics, and the pool moves as items arrive, so when items
// arrive between two pages the next page may repeat or miss a hit near the boundary; within an
// unchanged database, pages are exact.
import { BadQueryError } from '../errors.js'
import type { ItemQuery, SearchPage } from '../types.js'
import type { StoreContext } from './context.js'
import { decodeSearchCursor, encodeSearchCursor, type SearchCursor } from './cursor.js'
import { buildItemFilter, clampLimit } from './filters.js'
import { hydrateItems } from './hydrate.js'
import { toJsonList } from './rows.js'
import { toStoreError } from './sqlite-errors.js'

/** bm25 weights in SEARCH_COLUMNS order: title, summary, content text, categories, source title. */
const columnWeights = '4, 1, 0.5, 2, 1'
/** Matches ranked per search: the newest this many (100 pages of 20). */
export const RANK_POOL = 2000
const firstKey: SearchCursor = { rank: -Number.MAX_VALUE, id: Number.MAX_SAFE_INTEGER }

export function searchItems(ctx: StoreContext, query: ItemQuery & { q: string }): SearchPage {
  const limit = clampLimit(query.limit)
  const key = query.cursor === undefined || query.cursor === '' ? firstKey : decodeSearchCursor(query.cursor)
  const filter = buildItemFilter(query)
  if (filter.params['fts'] === undefined) throw new BadQueryError('search query is empty')
  // The full-text condition is the pool itself; the other filters (over `i`) narrow the pool.
  const others = filter.conditions.filter((c) => !c.includes('items_fts'))
  const narrowed = others.length === 0 ? '' : `and exists (select 1 from items i where i.id = items_fts.rowid and ${others.join(' and ')})`
  const pool = `select rowid as id, bm25(items_fts, ${columnWeights}) as rank
      from items_fts where items_fts match @fts ${narrowed}
      order by rowid desc limit @pool`
  // One hit per story (its best-ranked report) unless every report is asked for.
  const hits = isPerReport(query)
    ? pool
    : `select id, rank from (
         select pool.id, pool.rank, row_number() over (partition by i.story_id order by pool.rank, pool.id desc) as k
         from (${pool}) pool join items i on i.id = pool.id)
       where k = 1`
  const sql = `
    select hit.id, hit.rank from (${hits}) hit
    where hit.rank > @keyRank or (hit.rank = @keyRank and hit.id < @keyId)
    order by hit.rank asc, hit.id desc limit @limit`
  const rows = runFts(() =>
    ctx.prepare(sql).all({ ...filter.params, pool: RANK_POOL, keyRank: key.rank, keyId: key.id, limit: limit + 1 }),
  ) as { id: number; rank: number }[]
  const page = rows.slice(0, limit)
  const snippets = readSnippets(
    ctx,
    String(filter.params['fts']),
    page.map((row) => row.id),
  )
  const items = hydrateItems(
    ctx,
    page.map((row) => row.id),
  ).map((item) => ({ ...item, snippet: snippets.get(item.id) ?? '' }))
  const last = page[page.length - 1]
  const nextCursor = rows.length > limit && last !== undefined ? encodeSearchCursor({ rank: last.rank, id: last.id }) : null
  return { items, nextCursor }
}

/** Search lists every report with ?each=report or ?source= (as item lists do), else one per story. */
export function isPerReport(query: Pick<ItemQuery, 'each' | 'sources'>): boolean {
  return query.each === 'report' || (query.sources !== undefined && query.sources.length > 0)
}

/**
 * snippet() for the page only, picking whichever column matched best. FTS5 looks rows up by
 * rowid cheaply for plain terms, but a prefix term (`ransom*`) merges every matching term's
 * doclist again on each lookup (20 lookups: 190 ms at 1M items); so with a prefix term the page's
 * rowid range is scanned once instead, and only the page's rows get a snippet (13 ms).
 */
function readSnippets(ctx: StoreContext, fts: string, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map()
  const snippet = "snippet(items_fts, -1, char(2), char(3), '…', 24)"
  const rows = runFts(() =>
    fts.includes('*')
      ? ctx
          .prepare(`select rowid as id, ${snippet} as snippet from items_fts
                    where items_fts match @fts and rowid between @low and @high
                      and +rowid in (select value from json_each(@ids))`)
          .all({ fts, low: Math.min(...ids), high: Math.max(...ids), ids: toJsonList(ids) })
      : ctx
          .prepare(`select rowid as id, ${snippet} as snippet
                    from items_fts where items_fts match ? and rowid in (select value from json_each(?))`)
          .all(fts, toJsonList(ids)),
  ) as { id: number; snippet: string | null }[]
  return new Map(rows.map((row) => [row.id, row.snippet ?? '']))
}

/** The query builder makes syntax errors impossible; should FTS5 still refuse, it is the user's query. */
function runFts<T>(fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    const wrapped = toStoreError(err)
    if (wrapped instanceof Error && wrapped.name === 'StoreError' && (wrapped as { code?: string }).code === 'other') {
      throw new BadQueryError('search query is not valid')
    }
    throw wrapped
  }
}
