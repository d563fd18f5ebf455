// The WHERE fragments shared by the PostgreSQL read queries (as src/store/filters.ts): sources,
// category, full-text, and the facts filters (facts-filter.ts). Parameters are positional, so a
// filter is built against a parameter list that the caller keeps appending to; the SQL text
// depends only on which filters are present, which keeps the named prepared statements few.
import type { ItemQuery } from '../../types.js'
import { toCategoryKey } from '../rows.js'
import { addFactsConditions } from './facts-filter.js'
import { buildTsQuery } from './tsquery.js'

/** The text search configuration created by migration m01. */
export const TS_CONFIG = 'breachwire_search'

export interface PgFilter {
  /** SQL conditions, ANDed; empty when there is nothing to filter. */
  conditions: string[]
  /** The tsquery text and the parameter holding it ($n), when the query searches. */
  tsquery?: { param: string; text: string }
}

/** Appends a value to the parameter list and returns its placeholder. */
export function bind(values: unknown[], value: unknown): string {
  values.push(value)
  return `$${values.length}`
}

/**
 * Conditions over the items alias for the query's filters. Pass `shared` to reuse the
 * parameters another alias already bound (a correlated subquery over the same filters).
 */
export function buildItemFilter(
  query: Omit<ItemQuery, 'limit' | 'cursor'>,
  values: unknown[],
  alias = 'i',
  shared?: SharedParams,
): PgFilter & { params: SharedParams } {
  const conditions: string[] = []
  const params: SharedParams = { ...shared }
  if (query.sources !== undefined && query.sources.length > 0) {
    params.sources ??= bind(values, query.sources)
    conditions.push(`${alias}.source_id = any(${params.sources}::text[])`)
  }
  if (query.category !== undefined && query.category.trim() !== '') {
    params.category ??= bind(values, toCategoryKey(query.category))
    conditions.push(`exists (select 1 from item_categories c where c.item_id = ${alias}.id and c.name_key = ${params.category}::text)`)
  }
  let tsquery: PgFilter['tsquery']
  if (query.q !== undefined && query.q.trim() !== '') {
    const text = buildTsQuery(query.q)
    params.q ??= bind(values, text)
    tsquery = { param: params.q, text }
    // The expression of the items_search_all index (search-index.ts SEARCH_DOCUMENT, over this alias).
    conditions.push(`(${alias}.search || ${alias}.search_extra) @@ to_tsquery('${TS_CONFIG}', ${params.q}::text)`)
  }
  params.facts ??= {}
  addFactsConditions(query, values, alias, conditions, params.facts)
  return { conditions, params, ...(tsquery === undefined ? {} : { tsquery }) }
}

export interface SharedParams {
  sources?: string
  category?: string
  q?: string
  /** The facts filters' placeholders by name (facts-filter.ts). */
  facts?: Record<string, string>
}

/** `where a and b` (or '' when none), with extra conditions appended. */
export function renderWhere(conditions: string[], extra: string[] = []): string {
  const all = [...conditions, ...extra]
  return all.length === 0 ? '' : `where ${all.join(' and ')}`
}
