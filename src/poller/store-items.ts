// Writes one source's normalized items and files each new one under a story. Call inside
// store.transaction so a source's fetch is written whole or not at all.
import {
  buildCandidateQuery,
  CANDIDATE_LIMIT,
  CANDIDATE_WINDOW_HOURS,
  collectEvidence,
  findBridgedStories,
  judgeCredibility,
  matchStory,
} from '../dedup/index.js'
import type { FeedSource, NormalizedItem, Store, UpsertSummary } from '../types.js'

export interface StoreItemsOptions {
  /**
   * Doubt old dates (the poller, once a source has fetched successfully before): a new report
   * dated far before it was first seen cannot displace a story's lead (see judgeCredibility).
   * Off by default, so a first fetch's archive and replays of old reports (bench, tests) keep their dates.
   */
  checkDates?: boolean
}

export async function storeItems(
  store: Store,
  source: FeedSource,
  items: NormalizedItem[],
  now: string,
  options: StoreItemsOptions = {},
): Promise<UpsertSummary> {
  const { summary, written } = await store.upsertItems(source.id, items, now)
  for (const { id, isNew, item } of written) {
    const evidence = collectEvidence(item, source)
    await store.saveEvidence(id, evidence)
    if (!isNew) continue
    const candidates = await store.findStoryCandidates(buildCandidateQuery(evidence), {
      excludeItemId: id,
      windowHours: CANDIDATE_WINDOW_HOURS,
      limit: CANDIDATE_LIMIT,
    })
    const match = matchStory(evidence, candidates, source.id)
    const credible = judgeCredibility(
      {
        url: item.url,
        publishedAt: item.publishedAt,
        firstSeenAt: now,
        joinsStory: match !== null,
        checkDate: options.checkDates === true,
      },
      source,
    )
    const storyId = await store.assignStory(id, match, { credible })
    // An item that matches two existing stories is the link between them (reports that arrived
    // out of order): merge those stories too, so the outcome does not depend on polling order.
    for (const bridge of findBridgedStories(evidence, candidates, source.id, match)) {
      await store.mergeStories(storyId, bridge.storyId, {
        itemId: id,
        matchedItemId: bridge.itemId,
        reason: bridge.reason,
        score: bridge.score,
      })
    }
  }
  return summary
}

/**
 * maxItemsPerFetch: the newest `max` by date (feed order among equal dates; undated items carry
 * the time first seen, so they count as newest). Storing 20,000 items in one transaction blocks
 * the process for minutes; a real feed never needs that many at once.
 */
export function newestItems(items: NormalizedItem[], max: number): NormalizedItem[] {
  if (items.length <= max) return items
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (a.item.publishedAt < b.item.publishedAt ? 1 : a.item.publishedAt > b.item.publishedAt ? -1 : a.index - b.index))
    .slice(0, max)
    .map(({ item }) => item)
}
