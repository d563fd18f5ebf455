// How alike two titles are: a weighted Jaccard over stemmed tokens where the words every breach
// headline uses ("data", "breach", "hackers", "patients") count less than names, so template
// titles about different victims ("LockBit claims attack on X" / "… on Y") stay apart.

import { stemToken } from './title-tokens.js'

/** Weight of a generic newsroom word against 1 for a distinctive one. */
export const GENERIC_TOKEN_WEIGHT = 0.25

/** Institution nouns that are part of an organization's name ("Lakeview School District", "City of Harlow"). */
const NAME_PART_WORDS =
  'school schools district county city town state university college academy clinic clinics center ' +
  'centers family community dental group practice pharmacy bank credit union insurance insurer health ' +
  'hospital hospitals medical trust foundation partners services systems plan police department'
const NAME_PARTS = new Set(NAME_PART_WORDS.split(' ').map(stemToken))

const GENERIC_WORDS = (
  'data breach breaches breached hack hacked hacker hackers hacking attack attacks attacked cyberattack cyber ' +
  'cybersecurity security incident ransomware gang group extortion threat actor actors leak leaked leaks ' +
  'exposed expose exposes exposure stolen steal stole theft compromised compromise affected affects impacted ' +
  'impact million thousand records people patients customers users employees members students personal ' +
  'information info health healthcare medical hospital system systems network company firm says said ' +
  'confirms confirmed claims claim claimed discloses disclosed reveals revealed reports reported notifies ' +
  'notifying notify notification notice notices alerts warns warning investigating investigation probe ' +
  'hit hits struck suffers suffered victim victims new latest after following amid over more than nearly ' +
  'up about some site website online services service 2023 2024 2025 2022 sensitive files file database ' +
  'outage disruption disrupted impacts inc corp llc ltd class action lawsuit sued files filed ' +
  'announces announced announce admits admitted warns urges targeted reports ' +
  NAME_PART_WORDS +
  ' provider vendor firm agency department office government council ' +
  // tools, vectors and venues every week's news shares
  'vulnerability flaw bug zero day exploit exploited exploits exploitation patch vpn email phishing ' +
  'password passwords credential credentials app apps cloud server servers leak site forum dark web ' +
  'crypto bitcoin ddos malware backdoor supply chain'
).split(' ')

/**
 * Names that recur across unrelated stories within a week: ransomware gangs, threat groups,
 * regulators and agencies. They say who acted, not which incident it was, so they weigh as generic.
 */
const RECURRING_ACTORS = (
  'lockbit akira rhysida clop cl0p play blacksuit qilin medusa alphv blackcat basta hunters ' +
  'international scattered spider shinyhunters ransomhub 8base bianlian lynx safepay killsec ' +
  'lazarus korea korean chinese russia russian iran iranian ' +
  'ftc fcc sec hhs ocr ico dpc cnil aepd garante fbi cisa doj europol nca police ag attorney general ' +
  'regulator regulators court judge feds authorities law enforcement'
).split(' ')
const GENERIC = new Set([...GENERIC_WORDS, ...RECURRING_ACTORS].map(stemToken))

/** 1 for a distinctive token, GENERIC_TOKEN_WEIGHT for a generic newsroom word. */
export function weightOf(token: string): number {
  return GENERIC.has(token) ? GENERIC_TOKEN_WEIGHT : 1
}

/** True for a token that names something (not a generic breach-news word, not a number). */
export function isDistinctiveToken(token: string): boolean {
  return !GENERIC.has(token) && !/^\d+(\.\d+)?$/.test(token) && token.length > 1
}

/** Weighted Jaccard of two token lists, 0..1. */
export function scoreTitleSimilarity(a: string[], b: string[]): number {
  const sa = new Set(a)
  const sb = new Set(b)
  let inter = 0
  let union = 0
  for (const t of sa) {
    const w = weightOf(t)
    union += w
    if (sb.has(t)) inter += w
  }
  for (const t of sb) if (!sa.has(t)) union += weightOf(t)
  return union === 0 ? 0 : inter / union
}

/** Distinctive tokens the two titles share. */
export function countSharedDistinctive(a: string[], b: string[]): number {
  const sb = new Set(b)
  let n = 0
  for (const t of new Set(a)) if (sb.has(t) && isDistinctiveToken(t)) n++
  return n
}

/** The two-word names of a title (see countSharedNameBigrams). */
export function collectNameBigrams(tokens: readonly string[]): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!
    const b = tokens[i + 1]!
    if (isNumber(a) || isNumber(b)) continue
    const da = isDistinctiveToken(a)
    const db = isDistinctiveToken(b)
    if ((da && db) || (da && NAME_PARTS.has(b)) || (db && NAME_PARTS.has(a))) out.add(`${a} ${b}`)
  }
  return out
}

function isNumber(token: string): boolean {
  return /^\d+(\.\d+)?$/.test(token)
}

/**
 * Two-word names the titles share ("grand vista", "lakeview school", "city harlow"): adjacent
 * tokens in both titles, both distinctive, or one distinctive and the other an institution noun.
 */
export function countSharedNameBigrams(a: string[], b: string[]): number {
  const sb = collectNameBigrams(b)
  let n = 0
  for (const g of collectNameBigrams(a)) if (sb.has(g)) n++
  return n
}

/**
 * True when both titles open with a name the other does not mention ("Alpha Bank confirms …" /
 * "Delta Insurance confirms …"): the same template about two different subjects.
 */
export function hasDifferentSubjects(a: string[], b: string[]): boolean {
  const ha = a[0]
  const hb = b[0]
  if (ha === undefined || hb === undefined || ha === hb) return false
  if (!isDistinctiveToken(ha) || !isDistinctiveToken(hb)) return false
  return !b.includes(ha) && !a.includes(hb)
}
