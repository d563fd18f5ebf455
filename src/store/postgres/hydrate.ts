// Turns a page of item ids into ApiItems in four batched queries: the rows with source titles,
// their categories, every other member of their stories, and their facts. The assembly is the
// SQLite engine's (src/store/hydrate.ts); only the queries are this dialect's.
import type { ApiItem } from '../../types.js'
import { assembleApiItems, attachFacts, type FactsRow, type MemberRow, type PageRow, revisionColumns } from '../hydrate.js'
import type { PgContext } from './context.js'

export async function hydrateItems(ctx: PgContext, ids: readonly number[]): Promise<ApiItem[]> {
  if (ids.length === 0) return []
  const rows = await ctx.query<PageRow>(
    `select i.id, i.source_id, s.title as source_title, i.title, i.url, i.guid, i.author, i.published_at,
            i.updated_at, i.summary_text, i.content_html, i.story_id, ${revisionColumns}
     from items i join sources s on s.id = i.source_id where i.id = any($1::bigint[])`,
    [ids],
  )
  const categoryRows = await ctx.query<{ item_id: number; name: string }>(
    'select item_id, name from item_categories where item_id = any($1::bigint[]) order by id',
    [ids],
  )
  const memberRows = await ctx.query<MemberRow>(
    `select i.story_id, i.id, i.source_id, s.title as source_title, i.url, m.reason
     from items i join sources s on s.id = i.source_id
       left join story_members m on m.item_id = i.id and m.story_id = i.story_id
     where i.story_id = any($1::bigint[])
     order by i.story_id, i.published_at, i.id`,
    [[...new Set(rows.map((row) => row.story_id))]],
  )
  const factsRows = await ctx.query<FactsRow>('select item_id, facts from item_facts where item_id = any($1::bigint[])', [ids])
  return attachFacts(assembleApiItems(ids, rows, categoryRows, memberRows), factsRows)
}
