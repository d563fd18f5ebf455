// Full-text search: FTS5 ranked by bm25 with the title weighted 4× the summary, plus a
// snippet with \u0002 … \u0003 around matches. Every matching item is listed (no story merging).
//
// Pagination is keyset over (rank asc, id desc), with the last hit's rank in the cursor — no
// OFFSET. bm25 depends on corpus statistics, so when items arrive between two pages the ranks
// shift and the next page may repeat or miss a hit near the boundary; within an unchanged
// database, pages are exact.
import { BadQueryError } from '../errors.js'
import type { ItemQuery, SearchPage } from '../types.js'
import type { StoreContext } from './context.js'
import { decodeSearchCursor, encodeSearchCursor, type SearchCursor } from './cursor.js'
import { buildItemFilter, clampLimit } from './filters.js'
import { hydrateItems } from './hydrate.js'
import { toJsonList } from './rows.js'
import { toStoreError } from './sqlite-errors.js'

const titleWeight = 4
const summaryWeight = 1
const firstKey: SearchCursor = { rank: -Number.MAX_VALUE, id: Number.MAX_SAFE_INTEGER }

export function searchItems(ctx: StoreContext, query: ItemQuery & { q: string }): SearchPage {
  const limit = clampLimit(query.limit)
  const key = query.cursor === undefined || query.cursor === '' ? firstKey : decodeSearchCursor(query.cursor)
  const filter = buildItemFilter(query)
  if (filter.params['fts'] === undefined) throw new BadQueryError('search query is empty')
  // The full-text condition is the ranked subquery itself; the other filters apply to `i`.
  const others = filter.conditions.filter((c) => !c.includes('items_fts'))
  const sql = `
    select hit.id, hit.rank from (
      select rowid as id, bm25(items_fts, ${titleWeight}, ${summaryWeight}) as rank
      from items_fts where items_fts match @fts
    ) hit join items i on i.id = hit.id
    where (hit.rank > @keyRank or (hit.rank = @keyRank and hit.id < @keyId))
      ${others.map((c) => `and ${c}`).join(' ')}
    order by hit.rank asc, hit.id desc limit @limit`
  const rows = runFts(() =>
    ctx.prepare(sql).all({ ...filter.params, keyRank: key.rank, keyId: key.id, limit: limit + 1 }),
  ) as { id: number; rank: number }[]
  const page = rows.slice(0, limit)
  const snippets = readSnippets(ctx, String(filter.params['fts']), page.map((row) => row.id))
  const items = hydrateItems(ctx, page.map((row) => row.id)).map((item) => ({ ...item, snippet: snippets.get(item.id) ?? '' }))
  const last = page[page.length - 1]
  const nextCursor = rows.length > limit && last !== undefined ? encodeSearchCursor({ rank: last.rank, id: last.id }) : null
  return { items, nextCursor }
}

/** snippet() for the page only, picking whichever column matched best. */
function readSnippets(ctx: StoreContext, fts: string, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map()
  const rows = runFts(() =>
    ctx
      .prepare(`select rowid as id, snippet(items_fts, -1, char(2), char(3), '…', 24) as snippet
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
