// Serving a route through the response cache: the key joins the route's variant (route, base
// URL, normalized query) with the store generation and the config version, so a body is rendered
// once per data or config change and served from memory in between.
import type { Request, Response } from 'express'
import type { AppContext } from '../context.js'
import { sendCached, type RenderedBody, type ResponseCache } from '../http-cache.js'
import { resolveConfigVersion } from './read-items.js'

/** Feeds: about a third of the default 15-minute poll interval. */
export const FEED_MAX_AGE_SECONDS = 300
/** API answers: fresher, for tools that poll it. */
export const API_MAX_AGE_SECONDS = 60

export function sendCachedAnswer(
  ctx: AppContext,
  cache: ResponseCache,
  req: Request,
  res: Response,
  answer: { variant: string; maxAgeSeconds: number; render: () => RenderedBody },
): void {
  const generation = ctx.store.generation()
  const configVersion = resolveConfigVersion(ctx.getConfig())
  const key = `${answer.variant}\u0000${generation}\u0000${configVersion}`
  const entry = cache.getOrRender(key, answer.variant, answer.render)
  sendCached(req, res, entry, { maxAgeSeconds: answer.maxAgeSeconds })
}
