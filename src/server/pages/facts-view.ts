// Facts on the reader pages: the badges under an entry ("212,418 records · Healthcare · LockBit",
// each a link to its filter or page), the facts filters read from a page's query string (the
// API's rules: facts-query.ts), and the facet counts beside search results.
import { type Facts, formatRecordsHistory } from '../../facts/index.js'
import { actorKey, orgKey } from '../../store/facet-keys.js'
import type { ApiStorySummary, FacetCounts, FactsFilter } from '../../types.js'
import { appendFactsFilter, FACTS_PARAMS, readFactsFilter } from '../facts-query.js'
import { type RawQuery, readScalar } from '../query.js'
import { formatShortDate } from './format.js'
import { buildHref } from './query.js'
import type { LinkView } from './view-models.js'

export interface BadgeView extends LinkView {
  kind: 'records' | 'sector' | 'actor' | 'org' | 'country'
}

export function toOrgPath(name: string): string {
  return `/orgs/${encodeURIComponent(orgKey(name))}`
}

export function toActorPath(name: string): string {
  return `/actors/${encodeURIComponent(actorKey(name))}`
}

/** "212,418 records", "Healthcare", "LockBit", then the organizations: each links where it filters. */
export function toFactBadges(facts: Facts): BadgeView[] {
  const badges: BadgeView[] = []
  if (facts.records !== null) {
    badges.push({ kind: 'records', text: formatRecords(facts.records), href: buildHref('/', { minRecords: String(facts.records) }) })
  }
  if (facts.sector !== null)
    badges.push({ kind: 'sector', text: labelSector(facts.sector), href: buildHref('/', { sector: facts.sector }) })
  for (const actor of facts.actors) if (actorKey(actor) !== '') badges.push({ kind: 'actor', text: actor, href: toActorPath(actor) })
  for (const org of facts.organizations) if (orgKey(org) !== '') badges.push({ kind: 'org', text: org, href: toOrgPath(org) })
  if (facts.country !== null) badges.push({ kind: 'country', text: facts.country, href: buildHref('/', { country: facts.country }) })
  return badges
}

export function formatRecords(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'record' : 'records'}`
}

/** "healthcare" → "Healthcare". */
export function labelSector(sector: string): string {
  return sector.charAt(0).toUpperCase() + sector.slice(1)
}

/** A page's facts filters (throws BadQueryError as the API does), and the same as link parameters. */
export function readPageFactsFilter(query: URLSearchParams): { filter: FactsFilter; params: Record<string, string>; label: string } {
  const raw: RawQuery = new Map()
  for (const name of FACTS_PARAMS) {
    const values = query.getAll(name)
    if (values.length > 0) raw.set(name, values)
  }
  const filter = readFactsFilter(raw, readScalar)
  const search = new URLSearchParams()
  appendFactsFilter(filter, search)
  return { filter, params: Object.fromEntries(search), label: [...search].map(([k, v]) => `${k}=${v}`).join(', ') }
}

export interface FacetView {
  heading: string
  links: (LinkView & { count: number })[]
}

/** Facet counts as lists of links that narrow the search (`base` keeps the query and filters). */
export function toFacetViews(counts: FacetCounts, base: Record<string, string>): FacetView[] {
  const groups: [keyof FacetCounts, string, (key: string, name: string) => string][] = [
    ['org', 'Organizations', (key, name) => name || key],
    ['actor', 'Threat actors', (_key, name) => name],
    ['sector', 'Sectors', (key) => labelSector(key)],
    ['dataType', 'Data exposed', (key) => key],
    ['country', 'Countries', (key) => key],
  ]
  return groups
    .map(([kind, heading, label]) => ({
      heading,
      links: counts[kind].map((c) => ({
        text: label(c.key, c.name),
        count: c.count,
        href: buildHref('/search', { ...base, [kind]: c.key }),
      })),
    }))
    .filter((group) => group.links.length > 0)
}

/** "100,000 (DataBreaches.net, 3 Mar 2026) → 1.2 million (The Record, 4 Mar 2026)", or null when the count never changed. */
export function describeRecordsHistory(story: ApiStorySummary): string | null {
  const byId = new Map(story.reports.map((report) => [report.id, report]))
  const steps = story.recordsHistory.map((claim) => {
    const report = byId.get(Number(claim.reportId))
    const who = [report?.source.title, claim.date === null ? undefined : formatShortDate(claim.date)].filter(Boolean).join(', ')
    return `${formatRecordsHistory([claim])}${who ? ` (${who})` : ''}`
  })
  return steps.length > 1 ? steps.join(' → ') : null
}
