// Facts on SQLite: one item_facts row per item (the facts as JSON, its record count as a column
// for minRecords) and one item_facets row per (kind, key) for the org/actor/sector/country/
// dataType filters, the facet counts and the org and actor pages. Written by the poller's facts
// step for every new or changed item; items from before the facts migration have no row until
// the backfill reaches them (listItemsWithoutFacts), and read as empty facts until then.
import type { Facts, StoryFacts } from '../facts/index.js'
import type { FacetCounts, FactsOrigin, FactsSubject, ItemQuery } from '../types.js'
import type { StoreContext } from './context.js'
import { listFacets } from './facet-keys.js'
import {
  assembleFacetCounts,
  assembleStoryFacts,
  FACET_POOL,
  type FacetCountRow,
  type MemberFactsRow,
  toContractFacts,
} from './facts-rows.js'
import { buildItemFilter, renderWhere } from './filters.js'
import { toJsonList } from './rows.js'

export function saveFacts(ctx: StoreContext, itemId: number, facts: Facts, origin: FactsOrigin): void {
  ctx.write(() => {
    ctx
      .prepare(`insert into item_facts (item_id, records, origin, facts) values (?, ?, ?, ?)
                on conflict (item_id) do update set records = excluded.records, origin = excluded.origin, facts = excluded.facts`)
      .run(itemId, facts.records, origin, JSON.stringify(toContractFacts(facts)))
    ctx.prepare('delete from item_facets where item_id = ?').run(itemId)
    const insert = ctx.prepare('insert into item_facets (kind, key, item_id, name) values (?, ?, ?, ?)')
    for (const facet of listFacets(facts)) insert.run(facet.kind, facet.key, itemId, facet.name)
  })
}

export function listItemsWithoutFacts(ctx: StoreContext, limit: number): FactsSubject[] {
  const n = Math.max(1, Math.min(10_000, Math.trunc(limit) || 1))
  const rows = ctx
    .prepare(`select i.id, i.title, i.summary_text, i.content_html from items i
              where not exists (select 1 from item_facts f where f.item_id = i.id)
              order by i.id limit ?`)
    .all(n) as { id: number; title: string; summary_text: string; content_html: string }[]
  return rows.map((row) => ({ id: row.id, title: row.title, summaryText: row.summary_text, contentHtml: row.content_html }))
}

export function loadStoryFacts(ctx: StoreContext, itemIds: readonly number[]): Map<number, StoryFacts> {
  if (itemIds.length === 0) return new Map()
  const rows = ctx
    .prepare(`select q.id as for_id, m.id, m.published_at, f.facts
              from items q join items m on m.story_id = q.story_id
                left join item_facts f on f.item_id = m.id
              where q.id in (select value from json_each(?))
              order by q.id, m.published_at, m.id`)
    .all(toJsonList(itemIds)) as MemberFactsRow[]
  return assembleStoryFacts(itemIds, rows)
}

/**
 * The top `perKind` values of each facet over the newest FACET_POOL matching items (search ranks
 * a pool of the same size; counting every match of a common word took a second at 20,000 items).
 * The name shown is the alphabetically first spelling.
 */
export function countFacets(ctx: StoreContext, query: Omit<ItemQuery, 'limit' | 'cursor'>, perKind: number): FacetCounts {
  const n = Math.max(1, Math.min(100, Math.trunc(perKind) || 10))
  const filter = buildItemFilter(query)
  const rows = ctx
    .prepare(`select kind, key, name, n from (
                select f.kind, f.key, min(f.name) as name, count(*) as n,
                       row_number() over (partition by f.kind order by count(*) desc, f.key) as pick
                from item_facets f join (select i.id from items i ${renderWhere(filter)} order by i.id desc limit @pool) m
                  on m.id = f.item_id
                group by f.kind, f.key)
              where pick <= @perKind order by kind, n desc, key`)
    .all({ ...filter.params, perKind: n, pool: FACET_POOL }) as FacetCountRow[]
  return assembleFacetCounts(rows)
}

export function findFacetName(ctx: StoreContext, kind: 'org' | 'actor', key: string): string | null {
  const value = ctx
    .prepare('select name from item_facets where kind = ? and key = ? group by name order by count(*) desc, name limit 1')
    .pluck()
    .get(kind, key)
  return typeof value === 'string' ? value : null
}
