// Victim organizations, as written. Headlines name the victim in a few set ways: as the subject
// ("Ascension says …", "UK retailer Marks & Spencer hit by …") or after a trigger ("attack on
// City of Wichita", "ICO fines Acme", "LockBit claims …"); report bodies add the subject of a
// notification verb ("Acme Dental began notifying …") and "attack on" phrases. A name from a
// Title Case headline is cut to the longest tail the body also writes, so "UK Retailer Marks &
// Spencer" becomes "Marks & Spencer". Outlets, vendors, regulators, gangs and places are refused
// (data/organizations.json).
import orgData from './data/organizations.json' with { type: 'json' }
import places from './data/places.json' with { type: 'json' }
import { ACTOR_ALIASES } from './actors.js'
import { isSameOrg, normalizeOrgName } from './org-name.js'
import type { ReportText } from './text.js'

interface Token {
  text: string
  lower: string
  cap: boolean
  start: number
}

const BREAKS = new Set(orgData.headlineBreaks as string[])
const DESCRIPTORS = new Set(orgData.descriptors as string[])
const NOT_VICTIMS = new Set((orgData.notVictims as string[]).map(normalizeOrgName))
const GENERIC = new Set((orgData.generic as string[]).map((g) => g.toLowerCase()))
const PLACES = new Set<string>([
  ...Object.values(places.countries as Record<string, string[]>).flat(),
  ...Object.values(places.usStates as Record<string, string>),
  ...Object.values(places.regions as Record<string, string[]>).flat(),
])
const CONNECTORS = new Set(['of', 'for', '&', 'de', 'du', 'la', 'at'])
const CALENDAR = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)$/
const MAX_NAME_TOKENS = 8

/** Words after which the victim is named: "attack on …", "ICO fines …", "gang claims …". */
const TRIGGERS = [
  /\b(?:breach|attack|cyberattack|cyber-attack|cyber attack|hack|incident|intrusion|outage|compromise|leak|theft|ransomware attack|cyber incident|security incident)(?:es|s)?\s+(?:at|on|against|affecting|targeting|hitting|impacting|disrupting|disrupts?|cripples?|hits?|strikes?|shuts down|forces)\s+/gi,
  /\b(?:hackers?|gang|group|ransomware|actors?|cybercriminals|extortionists|attackers|criminals)\s+(?:hit|hits|breach(?:ed|es)?|target(?:s|ed)?|attack(?:s|ed)?|steal(?: data)? from|stole(?: data)? from|leak(?:s|ed)? data (?:from|of|stolen from)|hijack(?:ed|s)?|compromised?|extort(?:s|ed)?|disrupt(?:s|ed)?)\s+/gi,
  /\b(?:claims?|claimed|claiming)(?: responsibility for)?(?: (?:the |an )?(?:cyber)?(?:attack|breach|hack) (?:on|of|against))?\s+/gi,
  /\b(?:fines?|fined|sues|sued|settles? with|settlement with|reprimands?|penali[sz]es|charges|orders)\s+/gi,
  /\b(?:lawsuit|suit|class action|complaint)s? (?:against|targets|filed against)\s+/gi,
  /\bdata (?:stolen|taken|leaked|exfiltrated|scraped) from\s+/gi,
]
/** A body sentence whose subject is the victim: "Acme Dental began notifying …". */
const NOTIFYING =
  /\s+(?:(?:has|have|recently|also|this week|last week)\s+)*(?:confirmed|disclosed|is notifying|are notifying|began notifying|begun notifying|started notifying|has begun notifying|notified|suffered|experienced|detected|reported a|announced a|fell victim|was hit|was targeted|was breached|was the victim|is investigating|is recovering|filed a (?:notice|breach))\b/g
const ROLE_BEFORE = /\b(?:researchers?|analysts?|experts?|spokes(?:person|man|woman)|founder|CEO|journalists?|reporter)\s*,?\s*$/i

export function extractOrganizations(text: ReportText): string[] {
  const body = `${text.summary} ${text.content}`
  const title = stripHeadlineFrame(text.title)
  const titleCase = isTitleCase(title)
  const found: string[] = []
  const add = (name: string | null) => {
    if (name !== null && isAcceptable(name) && !found.some((f) => isSameOrg(f, name))) found.push(name)
  }
  for (const name of headlineSubjects(title, titleCase, body)) add(name)
  for (const name of afterTriggers(title, titleCase, body)) add(name)
  for (const part of [text.summary, text.content]) {
    for (const name of afterTriggers(part, false, body)) add(name)
    for (const name of notifyingSubjects(part)) add(name)
  }
  return found
}

/** "TX: …", "UPDATE: …", "… - The Record": the frame around a headline, not part of it. */
function stripHeadlineFrame(title: string): string {
  return title
    .replace(/^(?:[A-Z]{2}|update|updated|exclusive|breaking|new|report):\s+/i, '')
    .replace(/\s+(?:-|\|)\s+[^-|]{2,40}$/, '')
    .trim()
}

function isTitleCase(title: string): boolean {
  const words = title.split(/\s+/).slice(1).filter((w) => /^\p{L}{4,}/u.test(w))
  if (words.length < 3) return false
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length > 0.6
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}&.'\-]*|[&,:;"()]/gu)) {
    const raw = m[0].replace(/\.$/, (dot) => (/\..*\.$|^(?:inc|corp|co|ltd|jr|st)\.$/i.test(m[0]) ? dot : ''))
    tokens.push({ text: raw, lower: raw.toLowerCase(), cap: /^(?:[\p{Lu}\p{N}]|\p{Ll}+\p{Lu})/u.test(raw), start: m.index })
  }
  return tokens
}

function headlineSubjects(title: string, titleCase: boolean, body: string): (string | null)[] {
  const tokens = tokenize(title)
  let end = tokens.findIndex((t, i) => i > 0 && (BREAKS.has(t.lower) || t.text === ':' || t.text === ';'))
  const possessive = tokens.findIndex((t) => /'s$/i.test(t.text))
  if (possessive >= 0 && (end < 0 || possessive < end)) end = possessive + 1
  if (end <= 0) return []
  const subject = tokens.slice(0, end).map((t, i) => (i === end - 1 ? withoutPossessive(t) : t))
  return splitList(subject).map((segment) => resolveName(segment, titleCase, body))
}

function afterTriggers(text: string, titleCase: boolean, body: string): string[] {
  const names: (string | null)[] = []
  for (const trigger of TRIGGERS) {
    for (const m of text.matchAll(trigger)) {
      const rest = tokenize(text.slice(m.index + m[0].length, m.index + m[0].length + 160))
      const run = takeRun(skipLeadIn(rest, titleCase), titleCase)
      for (const segment of splitList(run)) names.push(resolveName(segment, titleCase, body))
    }
  }
  return names.filter((n): n is string => n !== null)
}

function notifyingSubjects(text: string): string[] {
  const names: string[] = []
  for (const m of text.matchAll(NOTIFYING)) {
    const before = text.slice(Math.max(0, m.index - 100), m.index)
    const sentence = before.slice(Math.max(before.lastIndexOf('. '), before.lastIndexOf('; ')) + 1)
    const tokens = tokenize(sentence)
    let start = tokens.length
    while (start > 0 && isNamePart(tokens, start - 1)) start--
    while (start < tokens.length && !tokens[start]!.cap) start++
    if (start >= tokens.length || ROLE_BEFORE.test(sentence.slice(0, tokens[start]!.start))) continue
    names.push(joinTokens(tokens.slice(start).filter((t) => t.text !== ',')))
  }
  return names
}

/** Inside a name: a capitalized word, a connector between two, or "Inc." after a comma. */
function isNamePart(tokens: Token[], i: number): boolean {
  const t = tokens[i]!
  if (t.cap) return !BREAKS.has(t.lower)
  if (t.text === ',') return /^(?:inc|llc|ltd|corp)$/i.test(tokens[i + 1]?.text.replace(/\.$/, '') ?? '')
  return CONNECTORS.has(t.lower) && tokens[i - 1]?.cap === true && tokens[i + 1]?.cap === true
}

/** Leading words that describe rather than name: "the", "Texas-based", "UK retailer". */
function skipLeadIn(tokens: Token[], titleCase: boolean): Token[] {
  let i = 0
  while (i < tokens.length) {
    const t = tokens[i]!
    const next = tokens[i + 1]
    const describes = t.lower === 'the' || t.lower.endsWith('-based') || DESCRIPTORS.has(t.lower) || PLACES.has(t.text) || (!titleCase && !t.cap)
    if (!describes || next === undefined || CONNECTORS.has(next.lower) || next.text === "'s") break
    if (!titleCase && t.cap && !PLACES.has(t.text) && !t.lower.endsWith('-based') && t.lower !== 'the') break
    i++
  }
  return tokens.slice(i)
}

function takeRun(tokens: Token[], titleCase: boolean): Token[] {
  let end = 0
  while (end < tokens.length && end < MAX_NAME_TOKENS) {
    const t = tokens[end]!
    if (BREAKS.has(t.lower) && !(t.lower === 'and' || t.text === ',')) break
    if (t.text === ',' || t.lower === 'and') {
      if (tokens[end + 1]?.cap !== true) break
    } else if (!t.cap && !CONNECTORS.has(t.lower) && !(titleCase && t.lower === 'the')) break
    if (/'s$/i.test(t.text)) {
      end++
      break
    }
    end++
  }
  const run = tokens.slice(0, end)
  while (run.length > 0 && (CONNECTORS.has(run[run.length - 1]!.lower) || run[run.length - 1]!.text === ',')) run.pop()
  if (run.length > 0) run[run.length - 1] = withoutPossessive(run[run.length - 1]!)
  return run
}

/** "Acme, Beta and Gamma" → three names; "Marks & Spencer" stays one. */
function splitList(tokens: Token[]): Token[][] {
  const segments: Token[][] = [[]]
  for (const t of tokens) {
    if (t.text === ',' || t.lower === 'and') segments.push([])
    else segments[segments.length - 1]!.push(t)
  }
  return segments.filter((s) => s.length > 0)
}

/** The name in a headline fragment: the longest tail the body writes the same way, else the fragment without its lead-in. */
function resolveName(tokens: Token[], titleCase: boolean, body: string): string | null {
  let segment = tokens
  if (!titleCase) {
    // In sentence case a name is the last capitalized run: "UK retailer Marks & Spencer".
    let start = segment.length
    while (start > 0 && (segment[start - 1]!.cap || (CONNECTORS.has(segment[start - 1]!.lower) && start > 1 && segment[start - 2]!.cap))) start--
    segment = segment.slice(start)
  }
  if (segment.length === 0 || segment.length > MAX_NAME_TOKENS) return null
  if (titleCase) segment = segment.map((t) => (CONNECTORS.has(t.lower) || t.lower === 'the' ? { ...t, text: t.lower } : t))
  for (let i = 0; i < segment.length; i++) {
    if (!/^[\p{Lu}\p{N}]|^\p{Ll}+\p{Lu}/u.test(segment[i]!.text) || isLeadIn(segment, i)) continue
    const tail = joinTokens(segment.slice(i))
    if (body !== '' && containsPhrase(body, tail)) return tail
  }
  const stripped = skipLeadIn(segment, titleCase)
  return stripped.length > 0 ? joinTokens(stripped) : null
}

/** "Texas-based …" or "retailer …" opens a description; "City of …" opens a name. */
function isLeadIn(tokens: Token[], i: number): boolean {
  const t = tokens[i]!
  return t.lower.endsWith('-based') || (DESCRIPTORS.has(t.lower) && !CONNECTORS.has(tokens[i + 1]?.lower ?? ''))
}

function containsPhrase(text: string, phrase: string): boolean {
  let at = text.indexOf(phrase)
  while (at >= 0) {
    const before = text[at - 1]
    const after = text[at + phrase.length]
    if ((before === undefined || !/[\p{L}\p{N}]/u.test(before)) && (after === undefined || !/[\p{L}\p{N}]/u.test(after))) return true
    at = text.indexOf(phrase, at + 1)
  }
  return false
}

function withoutPossessive(t: Token): Token {
  const text = t.text.replace(/'s?$/i, '')
  return { ...t, text, lower: text.toLowerCase() }
}

function joinTokens(tokens: Token[]): string {
  return tokens
    .map((t) => t.text)
    .join(' ')
    .replace(/\s+,/g, ',')
    .replace(/[,:;"()]+$/, '')
    .trim()
}

function isAcceptable(name: string): boolean {
  const key = normalizeOrgName(name)
  if (key.length < 2 || /^\d/.test(key) && !/\p{L}/u.test(key)) return false
  if (NOT_VICTIMS.has(key) || GENERIC.has(name.toLowerCase()) || ACTOR_ALIASES.has(name.toLowerCase())) return false
  const words = name.split(/\s+/)
  if (words.length > MAX_NAME_TOKENS) return false
  if (words.every((w) => GENERIC.has(w.toLowerCase()) || BREAKS.has(w.toLowerCase()) || DESCRIPTORS.has(w.toLowerCase()) || PLACES.has(w))) return false
  if (PLACES.has(name) || CALENDAR.test(key)) return false
  return true
}
