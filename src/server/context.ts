// What every route gets: the store, the current config (re-read on edits), an injectable clock,
// the metrics registry, and the public base URL feeds use for self links.
import type { AppConfig, Store } from '../types.js'
import type { Metrics } from './metrics.js'
import type { LimitOptions } from './middleware/limits.js'

export interface AppContext {
  store: Store
  /** The config as of now; feeds.json edits show up without a restart. */
  getConfig: () => AppConfig
  /** Clock for tests; defaults to the real time. */
  now?: () => Date
  /** Shared with the poller so one /metrics shows both; createApp makes one when absent. */
  metrics?: Metrics
  /**
   * `https://news.example` (no trailing slash) for self links (--public-url, BREACHWIRE_PUBLIC_URL);
   * else settings.publicUrl, else the address the server listens on (middleware/base-url.ts).
   */
  publicUrl?: string
  /** Guards /metrics and /status (middleware/operator-token.ts); default BREACHWIRE_OPERATOR_TOKEN, none: public. */
  operatorToken?: string
  /** Request limits, rate limits and the miss budget; default from BREACHWIRE_RATE_LIMIT (middleware/limits.ts). */
  limits?: LimitOptions
}
