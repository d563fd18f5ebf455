// The story API: GET /api/stories/:id (one story: every report, why it joined, the revisions) and
// GET /api/stories (one entry per story, the /api/items filters, cursor pages, ?order=).

import { BadQueryError } from '../../errors.js'
import type { AppContext } from '../context.js'
import { resolveCacheMaxAges } from '../http-cache.js'
import type { DescribeAnswer } from '../middleware/cached-answer.js'
import { findNewestActivity, isKnownSource } from '../middleware/read-items.js'
import { extractSearch, formatItemQuery, parseRawQuery, readItemQuery } from '../query.js'

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/** GET /api/stories/:id: 400 for an id that is not a story id, 404 for an unknown story. */
export function describeApiStory(ctx: AppContext, rawId: string): DescribeAnswer {
  return () => {
    const id = readStoryId(rawId)
    return {
      variant: `api-story\u0000${id}`,
      maxAgeSeconds: resolveCacheMaxAges(ctx.getConfig()).apiSeconds,
      render: async () => {
        const story = await ctx.store.getStory(id)
        if (story === undefined) {
          return { body: JSON.stringify({ error: `unknown story ${id}` }), contentType: JSON_CONTENT_TYPE, lastModified: null, status: 404 }
        }
        return { body: JSON.stringify(story), contentType: JSON_CONTENT_TYPE, lastModified: story.lastActivity }
      },
    }
  }
}

/** GET /api/stories: one entry per story (?source= keeps stories with a report from it), newest activity first. */
export function describeApiStories(ctx: AppContext): DescribeAnswer {
  return async (req) => {
    const config = ctx.getConfig()
    const query = await readItemQuery(parseRawQuery(extractSearch(req.originalUrl)), {
      isKnownSource: (id) => isKnownSource(ctx.store, config, id),
      allowCursor: true,
    })
    return {
      variant: `api-stories\u0000${formatItemQuery(query)}`,
      maxAgeSeconds: resolveCacheMaxAges(config).apiSeconds,
      render: async () => {
        const page = await ctx.store.listStories(query)
        return {
          body: JSON.stringify({ stories: page.stories, nextCursor: page.nextCursor }),
          contentType: JSON_CONTENT_TYPE,
          lastModified: findNewestActivity(page.stories),
        }
      },
    }
  }
}

/** A story id: a positive integer, written plainly. */
export function readStoryId(raw: string): number {
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(id)) {
    throw new BadQueryError(
      `Expected the story \`id\` to be a positive integer, got \`${raw.slice(0, 40).replace(/[\u0000-\u001F\u007F]/g, '?')}\``,
    )
  }
  return id
}
