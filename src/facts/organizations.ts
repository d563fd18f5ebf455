// Victim organizations, as written. Headlines name the victim in a few set ways: as the subject
// ("Ascension says …", "UK retailer Marks & Spencer hit by …"), after a trigger ("attack on
// City of Wichita", "ICO fines Acme", "LockBit claims …") or in a list ("victims include BBC,
// British Airways and Boots"); report bodies add the subject of a notification verb ("Acme Dental
// began notifying …"). A headline fragment becomes a name only as far as the body writes it the
// same way (so "UK Retailer Marks & Spencer Says" gives "Marks & Spencer"), and grows to the
// body's fuller form ("Mondelez" → "Mondelez International"). Outlets, vendors, regulators,
// products, gangs and places are refused (data/organizations.json).

import { ACTOR_ALIASES, DISTINCT_ACTOR_ALIASES } from './actors.js'
import orgData from './data/organizations.json' with { type: 'json' }
import places from './data/places.json' with { type: 'json' }
import sectorData from './data/sectors.json' with { type: 'json' }
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
/** Words that open a description in a headline, including one-word sector keywords ("Cardiology practice …"). */
const LEAD_IN_WORDS = new Set([
  ...DESCRIPTORS,
  ...Object.values(sectorData.sectors as Record<string, { strong: string[] }>).flatMap((k) =>
    k.strong.filter((w) => !w.includes(' ')).map((w) => w.toLowerCase()),
  ),
])
const REFUSED = new Set([...(orgData.notVictims as string[]), ...(orgData.products as string[])].map(normalizeOrgName))
const OUTLETS = new Set((orgData.outlets as string[]).map(normalizeOrgName))
const GENERIC = new Set((orgData.generic as string[]).map((g) => g.toLowerCase()))
const PERSON_TITLES = new Set((orgData.personTitles as string[]).map((t) => t.toLowerCase()))
/** Privacy regulators are named in many forms ("Japan's Personal Information Protection Commission"). */
const REGULATOR =
  /\b(?:(?:Data Protection|Information Protection|Privacy|Information) (?:Commission|Commissioner|Authority|Board)|(?:Telecommunications?|Communications|Regulatory|Financial Conduct|Competition) (?:Authority|Commission)|Office for Civil Rights|Office for Civil)\b/
const PLACES = new Set<string>([
  ...Object.values(places.countries as Record<string, string[]>).flat(),
  ...Object.values(places.usStates as Record<string, string>),
  ...Object.values(places.regions as Record<string, string[]>).flat(),
  ...Object.values(places.cities as Record<string, string[]>).flat(),
])
/** Country qualifiers put before a name ("US Treasury Department", "UK Electoral Commission"). */
const COUNTRY_QUALIFIERS = new Set(['US', 'U.S.', 'UK', 'U.K.', 'EU'])
const CONNECTORS = new Set(['of', 'for', '&', 'de', 'du', 'la'])
const DETERMINERS = new Set(['its', 'their', 'his', 'her', 'our', 'your'])
const CALENDAR =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)$/
const ABBREVIATION = /^(?:inc|corp|co|ltd|jr|st|mr|mrs|ms|dr)\.$/i
const MAX_NAME_TOKENS = 8
const MAX_EXTENSION_TOKENS = 3

/** Words after which the victim is named: "attack on …", "ICO fines …", "gang claims …". */
const TRIGGER_PATTERNS = [
  /\b(?:breach|attack|cyberattack|cyber-attack|cyber attack|hack|incident|intrusion|outage|compromise|leak|theft|ransomware attack|cyber incident|security incident)(?:es|s)?\s+(?:at|on|against|affecting|targeting|hitting|impacting|disrupting|disrupts?|cripples?|hits?|strikes?|shuts down|forces|knocks|takes)\s+/gi,
  /\b(?:hackers?|gang|group|ransomware|actors?|cybercriminals|extortionists|attackers|criminals)\s+(?:hit|hits|breach(?:ed|es)?|target(?:s|ed)?|attack(?:s|ed)?|hijack(?:ed|s)?|extort(?:s|ed)?|disrupt(?:s|ed)?)\s+/gi,
  /\b(?:stole|steal|steals|stolen|exfiltrated|taken|took|leaked|scraped)(?: [\w.]+){0,3}? from\s+/gi,
  /\b(?:who|which|that|it|they) (?:breached|hacked|attacked|targeted|hit)\s+/gi,
  /\b(?:records|data|files|information|details) from\s+/gi,
  /\b(?:database|server|bucket|instance|storage|portal)s? (?:belonging to|owned by|operated by|run by)\s+/gi,
  /\b(?:listed|added|posted)\s+(?=[^.]{0,80}?\b(?:on|to) (?:its|their) (?:data )?(?:leak|extortion|dark web) (?:site|portal|blog)\b)/gi,
  /\b(?:claims?|claimed|claiming)(?: responsibility for)?(?: (?:the |an |a )?(?:ransomware |cyber)?(?:attack|breach|hack) (?:on|of|against))?\s+/gi,
  /\b(?:fines?|fined|sues|sued|reprimands?|reprimanded|penali[sz]es|charges|charged)\s+/gi,
  /\b(?:order|settlement|agreement|case|action|settles?|settled) with\s+/gi,
  /\b(?:lawsuit|suit|class action|complaint|proceedings)s? (?:against|targets|filed against)\s+/gi,
]
/** One scan of the text for all of them. */
const TRIGGERS = new RegExp(TRIGGER_PATTERNS.map((p) => `(?:${p.source})`).join('|'), 'gi')
/** Words after which several victims are listed: "victims include BBC, British Airways and Boots". */
const LIST_TRIGGERS = [
  /\b(?:victims|customers|organizations|organisations|companies|entities|firms|clients) (?:include|included|including|such as|like)\s+/gi,
  /\b(?:listed|named|added)\s+(?=[^.]{0,120}?\bas (?:victims|its victims|a victim)\b)/gi,
]
/** "Verizon, AT&T and Lumen were among the affected carriers". */
const AMONG = /\s+(?:were|are|was|is)\s+among\b/g
/** A body sentence whose subject is the victim: "Acme Dental began notifying …". */
const NOTIFYING =
  /\s+(?:(?:has|have|recently|also|this week|last week)\s+)*(?:confirmed|disclosed|is notifying|are notifying|began notifying|begun notifying|started notifying|has begun notifying|notified|suffered|experienced|detected|reported a|announced a|fell victim|was hit|was targeted|was breached|was the victim|is investigating|is recovering|filed a (?:notice|breach))\b/g
/** Near the start of a sentence only, "Acme says …" names the victim (later in a sentence it is usually a quoted expert). */
const SAYS =
  /\s(?:says|said|confirms|confirmed|has confirmed|discloses|disclosed|warns|is warning|is notifying|has disclosed|closed|shut down|took|paused|halted)\b(?! (?:he|she)\b)/
const SAYS_MAX_TOKENS = 8
/** "… the Change Healthcare attack", "after Acme breach": the run before a breach noun is the victim. */
const BREACH_NOUN =
  /\s(?:data breach|breach|hack|cyberattack|cyber-attack|ransomware attack|attack|data leak|leak|security incident)(?:es|s)?\b/g
/** Words before a subject that make it a person or a related party, not the victim: "chief executive Jane Doe", "Trello owner Atlassian". */
const ROLE_BEFORE =
  /\b(?:researchers?|analysts?|experts?|spokes(?:person|man|woman)|founder|CEO|CISO|chief executive|executive|director|officer|president|chair(?:man|woman)?|minister|secretary|commissioner|governor|mayor|journalists?|reporter|blogger|firm|company|owner|parent|parent company|vendor|supplier|subsidiary|platform|professor)\s*,?\s*$/i
const SENTENCE = /(?<=[.!?])\s+(?=[A-Z"])/
/**
 * What follows the subject of a report's opening sentence when that subject is the victim:
 * "Acme Dental in Ohio said …", "RideGo, a Pune-based startup, said …", "Lakemont Health is
 * still …". A place after "in", an appositive, then a reporting or state verb.
 */
const LEDE_PREDICATE =
  /^(?:,\s*(?:a|an|the|which|who|one)\b[^,]{0,90},\s*|\s+in\s+(?:the\s+)?\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*)?,?\s+|\s+)(?:(?:has|have|had|also|still|now|recently|this week|last week)\s+)*(?:said|says|confirmed|confirms|disclosed|discloses|announced|announces|reported|reports|notified|is notifying|began|started|told|detected|discovered|suffered|experienced|is|was|has been|shut|closed|took|halted|paused|diverted|canceled|cancelled|declared|warned|urged|expects|found|admitted|apologized|restored|refused|reset|lost)\b/u
/** Capitalized words that open a sentence without naming anyone. */
const LEDE_OPENERS = new Set([
  'on',
  'in',
  'after',
  'before',
  'last',
  'this',
  'according',
  'since',
  'while',
  'when',
  'as',
  'following',
  'earlier',
  'it',
  'its',
  'they',
  'we',
  'some',
  'many',
  'several',
  'both',
  'all',
  'no',
  'one',
  'two',
])

export function extractOrganizations(text: ReportText): string[] {
  const body = `${text.summary} ${text.content}`
  const title = demoteOpeningWord(stripHeadlineFrame(text.title), body)
  const titleCase = isTitleCase(title)
  const found: string[] = []
  const add = (name: string | null, quoted = false) => {
    if (name === null) return
    const full = extendInBody(dropCountryQualifier(name), body)
    if (!isAcceptable(full) || (quoted && OUTLETS.has(normalizeOrgName(full)))) return
    const same = found.findIndex((f) => isSameOrg(f, full))
    if (same < 0) found.push(full)
    // The fuller spelling is the display form: "City of Wichita" over "Wichita".
    else if (full.length > found[same]!.length && !full.includes("'s ")) found[same] = full
  }
  for (const name of headlineSubjects(title, titleCase, body)) add(name)
  for (const name of afterTriggers(title, titleCase, body)) add(name)
  for (const name of beforeBreachNouns(title, titleCase, body)) add(name)
  for (const part of [text.summary, text.content]) {
    for (const name of afterTriggers(part, false, body)) add(name)
    for (const name of beforeBreachNouns(part, false, body)) add(name)
    for (const name of bodySubjects(part)) add(name, true)
  }
  add(ledeSubject(text.summary || text.content), true)
  // A fuller spelling found late can cover two pieces found earlier ("NHS Dumfries", "Galloway").
  return found.filter((name, i) => !found.some((other, j) => j !== i && other.length > name.length && isSameOrg(name, other)))
}

function dropCountryQualifier(name: string): string {
  const space = name.indexOf(' ')
  return space > 0 && COUNTRY_QUALIFIERS.has(name.slice(0, space)) ? name.slice(space + 1) : name
}

function beforeBreachNouns(text: string, titleCase: boolean, body: string): (string | null)[] {
  const names: (string | null)[] = []
  for (const m of text.matchAll(BREACH_NOUN)) {
    const tokens = tokenize(lastSentence(text.slice(Math.max(0, m.index - 80), m.index)))
    if (tokens.length === 0 || !tokens[tokens.length - 1]!.cap) continue
    const run = trailingRun(tokens, false, titleCase)
    // Only a run that is not the sentence's first word: "Ransomware attack …" names no one.
    if (run.length > 0 && run[0] !== tokens[0]) names.push(resolveName(run, titleCase, body))
  }
  return names
}

/** "TX: …", "UPDATE: …", "The Record: …", "… - The Record": the frame around a headline, not part of it. */
function stripHeadlineFrame(title: string): string {
  const colon = title.indexOf(': ')
  const framed = colon > 0 && OUTLETS.has(normalizeOrgName(title.slice(0, colon))) ? title.slice(colon + 2) : title
  return framed
    .replace(/^(?:[A-Z]{2}|update|updated|exclusive|breaking|new|report):\s+/i, '')
    .replace(/\s+(?:-|\|)\s+[^-|]{2,40}$/, '')
    .trim()
}

/** Words that open a headline without naming anyone: "Why Change Healthcare's ransom …", "Tens of thousands …". */
const OPENING_WORDS = new Set(['why', 'what', 'how', 'who', 'when', 'where', 'is', 'are', 'did', 'does', 'can', 'will', 'tens', 'hundreds'])

/**
 * A sentence-case headline capitalizes its first word by position only. When that word is a
 * question word, or one the body writes in lower case and never capitalized mid-sentence ("Auto
 * parts maker …" / "the auto parts supplier"), it is lowered so no rule reads it as a name.
 */
function demoteOpeningWord(title: string, body: string): string {
  const m = /^(\p{Lu}\p{Ll}+)(?=[\s'])/u.exec(title)
  if (m === null) return title
  const word = m[1]!
  const lower = word.toLowerCase()
  const demote = OPENING_WORDS.has(lower) || (new RegExp(`\\b${lower}\\b`).test(body) && !new RegExp(`[^.!?]\\s${word}\\b`).test(body))
  return demote ? lower + title.slice(word.length) : title
}

function isTitleCase(title: string): boolean {
  const words = title
    .split(/\s+/)
    .slice(1)
    .filter((w) => /^\p{L}{4,}/u.test(w))
  if (words.length < 3) return false
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length > 0.6
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}&.'-]*|[&,:;"()]/gu)) {
    const raw = m[0].endsWith('.') && !ABBREVIATION.test(m[0]) && !/\..*\.$/.test(m[0]) ? m[0].slice(0, -1) : m[0]
    const cap = /^(?:\p{Lu}|\p{N}+\p{L}|\p{Ll}+\p{Lu})/u.test(raw) && !/^\p{N}+(?:\.\p{N}+)?(?:TB|GB|MB|[KMB])?$/u.test(raw)
    tokens.push({ text: raw, lower: raw.toLowerCase(), cap, start: m.index })
  }
  return tokens
}

/** "Acme's systems" ends a name at the possessive; "Children's Hospital" does not. */
function endsAtPossessive(tokens: Token[], i: number): boolean {
  const next = tokens[i + 1]
  return /'s?$/i.test(tokens[i]!.text) && (next === undefined || !next.cap || BREAKS.has(next.lower))
}

function headlineSubjects(title: string, titleCase: boolean, body: string): (string | null)[] {
  const tokens = tokenize(title)
  let end = tokens.findIndex((t, i) => i > 0 && ((BREAKS.has(t.lower) && (titleCase || !t.cap)) || t.text === ':' || t.text === ';'))
  const possessive = tokens.findIndex((_, i) => endsAtPossessive(tokens, i))
  if (possessive >= 0 && (end < 0 || possessive < end)) end = possessive + 1
  if (end <= 0) return []
  let subject = tokens.slice(0, end).map((t, i) => (i === end - 1 ? withoutPossessive(t) : t))
  // "Car parts maker stalls …": a sentence-case headline's first word, followed by lower-case
  // words and never written in the body, is capitalized by position only.
  const [first, second] = subject
  if (
    !titleCase &&
    body !== '' &&
    first?.cap &&
    second !== undefined &&
    /^\p{Ll}/u.test(second.text) &&
    !CONNECTORS.has(second.lower) &&
    !containsPhrase(body, first.text)
  )
    subject = subject.slice(1)
  return splitList(subject).map((segment) => resolveName(segment, titleCase, body))
}

function afterTriggers(text: string, titleCase: boolean, body: string): (string | null)[] {
  const names: (string | null)[] = []
  const after = (m: RegExpMatchArray) => tokenize(text.slice(m.index! + m[0].length, m.index! + m[0].length + 120))
  for (const m of text.matchAll(TRIGGERS)) {
    for (const segment of splitList(takeRun(skipLeadIn(after(m), titleCase), titleCase, true)))
      names.push(resolveName(segment, titleCase, body))
  }
  for (const trigger of LIST_TRIGGERS) {
    for (const m of text.matchAll(trigger)) {
      for (const segment of splitList(takeRun(after(m), titleCase, true)))
        names.push(resolveName(skipLeadIn(segment, titleCase), titleCase, body))
    }
  }
  for (const m of text.matchAll(AMONG)) {
    const sentence = lastSentence(text.slice(Math.max(0, m.index - 160), m.index))
    for (const segment of splitList(trailingRun(tokenize(sentence), true)))
      names.push(resolveName(skipLeadIn(segment, titleCase), titleCase, body))
  }
  return names
}

function bodySubjects(text: string): string[] {
  const names: string[] = []
  for (const m of text.matchAll(NOTIFYING)) {
    const sentence = lastSentence(text.slice(Math.max(0, m.index - 100), m.index))
    const run = trailingRun(tokenize(sentence), false)
    if (run.length === 0 || ROLE_BEFORE.test(sentence.slice(0, run[0]!.start))) continue
    names.push(joinTokens(cutAtPossessive(skipLeadIn(run, false))))
  }
  for (const sentence of text.split(SENTENCE)) {
    const verb = SAYS.exec(sentence)
    if (verb === null) continue
    const tokens = tokenize(sentence.slice(0, verb.index))
    if (tokens.length === 0 || tokens.length > SAYS_MAX_TOKENS || !tokens[tokens.length - 1]!.cap) continue
    const run = trailingRun(tokens, false)
    if (run.length > 0 && !ROLE_BEFORE.test(sentence.slice(0, run[0]!.start)))
      names.push(joinTokens(cutAtPossessive(skipLeadIn(run, false))))
  }
  return names.filter((n) => n !== '')
}

/** The subject of the report's opening sentence, when the sentence is about it (LEDE_PREDICATE). */
function ledeSubject(lede: string): string | null {
  const sentence = lede.split(SENTENCE)[0] ?? ''
  const tokens = skipLeadIn(tokenize(sentence.slice(0, 200)), false, true)
  const run = takeRun(tokens, false, false)
  const first = run[0]
  // A list ("BBC, British Airways and Boots said …") is for the list rules.
  if (first === undefined || LEDE_OPENERS.has(first.lower) || run.some((t) => t.lower === 'and' || t.text === ',')) return null
  const last = run[run.length - 1]!
  // A possessive ends the subject ("Acme's systems were …"): not a sentence about Acme itself.
  const rest = sentence.slice(last.start + last.text.length)
  return LEDE_PREDICATE.test(rest) ? joinTokens(run) : null
}

function lastSentence(text: string): string {
  const parts = text.split(SENTENCE)
  return parts[parts.length - 1]!
}

/** The capitalized run that ends a piece of text ("… said Acme Health" → "Acme Health"). */
function trailingRun(tokens: Token[], lists: boolean, titleCase = false): Token[] {
  let start = tokens.length
  while (start > 0 && isNamePart(tokens, start - 1, lists, titleCase)) start--
  while (start < tokens.length && !tokens[start]!.cap) start++
  return tokens.slice(start)
}

/** Inside a name: a capitalized word, a connector between two, or "Inc." after a comma; with lists, also "," and "and". */
function isNamePart(tokens: Token[], i: number, lists: boolean, titleCase = false): boolean {
  const t = tokens[i]!
  // In sentence case a capitalized "Data" belongs to a name ("National Public Data").
  if (t.cap) return !titleCase || !BREAKS.has(t.lower)
  const between = tokens[i - 1]?.cap === true && tokens[i + 1]?.cap === true
  if (t.text === ',') return lists ? between : /^(?:inc|llc|ltd|corp)\.?$/i.test(tokens[i + 1]?.text ?? '')
  if (t.lower === 'and') return lists && between
  if (lists && t.lower === 'the' && tokens[i + 1]?.cap === true) return true
  return CONNECTORS.has(t.lower) && between
}

/** "Colonial Pipeline's CEO" → "Colonial Pipeline". */
function cutAtPossessive(tokens: Token[]): Token[] {
  const i = tokens.findIndex((t) => /'s$/i.test(t.text))
  if (i < 0 || i === tokens.length - 1 || tokens.slice(i + 1).some((t) => t.cap && !BREAKS.has(t.lower) && !/^[A-Z]{2,5}$/.test(t.text))) {
    return i === tokens.length - 1 ? [...tokens.slice(0, i), withoutPossessive(tokens[i]!)] : tokens
  }
  return [...tokens.slice(0, i), withoutPossessive(tokens[i]!)]
}

const MAX_LEAD_IN = 4

/**
 * Leading words that describe rather than name: "the", "Texas-based", "Connecticut's", "UK
 * retailer", "pharmacy chain". Places are kept unless asked ("British Library" is a name); a
 * determiner means the words that follow are the subject's own system ("its MOVEit server").
 */
function skipLeadIn(tokens: Token[], titleCase: boolean, stripPlaces = false): Token[] {
  let i = 0
  while (i < tokens.length - 1 && i < MAX_LEAD_IN) {
    const t = tokens[i]!
    if (DETERMINERS.has(t.lower)) return []
    if (CONNECTORS.has(tokens[i + 1]!.lower)) break
    const possessivePlace = /'s$/.test(t.text) && PLACES.has(t.text.slice(0, -2))
    // "Belgian brewer Duvel", "Chicago charity": a place before a lower-case noun qualifies it.
    const placeModifier = !titleCase && PLACES.has(t.text) && !tokens[i + 1]!.cap
    const describes =
      t.lower === 'the' ||
      t.lower === 'a' ||
      t.lower === 'an' ||
      t.lower.endsWith('-based') ||
      possessivePlace ||
      placeModifier ||
      (stripPlaces && PLACES.has(t.text)) ||
      (!t.cap && t.text !== '&') ||
      ((titleCase || stripPlaces) && LEAD_IN_WORDS.has(t.lower))
    if (!describes) break
    i++
  }
  return tokens[i] !== undefined && DETERMINERS.has(tokens[i]!.lower) ? [] : tokens.slice(i)
}

/** A name's tokens from the start of `tokens`, up to a break word, a lower-case word or a possessive. */
function takeRun(tokens: Token[], titleCase: boolean, lists: boolean): Token[] {
  let end = 0
  while (end < tokens.length && end < (lists ? MAX_NAME_TOKENS * 3 : MAX_NAME_TOKENS)) {
    const t = tokens[end]!
    const listSeparator = t.text === ',' || t.lower === 'and'
    if (listSeparator) {
      if (!lists && t.text === ',') break
      if (tokens[end + 1]?.cap !== true && !(lists && tokens[end + 1]?.lower === 'the')) break
    } else if (BREAKS.has(t.lower) && (titleCase || !t.cap) && !(lists && t.lower === 'and')) break
    else if (!t.cap && !CONNECTORS.has(t.lower) && !(lists && t.lower === 'the') && !(titleCase && t.lower === 'the')) break
    end++
    if (endsAtPossessive(tokens, end - 1)) break
  }
  const run = tokens.slice(0, end)
  while (
    run.length > 0 &&
    (CONNECTORS.has(run[run.length - 1]!.lower) || run[run.length - 1]!.text === ',' || run[run.length - 1]!.lower === 'and')
  )
    run.pop()
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

/**
 * The name in a headline fragment: the longest stretch of it that the body writes the same way.
 * With no body to check, the fragment without its lead-in; a Title Case fragment the body never
 * writes is refused (its capitals say nothing about where a name ends).
 */
function resolveName(tokens: Token[], titleCase: boolean, body: string): string | null {
  let segment = tokens
  if (!titleCase) {
    // In sentence case a name is the last capitalized run: "UK retailer Marks & Spencer".
    let last = segment.length - 1
    while (last >= 0 && !segment[last]!.cap) last--
    segment = trailingRun(segment.slice(0, last + 1), false)
  } else {
    segment = segment.map((t) => (CONNECTORS.has(t.lower) || t.lower === 'the' ? { ...t, text: t.lower, cap: false } : t))
  }
  if (segment.length === 0) return null
  if (body !== '') {
    for (let length = Math.min(segment.length, MAX_NAME_TOKENS); length > 0; length--) {
      for (let i = 0; i + length <= segment.length; i++) {
        const span = segment.slice(i, i + length)
        const last = span[span.length - 1]!
        if (!isNameEdge(span[0]!) || (titleCase && isLeadIn(segment, i)) || !isNameEdge(last) || /'s$/.test(last.text)) continue
        if (span.every((t) => PLACES.has(t.text))) continue
        const name = joinTokens(span)
        if (containsPhrase(body, name)) return name
      }
    }
    if (titleCase) return null
  }
  const stripped = skipLeadIn(segment, titleCase, true)
  return stripped.length > 0 && stripped.length <= MAX_NAME_TOKENS ? joinTokens(stripped) : null
}

function isNameEdge(t: Token): boolean {
  return t.cap && !BREAKS.has(t.lower)
}

/** "Texas-based …" or "retailer …" opens a description; "City of …" opens a name. */
function isLeadIn(tokens: Token[], i: number): boolean {
  const t = tokens[i]!
  return t.lower.endsWith('-based') || (LEAD_IN_WORDS.has(t.lower) && !CONNECTORS.has(tokens[i + 1]?.lower ?? ''))
}

/** The body's fuller form: "Mondelez" → "Mondelez International", "Omni Hotels" → "Omni Hotels & Resorts". */
function extendInBody(name: string, body: string): string {
  const at = findPhrase(body, name)
  if (at < 0) return name
  const rest = tokenize(body.slice(at + name.length, at + name.length + 80))
  if (rest.length === 0 || rest[0]!.start !== 1) return name
  let end = 0
  while (end < rest.length && end < MAX_EXTENSION_TOKENS) {
    const t = rest[end]!
    const joinsNext = (t.text === '&' || CONNECTORS.has(t.lower)) && rest[end + 1]?.cap === true && !PLACES.has(rest[end + 1]!.text)
    if (!(t.cap && !BREAKS.has(t.lower) && !PLACES.has(t.text)) && !joinsNext) break
    end++
  }
  while (end > 0 && !rest[end - 1]!.cap) end--
  if (end === 0 || /'s$/.test(rest[end - 1]!.text)) return name
  return `${name} ${joinTokens(rest.slice(0, end))}`
}

function containsPhrase(text: string, phrase: string): boolean {
  return findPhrase(text, phrase) >= 0
}

function findPhrase(text: string, phrase: string): number {
  let at = text.indexOf(phrase)
  while (at >= 0) {
    const before = text[at - 1]
    const after = text[at + phrase.length]
    const compound = after === '-' && /\p{L}/u.test(text[at + phrase.length + 1] ?? '')
    if ((before === undefined || !/[\p{L}\p{N}]/u.test(before)) && (after === undefined || !/[\p{L}\p{N}]/u.test(after)) && !compound)
      return at
    at = text.indexOf(phrase, at + 1)
  }
  return -1
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
  if (key.length < 2 || !/\p{L}/u.test(key)) return false
  // A name starts with a capital or a digit, or is camel-cased ("loanDepot", "eBay").
  if (/^\p{Ll}/u.test(name) && !/^\p{Ll}+\p{Lu}/u.test(name)) return false
  const words = name.split(/\s+/)
  if (words.length > MAX_NAME_TOKENS) return false
  if (REFUSED.has(key) || GENERIC.has(name.toLowerCase()) || ACTOR_ALIASES.has(name.toLowerCase()) || REGULATOR.test(name)) return false
  const lower = words.map((w) => w.toLowerCase().replace(/\.$/, ''))
  if (lower.some((w) => DISTINCT_ACTOR_ALIASES.has(w.replace(/'s$/, '')) || PERSON_TITLES.has(w))) return false
  if (words.length === 1 && LEAD_IN_WORDS.has(lower[0]!)) return false
  const naming = words.filter(
    (w, i) =>
      !(GENERIC.has(lower[i]!) || BREAKS.has(lower[i]!) || DESCRIPTORS.has(lower[i]!) || CONNECTORS.has(lower[i]!) || PLACES.has(w)),
  )
  // "Bank of America", "City of Dallas", "Columbus State University" are names; "Wisconsin County" is a description.
  if (naming.length === 0 && !(lower.includes('of') && words.some((w) => PLACES.has(w))) && words.length < 3) return false
  if (PLACES.has(name) || CALENDAR.test(key)) return false
  return true
}
