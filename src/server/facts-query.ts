// The facts filters of a query string (org, actor, sector, country, dataType, minRecords, since,
// until), validated and reduced to the keys the store indexes, so equal filters share one cache
// entry. Every bad value is a BadQueryError (400) naming the parameter and what it accepts.
import { BadQueryError } from '../errors.js'
import { DATA_TYPES, type DataType, SECTORS, type Sector } from '../facts/index.js'
import { actorKey, orgKey } from '../store/facet-keys.js'
import type { FactsFilter } from '../types.js'
import type { RawQuery } from './query.js'

export const FACTS_PARAMS = ['org', 'actor', 'sector', 'country', 'dataType', 'minRecords', 'since', 'until'] as const
const MAX_NAME_LENGTH = 200
/** Larger than any breach (the world has 8 billion people; a few leaks count 26 billion records). */
const MAX_RECORDS = 1e12
const DAY_MS = 86_400_000

/** The facts filters present in the query; `readScalar` is the caller's (one value per name). */
export function readFactsFilter(raw: RawQuery, readScalar: (raw: RawQuery, name: string) => string | undefined): FactsFilter {
  const filter: FactsFilter = {}
  const value = (name: string): string | undefined => readScalar(raw, name)?.trim() || undefined
  const org = value('org')
  if (org !== undefined) filter.org = readName('org', org, orgKey, 'an organization')
  const actor = value('actor')
  if (actor !== undefined) filter.actor = readName('actor', actor, actorKey, 'a threat actor')
  const sector = value('sector')
  if (sector !== undefined) filter.sector = readWord('sector', sector, SECTORS) as Sector
  const dataType = value('dataType')
  if (dataType !== undefined) filter.dataType = readWord('dataType', dataType, DATA_TYPES) as DataType
  const country = value('country')
  if (country !== undefined) {
    if (!/^[A-Za-z]{2}$/.test(country)) fail('country', 'an ISO 3166-1 alpha-2 code (two letters, such as US or GB)', country)
    filter.country = country.toUpperCase()
  }
  const minRecords = value('minRecords')
  if (minRecords !== undefined) {
    const n = /^\d{1,13}$/.test(minRecords) ? Number(minRecords) : Number.NaN
    if (!(n >= 0 && n <= MAX_RECORDS)) fail('minRecords', `a whole number from 0 to ${MAX_RECORDS}`, minRecords)
    filter.minRecords = n
  }
  const since = value('since')
  if (since !== undefined) filter.since = readInstant('since', since, false)
  const until = value('until')
  if (until !== undefined) filter.until = readInstant('until', until, true)
  if (filter.since !== undefined && filter.until !== undefined && filter.since >= filter.until) {
    throw new BadQueryError(`Expected \`since\` to be before \`until\`, got ${since} and ${until}`)
  }
  return filter
}

/** Appends the filters in a fixed order (cache keys, self links); keys, not the spelling asked. */
export function appendFactsFilter(filter: FactsFilter, params: URLSearchParams): void {
  for (const name of FACTS_PARAMS) {
    const value = filter[name]
    if (value !== undefined) params.append(name, String(value))
  }
}

function readName(name: string, value: string, toKey: (text: string) => string, what: string): string {
  if (value.length > MAX_NAME_LENGTH)
    throw new BadQueryError(`Expected \`${name}\` to be at most ${MAX_NAME_LENGTH} characters, got ${value.length}`)
  const key = toKey(value)
  if (key === '') fail(name, `${what}'s name (letters or digits)`, value)
  return key
}

function readWord(name: string, value: string, allowed: readonly string[]): string {
  const lower = value.toLowerCase()
  const found = allowed.find((word) => word === lower)
  if (found === undefined) fail(name, `one of ${allowed.join(', ')}`, value)
  return found
}

/**
 * A date (YYYY-MM-DD, UTC) or a date-time with a zone, as the ISO instant the store compares
 * published dates with. `until` is exclusive in the store: a date alone means through the end
 * of that day, a date-time through that very instant.
 */
function readInstant(name: string, value: string, until: boolean): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value)
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i.test(value)
  const ms = dateOnly || dateTime ? Date.parse(dateOnly ? `${value}T00:00:00Z` : value) : Number.NaN
  // Date.parse rolls 2026-02-30 over to March: a date that is not on the calendar is refused.
  if (!Number.isFinite(ms) || (dateOnly && new Date(ms).toISOString().slice(0, 10) !== value)) {
    fail(name, 'an ISO 8601 date (2026-03-01) or date-time with a zone (2026-03-01T12:00:00Z)', value)
  }
  const end = until ? (dateOnly ? ms + DAY_MS : ms + 1) : ms
  return new Date(end).toISOString()
}

function fail(name: string, expected: string, got: string): never {
  const shown = got.replace(/[\u0000-\u001F\u007F]/g, '?')
  throw new BadQueryError(`Expected \`${name}\` to be ${expected}, got \`${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}\``)
}

/** "sector=healthcare, minRecords=100000": the filters present, for a feed's title and description. */
export function describeFactsFilter(filter: FactsFilter): string {
  const params = new URLSearchParams()
  appendFactsFilter(filter, params)
  return [...params].map(([name, value]) => `${name}=${value}`).join(', ')
}
