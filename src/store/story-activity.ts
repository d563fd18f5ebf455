// A story's activity time: the newest publication time among its reports. The river orders by it
// by default, so a follow-up report lifts its story; an edit (a revision) does not, since an
// item's own place is its publication time. Kept current wherever membership or dates change
// (every path that re-elects a lead calls this).
import type { StoreContext } from './context.js'

export function updateStoryActivity(ctx: StoreContext, storyId: number): void {
  ctx
    .prepare(`update stories set activity_at = (select max(published_at) from items where story_id = @storyId)
              where id = @storyId and activity_at is not (select max(published_at) from items where story_id = @storyId)`)
    .run({ storyId })
}
