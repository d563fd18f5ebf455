// Writes one source's normalized items and files each new one under a story. Call inside
// store.transaction so a source's fetch is written whole or not at all.
import { CANDIDATE_LIMIT, CANDIDATE_WINDOW_HOURS, collectEvidence, matchStory } from '../dedup/index.js'
import type { FeedSource, NormalizedItem, Store, UpsertSummary } from '../types.js'

export function storeItems(store: Store, source: FeedSource, items: NormalizedItem[], now: string): UpsertSummary {
  const { summary, written } = store.upsertItems(source.id, items, now)
  for (const { id, isNew, item } of written) {
    const evidence = collectEvidence(item, source)
    store.saveEvidence(id, evidence)
    if (!isNew) continue
    const candidates = store.findStoryCandidates(evidence, {
      excludeItemId: id,
      windowHours: CANDIDATE_WINDOW_HOURS,
      limit: CANDIDATE_LIMIT,
    })
    store.assignStory(id, matchStory(evidence, candidates, source.id))
  }
  return summary
}
