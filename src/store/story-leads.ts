// Story bookkeeping shared by upsert, assignment and retention: create a story, re-elect its lead.
import type { StoreContext } from './context.js'
import { updateStoryActivity } from './story-activity.js'

/** A new story led by the given item. Returns the story id. */
export function createStory(ctx: StoreContext, leadItemId: number | null, leadPublishedAt: string | null, now: string): number {
  const info = ctx
    .prepare('insert into stories (lead_item_id, lead_published_at, activity_at, created_at) values (?, ?, ?, ?)')
    .run(leadItemId, leadPublishedAt, leadPublishedAt, now)
  return Number(info.lastInsertRowid)
}

/**
 * The order a story's members compete for its lead in: credible reports first (cannot_lead is
 * false/0 before true/1 on both engines), then the earliest published, then the lowest id.
 */
export const leadOrder = 'cannot_lead, published_at, id'

/**
 * Makes the story's earliest credible member its lead (see leadOrder; ties: lowest id), or
 * deletes the story when no member is left. Returns false when the story was deleted.
 */
export function electStoryLead(ctx: StoreContext, storyId: number): boolean {
  const lead = ctx.prepare(`select id, published_at from items where story_id = ? order by ${leadOrder} limit 1`).get(storyId) as
    | { id: number; published_at: string }
    | undefined
  if (lead === undefined) {
    ctx.prepare('delete from stories where id = ?').run(storyId)
    return false
  }
  ctx
    .prepare(`update stories set lead_item_id = ?, lead_published_at = ?
              where id = ? and (lead_item_id is not ? or lead_published_at is not ?)`)
    .run(lead.id, lead.published_at, storyId, lead.id, lead.published_at)
  updateStoryActivity(ctx, storyId)
  return true
}
