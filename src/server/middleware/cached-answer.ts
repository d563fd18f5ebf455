// Serving a route through a response cache: the key joins the route's variant (route, base
// URL, normalized query) with the store generation and the config version, so a body is rendered
// once per data or config change and served from memory in between. An answer whose bytes also
// depend on the clock (reader pages print "3 hours ago") adds an epoch: the key moves with it.
import type { Request, RequestHandler } from 'express'
import type { AppContext } from '../context.js'
import { type RenderedBody, type ResponseCache, sendCached } from '../http-cache.js'
import type { MissBudget } from './miss-budget.js'
import { resolveConfigVersion } from './read-items.js'

/** What a cached route answers for one request (validated; throws BadQueryError on bad input). */
export interface CachedAnswer {
  variant: string
  maxAgeSeconds: number
  render: () => Promise<RenderedBody>
  /** Part of the key besides generation and config: a clock step for answers that show relative times. */
  epoch?: number
}

/** Reads a request into its answer. */
export type DescribeAnswer = (req: Request) => CachedAnswer | Promise<CachedAnswer>

/** The cache key: variant + store generation + config version (+ the answer's epoch, if any). */
function resolveAnswerKey(ctx: AppContext, variant: string, epoch?: number): string {
  const key = `${variant}\u0000${ctx.store.generation()}\u0000${resolveConfigVersion(ctx.getConfig())}`
  return epoch === undefined ? key : `${key}\u0000${epoch}`
}

/**
 * The route handler of a cached route: the cached body when there is one for the request's key
 * (no store call), else rendered once and kept, for one token of the client's miss budget (a 429
 * without one). A bad parameter rejects, and Express 5 hands the rejection to the error middleware.
 */
export function serveCachedAnswer(
  ctx: AppContext,
  cache: ResponseCache,
  describe: DescribeAnswer,
  misses: MissBudget | null,
): RequestHandler {
  return async (req, res) => {
    const answer = await describe(req)
    const key = resolveAnswerKey(ctx, answer.variant, answer.epoch)
    // A request that joins a render already running costs the server nothing more.
    if (misses !== null && !cache.has(key)) misses.charge(req, res)
    const entry = await cache.getOrRender(key, answer.variant, answer.render)
    sendCached(req, res, entry, { maxAgeSeconds: answer.maxAgeSeconds })
  }
}
