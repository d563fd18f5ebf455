// The WHERE fragments shared by every read query: sources, category, full-text, and the facts
// filters (facts-filter.ts). Each is SQL over an items alias (default `i`) with named
// parameters, so statements stay cacheable by shape.
// Category uses a correlated EXISTS, so a common category walks the published index and stops
// at the page (a rare one costs one index scan); full-text uses IN over the FTS match set.
import type { ItemQuery } from '../types.js'
import { addFactsConditions } from './facts-filter.js'
import { buildFtsQuery } from './fts-query.js'
import { toCategoryKey, toJsonList } from './rows.js'

export interface ItemFilter {
  /** SQL conditions over `i`, ANDed; empty when there is nothing to filter. */
  conditions: string[]
  params: Record<string, unknown>
}

export function buildItemFilter(query: Omit<ItemQuery, 'limit' | 'cursor'>, alias = 'i'): ItemFilter {
  const conditions: string[] = []
  const params: Record<string, unknown> = {}
  if (query.sources !== undefined && query.sources.length > 0) {
    conditions.push(`${alias}.source_id in (select value from json_each(@sources))`)
    params['sources'] = toJsonList(query.sources)
  }
  if (query.category !== undefined && query.category.trim() !== '') {
    conditions.push(`exists (select 1 from item_categories c where c.item_id = ${alias}.id and c.name_key = @category)`)
    params['category'] = toCategoryKey(query.category)
  }
  if (query.q !== undefined && query.q.trim() !== '') {
    conditions.push(`${alias}.id in (select rowid from items_fts where items_fts match @fts)`)
    params['fts'] = buildFtsQuery(query.q)
  }
  addFactsConditions(query, alias, conditions, params)
  return { conditions, params }
}

/** `where a and b` (or '' when none), with extra conditions appended. */
export function renderWhere(filter: ItemFilter, extra: string[] = []): string {
  const all = [...filter.conditions, ...extra]
  return all.length === 0 ? '' : `where ${all.join(' and ')}`
}

/** Clamps a caller's limit to 1..500 (callers clamp already; this is the guard). */
export function clampLimit(limit: number): number {
  if (!Number.isFinite(limit)) return 50
  return Math.min(500, Math.max(1, Math.trunc(limit)))
}
