// Story bookkeeping shared by upsert, assignment, merging and retention (as src/store/story-leads.ts).
import { leadOrder } from '../story-leads.js'
import type { PgContext } from './context.js'
import { updateStoryActivity } from './story-activity.js'

/** A new story led by the given item. Resolves to the story id. */
export async function createStory(ctx: PgContext, leadItemId: number | null, leadPublishedAt: string | null, now: string): Promise<number> {
  const [row] = await ctx.query<{ id: number }>(
    'insert into stories (lead_item_id, lead_published_at, activity_at, created_at) values ($1, $2, $2, $3) returning id',
    [leadItemId, leadPublishedAt, now],
  )
  return row!.id
}

/**
 * Makes the story's earliest credible member its lead (see leadOrder; ties: lowest id), or
 * deletes the story when no member is left. Resolves to false when the story was deleted.
 */
export async function electStoryLead(ctx: PgContext, storyId: number): Promise<boolean> {
  const [lead] = await ctx.query<{ id: number; published_at: string }>(
    `select id, published_at from items where story_id = $1 order by ${leadOrder} limit 1`,
    [storyId],
  )
  if (lead === undefined) {
    await ctx.query('delete from stories where id = $1', [storyId])
    return false
  }
  await ctx.query(
    `update stories set lead_item_id = $1, lead_published_at = $2
     where id = $3 and (lead_item_id is distinct from $1 or lead_published_at is distinct from $2)`,
    [lead.id, lead.published_at, storyId],
  )
  await updateStoryActivity(ctx, storyId)
  return true
}
