// Retention on PostgreSQL, as src/store/retention.ts: items published before now − retentionDays
// go, except each source's newest keepPerSource (and maxItemsPerSource: beyond the newest N); tombstones first, so a feed that still lists a
// pruned item does not bring it back; stories that lost members re-elect their lead or go.
// Categories, links, evidence and tokens follow through ON DELETE CASCADE.

import { leadOrder } from '../story-leads.js'
import type { PgContext } from './context.js'

export async function pruneItems(ctx: PgContext, now: string, retentionDays: number, keepPerSource: number): Promise<number> {
  const at = Date.parse(now)
  if (!Number.isFinite(at) || !Number.isFinite(retentionDays)) return 0
  const cutoff = new Date(at - Math.max(0, retentionDays) * 86_400_000).toISOString()
  const keep = Math.max(0, Math.trunc(keepPerSource) || 0)
  return ctx.write(async (tx) => {
    const selected = await tx.query<{ id: number; story_id: number }>(
      `select id, story_id from (
         select i.id, i.story_id, i.published_at,
                row_number() over (partition by i.source_id order by i.published_at desc, i.id desc) as n
         from items i) ranked
       where n > $1 and published_at < $2::text`,
      [keep, cutoff],
    )
    return await pruneSelected(tx, selected, now)
  })
}

/** maxItemsPerSource: the source's items beyond its newest maxItems go, the same way. */
export async function capSourceItems(ctx: PgContext, sourceId: string, maxItems: number, now: string): Promise<number> {
  const keep = Math.max(0, Math.trunc(maxItems) || 0)
  return ctx.write(async (tx) => {
    const selected = await tx.query<{ id: number; story_id: number }>(
      'select id, story_id from items where source_id = $1 order by published_at desc, id desc offset $2',
      [sourceId, keep],
    )
    return await pruneSelected(tx, selected, now)
  })
}

/** Tombstones, then deletes the selected items; their stories re-elect a lead or go. */
async function pruneSelected(tx: PgContext, selected: { id: number; story_id: number }[], now: string): Promise<number> {
  if (selected.length === 0) return 0
  const ids = selected.map((row) => row.id)
  const stories = [...new Set(selected.map((row) => row.story_id))]
  await tx.query(
    `insert into tombstones (source_id, identity_key, pruned_at)
     select source_id, identity_key, $2 from items where id = any($1::bigint[])
     on conflict (source_id, identity_key) do update set pruned_at = excluded.pruned_at`,
    [ids, now],
  )
  await tx.query('delete from story_members where item_id = any($1::bigint[])', [ids])
  const deleted = await tx.query<{ id: number }>('delete from items where id = any($1::bigint[]) returning id', [ids])
  await tx.query(
    `update stories st set (lead_item_id, lead_published_at) = (
       select i.id, i.published_at from items i where i.story_id = st.id order by ${leadOrder} limit 1)
     where st.id = any($1::bigint[])`,
    [stories],
  )
  await tx.query('delete from stories where lead_item_id is null and id = any($1::bigint[])', [stories])
  // A story whose newest report went is active as of its newest remaining one.
  await tx.query(
    `update stories st set activity_at = (select max(i.published_at) from items i where i.story_id = st.id)
     where st.id = any($1::bigint[])`,
    [stories],
  )
  return deleted.length
}
