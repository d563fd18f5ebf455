// Kinds of data exposed, from data/data-types.json phrases. A phrase in a negated clause ("did not
// include Social Security numbers") or given as advice ("change their passwords") does not count.
import dataTypeData from './data/data-types.json' with { type: 'json' }
import { createPhraseMatcher } from './phrase-matcher.js'
import type { ReportText } from './text.js'
import { DATA_TYPES, type DataType } from './types.js'

const IGNORED = null
const matcher = createPhraseMatcher<DataType | typeof IGNORED>(
  [
    ...Object.entries(dataTypeData.dataTypes as Record<string, string[]>).flatMap(([type, phrases]) =>
      phrases.map((p) => [p, type as DataType] as const),
    ),
    ...(dataTypeData.ignore as string[]).map((p) => [p, IGNORED] as const),
  ],
  { caseSensitive: false },
)
const ADVICE_BEFORE = new Map(
  Object.entries(dataTypeData.ignoreAfter as Record<string, string[]>).map(([type, words]) => [type, new Set(words)] as const),
)

/** A negation earlier in the same clause: "no", "not", "nor", "n't", "without", "excluding". */
const NEGATION = /\b(?:no|not|nor|neither|never|without|excluding|except)\b|n't\b/i
const CLAUSE_START = /[.;:!?]|\bbut\b|\bhowever\b|\bwhile\b/gi
const NEGATION_WINDOW = 90
/** "… Social Security numbers were not affected": the negation follows, in the same clause. */
const NEGATED_AFTER = /^(?:(?!\b(?:but|though|although|while|however|whereas)\b)[^.;!?]){0,80}?\b(?:were|was|are|is)\s+not\b/i

export function extractDataTypes(text: ReportText): DataType[] {
  const found = new Set<DataType>()
  for (const part of [text.title, text.summary, text.content]) {
    for (const hit of matcher.findAll(part)) {
      if (hit.value === IGNORED || found.has(hit.value)) continue
      if (isNegated(part, hit.index) || NEGATED_AFTER.test(part.slice(hit.end, hit.end + 80))) continue
      if (isAdvice(part, hit.index, hit.value)) continue
      found.add(hit.value)
    }
  }
  return DATA_TYPES.filter((t) => found.has(t))
}

function isNegated(text: string, at: number): boolean {
  let clause = text.slice(Math.max(0, at - NEGATION_WINDOW), at)
  let last = -1
  for (const m of clause.matchAll(CLAUSE_START)) last = m.index + m[0].length
  if (last >= 0) clause = clause.slice(last)
  return NEGATION.test(clause)
}

function isAdvice(text: string, at: number, type: DataType): boolean {
  const words = ADVICE_BEFORE.get(type)
  if (words === undefined) return false
  const before = text
    .slice(Math.max(0, at - 40), at)
    .toLowerCase()
    .split(/[^a-z']+/)
    .filter(Boolean)
    .slice(-3)
  return before.some((w) => words.has(w))
}
