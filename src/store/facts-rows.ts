// Facts rows as both engines store and read them: the contract's shape as JSON text (one row
// per item in item_facts), and the assembly of a story's facts from its members' rows.
import { DATA_TYPES, type DataType, type Facts, mergeFacts, SECTORS, type Sector, type StoryFacts } from '../facts/index.js'
import type { FacetCounts, FacetKind } from '../types.js'

/** Items facet counts look at: the newest this many matches (search ranks a pool of 2,000 too). */
export const FACET_POOL = 2000

/** Facts of an item the facts step has not seen yet (the API never omits the field). */
export const EMPTY_FACTS: Facts = { organizations: [], actors: [], records: null, dataTypes: [], sector: null, country: null }

/** Exactly the contract's six fields, in its order (StoryFacts and StatedFacts carry more). */
export function toContractFacts(facts: Facts): Facts {
  return {
    organizations: [...facts.organizations],
    actors: [...facts.actors],
    records: facts.records,
    dataTypes: [...facts.dataTypes],
    sector: facts.sector,
    country: facts.country,
  }
}

/** The stored JSON back as Facts; anything malformed reads as empty rather than failing a page. */
export function parseStoredFacts(text: string | null | undefined): Facts {
  if (typeof text !== 'string') return { ...EMPTY_FACTS }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ...EMPTY_FACTS }
  }
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
  const records = typeof raw['records'] === 'number' && Number.isSafeInteger(raw['records']) ? raw['records'] : null
  const sector = SECTORS.includes(raw['sector'] as Sector) ? (raw['sector'] as Sector) : null
  return {
    organizations: strings(raw['organizations']),
    actors: strings(raw['actors']),
    records,
    dataTypes: strings(raw['dataTypes']).filter((t): t is DataType => DATA_TYPES.includes(t as DataType)),
    sector,
    country: typeof raw['country'] === 'string' ? raw['country'] : null,
  }
}

/** One member of a story with its stored facts (null when it has none yet). */
export interface MemberFactsRow {
  for_id: number
  id: number
  published_at: string
  facts: string | null
}

/** Per asked item id, its story's facts merged over the members that have facts (mergeFacts). */
export function assembleStoryFacts(itemIds: readonly number[], rows: readonly MemberFactsRow[]): Map<number, StoryFacts> {
  const reports = new Map<number, { id: number; date: string; facts: Facts }[]>()
  for (const row of rows) {
    const list = reports.get(row.for_id) ?? []
    if (row.facts !== null) list.push({ id: row.id, date: row.published_at, facts: parseStoredFacts(row.facts) })
    reports.set(row.for_id, list)
  }
  const out = new Map<number, StoryFacts>()
  for (const id of itemIds) {
    const list = reports.get(id)
    if (list !== undefined) out.set(id, mergeFacts(list))
  }
  return out
}

/** One counted facet value (both engines' countFacets select these columns). */
export interface FacetCountRow {
  kind: string
  key: string
  name: string
  n: number
}

export function assembleFacetCounts(rows: readonly FacetCountRow[]): FacetCounts {
  const counts: FacetCounts = { org: [], actor: [], sector: [], dataType: [], country: [] }
  for (const row of rows) {
    const list = counts[row.kind as FacetKind] as FacetCounts[FacetKind] | undefined
    list?.push({ key: row.key, name: row.name, count: Number(row.n) })
  }
  return counts
}
