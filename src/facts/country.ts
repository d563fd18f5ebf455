// The victim's country, ISO 3166-1 alpha-2, from data/places.json: country names and demonyms,
// US states, Canadian and Australian regions, large cities, regulators and laws that belong to one country
// (HIPAA, the ICO), and a DataBreaches.net style "TX:" title prefix. Mentions are weighted by where
// they appear; a tie, or only a hint, gives null. Attackers' origins ("Russian hackers",
// "China-linked") do not count.
import places from './data/places.json' with { type: 'json' }
import { createPhraseMatcher } from './phrase-matcher.js'
import type { ReportText } from './text.js'

const US_STATES = places.usStates as Record<string, string>

const placeMatcher = createPhraseMatcher<string>(
  [
    ...Object.entries(places.countries as Record<string, string[]>).flatMap(([code, names]) => names.map((n) => [n, code] as const)),
    ...Object.values(US_STATES).map((name) => [name, 'US'] as const),
    ...Object.entries(places.regions as Record<string, string[]>).flatMap(([code, names]) => names.map((n) => [n, code] as const)),
    ...Object.entries(places.cities as Record<string, string[]>).flatMap(([code, names]) => names.map((n) => [n, code] as const)),
  ],
  { caseSensitive: true, allowHyphenAfter: true },
)
const authorityMatcher = createPhraseMatcher<string>(
  Object.entries(places.authorities as Record<string, string[]>).flatMap(([code, names]) => names.map((n) => [n, code] as const)),
  { caseSensitive: true },
)

/** "Russian hackers", "China-linked", "North Korean state-sponsored": the attacker's side. */
const ATTACKER_AFTER =
  /^(?:-(?:linked|backed|nexus|sponsored|aligned|speaking|based hackers|affiliated)|\s+(?:state|state-sponsored|state-backed|government-backed|nation-state|hackers?|threat|APT|cyber ?criminals?|spies|intelligence|military|gang|group|actors?|ransomware|speaking|-speaking|authorities))\b/i
const ATTACKER_BEFORE =
  /\b(?:linked to|tied to|attributed to|backed by|from|in|based in|sanctioned by|sanctions on|operating from|out of)\s+$/i
const STATE_PREFIX = /^([A-Z]{2}):\s/

const PART_WEIGHTS = [3, 2, 1] as const
const AUTHORITY_WEIGHT = 1

export function extractCountry(text: ReportText): string | null {
  const scores = new Map<string, number>()
  const add = (code: string, weight: number) => scores.set(code, (scores.get(code) ?? 0) + weight)
  const prefix = STATE_PREFIX.exec(text.title)?.[1]
  if (prefix !== undefined && prefix in US_STATES) add('US', 3)
  const parts = [text.title, text.summary, text.content]
  parts.forEach((part, i) => {
    for (const hit of placeMatcher.findAll(part)) {
      if (isAttackerOrigin(part, hit.index, hit.end, hit.value)) continue
      add(hit.value, PART_WEIGHTS[i]!)
    }
    for (const hit of authorityMatcher.findAll(part)) add(hit.value, AUTHORITY_WEIGHT)
  })
  let best: string | null = null
  let bestScore = 0
  let runnerUp = 0
  for (const [code, score] of scores) {
    if (score > bestScore) {
      runnerUp = bestScore
      best = code
      bestScore = score
    } else if (score > runnerUp) runnerUp = score
  }
  return best !== null && bestScore > runnerUp && bestScore >= 2 ? best : null
}

/** US is both a country and "us"; the match is case-sensitive, so only the upper-case form arrives. */
function isAttackerOrigin(text: string, start: number, end: number, code: string): boolean {
  if (ATTACKER_AFTER.test(text.slice(end, end + 30))) return true
  // "based in Russia" names where attackers sit far more often than a victim in this news.
  return (
    (code === 'RU' || code === 'CN' || code === 'KP' || code === 'IR') && ATTACKER_BEFORE.test(text.slice(Math.max(0, start - 20), start))
  )
}
