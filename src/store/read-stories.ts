// Stories for the API on SQLite: one story with its revisions, or a keyset-paged list of them.
// The queries are this engine's; the assembly is shared (assemble-story.ts).
import type { ApiStory, ApiStorySummary, ItemQuery, StoryPage } from '../types.js'
import { assembleStories, type StoryMemberRow, type StoryRow, withRevisions } from './assemble-story.js'
import type { StoreContext } from './context.js'
import { loadStoryFacts } from './facts.js'
import { hydrateItems } from './hydrate.js'
import { listKeys } from './list-items.js'
import { listRevisions } from './revisions.js'
import { toJsonList } from './rows.js'

export function getStory(ctx: StoreContext, storyId: number): ApiStory | undefined {
  if (!Number.isSafeInteger(storyId)) return undefined
  const [story] = readStories(ctx, [storyId])
  if (story === undefined) return undefined
  return withRevisions(
    story,
    listRevisions(
      ctx,
      story.reports.map((report) => report.id),
    ),
  )
}

export function listStories(ctx: StoreContext, query: ItemQuery): StoryPage {
  const { rows, nextCursor } = listKeys(ctx, query, true)
  return { stories: readStories(ctx, [...new Set(rows.map((row) => row.story_id))]), nextCursor }
}

function readStories(ctx: StoreContext, storyIds: readonly number[]): ApiStorySummary[] {
  if (storyIds.length === 0) return []
  const idList = toJsonList(storyIds)
  const stories = ctx
    .prepare('select id, lead_item_id, activity_at from stories where id in (select value from json_each(?))')
    .all(idList) as StoryRow[]
  const members = ctx
    .prepare(`select i.story_id, i.id, i.source_id, i.url, i.title, i.published_at, m.reason, m.score, m.matched_item_id
              from items i left join story_members m on m.item_id = i.id and m.story_id = i.story_id
              where i.story_id in (select value from json_each(?))
              order by i.story_id, i.published_at, i.id`)
    .all(idList) as StoryMemberRow[]
  const items = hydrateItems(
    ctx,
    members.map((row) => row.id),
  )
  const facts = loadStoryFacts(
    ctx,
    stories.flatMap((story) => (story.lead_item_id === null ? [] : [story.lead_item_id])),
  )
  return assembleStories(storyIds, stories, members, items, facts)
}
