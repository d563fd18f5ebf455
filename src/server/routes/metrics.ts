// GET /metrics: the registry in Prometheus text format.
import type { RequestHandler } from 'express'
import type { Metrics } from '../metrics.js'

export function answerMetrics(metrics: Metrics): RequestHandler {
  return async (_req, res) => {
    const text = await metrics.registry.metrics()
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Content-Type', metrics.registry.contentType)
    res.status(200).send(text)
  }
}
