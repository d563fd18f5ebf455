// Writes one source's normalized items and files each new one under a story. Call inside
// store.transaction so a source's fetch is written whole or not at all. The items go in batches
// and the work is paced (lib/pace.ts): with `start`, the web server shares this event loop, and a
// thousand items written in one go would hold every request for a fifth of a second or more.
// Reads from the server keep answering between slices (they see the open transaction's rows).
import {
  aliasKeysOf,
  buildCandidateQuery,
  buildFactsCandidateQuery,
  CANDIDATE_LIMIT,
  CANDIDATE_WINDOW_HOURS,
  collectEvidence,
  findBridgedStories,
  judgeCredibility,
  learnAliasesFromMatch,
  matchStory,
  OFFICIAL_WINDOW_HOURS,
  type OrgAliases,
  sharedOrgAliases,
} from '../dedup/index.js'
import type { Facts } from '../facts/index.js'
import { createPacer } from '../lib/pace.js'
import type { FeedSource, NormalizedItem, Store, StoryCandidate, StoryEvidence, UpsertSummary, WrittenItem } from '../types.js'
import { storeFacts } from './facts-step.js'

/** Items per upsertItems call: one call is synchronous on SQLite, so it is one unit the pacer cannot split. */
export const UPSERT_BATCH = 100

export interface StoreItemsOptions {
  /**
   * Doubt old dates (the poller, once a source has fetched successfully before): a new report
   * dated far before it was first seen cannot displace a story's lead (see judgeCredibility).
   * Off by default, so a first fetch's archive and replays of old reports (bench, tests) keep their dates.
   */
  checkDates?: boolean
  /** Victim-name aliases learned from merges (default: the process's own); a replay passes a fresh book. */
  aliases?: OrgAliases
  /** Called for each new report once it is filed under its story, on the same transaction (alerts enqueue here). */
  onNewReport?: (tx: Store, report: { itemId: number; storyId: number; item: NormalizedItem; facts: Facts | undefined }) => Promise<void>
}

export async function storeItems(
  store: Store,
  source: FeedSource,
  items: NormalizedItem[],
  now: string,
  options: StoreItemsOptions = {},
): Promise<UpsertSummary> {
  const aliases = options.aliases ?? sharedOrgAliases
  const pace = createPacer()
  const { summary, written } = await upsertInBatches(store, source, items, now, pace)
  const factsOf = new Map<number, Facts>()
  for (const one of written) {
    const [facts] = await storeFacts(store, [one])
    if (facts !== undefined) factsOf.set(one.id, facts)
    await pace()
  }
  for (const { id, isNew, item } of written) {
    await pace()
    const evidence = collectEvidence(item, source, factsOf.get(id))
    await store.saveEvidence(id, evidence)
    if (!isNew) continue
    const candidates = await findCandidates(store, evidence, id, aliases)
    const match = matchStory(evidence, candidates, source.id, aliases)
    learnAliasesFromMatch(aliases, evidence, candidates, match)
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
    for (const bridge of findBridgedStories(evidence, candidates, source.id, match, aliases)) {
      await store.mergeStories(storyId, bridge.storyId, {
        itemId: id,
        matchedItemId: bridge.itemId,
        reason: bridge.reason,
        score: bridge.score,
      })
    }
    await options.onNewReport?.(store, { itemId: id, storyId, item, facts: factsOf.get(id) })
  }
  return summary
}

/**
 * Links and headline tokens within the title window, plus the reports naming the same victim (or
 * a learned alias of it) within the official-record window, each stored item once.
 */
async function findCandidates(store: Store, evidence: StoryEvidence, itemId: number, aliases: OrgAliases): Promise<StoryCandidate[]> {
  const options = { excludeItemId: itemId, limit: CANDIDATE_LIMIT }
  const candidates = await store.findStoryCandidates(buildCandidateQuery(evidence), { ...options, windowHours: CANDIDATE_WINDOW_HOURS })
  const factsQuery = buildFactsCandidateQuery(evidence, aliasKeysOf(aliases, evidence))
  if (factsQuery === null) return candidates
  const seen = new Set(candidates.map((c) => c.itemId))
  const more = await store.findStoryCandidates(factsQuery, { ...options, windowHours: OFFICIAL_WINDOW_HOURS })
  return [...candidates, ...more.filter((c) => !seen.has(c.itemId))]
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

/**
 * upsertItems a batch at a time, pacing between batches. Every item is written before any is
 * filed, as in one call: each new item then sees all of this fetch's others among its candidates.
 */
async function upsertInBatches(
  store: Store,
  source: FeedSource,
  items: NormalizedItem[],
  now: string,
  pace: () => Promise<void>,
): Promise<{ summary: UpsertSummary; written: WrittenItem[] }> {
  const summary: UpsertSummary = { inserted: 0, updated: 0, unchanged: 0 }
  const written: WrittenItem[] = []
  for (let start = 0; start < items.length; start += UPSERT_BATCH) {
    const batch = await store.upsertItems(source.id, items.slice(start, start + UPSERT_BATCH), now)
    summary.inserted += batch.summary.inserted
    summary.updated += batch.summary.updated
    summary.unchanged += batch.summary.unchanged
    written.push(...batch.written)
    await pace()
  }
  return { summary, written }
}
