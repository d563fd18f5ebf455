// The facts filters as SQL over an items alias (SQLite; named parameters): org, actor, sector,
// country, dataType through the item_facets index, minRecords through item_facts, since/until on
// the published date. IN over the facet's (kind, key) primary key reads only the items carrying
// it, which is what makes a rare org cheap; the list query then orders those by date.
import type { FactsFilter } from '../types.js'
import { orgPrefixRange } from './facet-keys.js'

/** Appends the conditions (over `alias`) and their parameters for the facts filters present. */
export function addFactsConditions(query: FactsFilter, alias: string, conditions: string[], params: Record<string, unknown>): void {
  const facet = (kind: string, key: string, name: string): void => {
    params[name] = key
    conditions.push(`${alias}.id in (select item_id from item_facets where kind = '${kind}' and key = @${name})`)
  }
  if (query.org !== undefined) {
    params['org'] = query.org
    const range = orgPrefixRange(query.org)
    let match = 'key = @org'
    if (range !== null) {
      params['orgFrom'] = range.from
      params['orgTo'] = range.to
      match = '(key = @org or (key >= @orgFrom and key < @orgTo))'
    }
    conditions.push(`${alias}.id in (select item_id from item_facets where kind = 'org' and ${match})`)
  }
  if (query.actor !== undefined) facet('actor', query.actor, 'actor')
  if (query.sector !== undefined) facet('sector', query.sector, 'sector')
  if (query.country !== undefined) facet('country', query.country, 'country')
  if (query.dataType !== undefined) facet('dataType', query.dataType, 'dataType')
  if (query.minRecords !== undefined) {
    params['minRecords'] = query.minRecords
    conditions.push(`${alias}.id in (select item_id from item_facts where records >= @minRecords)`)
  }
  if (query.since !== undefined) {
    params['since'] = query.since
    conditions.push(`${alias}.published_at >= @since`)
  }
  if (query.until !== undefined) {
    params['until'] = query.until
    conditions.push(`${alias}.published_at < @until`)
  }
}
