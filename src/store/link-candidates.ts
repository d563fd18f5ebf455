// The link half of candidate lookup: items whose canonical url or cited links include the new
// item's canonical url or one of its cited links, at any age. Usually a link is shared by a few
// items and all of them come; a link many items share (a regulator's portal, a big story's
// notice) brings its nearest in time, walked out from the item's date on item_links (url, at).
import type { StoryEvidence } from '../types.js'
import type { StoreContext } from './context.js'

/**
 * At most `limit` items linked to the evidence, nearest in time to `at` (ms) first, ties by lower
 * id. Per url: every item when at most `limit` share it, else its `limit` nearest (items without
 * a readable date come last); then the union, nearest first, cut to `limit`.
 */
export function findLinkedItems(ctx: StoreContext, evidence: StoryEvidence, at: number, excludeItemId: number, limit: number): number[] {
  const urls = [...new Set([evidence.canonicalUrl, ...evidence.outboundLinks])].filter((url) => url !== '')
  if (urls.length === 0) return []
  const atSec = Number.isFinite(at) ? Math.floor(at / 1000) : null
  const some = ctx.prepare('select item_id, at from item_links where url = ? and item_id <> ? limit ?').raw(true)
  const distanceOf = new Map<number, number>()
  for (const url of urls) {
    let rows = some.all(url, excludeItemId, limit + 1) as [number, number | null][]
    if (rows.length > limit) rows = walkNearest(ctx, url, atSec, excludeItemId, limit)
    for (const [id, when] of rows) {
      if (!distanceOf.has(id)) distanceOf.set(id, atSec === null || when === null ? Number.POSITIVE_INFINITY : Math.abs(when - atSec))
    }
  }
  const ids = [...distanceOf.keys()]
  if (ids.length <= limit) return ids
  return ids.sort((a, b) => distanceOf.get(a)! - distanceOf.get(b)! || a - b).slice(0, limit)
}

function walkNearest(
  ctx: StoreContext,
  url: string,
  atSec: number | null,
  excludeItemId: number,
  limit: number,
): [number, number | null][] {
  if (atSec === null) {
    return ctx
      .prepare('select item_id, at from item_links where url = ? and item_id <> ? order by item_id limit ?')
      .raw(true)
      .all(url, excludeItemId, limit) as [number, number | null][]
  }
  const before = ctx
    .prepare('select item_id, at from item_links where url = ? and at <= ? and item_id <> ? order by at desc, item_id desc limit ?')
    .raw(true)
    .all(url, atSec, excludeItemId, limit) as [number, number][]
  const after = ctx
    .prepare('select item_id, at from item_links where url = ? and at > ? and item_id <> ? order by at, item_id limit ?')
    .raw(true)
    .all(url, atSec, excludeItemId, limit) as [number, number][]
  return [...before, ...after].sort((a, b) => Math.abs(a[1] - atSec) - Math.abs(b[1] - atSec) || a[0] - b[0]).slice(0, limit)
}
