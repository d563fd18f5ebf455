// Facts on PostgreSQL: the same tables and answers as src/store/facts.ts (read it for the why);
// only the queries are this dialect's.
import type { Facts, StoryFacts } from '../../facts/index.js'
import type { FacetCounts, FactsOrigin, FactsSubject, ItemQuery } from '../../types.js'
import { listFacets } from '../facet-keys.js'
import {
  assembleFacetCounts,
  assembleStoryFacts,
  FACET_POOL,
  type FacetCountRow,
  type MemberFactsRow,
  toContractFacts,
} from '../facts-rows.js'
import type { PgContext } from './context.js'
import { bind, buildItemFilter, renderWhere } from './filters.js'

export async function saveFacts(ctx: PgContext, itemId: number, facts: Facts, origin: FactsOrigin): Promise<void> {
  await ctx.write(async (tx) => {
    await tx.query(
      `insert into item_facts (item_id, records, origin, facts) values ($1, $2, $3, $4)
       on conflict (item_id) do update set records = excluded.records, origin = excluded.origin, facts = excluded.facts`,
      [itemId, facts.records, origin, JSON.stringify(toContractFacts(facts))],
    )
    await tx.query('delete from item_facets where item_id = $1', [itemId])
    const facets = listFacets(facts)
    if (facets.length === 0) return
    await tx.query(
      `insert into item_facets (kind, key, item_id, name)
       select kind, key, $1, name from unnest($2::text[], $3::text[], $4::text[]) as f (kind, key, name)`,
      [itemId, facets.map((f) => f.kind), facets.map((f) => f.key), facets.map((f) => f.name)],
    )
  })
}

export async function listItemsWithoutFacts(ctx: PgContext, limit: number): Promise<FactsSubject[]> {
  const n = Math.max(1, Math.min(10_000, Math.trunc(limit) || 1))
  const rows = await ctx.query<{ id: number; title: string; summary_text: string; content_html: string }>(
    `select i.id, i.title, i.summary_text, i.content_html from items i
     where not exists (select 1 from item_facts f where f.item_id = i.id)
     order by i.id limit $1`,
    [n],
  )
  return rows.map((row) => ({ id: row.id, title: row.title, summaryText: row.summary_text, contentHtml: row.content_html }))
}

export async function loadStoryFacts(ctx: PgContext, itemIds: readonly number[]): Promise<Map<number, StoryFacts>> {
  if (itemIds.length === 0) return new Map()
  const rows = await ctx.query<MemberFactsRow>(
    `select q.id as for_id, m.id, m.published_at, f.facts
     from items q join items m on m.story_id = q.story_id
       left join item_facts f on f.item_id = m.id
     where q.id = any($1::bigint[])
     order by q.id, m.published_at, m.id`,
    [itemIds],
  )
  return assembleStoryFacts(itemIds, rows)
}

/** Over the newest FACET_POOL matching items, as on SQLite (src/store/facts.ts). */
export async function countFacets(ctx: PgContext, query: Omit<ItemQuery, 'limit' | 'cursor'>, perKind: number): Promise<FacetCounts> {
  const n = Math.max(1, Math.min(100, Math.trunc(perKind) || 10))
  const values: unknown[] = []
  const filter = buildItemFilter(query, values)
  const rows = await ctx.query<FacetCountRow>(
    `select kind, key, name, n from (
       select f.kind, f.key, min(f.name) as name, count(*) as n,
              row_number() over (partition by f.kind order by count(*) desc, f.key) as pick
       from item_facets f join (select i.id from items i ${renderWhere(filter.conditions)} order by i.id desc limit ${bind(values, FACET_POOL)}) m
         on m.id = f.item_id
       group by f.kind, f.key) counted
     where pick <= ${bind(values, n)} order by kind, n desc, key`,
    values,
  )
  return assembleFacetCounts(rows)
}

export async function findFacetName(ctx: PgContext, kind: 'org' | 'actor', key: string): Promise<string | null> {
  const [row] = await ctx.query<{ name: string }>(
    'select name from item_facets where kind = $1 and key = $2 group by name order by count(*) desc, name limit 1',
    [kind, key],
  )
  return row?.name ?? null
}
