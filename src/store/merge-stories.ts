// Merging two stories when a new item turns out to be the link between them (dedup's
// findBridgedStories). Every member of the absorbed story keeps its own stored reason; its founder,
// which had none, records the bridge: the reason as seen from its side, matched to the bridging item.
import type { MergeReason, StoryBridge } from '../types.js'
import type { StoreContext } from './context.js'
import { electStoryLead } from './story-leads.js'

const MIRRORED: Record<MergeReason, MergeReason> = {
  same_url: 'same_url',
  cites_item: 'cited_by_item',
  cited_by_item: 'cites_item',
  shared_citation: 'shared_citation',
  similar_title: 'similar_title',
  same_org: 'same_org',
}

/**
 * Moves every item of `fromStoryId` into `intoStoryId`, re-elects the lead and deletes the
 * emptied story. Refused (false, nothing changed) when either story is missing, they are the
 * same, or they hold reports from one source (a source reports a story once).
 */
export function mergeStories(ctx: StoreContext, intoStoryId: number, fromStoryId: number, bridge: StoryBridge): boolean {
  return ctx.write(() => {
    if (intoStoryId === fromStoryId) return false
    const found = ctx.prepare('select count(*) from stories where id in (?, ?)').pluck().get(intoStoryId, fromStoryId) as number
    if (found !== 2) return false
    const overlap = ctx
      .prepare(`select 1 from items a join items b on b.source_id = a.source_id
                where a.story_id = ? and b.story_id = ? limit 1`)
      .get(intoStoryId, fromStoryId)
    if (overlap !== undefined) return false
    const founder = ctx
      .prepare(`select i.id from items i left join story_members m on m.item_id = i.id
                where i.story_id = ? and m.item_id is null order by i.published_at, i.id limit 1`)
      .pluck()
      .get(fromStoryId) as number | undefined
    if (founder !== undefined) {
      ctx
        .prepare(`insert into story_members (item_id, story_id, reason, score, matched_item_id) values (?, ?, ?, ?, ?)
                  on conflict (item_id) do update set story_id = excluded.story_id, reason = excluded.reason,
                    score = excluded.score, matched_item_id = excluded.matched_item_id`)
        .run(
          founder,
          intoStoryId,
          MIRRORED[bridge.reason],
          Number.isFinite(bridge.score) ? Math.min(1, Math.max(0, bridge.score)) : 0,
          bridge.itemId,
        )
    }
    ctx.prepare('update story_members set story_id = ? where story_id = ?').run(intoStoryId, fromStoryId)
    ctx.prepare('update items set story_id = ? where story_id = ?').run(intoStoryId, fromStoryId)
    electStoryLead(ctx, fromStoryId)
    electStoryLead(ctx, intoStoryId)
    return true
  })
}
