// What full-text search reads on PostgreSQL besides items.search (title, summary, content, a
// generated column): items.search_extra, the item's categories (weight B) and its source's title
// (weight D), written by the store after an item's categories (indexSearchExtra) and by a trigger
// when a source is renamed. Queries match and rank (search || search_extra), which has its own
// GIN index. As src/store/search-index.ts on SQLite.
import type { PgContext } from './context.js'
import { TS_CONFIG } from './filters.js'

/** The indexed document of items alias `i` (the expression of the GIN index: keep them equal). */
export const SEARCH_DOCUMENT = '(i.search || i.search_extra)'

/** search_extra of items alias `i`, from its categories and its source's title. */
export const SEARCH_EXTRA_SQL = `
  setweight(to_tsvector('${TS_CONFIG}', coalesce((select string_agg(c.name, ' ' order by c.id) from item_categories c where c.item_id = i.id), '')), 'B')
  || setweight(to_tsvector('${TS_CONFIG}', coalesce((select s.title from sources s where s.id = i.source_id), '')), 'D')`

export async function indexSearchExtra(ctx: PgContext, itemIds: readonly number[]): Promise<void> {
  if (itemIds.length === 0) return
  await ctx.query(`update items i set search_extra = ${SEARCH_EXTRA_SQL} where i.id = any($1::bigint[])`, [itemIds])
}
