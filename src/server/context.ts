// What every route gets: the store, the current config (re-read on edits), an injectable clock,
// the metrics registry, and the public base URL feeds use for self links.
import type { AppConfig, Store } from '../types.js'
import type { Metrics } from './metrics.js'

export interface AppContext {
  store: Store
  /** The config as of now; feeds.json edits show up without a restart. */
  getConfig: () => AppConfig
  /** Clock for tests; defaults to the real time. */
  now?: () => Date
  /** Shared with the poller so one /metrics shows both; createApp makes one when absent. */
  metrics?: Metrics
  /** `https://news.example` (no trailing slash) for self links; else taken from the request's Host. */
  publicUrl?: string
}
