// GET /healthz: 200 {"ok":true, items, sources, generation} while the database answers, else 503.
// The database is pinged on every request; the counts are read once per store generation (they
// cannot change without one), so monitors polling it in a loop cost a `select 1` each, not a
// count over every item and a read of every source (10,000 sources: tens of milliseconds).
import type { RequestHandler } from 'express'
import { log } from '../../lib/log.js'
import type { AppContext } from '../context.js'

export function answerHealth(ctx: AppContext): RequestHandler {
  let counts: { generation: number; items: number; sources: number } | undefined
  return async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    try {
      await ctx.store.ping()
      const generation = ctx.store.generation()
      if (counts?.generation !== generation) {
        const items = await ctx.store.countItems()
        const sources = (await ctx.store.listSources()).filter((source) => source.inConfig).length
        counts = { generation, items, sources }
      }
      res.status(200).json({ ok: true, items: counts.items, sources: counts.sources, generation })
    } catch (err) {
      log.error('Health check failed: the database does not answer', { error: err instanceof Error ? err.message : String(err) })
      res.status(503).json({ ok: false, error: 'database unavailable' })
    }
  }
}
