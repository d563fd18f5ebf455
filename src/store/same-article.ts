// One river entry per article: within a source, an item under a new guid whose canonical URL
// (src/lib/canonical-url.ts: tracking parameters, AMP, www. folded) is that of a stored item is
// the same item, republished; upsert updates it in place instead of adding a duplicate.
// Only when the title or the (feed-given) publication date also matches: a source whose items
// all link to one page (a tabular register, a listing page) keeps them apart, and a bare home
// page never identifies an article.
import { canonicalizeUrl } from '../lib/canonical-url.js'
import type { NormalizedItem } from '../types.js'
import type { StoreContext } from './context.js'

/** The canonical URL an item can be recognized by, or null when its link cannot identify an article. */
export function toArticleUrl(url: string): string | null {
  const canonical = canonicalizeUrl(url)
  try {
    return new URL(canonical).pathname.length > 1 ? canonical : null
  } catch {
    return null
  }
}

/** The stored row of the same source that this item republishes (see above), if any. */
export function findSameArticle<Row>(ctx: StoreContext, sourceId: string, item: NormalizedItem): Row | undefined {
  const url = toArticleUrl(item.url)
  if (url === null) return undefined
  return ctx
    .prepare(`select i.id, i.content_hash, i.published_at, i.date_is_fallback, i.story_id
              from item_links l join items i on i.id = l.item_id
              where l.url = @url and l.kind = 'self' and i.source_id = @sourceId
                and (i.title = @title or (@datedByFeed and i.date_is_fallback = 0 and i.published_at = @publishedAt))
              order by i.id limit 1`)
    .get({ url, sourceId, title: item.title, datedByFeed: item.dateIsFallback ? 0 : 1, publishedAt: item.publishedAt }) as Row | undefined
}
