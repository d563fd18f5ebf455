// The reader pages' response cache: one per app (createApp makes it for the page routes of the
// route table), apart from the feeds' so a burst of searches never evicts a feed. A page is
// rendered once per (path, normalized query, store generation, config, clock step) and then
// served from memory, with gzip/br variants, ETag and 304s (http-cache.ts).
//
// Relative dates ("3 hours ago") are computed at render, so the clock is part of the key: the
// key moves every RELATIVE_TIME_STEP_MS and the next request renders again. A cached page's
// relative dates are at most a minute behind, which is what their wording can show anyway ("just
// now" covers the first minute, and minutes are the finest unit). Pages are sent with max-age=0:
// a browser revalidates each view (a cheap 304 while nothing changed), so a reload after a poll
// always shows the new posts.
import type { AppContext } from '../context.js'
import { createResponseCache, type ResponseCache } from '../http-cache.js'

/** How long a rendered page's relative dates stay as printed. */
export const RELATIVE_TIME_STEP_MS = 60_000
/** Browsers revalidate every view (If-None-Match → 304). */
export const PAGE_MAX_AGE_SECONDS = 0
/** A page cache on the app's clock, with the default byte budget (http-cache.ts): a few hundred pages of 20–60 KiB. */
export function createPageCache(ctx: AppContext): ResponseCache {
  return createResponseCache(ctx.now ? { now: ctx.now } : {})
}

/** The clock step `now` falls in (part of every page's cache key). */
export function resolveTimeStep(now: Date): number {
  return Math.floor(now.getTime() / RELATIVE_TIME_STEP_MS)
}
