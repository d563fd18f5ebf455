// The web server: createApp(ctx) builds the Express app (the caller listens).
export { createApp } from './app.js'
export type { AppContext } from './context.js'
export type { Metrics, MetricsOptions } from './metrics.js'
export { createMetrics } from './metrics.js'
