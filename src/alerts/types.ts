// Watches (feeds.json "watches") and the alert outbox's shapes. No logic lives here.
//
//   feeds.json ─config→ Watch ─match (pure)→ WatchMatch + AlertDelivery rows (outbox, same
//   transaction as the item) ─delivery worker→ webhook POST | email ─→ sent | retried | failed

import type { Facts } from '../facts/types.js'
import type { ApiItem } from '../types.js'

export type WebhookFormat = 'json' | 'slack' | 'teams'
export type DigestMode = 'immediate' | 'daily'

export interface WebhookTarget {
  type: 'webhook'
  url: string
  format: WebhookFormat
  /** Name of the environment variable holding the HMAC secret (never the secret itself). */
  secretEnv?: string
}

export interface EmailTarget {
  type: 'email'
  to: string[]
  digest: DigestMode
  /** daily digests: the UTC time of day they go out, "HH:MM" (default "08:00"). */
  digestAt: string
}

export type NotifyTarget = WebhookTarget | EmailTarget

export interface Watch {
  id: string
  title: string
  /** A query in the /search syntax; null when only facts filters apply. */
  query: string | null
  org: string | null
  actor: string | null
  sector: string | null
  country: string | null
  dataType: string | null
  minRecords: number | null
  /** story: once per story that starts matching; report: every new matching report. */
  on: 'story' | 'report'
  notify: NotifyTarget[]
}

export interface SmtpSettings {
  host: string
  port: number
  secure: boolean
  user: string | null
  /** Name of the environment variable holding the password. */
  passwordEnv: string | null
  from: string
}

export interface AlertSettings {
  smtp: SmtpSettings | null
  /** Messages one watch sends per target per clock hour; the rest fold into one "and N more". */
  maxPerHour: number
  /** Send alerts for a source's first poll and for a new watch's first evaluation (default false: recorded, not sent). */
  sendBacklog: boolean
  /** Webhook request timeout. */
  timeoutSeconds: number
}

// ───────────────────────────── outbox ─────────────────────────────

/** What a message says about one matched report, copied when it matched (so pruning loses nothing). */
export interface MatchSnapshot {
  itemId: number
  storyId: number
  sourceId: string
  title: string
  url: string
  summary: string
  publishedAt: string
  facts: Facts
}

/** watch.test: `breachwire watch test` (a sample, never queued). */
export type AlertEvent = 'story.matched' | 'report.matched' | 'watch.test'

export interface NewWatchMatch {
  watchId: string
  /** "story:<id>" or "item:<id>": one match per watch and key. */
  key: string
  event: AlertEvent
  matchedAt: string
  /** Why no delivery was queued ('first_poll', 'backlog'); null when deliveries were. */
  suppressed: string | null
  snapshot: MatchSnapshot
}

export interface NewDelivery {
  /** Unique, sent as X-Breachwire-Delivery; stays the same across retries and restarts. */
  id: string
  /** Stable key of the target in the watch's notify list (see targetKey). */
  target: string
  nextAttemptAt: string
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'folded' | 'cancelled'

/** A claimed delivery with what to send. kind 'more' is the hour's "and N more" message. */
export interface ClaimedDelivery {
  id: string
  watchId: string
  target: string
  kind: 'alert' | 'more'
  attempts: number
  createdAt: string
  event: AlertEvent | null
  snapshot: MatchSnapshot | null
  /** kind 'more': the fold key whose folded deliveries it counts. */
  foldKey: string | null
  /** kind 'more': how many alerts it stands for. */
  foldedCount: number
}

export interface DeliveryResult {
  id: string
  status: DeliveryStatus
  attempts: number
  at: string
  nextAttemptAt?: string
  error?: string | null
  /** folded: the hour's fold key. */
  foldKey?: string
}

export interface WatchStats {
  watchId: string
  matches: number
  sent: number
  pending: number
  failed: number
  lastError: string | null
}

/** The outbox: both engines implement it (src/store/outbox.ts, src/store/postgres/outbox.ts). */
export interface AlertOutbox {
  /** Records a match and queues its deliveries; false (nothing written) when the watch already has this key. */
  recordMatch(match: NewWatchMatch, deliveries: NewDelivery[]): Promise<boolean>
  /** Marks these watch ids as seen; resolves to the ones never seen before (their first evaluation). */
  registerWatches(watchIds: string[], now: string): Promise<string[]>
  /** Up to `limit` pending deliveries due at `now`, claimed until `claimUntil` (other workers skip them). */
  claimDeliveries(now: string, claimUntil: string, limit: number): Promise<ClaimedDelivery[]>
  /** Drops every claim (one worker per database: SQLite at start-up, after a crash). */
  releaseClaims(): Promise<void>
  finishDeliveries(results: DeliveryResult[]): Promise<void>
  /** Messages sent (kind alert) for this watch and target since `since`. */
  countSent(watchId: string, target: string, since: string): Promise<number>
  /** Queues the "and N more" message of a fold key once (later calls do nothing). */
  queueFoldMessage(delivery: NewDelivery & { watchId: string; foldKey: string }): Promise<void>
  watchStats(): Promise<WatchStats[]>
  /** The watch's matched items (one per match key), newest match first, as the API shapes them. */
  listWatchItems(watchId: string, limit: number): Promise<ApiItem[]>
}
