// How many people or records a report says were affected. A count is a number followed by whom
// it counts ("212,418 patients", "73M customers", "nearly 7 million users"), or a number right
// after "affecting" / "data of". Money, years, percentages and descriptions of size ("serves 2
// million customers") never count. The title's figure wins; otherwise the first one stated.
import places from './data/places.json' with { type: 'json' }
import type { ReportText } from './text.js'

const WHO =
  'people|persons|individuals|patients|customers|clients|users|accounts|records|members|students|employees|staff|workers|' +
  'residents|citizens|consumers|subscribers|donors|voters|policyholders|beneficiaries|applicants|taxpayers|children|parents|' +
  'passengers|guests|veterans|enrollees|participants|learners|pupils|faculty|retirees|borrowers|cardholders|account holders|' +
  'Americans|Australians|Britons|Canadians|rows|profiles|families|households|guardians|alumni|shoppers|' +
  'players|gamers|drivers|riders|travelers|travellers|job seekers|owners|pensioners|kids|email addresses|' +
  'inmates|prisoners|tenants|homeowners|logins|cards|card numbers|New Yorkers|Texans|Californians|Floridians|Europeans|Germans|' +
  'Brazilians|Indians|Indonesians|South Koreans|Israelis|French citizens|Spaniards'

/** Words that may sit between a number and whom it counts ("560 million Ticketmaster customers"). */
const FILLER =
  'current|former|and|or|of|its|their|the|affected|impacted|potentially|additional|more|other|unique|total|active|registered|' +
  'individual|customer|patient|student|user|member|employee|past|present|existing|previous|adult|minor|health|plan|' +
  "account|personal|people's|individuals'|customers'|u.s.|us|uk|credit|debit|payment|bank|email|e-mail|login|and debit"

// Indian outlets count in lakh (100,000) and crore (10 million): "2 lakh users", "81.5 crore records".
const SCALE: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  lakh: 1e5,
  million: 1e6,
  m: 1e6,
  mn: 1e6,
  crore: 1e7,
  billion: 1e9,
  b: 1e9,
  bn: 1e9,
}
const WORD_NUMBERS: Record<string, number> = {
  a: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  half: 0.5,
}

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?![,.]?\d)|\d+(?:\.\d+)?(?![,.]?\d)|a|one|two|three|four|five|six|seven|eight|nine|ten|half(?: a)?)(?:\s?(million|billion|thousand|lakh|crore|mn|bn)\b|([MBK])\b)?(\+)?`
const HEDGE = String.raw`(?:(?:about|around|approximately|approx\.|roughly|nearly|almost|over|more than|up to|at least|some|an estimated|estimated|just over|just under|close to|in excess of)\s+)?`

const FILLER_WORDS = new Set(FILLER.split('|'))
/** Number, then up to four words (filler or capitalized: checked in isFiller), then whom it counts. */
const COUNTED = new RegExp(String.raw`(?<![\w$€£¥.,\-/#])${NUMBER}((?:\s+[\w&.'-]+){0,4}?)\s+(?:${WHO})\b`, 'gid')
/** "affecting 212,418", "the data of 1.2 million": the count ends the phrase. */
const AFFECTED = new RegExp(
  String.raw`\b(?:affect(?:s|ed|ing)?|impact(?:s|ed|ing)?|expos(?:es|ed|ing)|compromis(?:es|ed|ing)|notif(?:y|ies|ied|ying)|(?:data|information|details|records|PII|PHI) (?:of|on|belonging to|for)|total(?:s|ed|led|ing)?|to)\s+(?:as many as\s+|the\s+)?${HEDGE}${NUMBER}(?=\s*(?:$|[.,;:)!?]|\s(?:and|in|as|across|after|with|who|whose|from|nationwide|worldwide|globally|overall|according|people|individuals|leaked|stolen|exposed)\b|\s-\s))`,
  'gid',
)
/** "12,000 were affected", and the headline's "300,000 Affected In …"; not a share ("1 in 4 affected"). */
const PASSIVE = new RegExp(
  String.raw`(?<![\w$€£¥.,\-/#])(?<!\bin )${NUMBER}\s+(?:(?:were|was|have been|had been|are|may have been|potentially)\s+)?(?:potentially\s+)?(?:affected|impacted|exposed|compromised|notified)\b`,
  'gid',
)
/** Words just before a count that make it a description of size, not of harm. */
const DESCRIPTIVE_BEFORE =
  /\b(?:fewer than|less than|under|majority of|most of|all of|half of|portion of|fraction of|percent of|some of|many of|one of|serves?|serving|served|employs?|employing|employed|has|have|had|boasts?|with|of its|of their|out of|among|among its|population of|enrollment of|enrolls?|treats?|sees|reaches|covers|insures|caters to|workforce of)\s+(?:(?:about|around|approximately|roughly|nearly|almost|over|more than|some|an estimated)\s+)?$/i
const MONEY_AFTER =
  /^\s*(?:dollars|euros|pounds|usd|eur|gbp|in (?:fines?|damages|ransom|bitcoin|crypto|penalties|losses|settlement)|ransom|bitcoin|btc|settlement|fine|penalty)\b/i

/** A precise body figure replaces a rounder headline one within this fraction ("nearly 1 million" → 934,326). */
const REFINE_WITHIN = 0.2

export function extractRecords(text: ReportText): number | null {
  const body = [...findCounts(text.summary), ...findCounts(text.content)]
  const headline = findCounts(text.title)
  if (headline.length === 0) return body[0] ?? null
  const stated = Math.max(...headline)
  const refined = body.find((n) => Math.abs(n - stated) <= stated * REFINE_WITHIN && precisionOf(n) > precisionOf(stated))
  return refined ?? stated
}

/** Significant digits: 934,326 says more than 1,000,000. */
function precisionOf(n: number): number {
  return String(n).replace(/0+$/, '').length
}

/** Every count stated in one piece of text, in order of appearance. */
export function findCounts(text: string): number[] {
  if (text === '' || !/\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|half|a) (?:million|billion)/i.test(text)) return []
  const hits: { at: number; value: number }[] = []
  for (const m of text.matchAll(COUNTED)) {
    const filler = m[5]!.trim().split(/\s+/).filter(Boolean)
    // Filler words, and at most one other word right before the noun ("homeownership applicants").
    if (!filler.every((w, i) => isFiller(w) || (i === filler.length - 1 && /^[a-z][a-z-]*'?$/.test(w)))) continue
    const value = toCount(m[1]!, m[2] ?? m[3], text, m.indices![5]![0])
    if (value !== null && !isDescriptive(text, m.index)) hits.push({ at: m.index, value })
  }
  for (const m of [...text.matchAll(AFFECTED), ...text.matchAll(PASSIVE)]) {
    const numberAt = m.indices![1]![0]
    if (hits.some((h) => h.at === numberAt)) continue
    const value = toCount(m[1]!, m[2] ?? m[3], text, m.index + m[0].length)
    if (value !== null) hits.push({ at: numberAt, value })
  }
  return hits.sort((a, b) => a.at - b.at).map((h) => h.value)
}

/**
 * A count of one state's residents is a part, not the total: "3,409 people in the state", "…
 * in Maine were affected", "… Maine residents" (state breach notices; the total is elsewhere or
 * unstated); "5,400 inmates in Texas county jails" is not.
 */
const US_STATES = Object.values(places.usStates as Record<string, string>).join('|')
const SUBSET_AFTER = new RegExp(
  String.raw`^[\w\s']{0,30}?\b(?:(?:who live |living |residing )?in (?:the state|that state|(?:the state of )?(?:${US_STATES}))(?=\s*(?:[.,;:)]|$|(?:were|was|are|who|affected|impacted)\b))|(?:${US_STATES}) residents\b)`,
)

function toCount(digits: string, scaleWord: string | undefined, text: string, end: number): number | null {
  const word = digits.toLowerCase().replace(/ a$/, '')
  const base = word in WORD_NUMBERS ? WORD_NUMBERS[word]! : Number(digits.replace(/,/g, ''))
  const scale = scaleWord ? SCALE[scaleWord.toLowerCase()] : undefined
  if (!Number.isFinite(base)) return null
  // A bare word ("one customer", "a member") or a fraction without a scale is not a count.
  if (word in WORD_NUMBERS) {
    if (scale === undefined || scale < 1e6) return null
  }
  if (scale === undefined && !digits.includes(',') && /^(?:19|20)\d\d$/.test(digits)) return null
  if (scale === undefined && digits.includes('.')) return null
  if (MONEY_AFTER.test(text.slice(end, end + 30)) || SUBSET_AFTER.test(text.slice(end, end + 60))) return null
  const value = Math.round(base * (scale ?? 1))
  return value > 0 ? value : null
}

function isFiller(word: string): boolean {
  return FILLER_WORDS.has(word.toLowerCase()) || /^[A-Z]/.test(word)
}

function isDescriptive(text: string, at: number): boolean {
  return DESCRIPTIVE_BEFORE.test(text.slice(Math.max(0, at - 40), at))
}
