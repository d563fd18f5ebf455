// GET /stories/:id — one story: every report as a timeline, who reported first and why each
// report joined. Cached like the other reader pages.
import type { AppContext } from '../context.js'
import type { CachedAnswer } from '../middleware/cached-answer.js'
import { readNow, renderNotFoundHtml, toPageAnswer } from './page-answers.js'
import { renderPageHtml } from './render.js'
import { buildSidebarView, loadSidebarData } from './sidebar.js'
import { toStoryPageView } from './story-views.js'

/** Story ids are positive integers; anything else names no story. */
const STORY_ID = /^[1-9]\d{0,15}$/

export function describeStoryPage(ctx: AppContext, rawId: string): CachedAnswer {
  const now = readNow(ctx)
  return toPageAnswer(`/stories/\u0000${rawId}`, now, async () => {
    const notFound = {
      status: 404,
      html: renderNotFoundHtml(`/stories/${rawId}`, 'There is no story with that number. It may have been merged into another or pruned.'),
    }
    const id = Number(rawId)
    if (!STORY_ID.test(rawId) || !Number.isSafeInteger(id)) return notFound
    const story = await ctx.store.getStory(id)
    if (story === undefined) return notFound
    const sidebarData = await loadSidebarData(ctx.store)
    const view = toStoryPageView(story, now)
    return {
      status: 200,
      html: renderPageHtml(
        'story',
        { story: view },
        {
          title: view.title,
          description: `${view.reportsLabel} of one incident, gathered by breachwire: who reported first and why each report belongs.`,
          sidebar: buildSidebarView(sidebarData, now),
        },
      ),
      lastModified: story.lastActivity,
    }
  })
}
