// What the matcher compares in a title, computed once per token list: the token set, the
// distinctive tokens, the total weight, the kind of event, ordinals, years, counts and two-word
// names. Candidates come back from the store with the same (frozen) token arrays for as long as
// their evidence is unchanged, so each stored title is analysed once, not once per new item.

import { detectEventKind, type EventKind, extractNumbers, extractOrdinals, isNear } from './title-guards.js'
import { collectNameBigrams, isDistinctiveToken, weightOf } from './title-similarity.js'

export interface TitleFeatures {
  readonly first: string | undefined
  readonly set: ReadonlySet<string>
  readonly distinctive: ReadonlySet<string>
  /** Sum of the weights of the distinct tokens. */
  readonly weight: number
  readonly kind: EventKind
  readonly ordinals: string
  readonly years: readonly number[]
  readonly counts: readonly number[]
  readonly nameBigrams: ReadonlySet<string>
}

const memo = new WeakMap<readonly string[], { length: number; features: TitleFeatures }>()

/** The features of a token list, memoized by the array (treat the array as read-only). */
export function readTitleFeatures(tokens: readonly string[]): TitleFeatures {
  const hit = memo.get(tokens)
  if (hit !== undefined && hit.length === tokens.length) return hit.features
  const features = computeTitleFeatures(tokens)
  memo.set(tokens, { length: tokens.length, features })
  return features
}

function computeTitleFeatures(tokens: readonly string[]): TitleFeatures {
  const set = new Set(tokens)
  const distinctive = new Set<string>()
  let weight = 0
  for (const t of set) {
    weight += weightOf(t)
    if (isDistinctiveToken(t)) distinctive.add(t)
  }
  const { years, counts } = extractNumbers(tokens)
  return {
    first: tokens[0],
    set,
    distinctive,
    weight,
    kind: detectEventKind(tokens),
    ordinals: extractOrdinals(tokens),
    years,
    counts,
    nameBigrams: collectNameBigrams(tokens),
  }
}

/** findEventConflict (title-guards.ts) on features. */
export function findFeatureConflict(a: TitleFeatures, b: TitleFeatures, opts: { counts: boolean }): string | null {
  if (a.kind !== b.kind) return 'event_kind'
  if (a.ordinals !== b.ordinals) return 'ordinal'
  if (a.years.length > 0 && b.years.length > 0 && !a.years.some((y) => b.years.includes(y))) return 'year'
  if (opts.counts && a.counts.length > 0 && b.counts.length > 0 && !a.counts.some((x) => b.counts.some((y) => isNear(x, y)))) {
    return 'count'
  }
  return null
}

/** scoreTitleSimilarity (title-similarity.ts) on features: weighted Jaccard, 0..1. */
export function scoreFeatureSimilarity(a: TitleFeatures, b: TitleFeatures): number {
  const [small, large] = a.set.size <= b.set.size ? [a.set, b.set] : [b.set, a.set]
  let inter = 0
  for (const t of small) if (large.has(t)) inter += weightOf(t)
  const union = a.weight + b.weight - inter
  return union === 0 ? 0 : inter / union
}

/** How many members the two sets share. */
export function countShared(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let n = 0
  for (const t of small) if (large.has(t)) n++
  return n
}

/** hasDifferentSubjects (title-similarity.ts) on features. */
export function hasDifferentFeatureSubjects(a: TitleFeatures, b: TitleFeatures): boolean {
  const ha = a.first
  const hb = b.first
  if (ha === undefined || hb === undefined || ha === hb) return false
  if (!a.distinctive.has(ha) || !b.distinctive.has(hb)) return false
  return !b.set.has(ha) && !a.set.has(hb)
}
