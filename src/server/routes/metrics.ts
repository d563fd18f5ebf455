// GET /metrics: the registry in Prometheus text format.
import express from 'express'
import type { Request, Response } from 'express'
import type { Metrics } from '../metrics.js'

export function metricsRouter(metrics: Metrics): express.Router {
  const router = express.Router()
  router.get('/metrics', async (_req: Request, res: Response) => {
    const text = await metrics.registry.metrics()
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Content-Type', metrics.registry.contentType)
    res.status(200).send(text)
  })
  return router
}
