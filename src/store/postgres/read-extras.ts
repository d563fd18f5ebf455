// Small read-side queries for the pages on PostgreSQL: recent posts per source, category counts
// (same answers as src/store/read-extras.ts).
import type { CategoryCount, RecentPost } from '../../types.js'
import type { PgContext } from './context.js'

/** The newest `perSource` items of every source, in one query: a LATERAL limit per source walks its index. */
export async function recentPostsBySource(ctx: PgContext, perSource: number): Promise<Map<string, RecentPost[]>> {
  const n = Math.max(0, Math.min(500, Math.trunc(perSource) || 0))
  const result = new Map<string, RecentPost[]>()
  if (n === 0) return result
  const rows = await ctx.query<{ source_id: string; id: number; title: string; url: string; published_at: string }>(
    `select s.id as source_id, i.id, i.title, i.url, i.published_at
     from sources s cross join lateral (
       select x.id, x.title, x.url, x.published_at from items x where x.source_id = s.id
       order by x.published_at desc, x.id desc limit $1) i
     order by s.id, i.published_at desc, i.id desc`,
    [n],
  )
  for (const row of rows) {
    const list = result.get(row.source_id) ?? []
    list.push({ id: row.id, title: row.title, url: row.url, publishedAt: row.published_at })
    result.set(row.source_id, list)
  }
  return result
}

/** Categories by use, most used first; the display name is the most common spelling. */
export async function listCategories(ctx: PgContext, limit = 50): Promise<CategoryCount[]> {
  const n = Math.max(1, Math.min(1000, Math.trunc(limit) || 50))
  return ctx.query<CategoryCount>(
    `with spellings as (
       select name_key, name, count(*) as uses from item_categories group by name_key, name),
     ranked as (
       select name_key, name, sum(uses) over (partition by name_key) as total,
              row_number() over (partition by name_key order by uses desc, name) as pick
       from spellings)
     select name, total::bigint as count from ranked where pick = 1
     order by total desc, name_key limit $1`,
    [n],
  )
}
