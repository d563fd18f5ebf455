// The facts filters as SQL over an items alias on PostgreSQL (as src/store/facts-filter.ts, with
// positional parameters). `shared` keeps each value's placeholder, so a correlated subquery over
// the same filters (the river's story mate) reuses them instead of binding them again.

import type { FactsFilter } from '../../types.js'
import { orgPrefixRange } from '../facet-keys.js'
import { bind } from './filters.js'

export function addFactsConditions(
  query: FactsFilter,
  values: unknown[],
  alias: string,
  conditions: string[],
  shared: Record<string, string>,
): void {
  const param = (name: string, value: unknown): string => {
    shared[name] ??= bind(values, value)
    return shared[name]
  }
  const facet = (kind: string, key: string): void => {
    conditions.push(`${alias}.id in (select item_id from item_facets where kind = '${kind}' and key = ${param(kind, key)}::text)`)
  }
  if (query.org !== undefined) {
    const range = orgPrefixRange(query.org)
    const exact = `key = ${param('org', query.org)}::text`
    const match =
      range === null ? exact : `(${exact} or (key >= ${param('orgFrom', range.from)}::text and key < ${param('orgTo', range.to)}::text))`
    conditions.push(`${alias}.id in (select item_id from item_facets where kind = 'org' and ${match})`)
  }
  if (query.actor !== undefined) facet('actor', query.actor)
  if (query.sector !== undefined) facet('sector', query.sector)
  if (query.country !== undefined) facet('country', query.country)
  if (query.dataType !== undefined) facet('dataType', query.dataType)
  if (query.minRecords !== undefined) {
    conditions.push(`${alias}.id in (select item_id from item_facts where records >= ${param('minRecords', query.minRecords)}::bigint)`)
  }
  if (query.since !== undefined) conditions.push(`${alias}.published_at >= ${param('since', query.since)}::text`)
  if (query.until !== undefined) conditions.push(`${alias}.published_at < ${param('until', query.until)}::text`)
}
