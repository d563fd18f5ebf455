// Times every request and reports it by route pattern (never the raw path, to bound label values).
import type { NextFunction, Request, Response } from 'express'
import type { Metrics } from '../metrics.js'

export function recordRequestMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint()
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      metrics.observeRequest(resolveRouteLabel(req), req.method, res.statusCode, seconds)
    })
    next()
  }
}

function resolveRouteLabel(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`
  if (req.originalUrl.startsWith('/static/')) return '/static'
  return 'unmatched'
}
