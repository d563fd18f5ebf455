// Serving a route through the response cache: the key joins the route's variant (route, base
// URL, normalized query) with the store generation and the config version, so a body is rendered
// once per data or config change and served from memory in between. An answer whose bytes also
// depend on the clock (reader pages print "3 hours ago") adds an epoch: the key moves with it.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Request, Response } from 'express'
import type { AppContext } from '../context.js'
import { sendCached, type RenderedBody, type ResponseCache } from '../http-cache.js'
import { resolveConfigVersion } from './read-items.js'

/** What a cached route answers for one request (validated; throws BadQueryError on bad input). */
export interface CachedAnswer {
  variant: string
  maxAgeSeconds: number
  render: () => RenderedBody
  /** Part of the key besides generation and config: a clock step for answers that show relative times. */
  epoch?: number
}

/** Reads a request (node's own type: the fast path has no Express request) into its answer. */
export type DescribeAnswer = (req: IncomingMessage) => CachedAnswer

/** The cache key: variant + store generation + config version (+ the answer's epoch, if any). */
export function resolveAnswerKey(ctx: AppContext, variant: string, epoch?: number): string {
  const key = `${variant}\u0000${ctx.store.generation()}\u0000${resolveConfigVersion(ctx.getConfig())}`
  return epoch === undefined ? key : `${key}\u0000${epoch}`
}

export function sendCachedAnswer(ctx: AppContext, cache: ResponseCache, req: IncomingMessage, res: ServerResponse, answer: CachedAnswer): void {
  const entry = cache.getOrRender(resolveAnswerKey(ctx, answer.variant, answer.epoch), answer.variant, answer.render)
  sendCached(req, res, entry, { maxAgeSeconds: answer.maxAgeSeconds })
}

/** An Express handler for a cached route. */
export function serveCachedAnswer(ctx: AppContext, cache: ResponseCache, describe: DescribeAnswer) {
  return (req: Request, res: Response): void => sendCachedAnswer(ctx, cache, req, res, describe(req))
}
