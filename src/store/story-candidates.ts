// Which stored items the matcher sees for a new item: those related to it by a link, and those
// near it in time that share a title token with it. Chosen by relevance, not recency, so with a
// thousand sources the candidates are the reports that can match, not whatever the last hour held.
import type { StoryCandidate, StoryEvidence } from '../types.js'
import { readCandidateEvidence } from './candidate-cache.js'
import type { StoreContext } from './context.js'
import { findLinkedItems } from './link-candidates.js'
import { toJsonList } from './rows.js'
import { findTokenMates } from './token-candidates.js'

export interface CandidateOptions {
  excludeItemId: number
  windowHours: number
  limit: number
}

/**
 * The stored items that could be the same story as the evidence, nearest in time first (ties:
 * lower id), the excluded item left out:
 * - link relations at any age: items whose canonical url or cited links include the evidence's
 *   canonical url or one of its cited links (same article, either item citing the other, a shared
 *   cited link), nearest in time first, at most `limit`;
 * - items published within ±windowHours that share one of the evidence's title tokens (the caller
 *   picks which tokens to look up), at most `limit`. A token that at most `limit` items in the
 *   window share brings all of them, weighing 1 / their number; a commoner one only its
 *   COMMON_TOKEN_POSTINGS nearest, weighing 1 / (limit + 1). Items are ranked by the summed
 *   weight of the tokens they share (rare names over common words), then by distance in time,
 *   then by lower id;
 * - the items of the excluded item's source in those candidates' stories, so the matcher knows
 *   every story that source already reported (a source reports a story once).
 * Deterministic: the answer depends on the stored data only.
 */
export function findStoryCandidates(ctx: StoreContext, evidence: StoryEvidence, opts: CandidateOptions): StoryCandidate[] {
  const limit = Math.max(1, Math.min(1000, Math.trunc(opts.limit) || 1))
  const at = Date.parse(evidence.publishedAt)
  const ids = new Set<number>(findLinkedItems(ctx, evidence, at, opts.excludeItemId, limit))
  if (Number.isFinite(at) && opts.windowHours > 0) {
    for (const id of findTokenMates(ctx, evidence.titleTokens, at, opts.windowHours, opts.excludeItemId, limit)) ids.add(id)
  }
  if (ids.size === 0) return []
  const candidates = readCandidates(ctx, [...ids])
  const mates = findSameSourceStoryMates(ctx, candidates, opts.excludeItemId, ids)
  return sortNearestFirst(mates.length > 0 ? [...candidates, ...readCandidates(ctx, mates)] : candidates, at)
}

/**
 * Items of the excluded item's source in the candidates' stories that are not candidates
 * themselves: with them the matcher sees every story that source already reported.
 */
function findSameSourceStoryMates(
  ctx: StoreContext,
  candidates: StoryCandidate[],
  excludeItemId: number,
  ids: ReadonlySet<number>,
): number[] {
  const stories = [...new Set(candidates.map((c) => c.storyId))]
  const found = ctx
    .prepare(`select i.id from items i
              where i.story_id in (select value from json_each(?))
                and i.source_id = (select source_id from items where id = ?) and i.id <> ?`)
    .pluck()
    .all(toJsonList(stories), excludeItemId, excludeItemId) as number[]
  return found.filter((id) => !ids.has(id))
}

function readCandidates(ctx: StoreContext, ids: number[]): StoryCandidate[] {
  const rows = ctx
    .prepare(`select i.id, i.story_id, i.source_id, i.published_at, e.revision
              from items i indexed by items_candidate left join item_evidence e on e.item_id = i.id
              where i.id in (select value from json_each(?))`)
    .raw(true)
    .all(toJsonList(ids)) as [number, number, string, string, number | null][]
  const evidence = readCandidateEvidence(ctx, new Map(rows.map((row) => [row[0], row[4]])))
  return rows.map(([id, storyId, sourceId, publishedAt]) => {
    const cached = evidence.get(id)
    return {
      itemId: id,
      storyId,
      sourceId,
      evidence: {
        canonicalUrl: cached?.canonicalUrl ?? '',
        // Shared with the cache and frozen: the matcher only reads them.
        outboundLinks: (cached?.outboundLinks ?? []) as string[],
        titleTokens: (cached?.titleTokens ?? []) as string[],
        publishedAt,
      },
    }
  })
}

function sortNearestFirst(candidates: StoryCandidate[], at: number): StoryCandidate[] {
  const distance = (c: StoryCandidate): number => {
    const d = Math.abs(Date.parse(c.evidence.publishedAt) - at)
    return Number.isFinite(d) ? d : Number.POSITIVE_INFINITY
  }
  return candidates
    .map((c) => ({ c, d: distance(c) }))
    .sort((a, b) => a.d - b.d || a.c.itemId - b.c.itemId)
    .map((x) => x.c)
}
