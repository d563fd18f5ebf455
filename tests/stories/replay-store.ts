// Replays the labeled story set (tests/fixtures/stories/labeled.json) through the REAL store and
// the poller's own storeItems (collectEvidence → findStoryCandidates → matchStory → assignStory),
// one item per transaction in any arrival order, and scores the resulting stories pairwise.
// The bench harness replays in publication order with a simulated pool; this checks the real path
// and that arrival order does not change the outcome.
import { loadLabeledItems, type LabeledItem } from '../../bench/eval-stories.js'
import { CANDIDATE_LIMIT, CANDIDATE_WINDOW_HOURS, collectEvidence, findBridgedStories, matchStory } from '../../src/dedup/index.js'
import { storeItems } from '../../src/poller/store-items.js'
import { openStore, type OpenedStore } from '../../src/store/index.js'
import type { FeedSource, NormalizedItem } from '../../src/types.js'

/**
 * The poller's storeItems plus story bridging: after the item joins its best match, the other
 * stories it is also the same story as are merged in. (The change proposed for
 * src/poller/store-items.ts once Store has mergeStories.)
 */
export function storeItemsWithBridges(store: OpenedStore, source: FeedSource, items: NormalizedItem[], now: string): void {
  const { written } = store.upsertItems(source.id, items, now)
  for (const { id, isNew, item } of written) {
    const evidence = collectEvidence(item, source)
    store.saveEvidence(id, evidence)
    if (!isNew) continue
    const candidates = store.findStoryCandidates(evidence, { excludeItemId: id, windowHours: CANDIDATE_WINDOW_HOURS, limit: CANDIDATE_LIMIT })
    const match = matchStory(evidence, candidates, source.id)
    const storyId = store.assignStory(id, match)
    for (const bridge of findBridgedStories(evidence, candidates, source.id, match)) {
      store.mergeStories(storyId, bridge.storyId, { itemId: id, matchedItemId: bridge.itemId, reason: bridge.reason, score: bridge.score })
    }
  }
}

export interface ReplayScore {
  precision: number
  recall: number
  falseMerges: number
  falseSplits: number
  /** Item id (labeled) → the set of labeled ids in its story, as a sorted key per story. */
  partition: string[]
}

function toNormalized(item: LabeledItem): NormalizedItem {
  return {
    sourceId: item.sourceId,
    identityKey: item.id,
    guid: item.id,
    url: item.url,
    title: item.title,
    author: null,
    publishedAt: item.publishedAt,
    dateIsFallback: false,
    updatedAt: null,
    summaryText: '',
    contentHtml: item.contentHtml,
    categories: [],
    contentHash: item.id,
  }
}

/** Stores the items in the given order (each in its own poll-like transaction) and scores the stories. */
export function replayThroughStore(items: LabeledItem[], opts: { bridges?: boolean } = {}): ReplayScore {
  const store = openStore(':memory:')
  try {
    const sources = new Map<string, FeedSource>()
    for (const item of items) {
      if (!sources.has(item.sourceId)) {
        sources.set(item.sourceId, { id: item.sourceId, url: item.source.url, homepage: item.source.homepage, type: 'feed', tags: [], enabled: true, republish: 'full' })
      }
    }
    store.syncSources([...sources.values()])
    for (const item of items) {
      const source = sources.get(item.sourceId)!
      const now = '2026-07-01T00:00:00.000Z'
      store.transaction(() => (opts.bridges ? storeItemsWithBridges(store, source, [toNormalized(item)], now) : storeItems(store, source, [toNormalized(item)], now)))
    }
    const storyOf = new Map<string, number>()
    for (const src of sources.keys()) {
      for (const it of store.listItems({ sources: [src], limit: 1000 }).items) storyOf.set(it.guid!, store.getItem(it.id)!.storyId)
    }
    let tp = 0
    let fp = 0
    let fn = 0
    const scored = items
    for (let i = 0; i < scored.length; i++) {
      for (let j = i + 1; j < scored.length; j++) {
        const a = scored[i]!
        const b = scored[j]!
        const gold = a.group === b.group
        const predicted = storyOf.get(a.id) === storyOf.get(b.id)
        if (gold && predicted) tp++
        else if (predicted) fp++
        else if (gold) fn++
      }
    }
    const members = new Map<number, string[]>()
    for (const [id, story] of storyOf) members.set(story, [...(members.get(story) ?? []), id])
    const partition = [...members.values()].map((ids) => ids.sort().join(' ')).sort()
    return {
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
      falseMerges: fp,
      falseSplits: fn,
      partition,
    }
  } finally {
    store.close()
  }
}

/** A seeded shuffle (mulberry32), so an order can be replayed. */
export function shuffleSeeded<T>(list: readonly T[], seed: number): T[] {
  let s = seed >>> 0
  const random = (): number => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

export { loadLabeledItems }
