// The victim's sector from data/sectors.json keywords: strong ones name a kind of organization
// ("health system", "school district"), weak ones hint ("patients"). Title hits count double. The
// winner needs a clear lead, else null: a wrong sector is worse than none.
import sectorData from './data/sectors.json' with { type: 'json' }
import { createPhraseMatcher } from './phrase-matcher.js'
import type { ReportText } from './text.js'
import type { Sector } from './types.js'

interface SectorKeywords {
  strong: string[]
  weak: string[]
}

const STRONG = 3
const WEAK = 1
const PART_WEIGHTS = [2, 1, 1] as const
const MIN_SCORE = 3
/** The winner must beat the runner-up by this factor. */
const MIN_LEAD = 1.5

const matcher = createPhraseMatcher<{ sector: Sector; weight: number }>(
  Object.entries(sectorData.sectors as Record<string, SectorKeywords>).flatMap(([sector, kw]) => [
    ...kw.strong.map((k) => [k, { sector: sector as Sector, weight: STRONG }] as const),
    ...kw.weak.map((k) => [k, { sector: sector as Sector, weight: WEAK }] as const),
  ]),
  { caseSensitive: false },
)

export function extractSector(text: ReportText): Sector | null {
  const scores = new Map<Sector, number>()
  const parts = [text.title, text.summary, text.content]
  parts.forEach((part, i) => {
    for (const hit of matcher.findAll(part)) {
      scores.set(hit.value.sector, (scores.get(hit.value.sector) ?? 0) + hit.value.weight * PART_WEIGHTS[i]!)
    }
  })
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1])
  const [first, second] = ranked
  if (first === undefined || first[1] < MIN_SCORE) return null
  if (second !== undefined && first[1] < second[1] * MIN_LEAD) return null
  return first[0]
}
