// The victim's sector from data/sectors.json keywords: strong ones name a kind of organization
// ("health system", "school district"), weak ones hint ("patients"). Title hits count double. The
// winner needs a clear lead, else null: a wrong sector is worse than none. Keywords next to a
// victim's name (given the organizations found) count three times more, and so does a known brand
// with no sector word in its name (data/brands.json: "Dell", "Toyota Motor North America").
import brandData from './data/brands.json' with { type: 'json' }
import sectorData from './data/sectors.json' with { type: 'json' }
import { normalizeOrgName } from './org-name.js'
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
const MIN_SCORE = 4
/** The winner must beat the runner-up by this factor. */
const MIN_LEAD = 2

const matcher = createPhraseMatcher<{ sector: Sector; weight: number } | null>(
  [
    ...(sectorData.ignore as string[]).map((k) => [k, null] as const),
    ...Object.entries(sectorData.sectors as Record<string, SectorKeywords>).flatMap(([sector, kw]) => [
      ...kw.strong.map((k) => [k, { sector: sector as Sector, weight: STRONG }] as const),
      ...kw.weak.map((k) => [k, { sector: sector as Sector, weight: WEAK }] as const),
    ]),
  ],
  { caseSensitive: false },
)

/**
 * A brand alone just reaches MIN_SCORE, so keywords for another sector can still outvote it: the
 * first organization found may be one a report only mentions ("Apple patches …").
 */
const BRAND_WEIGHT = STRONG + WEAK
const BRANDS = new Map(Object.entries(brandData.brands).map(([name, sector]) => [normalizeOrgName(name), sector as Sector]))
const EXACT_BRANDS = new Map(Object.entries(brandData.exactBrands).map(([name, sector]) => [normalizeOrgName(name), sector as Sector]))

/** The sector a brand list gives the primary victim: its whole name, or a brand as its first words. */
function brandSector(organization: string): Sector | undefined {
  const key = normalizeOrgName(organization)
  const exact = EXACT_BRANDS.get(key) ?? BRANDS.get(key)
  if (exact !== undefined) return exact
  const words = key.split(' ')
  for (let n = words.length - 1; n >= 1; n--) {
    const sector = BRANDS.get(words.slice(0, n).join(' '))
    if (sector !== undefined) return sector
  }
  return undefined
}

/** Keywords right around a victim's name describe it ("mortgage lender loanDepot", "Acme, a dental practice"). */
const NEAR_WEIGHT = 3
const BEFORE_WINDOW = 50
const APPOSITIVE = /^,\s+(?:a|an|the|which|one of)\b[^,.;]{0,90}/

export function extractSector(text: ReportText, organizations: readonly string[] = []): Sector | null {
  const scores = new Map<Sector, number>()
  const add = (part: string, weight: number) => {
    for (const { value } of matcher.findAll(part))
      if (value !== null) scores.set(value.sector, (scores.get(value.sector) ?? 0) + value.weight * weight)
  }
  const parts = [text.title, text.summary, text.content]
  parts.forEach((part, i) => {
    add(part, PART_WEIGHTS[i]!)
    for (const name of organizations) {
      // The body may write the name without its suffix: "Acme Health Inc." / "Acme Health, a …".
      const org = name.replace(/,?\s+(?:Inc|LLC|Ltd|Corp|Co|plc)\.?$/i, '')
      const at = part.indexOf(org)
      if (at < 0) continue
      const before = part.slice(Math.max(0, at - BEFORE_WINDOW), at)
      const sentenceStart = Math.max(before.lastIndexOf('. '), before.lastIndexOf(': '))
      add(before.slice(sentenceStart + 1), NEAR_WEIGHT)
      const appositive = APPOSITIVE.exec(part.slice(at + org.length))
      if (appositive !== null) add(appositive[0], NEAR_WEIGHT)
    }
  })
  const brand = organizations[0] === undefined ? undefined : brandSector(organizations[0])
  if (brand !== undefined) scores.set(brand, (scores.get(brand) ?? 0) + BRAND_WEIGHT)
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1])
  const [first, second] = ranked
  const decided = first === undefined || first[1] < MIN_SCORE || (second !== undefined && first[1] < second[1] * MIN_LEAD) ? null : first[0]
  return decided ?? (organizations[0] === undefined ? null : nameSector(organizations[0]))
}

/** Sector words in the victim's own name (data/sectors.json nameWords), for reports that leave it open. */
const NAME_WORDS = Object.entries(sectorData.nameWords as Record<string, string[] | string>).flatMap(([sector, words]) =>
  Array.isArray(words) ? words.map((w) => [` ${w} `, sector as Sector] as const) : [],
)

/** The one sector the name's words give ("Lakeshore Orthopedics" → healthcare), or null for none or several. */
function nameSector(organization: string): Sector | null {
  const name = ` ${organization.toLowerCase().replace(/[^\p{L}\p{N}.]+/gu, ' ')} `
  const found = new Set(NAME_WORDS.filter(([word]) => name.includes(word)).map(([, sector]) => sector))
  return found.size === 1 ? [...found][0]! : null
}
