// What tells two reports about one organization apart: the kind of event (the incident itself, a
// lawsuit, a regulator's fine, a settlement, an arrest), ordinals ("second breach"), the years
// named, and the counts named ("500,000" vs "1.2 million" records).

import { stemToken } from './title-tokens.js'

/**
 * incident: the breach or attack itself; litigation: a lawsuit filed; resolution: a regulator's
 * fine, order or penalty, or a settlement (of a probe or of a lawsuit); police: arrests, charges,
 * sentences, takedowns.
 */
export type EventKind = 'incident' | 'litigation' | 'resolution' | 'police'

const KIND_WORDS: [EventKind, string[]][] = [
  [
    'police',
    [
      'arrested',
      'arrest',
      'arrests',
      'charged',
      'charges',
      'indicted',
      'indictment',
      'sentenced',
      'pleads',
      'guilty',
      'extradited',
      'convicted',
      'jailed',
      'prison',
      'prosecutors',
      'dismantle',
      'dismantled',
      'takedown',
      'seize',
      'seized',
      'seizes',
    ],
  ],
  [
    'resolution',
    [
      'settlement',
      'settle',
      'settles',
      'settled',
      'settling',
      'fine',
      'fined',
      'fines',
      'penalty',
      'penalties',
      'penalized',
      'penalised',
      'penalizes',
      'reprimand',
      'reprimands',
      'reprimanded',
      'sanctioned',
      'bans',
      'banned',
      'prohibits',
      'prohibited',
    ],
  ],
  ['litigation', ['lawsuit', 'lawsuits', 'sue', 'sues', 'sued', 'suing', 'litigation', 'plaintiffs', 'plaintiff']],
]
const KIND_STEMS: [EventKind, Set<string>][] = KIND_WORDS.map(([kind, words]) => [kind, new Set(words.map(stemToken))])
const CLASS_ACTION = [stemToken('class'), stemToken('action')] as const

const ORDINAL_STEMS = new Set(['second', 'third', 'fourth', 'fifth', 'another', 'again', 'repeat', 'fresh', 'renewed'].map(stemToken))

/** At or above this a number counts as a "count" (records, dollars, people) for the guard. */
export const MIN_GUARDED_NUMBER = 100
/** Two counts within this relative distance are taken as the same figure ("nearly 500,000" vs "480,000"). */
export const NUMBER_TOLERANCE = 0.12

/** The one kind of event a title is about; follow-ups (arrest, settlement, fine, lawsuit) win over the incident. */
export function detectEventKind(tokens: readonly string[]): EventKind {
  const set = new Set(tokens)
  for (const [kind, stems] of KIND_STEMS) {
    if (tokens.some((t) => stems.has(t))) return kind
    if (kind === 'litigation' && set.has(CLASS_ACTION[0]) && set.has(CLASS_ACTION[1])) return kind
  }
  return 'incident'
}

/** The ordinal words of a title ("second", "another"), as a sorted key. */
export function extractOrdinals(tokens: readonly string[]): string {
  // "third-party" is not an ordinal of the incident.
  return tokens
    .filter((t, i) => ORDINAL_STEMS.has(t) && !(t === 'third' && tokens[i + 1] === 'party'))
    .sort()
    .join(' ')
}

function isYear(n: number, token: string): boolean {
  return /^\d{4}$/.test(token) && n >= 1990 && n <= 2039
}

/** Years and counts named in a title. */
export function extractNumbers(tokens: readonly string[]): { years: number[]; counts: number[] } {
  const years: number[] = []
  const counts: number[] = []
  for (const t of tokens) {
    if (!/^\d+(\.\d+)?$/.test(t)) continue
    const n = Number(t)
    if (isYear(n, t)) years.push(n)
    else if (n >= MIN_GUARDED_NUMBER) counts.push(n)
  }
  return { years, counts }
}

/** True when two counts are the same figure within NUMBER_TOLERANCE. */
export function isNear(a: number, b: number): boolean {
  return Math.abs(a - b) <= NUMBER_TOLERANCE * Math.max(a, b)
}

/** Why two titles cannot be about the same event, or null when nothing in them says so. */
export function findEventConflict(a: string[], b: string[], opts: { counts: boolean }): string | null {
  if (detectEventKind(a) !== detectEventKind(b)) return 'event_kind'
  if (extractOrdinals(a) !== extractOrdinals(b)) return 'ordinal'
  const na = extractNumbers(a)
  const nb = extractNumbers(b)
  if (na.years.length > 0 && nb.years.length > 0 && !na.years.some((y) => nb.years.includes(y))) return 'year'
  if (opts.counts && na.counts.length > 0 && nb.counts.length > 0 && !na.counts.some((x) => nb.counts.some((y) => isNear(x, y)))) {
    return 'count'
  }
  return null
}
