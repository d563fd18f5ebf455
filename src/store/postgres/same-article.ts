// One river entry per article on PostgreSQL: the batch's new items that republish a stored item
// of their source (src/store/same-article.ts has the rule and the why), found in one query.
import type { NormalizedItem } from '../../types.js'
import { toArticleUrl } from '../same-article.js'
import type { PgContext } from './context.js'

/** A stored item found for the batch position n (the probe's shape). */
export interface ArticleRow {
  n: number
  id: number
  content_hash: string
  published_at: string
  date_is_fallback: boolean
  story_id: number
  tombstoned: boolean
}

const findArticles = `
  select distinct on (k.n) k.n, i.id, i.content_hash, i.published_at, i.date_is_fallback, i.story_id, false as tombstoned
  from unnest($2::text[], $3::text[], $4::boolean[], $5::text[], $6::int[]) as k (url, title, dated, published_at, n)
  join item_links l on l.url = k.url and l.kind = 'self'
  join items i on i.id = l.item_id and i.source_id = $1
  where i.title = k.title or (k.dated and not i.date_is_fallback and i.published_at = k.published_at collate "C")
  order by k.n, i.id`

/** For each given batch position whose item republishes a stored one, that stored row. */
export async function findSameArticles(
  ctx: PgContext,
  sourceId: string,
  misses: readonly { n: number; item: NormalizedItem }[],
): Promise<Map<number, ArticleRow>> {
  const probes = misses.flatMap(({ n, item }) => {
    const url = toArticleUrl(item.url)
    return url === null ? [] : [{ n, url, item }]
  })
  if (probes.length === 0) return new Map()
  const rows = await ctx.query<ArticleRow>(findArticles, [
    sourceId,
    probes.map((p) => p.url),
    probes.map((p) => p.item.title),
    probes.map((p) => !p.item.dateIsFallback),
    probes.map((p) => p.item.publishedAt),
    probes.map((p) => p.n),
  ])
  return new Map(rows.map((row) => [row.n, row]))
}
