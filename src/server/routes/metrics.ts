// GET /metrics: the registry in Prometheus text format, rendered at most once every few seconds.
// A scrape reads every source's state from the store (0.2 s and 580 KB at 10,000 sources): a
// client asking in a loop must not make the server do that each time. Scrapers poll every 15 s
// or more, so a few seconds of staleness shows nowhere.
import type { RequestHandler } from 'express'
import type { Metrics } from '../metrics.js'

/** How long one rendering of the metrics is served. */
export const METRICS_TTL_MS = 5000

export function answerMetrics(metrics: Metrics, now: () => number = Date.now): RequestHandler {
  let rendered: { text: Promise<string>; at: number } | undefined
  return async (_req, res) => {
    const t = now()
    if (rendered === undefined || t - rendered.at >= METRICS_TTL_MS) {
      const text = metrics.registry.metrics()
      rendered = { text, at: t }
      // A failed rendering is not kept: the next scrape tries again.
      text.catch(() => {
        if (rendered?.text === text) rendered = undefined
      })
    }
    const text = await rendered.text
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Content-Type', metrics.registry.contentType)
    res.status(200).send(text)
  }
}
