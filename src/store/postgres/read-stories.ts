// Stories for the API on PostgreSQL, as src/store/read-stories.ts (the assembly is shared).
import type { ApiStory, ApiStorySummary, ItemQuery, StoryPage } from '../../types.js'
import { assembleStories, type StoryMemberRow, type StoryRow, withRevisions } from '../assemble-story.js'
import type { PgContext } from './context.js'
import { loadStoryFacts } from './facts.js'
import { hydrateItems } from './hydrate.js'
import { listKeys } from './list-items.js'
import { listRevisions } from './revisions.js'

export async function getStory(ctx: PgContext, storyId: number): Promise<ApiStory | undefined> {
  if (!Number.isSafeInteger(storyId)) return undefined
  const [story] = await readStories(ctx, [storyId])
  if (story === undefined) return undefined
  return withRevisions(
    story,
    await listRevisions(
      ctx,
      story.reports.map((report) => report.id),
    ),
  )
}

export async function listStories(ctx: PgContext, query: ItemQuery): Promise<StoryPage> {
  const { rows, nextCursor } = await listKeys(ctx, query, true)
  return { stories: await readStories(ctx, [...new Set(rows.map((row) => row.story_id))]), nextCursor }
}

async function readStories(ctx: PgContext, storyIds: readonly number[]): Promise<ApiStorySummary[]> {
  if (storyIds.length === 0) return []
  const stories = await ctx.query<StoryRow>('select id, lead_item_id, activity_at from stories where id = any($1::bigint[])', [storyIds])
  const members = await ctx.query<StoryMemberRow>(
    `select i.story_id, i.id, i.source_id, i.url, i.title, i.published_at, m.reason, m.score, m.matched_item_id
     from items i left join story_members m on m.item_id = i.id and m.story_id = i.story_id
     where i.story_id = any($1::bigint[])
     order by i.story_id, i.published_at, i.id`,
    [storyIds],
  )
  const items = await hydrateItems(
    ctx,
    members.map((row) => row.id),
  )
  const facts = await loadStoryFacts(
    ctx,
    stories.flatMap((story) => (story.lead_item_id === null ? [] : [story.lead_item_id])),
  )
  return assembleStories(storyIds, stories, members, items, facts)
}
