// GET /healthz: 200 {"ok":true, items, sources, generation} while the database answers, else 503.
import type { RequestHandler } from 'express'
import { log } from '../../lib/log.js'
import type { AppContext } from '../context.js'

export function answerHealth(ctx: AppContext): RequestHandler {
  return async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    try {
      await ctx.store.ping()
      const body = {
        ok: true,
        items: await ctx.store.countItems(),
        sources: (await ctx.store.listSources()).filter((source) => source.inConfig).length,
        generation: ctx.store.generation(),
      }
      res.status(200).json(body)
    } catch (err) {
      log.error('Health check failed: the database does not answer', { error: err instanceof Error ? err.message : String(err) })
      res.status(503).json({ ok: false, error: 'database unavailable' })
    }
  }
}
