// Story-merge evaluation: replays the labeled items (tests/fixtures/stories/labeled.json) in publish
// order through collectEvidence + matchStory with an in-memory candidate pool that selects like the
// store does (same URL, citations either way, shared links, and items within ±window hours), builds
// stories, and scores pairwise merges against the labels. `npm run eval:stories`.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { collectEvidence } from '../src/dedup/evidence.js'
import { CANDIDATE_LIMIT, CANDIDATE_WINDOW_HOURS, matchStory } from '../src/dedup/match.js'
import type { MergeReason, NormalizedItem, StoryCandidate, StoryEvidence } from '../src/types.js'

export interface LabeledItem {
  id: string
  group: string
  sourceId: string
  source: { url: string; homepage: string }
  title: string
  url: string
  publishedAt: string
  contentHtml: string
}

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
  reason?: MergeReason
}

export interface StoryEvalResult {
  groups: number
  items: number
  stories: number
  all: PairCounts
  dev: PairCounts
  holdout: PairCounts
  reasons: Record<string, number>
  falseMerges: PairExample[]
  falseSplits: PairExample[]
}

const LABELED = fileURLToPath(new URL('../tests/fixtures/stories/labeled.json', import.meta.url))

/** Every fourth group (by a hash of its id) is held out: tune on dev, report both. */
export function isHoldoutGroup(id: string): boolean {
  let h = 2166136261
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0
  return h % 4 === 0
}

export function loadLabeledItems(file = LABELED): LabeledItem[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { items: LabeledItem[] }
  return data.items
}

function toNormalized(item: LabeledItem): NormalizedItem {
  return {
    sourceId: item.sourceId,
    identityKey: item.id,
    guid: null,
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

interface Stored {
  itemId: number
  storyId: number
  sourceId: string
  evidence: StoryEvidence
  time: number
}

/** Candidates as the store selects them: link relations at any age, plus the time window, nearest first. */
function selectCandidates(ev: StoryEvidence, pool: Stored[]): StoryCandidate[] {
  const t = Date.parse(ev.publishedAt)
  const links = new Set(ev.outboundLinks)
  const picked = pool.filter(
    (s) =>
      s.evidence.canonicalUrl === ev.canonicalUrl ||
      links.has(s.evidence.canonicalUrl) ||
      s.evidence.outboundLinks.includes(ev.canonicalUrl) ||
      s.evidence.outboundLinks.some((l) => links.has(l)) ||
      Math.abs(s.time - t) <= CANDIDATE_WINDOW_HOURS * 3_600_000,
  )
  picked.sort((a, b) => Math.abs(a.time - t) - Math.abs(b.time - t) || a.itemId - b.itemId)
  return picked.slice(0, CANDIDATE_LIMIT).map(({ itemId, storyId, sourceId, evidence }) => ({ itemId, storyId, sourceId, evidence }))
}

function scorePairs(tp: number, fp: number, fn: number): PairCounts {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp)
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn)
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1 }
}

/** Replay the labeled set and score it. Pure apart from reading the fixture. */
export function runStoryEval(items: LabeledItem[] = loadLabeledItems()): StoryEvalResult {
  const ordered = [...items].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.id < b.id ? -1 : 1))
  const pool: Stored[] = []
  const storyOf = new Map<string, number>()
  const reasonOf = new Map<string, MergeReason>()
  const reasons: Record<string, number> = {}
  let nextStory = 1
  ordered.forEach((item, index) => {
    const evidence = collectEvidence(toNormalized(item), item.source)
    const match = matchStory(evidence, selectCandidates(evidence, pool), item.sourceId)
    const storyId = match ? match.storyId : nextStory++
    if (match) {
      reasonOf.set(item.id, match.reason)
      reasons[match.reason] = (reasons[match.reason] ?? 0) + 1
    }
    storyOf.set(item.id, storyId)
    pool.push({ itemId: index + 1, storyId, sourceId: item.sourceId, evidence, time: Date.parse(item.publishedAt) })
  })

  const counts = { all: [0, 0, 0], dev: [0, 0, 0], holdout: [0, 0, 0] }
  const falseMerges: PairExample[] = []
  const falseSplits: PairExample[] = []
  for (let i = 0; i < ordered.length; i++) {
    for (let j = i + 1; j < ordered.length; j++) {
      const a = ordered[i]!
      const b = ordered[j]!
      const gold = a.group === b.group
      const predicted = storyOf.get(a.id) === storyOf.get(b.id)
      if (!gold && !predicted) continue
      const slot = gold && predicted ? 0 : predicted ? 1 : 2
      const splits = isHoldoutGroup(a.group) || isHoldoutGroup(b.group) ? ['all', 'holdout'] : ['all', 'dev']
      for (const s of splits) counts[s as keyof typeof counts][slot]! += 1
      const example: PairExample = { a: `${a.sourceId}: ${a.title}`, b: `${b.sourceId}: ${b.title}` }
      const reason = reasonOf.get(b.id)
      if (reason) example.reason = reason
      if (slot === 1) falseMerges.push(example)
      if (slot === 2) falseSplits.push(example)
    }
  }
  const make = (c: number[]) => scorePairs(c[0]!, c[1]!, c[2]!)
  return {
    groups: new Set(items.map((i) => i.group)).size,
    items: items.length,
    stories: nextStory - 1,
    all: make(counts.all),
    dev: make(counts.dev),
    holdout: make(counts.holdout),
    reasons,
    falseMerges,
    falseSplits,
  }
}

function formatCounts(name: string, c: PairCounts): string {
  const pct = (x: number) => x.toFixed(3)
  return `${name.padEnd(8)} precision ${pct(c.precision)}  recall ${pct(c.recall)}  F1 ${pct(c.f1)}  (TP ${c.truePositives}, false merges ${c.falsePositives}, false splits ${c.falseNegatives})`
}

function main(): void {
  const started = performance.now()
  const r = runStoryEval()
  const ms = performance.now() - started
  console.log(`labeled set: ${r.groups} groups, ${r.items} items → ${r.stories} stories (${ms.toFixed(0)} ms)`)
  console.log(formatCounts('all', r.all))
  console.log(formatCounts('dev', r.dev))
  console.log(formatCounts('holdout', r.holdout))
  console.log('merges by reason:', JSON.stringify(r.reasons))
  const show = process.argv.includes('--all') ? Infinity : 15
  if (r.falseMerges.length > 0) console.log(`\nfalse merges (${r.falseMerges.length}):`)
  for (const e of r.falseMerges.slice(0, show)) console.log(`  [${e.reason ?? '?'}] ${e.a}\n        ≠ ${e.b}`)
  if (r.falseSplits.length > 0) console.log(`\nfalse splits (${r.falseSplits.length}):`)
  for (const e of r.falseSplits.slice(0, show)) console.log(`  ${e.a}\n        = ${e.b}`)
  console.log(`\ntargets: precision ≥ 0.97, recall ≥ 0.85 → ${r.all.precision >= 0.97 && r.all.recall >= 0.85 ? 'met' : 'NOT met'}`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main()
