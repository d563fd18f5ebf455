// Facts as story evidence. A report's victim organizations, record count, actors and whether it is
// an official record travel with its title tokens as keys the tokenizer can never produce
// ("~org:marks_and_spencer", "~rec:212418", "~actor:lockbit", "~official"). The store keeps and
// indexes title tokens already (both engines), so the keys come back on every candidate and an
// organization key finds the items that name that organization: no schema of its own.

import { canonicalActor, type Facts, normalizeOrgName } from '../facts/index.js'

const PREFIX = '~'
const ORG = '~org:'
const ORG_WORD = '~orgw:'
const ORG_INITIALS = '~orgi:'
const RECORDS = '~rec:'
const ACTOR = '~actor:'
/** Also read by the store's explainStory (OFFICIAL_KEY), which marks official members. */
const OFFICIAL = '~official'

/** The facts the matcher weighs, as read back from a token list. */
export interface EvidenceFacts {
  /** Normalized victim names (normalizeOrgName), most prominent first. */
  readonly orgs: readonly string[]
  readonly records: number | null
  /** Canonical actor names, lower case. */
  readonly actors: readonly string[]
  /** The report is a regulator's or registry's row (a tabular source), not news. */
  readonly official: boolean
}

/** Organizations a report may name and still count as about one victim (roundups name many). */
export const MAX_EVIDENCE_ORGS = 2
const SMALL_WORDS = new Set(['of', 'and', 'the', 'for', 'at', 'in', 'de'])

/** The keys one report's facts add to its title tokens (none for a report without a victim). */
export function encodeFactKeys(facts: Pick<Facts, 'organizations' | 'records' | 'actors'>, official: boolean): string[] {
  const keys: string[] = []
  const orgs = [...new Set(facts.organizations.map(normalizeOrgName).filter((o) => o !== ''))]
  for (const org of orgs.slice(0, MAX_EVIDENCE_ORGS + 1)) keys.push(ORG + org.replace(/ /g, '_'))
  if (orgs.length > 0 && orgs.length <= MAX_EVIDENCE_ORGS) keys.push(...lookupKeys(orgs))
  if (facts.records !== null) keys.push(RECORDS + String(facts.records))
  for (const actor of facts.actors) keys.push(ACTOR + (canonicalActor(actor) ?? actor).toLowerCase().replace(/ /g, '_'))
  if (official) keys.push(OFFICIAL)
  return [...new Set(keys)]
}

/**
 * Extra keys that let one spelling find another: the first word of a longer name ("Mondelez" in
 * "Mondelez International") and initials ("M&S" and "Marks & Spencer" both give "ms"). They only
 * bring candidates; the matcher still compares the names themselves.
 */
function lookupKeys(orgs: readonly string[]): string[] {
  const keys: string[] = []
  for (const org of orgs) {
    const words = org.replace(/^(?:city|town|county|state|village|borough) of /, '').split(' ')
    if (words[0]!.length >= 4) keys.push(ORG_WORD + words[0])
    const initials = words.filter((w) => !SMALL_WORDS.has(w)).map((w) => w[0])
    if (words.length > 1 && initials.length >= 2) keys.push(ORG_INITIALS + initials.join(''))
    else if (words.length === 1 && org.length <= 6) keys.push(ORG_INITIALS + org)
  }
  return keys
}

/** True for a key this module wrote (never a title token). */
export function isFactKey(token: string): boolean {
  return token.startsWith(PREFIX)
}

/** The keys worth looking candidates up by: organizations (not counts, actors or the official mark). */
export function isLookupKey(token: string): boolean {
  return token.startsWith(ORG) || token.startsWith(ORG_WORD) || token.startsWith(ORG_INITIALS)
}

/** Organization keys that stand for `org` (normalized), to look up the learned aliases of a name. */
export function orgKey(org: string): string {
  return ORG + org.replace(/ /g, '_')
}

interface Split {
  titleTokens: readonly string[]
  facts: EvidenceFacts
}

const splitMemo = new WeakMap<readonly string[], { length: number; split: Split }>()

/**
 * A stored token list split into its title tokens and its facts, memoized by the array (candidates
 * come back with the same frozen arrays, so each is split once and the title part stays the same
 * array for readTitleFeatures' memo).
 */
export function splitEvidenceTokens(tokens: readonly string[]): Split {
  const hit = splitMemo.get(tokens)
  if (hit !== undefined && hit.length === tokens.length) return hit.split
  const titleTokens: string[] = []
  const orgs: string[] = []
  const actors: string[] = []
  let records: number | null = null
  let official = false
  for (const t of tokens) {
    if (!t.startsWith(PREFIX)) titleTokens.push(t)
    else if (t.startsWith(ORG)) orgs.push(t.slice(ORG.length).replace(/_/g, ' '))
    else if (t.startsWith(RECORDS)) records = Number(t.slice(RECORDS.length))
    else if (t.startsWith(ACTOR)) actors.push(t.slice(ACTOR.length).replace(/_/g, ' '))
    else if (t === OFFICIAL) official = true
  }
  const split: Split = {
    titleTokens: titleTokens.length === tokens.length ? tokens : titleTokens,
    facts: { orgs, records: Number.isFinite(records) ? records : null, actors, official },
  }
  splitMemo.set(tokens, { length: tokens.length, split })
  return split
}
