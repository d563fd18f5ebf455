// Story-merge evaluation on the REAL pipeline: replays the labeled reports
// (tests/fixtures/stories/labeled.json) into a fresh in-memory store, each as one poll of its
// outlet — normalizeItems, then the poller's own storeItems (upsert → collectEvidence →
// findStoryCandidates → matchStory → assignStory → findBridgedStories/mergeStories) in its own
// transaction — and scores the stories the store ends with, pairwise, against the labels.
//
//   npm run eval:stories              publication order: all / dev / holdout, reasons, errors
//   npm run eval:stories -- --orders  also reverse order and 6 seeded shuffles (min/max)
//   npm run eval:stories -- --all     every false merge and split, not the first 15

import { fileURLToPath } from 'node:url'
import { OrgAliases } from '../src/dedup/index.js'
import { setLogLevel } from '../src/lib/log.js'
import { storeItems } from '../src/poller/store-items.js'
import { openStore } from '../src/store/index.js'
import type { FeedSource, MergeReason, NormalizedItem, Store } from '../src/types.js'
import {
  isHoldoutGroup,
  isNewHoldoutGroup,
  type LabeledItem,
  loadLabeledItems,
  REPLAY_NOW,
  sortByPublication,
  toFeedSource,
  toNormalizedItem,
} from '../tests/fixtures/stories/labeled.js'
import { createRandom } from './random.js'

/** Arrival order of the reports: as published, newest first, outlet by outlet, or a seeded shuffle. */
export type ReplayOrder = 'publication' | 'reverse' | 'by-source' | { shuffleSeed: number }

export interface PairCounts {
  truePositives: number
  falsePositives: number
  falseNegatives: number
  precision: number
  recall: number
  f1: number
}

export interface PairExample {
  a: string
  b: string
  /** Why the later-published of the two is in its story, as stored (absent when it started it). */
  reason?: MergeReason
}

export interface StoryEvalResult {
  order: string
  groups: number
  items: number
  stories: number
  all: PairCounts
  dev: PairCounts
  holdout: PairCounts
  /** The facts-evidence set's held-out part (groups-e.ts); its errors are never listed. */
  newHoldout: PairCounts
  /** Members attached to a story, by the reason store.explainStory gives for each. */
  reasons: Partial<Record<MergeReason, number>>
  falseMerges: PairExample[]
  falseSplits: PairExample[]
  /** Each story as its members' labeled ids joined by spaces, sorted: compare runs with it. */
  partition: string[]
}

/** What the replay reads back from the store for each labeled id. */
interface StoredOutcome {
  storyOf: Map<string, number>
  reasonOf: Map<string, MergeReason>
  reasons: Partial<Record<MergeReason, number>>
}

export function describeOrder(order: ReplayOrder): string {
  return typeof order === 'string' ? order : `shuffle ${order.shuffleSeed}`
}

/** A seeded Fisher–Yates shuffle, so an order can be replayed. */
export function shuffleSeeded<T>(list: readonly T[], seed: number): T[] {
  const random = createRandom(seed)
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

export function arrangeItems(items: readonly LabeledItem[], order: ReplayOrder): LabeledItem[] {
  const byTime = sortByPublication(items)
  if (order === 'publication') return byTime
  if (order === 'reverse') return byTime.reverse()
  // Each outlet's reports newest first, as a first poll of its feed would list them.
  if (order === 'by-source') return byTime.reverse().sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0))
  return shuffleSeeded(byTime, order.shuffleSeed)
}

/** Polls each report into the store, one transaction per report, in the given order. */
async function replayIntoStore(
  store: Store,
  arrived: readonly LabeledItem[],
  normalized: ReadonlyMap<string, NormalizedItem>,
): Promise<void> {
  const sources = new Map<string, FeedSource>()
  for (const item of arrived) if (!sources.has(item.sourceId)) sources.set(item.sourceId, toFeedSource(item))
  await store.syncSources([...sources.values()])
  // Each replay learns its own aliases, as a fresh install would.
  const aliases = new OrgAliases()
  for (const item of arrived) {
    const source = sources.get(item.sourceId)!
    await store.transaction((tx) => storeItems(tx, source, [normalized.get(item.id)!], REPLAY_NOW, { aliases }))
  }
}

/** Every stored item's story and, through explainStory, the reason it is in it. */
export async function readOutcome(store: Store, sourceIds: readonly string[]): Promise<StoredOutcome> {
  const labeledIdOf = new Map<number, string>()
  const storyIds = new Set<number>()
  for (const sourceId of sourceIds) {
    for (const it of (await store.listItems({ sources: [sourceId], limit: 500 })).items) {
      labeledIdOf.set(it.id, it.guid!)
      storyIds.add((await store.getItem(it.id))!.storyId)
    }
  }
  const outcome: StoredOutcome = { storyOf: new Map(), reasonOf: new Map(), reasons: {} }
  for (const storyId of storyIds) {
    for (const member of (await store.explainStory(storyId))!.members) {
      const id = labeledIdOf.get(member.itemId)!
      outcome.storyOf.set(id, storyId)
      if (member.reason === 'lead' || member.reason === 'own') continue
      outcome.reasonOf.set(id, member.reason)
      outcome.reasons[member.reason] = (outcome.reasons[member.reason] ?? 0) + 1
    }
  }
  return outcome
}

export function computePairCounts(tp: number, fp: number, fn: number): PairCounts {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp)
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn)
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1 }
}

/** Pairwise scores of the stored stories against the labels; a pair with a held-out group counts as holdout. */
export function scoreOutcome(
  items: readonly LabeledItem[],
  outcome: StoredOutcome,
): Pick<StoryEvalResult, 'all' | 'dev' | 'holdout' | 'newHoldout' | 'falseMerges' | 'falseSplits'> {
  const counts = { all: [0, 0, 0], dev: [0, 0, 0], holdout: [0, 0, 0], newHoldout: [0, 0, 0] }
  const falseMerges: PairExample[] = []
  const falseSplits: PairExample[] = []
  const ordered = sortByPublication(items)
  for (let i = 0; i < ordered.length; i++) {
    for (let j = i + 1; j < ordered.length; j++) {
      const a = ordered[i]!
      const b = ordered[j]!
      const gold = a.group === b.group
      const predicted = outcome.storyOf.get(a.id) === outcome.storyOf.get(b.id)
      if (!gold && !predicted) continue
      const slot = gold && predicted ? 0 : predicted ? 1 : 2
      const newHoldout = isNewHoldoutGroup(a.group) || isNewHoldoutGroup(b.group)
      const split = newHoldout ? counts.newHoldout : isHoldoutGroup(a.group) || isHoldoutGroup(b.group) ? counts.holdout : counts.dev
      counts.all[slot]! += 1
      split[slot]! += 1
      // The new held-out part is scored, never shown: nobody tunes on its errors.
      if (slot === 0 || newHoldout) continue
      const example: PairExample = { a: `${a.sourceId}: ${a.title}`, b: `${b.sourceId}: ${b.title}` }
      const reason = outcome.reasonOf.get(b.id) ?? outcome.reasonOf.get(a.id)
      if (reason) example.reason = reason
      ;(slot === 1 ? falseMerges : falseSplits).push(example)
    }
  }
  const make = (c: number[]) => computePairCounts(c[0]!, c[1]!, c[2]!)
  return {
    all: make(counts.all),
    dev: make(counts.dev),
    holdout: make(counts.holdout),
    newHoldout: make(counts.newHoldout),
    falseMerges,
    falseSplits,
  }
}

function readPartition(storyOf: ReadonlyMap<string, number>): string[] {
  const members = new Map<number, string[]>()
  for (const [id, story] of storyOf) members.set(story, [...(members.get(story) ?? []), id])
  return [...members.values()].map((ids) => ids.sort().join(' ')).sort()
}

/**
 * Replays the labeled reports through a fresh in-memory store and the poller's storeItems in the
 * given arrival order (publication order by default) and scores the stories it ends with.
 * `normalized` lets a caller replaying many orders normalize each report once.
 */
export async function runStoryEval(
  items: readonly LabeledItem[] = loadLabeledItems(),
  opts: { order?: ReplayOrder; normalized?: ReadonlyMap<string, NormalizedItem> } = {},
): Promise<StoryEvalResult> {
  const order = opts.order ?? 'publication'
  const normalized = opts.normalized ?? normalizeLabeledItems(items)
  const store = openStore(':memory:')
  try {
    await replayIntoStore(store, arrangeItems(items, order), normalized)
    const outcome = await readOutcome(store, [...new Set(items.map((i) => i.sourceId))])
    const partition = readPartition(outcome.storyOf)
    return {
      order: describeOrder(order),
      groups: new Set(items.map((i) => i.group)).size,
      items: items.length,
      stories: partition.length,
      ...scoreOutcome(items, outcome),
      reasons: outcome.reasons,
      partition,
    }
  } finally {
    await store.close()
  }
}

/** Each labeled id → its report as clean/ normalizes it. */
export function normalizeLabeledItems(items: readonly LabeledItem[]): Map<string, NormalizedItem> {
  return new Map(items.map((item) => [item.id, toNormalizedItem(item)]))
}

/** The orders `--orders` replays: publication, reverse, and shuffles with seeds 1..shuffles. */
export function listEvalOrders(shuffles = 6): ReplayOrder[] {
  const orders: ReplayOrder[] = ['publication', 'reverse']
  for (let seed = 1; seed <= shuffles; seed++) orders.push({ shuffleSeed: seed })
  return orders
}

function formatCounts(name: string, c: PairCounts): string {
  const x = (v: number) => v.toFixed(3)
  return `${name.padEnd(11)} precision ${x(c.precision)}  recall ${x(c.recall)}  F1 ${x(c.f1)}  (TP ${c.truePositives}, false merges ${c.falsePositives}, false splits ${c.falseNegatives})`
}

function printResult(r: StoryEvalResult, ms: number, show: number): void {
  console.log(
    `labeled set: ${r.groups} groups, ${r.items} items → ${r.stories} stories (${r.order} order, real store + storeItems, ${ms.toFixed(0)} ms)`,
  )
  console.log(formatCounts('all', r.all))
  console.log(formatCounts('dev', r.dev))
  console.log(formatCounts('holdout', r.holdout))
  console.log(formatCounts('new-holdout', r.newHoldout))
  const reasons = Object.entries(r.reasons).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  console.log(`merges by reason (explainStory): ${reasons.map(([reason, n]) => `${reason} ${n}`).join(', ')}`)
  if (r.falseMerges.length > 0) console.log(`\nfalse merges (${r.falseMerges.length}):`)
  for (const e of r.falseMerges.slice(0, show)) console.log(`  [${e.reason ?? '?'}] ${e.a}\n        ≠ ${e.b}`)
  if (r.falseSplits.length > 0) console.log(`\nfalse splits (${r.falseSplits.length}):`)
  for (const e of r.falseSplits.slice(0, show)) console.log(`  ${e.a}\n        = ${e.b}`)
  const met = r.all.precision >= 0.97 && r.all.recall >= 0.85
  console.log(`\ntargets: precision ≥ 0.97, recall ≥ 0.85 → ${met ? 'met' : 'NOT met'}`)
}

async function printOrders(
  items: readonly LabeledItem[],
  normalized: ReadonlyMap<string, NormalizedItem>,
  base: StoryEvalResult,
): Promise<void> {
  console.log('\narrival orders (all pairs):')
  const runs: StoryEvalResult[] = []
  for (const order of listEvalOrders()) runs.push(order === 'publication' ? base : await runStoryEval(items, { order, normalized }))
  const same = (r: StoryEvalResult) => r.partition.filter((p) => base.partition.includes(p)).length
  for (const r of runs) {
    console.log(
      `  ${r.order.padEnd(12)} P ${r.all.precision.toFixed(3)}  R ${r.all.recall.toFixed(3)}  F1 ${r.all.f1.toFixed(3)}  false merges ${r.all.falsePositives}  false splits ${r.all.falseNegatives}  stories ${r.stories} (${same(r)} as in publication order)`,
    )
  }
  const range = (pick: (r: StoryEvalResult) => number) => {
    const values = runs.map(pick)
    return `${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}`
  }
  console.log(
    `  range        P ${range((r) => r.all.precision)}  R ${range((r) => r.all.recall)}  F1 ${range((r) => r.all.f1)} over ${runs.length} orders`,
  )
  const precise = runs.every((r) => r.all.precision >= 0.97)
  console.log(`  precision ≥ 0.97 in every order → ${precise ? 'met' : 'NOT met'}`)
}

async function main(): Promise<void> {
  setLogLevel('silent')
  const started = performance.now()
  const items = loadLabeledItems()
  const normalized = normalizeLabeledItems(items)
  const base = await runStoryEval(items, { normalized })
  printResult(base, performance.now() - started, process.argv.includes('--all') ? Infinity : 15)
  if (process.argv.includes('--orders')) await printOrders(items, normalized, base)
  console.log(`\n(${(performance.now() - started).toFixed(0)} ms in all)`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
