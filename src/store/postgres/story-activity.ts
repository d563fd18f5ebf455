// A story's activity time on PostgreSQL (see src/store/story-activity.ts for the why).
import type { PgContext } from './context.js'

export async function updateStoryActivity(ctx: PgContext, storyId: number): Promise<void> {
  await ctx.query(
    `update stories st set activity_at = m.newest
     from (select max(published_at) as newest from items where story_id = $1) m
     where st.id = $1 and st.activity_at is distinct from m.newest`,
    [storyId],
  )
}
