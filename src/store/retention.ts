// Retention: delete items published before now − retentionDays, except each source's newest
// keepPerSource; and maxItemsPerSource: a source's items beyond its newest N. Tombstones are written first so a feed that still lists a pruned item does
// not bring it back; stories that lost members re-elect their lead or disappear. The full-text
// index follows through the delete trigger; categories, links and evidence through cascades.
import type { StoreContext } from './context.js'
import { leadOrder } from './story-leads.js'

export function pruneItems(ctx: StoreContext, now: string, retentionDays: number, keepPerSource: number): number {
  const at = Date.parse(now)
  if (!Number.isFinite(at) || !Number.isFinite(retentionDays)) return 0
  const cutoff = new Date(at - Math.max(0, retentionDays) * 86_400_000).toISOString()
  const keep = Math.max(0, Math.trunc(keepPerSource) || 0)
  return ctx.write(() => {
    startSelection(ctx)
    const selected = ctx
      .prepare(`insert into temp.prune_items (id)
                select id from (
                  select i.id, i.published_at,
                         row_number() over (partition by i.source_id order by i.published_at desc, i.id desc) as n
                  from items i)
                where n > @keep and published_at < @cutoff`)
      .run({ keep, cutoff })
    return selected.changes === 0 ? 0 : pruneSelected(ctx, now)
  })
}

/** maxItemsPerSource: the source's items beyond its newest maxItems go, the same way. */
export function capSourceItems(ctx: StoreContext, sourceId: string, maxItems: number, now: string): number {
  const keep = Math.max(0, Math.trunc(maxItems) || 0)
  return ctx.write(() => {
    startSelection(ctx)
    const selected = ctx
      .prepare(`insert into temp.prune_items (id)
                select id from items where source_id = @sourceId
                order by published_at desc, id desc limit -1 offset @keep`)
      .run({ sourceId, keep })
    return selected.changes === 0 ? 0 : pruneSelected(ctx, now)
  })
}

function startSelection(ctx: StoreContext): void {
  ctx.db.exec(`create temp table if not exists prune_items (id integer primary key);
               create temp table if not exists prune_stories (id integer primary key);
               delete from temp.prune_items; delete from temp.prune_stories;`)
}

/** Tombstones, then deletes the items in temp.prune_items; their stories re-elect a lead or go. */
function pruneSelected(ctx: StoreContext, now: string): number {
  ctx
    .prepare(`insert into tombstones (source_id, identity_key, pruned_at)
              select source_id, identity_key, @now from items where id in (select id from temp.prune_items)
              on conflict do update set pruned_at = excluded.pruned_at`)
    .run({ now })
  ctx.prepare('insert into temp.prune_stories (id) select distinct story_id from items where id in (select id from temp.prune_items)').run()
  ctx.prepare('delete from story_members where item_id in (select id from temp.prune_items)').run()
  const deleted = ctx.prepare('delete from items where id in (select id from temp.prune_items)').run().changes
  ctx
    .prepare(`update stories set (lead_item_id, lead_published_at) = (
                select i.id, i.published_at from items i where i.story_id = stories.id order by ${leadOrder} limit 1)
              where id in (select id from temp.prune_stories)`)
    .run()
  ctx.prepare('delete from stories where lead_item_id is null and id in (select id from temp.prune_stories)').run()
  // A story whose newest report went is active as of its newest remaining one.
  ctx
    .prepare(`update stories set activity_at = (select max(i.published_at) from items i where i.story_id = stories.id)
              where id in (select id from temp.prune_stories)`)
    .run()
  ctx.db.exec('delete from temp.prune_items; delete from temp.prune_stories;')
  return deleted
}
