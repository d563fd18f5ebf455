// One source, one poll, top to bottom (miniflux's RefreshFeed):
//   load state → request (validators, or none once a day) → fetch → 304? record and stop
//   → parse | extract → normalize → one transaction: items, stories, fetch state.
// Every failure ends in recordFailure: the source's error and backoff are stored, nothing thrown.

import { type AlertPlan, alertHook } from '../alerts/index.js'
import { collapseWhitespace, normalizeItemsPaced } from '../clean/index.js'
import { DEFAULT_CATEGORY_SYNONYMS, resolveCategories } from '../config/category-synonyms.js'
import { describeError, FetchError } from '../errors.js'
import { type FetchSourceOptions, fetchSource } from '../fetch/index.js'
import { createByteBudget } from '../lib/byte-budget.js'
import { totalDrops } from '../lib/drops.js'
import { createPacer } from '../lib/pace.js'
import { hasCredentials } from '../lib/redact-url.js'
import type {
  DropCounts,
  FeedSource,
  FetchRequest,
  FetchResult,
  ParsedFeed,
  Settings,
  SourceOutcome,
  SourceState,
  SourceStatePatch,
  Store,
} from '../types.js'
import { findNextCronRun, measureCronInterval } from './cron.js'
import { logOutcome } from './outcome-log.js'
import { backingOffCode, computeNextRun, isUnconditionalDue } from './politeness.js'
import { readFeed } from './read-feed.js'
import { newestItems, storeItems } from './store-items.js'

export const goneReason = 'HTTP 410 Gone: the server says this feed is gone; remove it or fix its url'

export interface RefreshContext {
  store: Store
  settings: Settings
  fetchOptions: FetchSourceOptions
  now: () => Date
  random?: () => number
  /** The config's watches: new reports are matched and their alerts queued in the store step. */
  alerts?: AlertPlan
}

/**
 * Bytes of fetched bodies read at once (parsed and normalized), per process: reading takes
 * several times a body's size, and eight 10 MB bodies read at once took gigabytes (issue 14).
 */
export const READ_BUDGET_BYTES = 16 * 1024 * 1024
const readBudget = createByteBudget(READ_BUDGET_BYTES)

const noItems: SourceOutcome['counts'] = { inserted: 0, updated: 0, unchanged: 0, dropped: 0, droppedBy: {} }

export async function refreshSource(source: FeedSource, ctx: RefreshContext): Promise<SourceOutcome> {
  const startedAt = ctx.now()
  const clock = performance.now()
  const state = await ctx.store.getSource(source.id)
  const request = buildFetchRequest(source, state, startedAt)
  let status: number | null = null
  try {
    const result = await fetchSource(request, ctx.fetchOptions)
    status = result.status
    if (result.kind === 'not-modified') {
      await ctx.store.updateSourceState(source.id, {
        ...buildSuccessPatch(source, state, request, result, startedAt, ctx),
        etag: result.etag ?? state?.etag ?? null,
        lastModified: result.lastModified ?? state?.lastModified ?? null,
      })
      return finish(source, clock, { result: 'unchanged', notModified: true, counts: noItems, status })
    }
    const { feed, normalized } = await readBudget.run(result.body.length, async () => {
      const feed = await readFeed(source, result)
      // Paced: under `start` the web server waits while this runs (lib/pace.ts).
      const normalized = await normalizeItemsPaced(feed, source, { feedUrl: result.finalUrl, now: startedAt }, createPacer())
      return { feed, normalized }
    })
    const synonyms = ctx.settings.categorySynonyms ?? DEFAULT_CATEGORY_SYNONYMS
    const items = newestItems(normalized.items, ctx.settings.maxItemsPerFetch).map((item) => ({
      ...item,
      categories: resolveCategories(synonyms, item.categories),
    }))
    const drops = countDrops(normalized.droppedBy, feed, normalized.items.length - items.length)
    const summary = await ctx.store.transaction(async (tx) => {
      const written = await storeItems(tx, source, items, startedAt.toISOString(), {
        checkDates: Boolean(state?.lastSuccessAt),
        ...alertHook(ctx.alerts, source, { now: startedAt, firstPoll: !state?.lastSuccessAt }),
      })
      await tx.capSourceItems(source.id, ctx.settings.maxItemsPerSource, startedAt.toISOString())
      await tx.updateSourceState(source.id, {
        ...buildSuccessPatch(source, state, request, result, startedAt, ctx, feed),
        ...describeFeed(source, feed),
        lastDropped: totalDrops(drops) > 0 ? drops : null,
        // A warning is not a failure: the pass succeeded; a later pass without one clears it.
        lastWarning: feed.warning ?? null,
      })
      return written
    })
    const kind = summary.inserted > 0 ? 'new' : summary.updated > 0 ? 'updated' : 'unchanged'
    const counts = { ...summary, dropped: totalDrops(drops), droppedBy: drops }
    const outcome: Omit<SourceOutcome, 'sourceId' | 'durationMs'> = { result: kind, notModified: false, counts, status }
    if (feed.warning !== undefined) outcome.warning = feed.warning
    return finish(source, clock, outcome)
  } catch (err) {
    return await recordFailure(source, state, err, status, startedAt, clock, ctx)
  }
}

/** Validators when there are some and the daily unconditional fetch is not due. */
export function buildFetchRequest(source: FeedSource, state: SourceState | undefined, now: Date): FetchRequest {
  const url = state?.fetchUrl || source.url
  if (state === undefined || isUnconditionalDue(state.lastUnconditionalAt, now)) return { url, unconditional: true }
  return { url, etag: state.etag, lastModified: state.lastModified }
}

function buildSuccessPatch(
  source: FeedSource,
  state: SourceState | undefined,
  request: FetchRequest,
  result: FetchResult,
  startedAt: Date,
  ctx: RefreshContext,
  feed?: ParsedFeed,
): SourceStatePatch {
  const now = ctx.now()
  const sentValidators = request.unconditional !== true && (request.etag != null || request.lastModified != null)
  const patch: SourceStatePatch = {
    etag: result.etag ?? null,
    lastModified: result.lastModified ?? null,
    lastTriedAt: startedAt.toISOString(),
    lastSuccessAt: now.toISOString(),
    lastStatus: result.status,
    lastError: null,
    lastErrorCode: null,
    consecutiveFailures: 0,
    nextRunAt: planNextRun(source, ctx, now, 0, { hints: result.hints, ttlMinutes: feed?.ttlMinutes }).toISOString(),
  }
  if (!sentValidators) patch.lastUnconditionalAt = startedAt.toISOString()
  // A target carrying credentials (userinfo, ?token=) is followed each time but never stored: it would show on every page.
  if (
    result.permanentRedirectTo !== undefined &&
    result.permanentRedirectTo !== state?.fetchUrl &&
    !hasCredentials(result.permanentRedirectTo)
  ) {
    patch.fetchUrl = result.permanentRedirectTo
  }
  return patch
}

/** clean/'s drops plus the rows a tabular source skipped, the items over maxItemsPerFetch and those over the items-per-MB cap. */
function countDrops(droppedBy: DropCounts, feed: ParsedFeed, overMax: number): DropCounts {
  const counts: DropCounts = { ...droppedBy }
  if (feed.skippedRows !== undefined && feed.skippedRows > 0) counts.bad_row = feed.skippedRows
  if (overMax > 0) counts.over_max_items = overMax
  if (feed.overItemCap !== undefined) counts.over_items_per_mb = feed.overItemCap
  return counts
}

/** Title and home page from the feed, for a source whose config gives none. */
function describeFeed(source: FeedSource, feed: ParsedFeed): SourceStatePatch {
  const patch: SourceStatePatch = {}
  // clean/'s rules for titles: no controls, bidi overrides or invisible characters in a source's name.
  const title = collapseWhitespace(feed.title ?? '').slice(0, 200)
  if (source.title === undefined && title) patch.title = title
  if (source.homepage === undefined && feed.homepage !== undefined && /^https?:\/\//i.test(feed.homepage)) {
    patch.homepage = feed.homepage
  }
  return patch
}

async function recordFailure(
  source: FeedSource,
  state: SourceState | undefined,
  err: unknown,
  statusSoFar: number | null,
  startedAt: Date,
  clock: number,
  ctx: RefreshContext,
): Promise<SourceOutcome> {
  const described = describeError(err)
  const status = err instanceof FetchError ? (err.status ?? null) : statusSoFar
  const retryAfterMs = err instanceof FetchError ? err.retryAfterMs : undefined
  // A 429/503 that says when to come back is the server pacing us: backing off until then, with
  // no failure counted (the backoff does not escalate, and the status page need not show red).
  const backingOff = err instanceof FetchError && (status === 429 || status === 503) && retryAfterMs !== undefined && retryAfterMs > 0
  const error = backingOff ? { code: backingOffCode, message: described.message } : described
  const outcome = finish(source, clock, { result: 'failed', notModified: false, counts: noItems, status, error })
  // Stopped by us (shutdown): not the source's fault, nothing to record.
  if (error.code === 'aborted') return outcome
  const failures = (state?.consecutiveFailures ?? 0) + (backingOff ? 0 : 1)
  const patch: SourceStatePatch = {
    lastTriedAt: startedAt.toISOString(),
    lastStatus: status,
    lastError: error.message,
    lastErrorCode: error.code,
    consecutiveFailures: failures,
    nextRunAt: planNextRun(source, ctx, ctx.now(), backingOff ? 0 : failures, { retryAfterMs }).toISOString(),
  }
  if (err instanceof FetchError && err.code === 'http_status' && err.status === 410) {
    patch.enabled = false
    patch.disabledReason = goneReason
  }
  try {
    await ctx.store.updateSourceState(source.id, patch)
  } catch (storeErr) {
    outcome.error = {
      code: error.code,
      message: `${error.message} (and its status could not be saved: ${describeError(storeErr).message})`,
    }
  }
  return outcome
}

function planNextRun(
  source: FeedSource,
  ctx: RefreshContext,
  now: Date,
  failures: number,
  extra: { hints?: FetchResult['hints']; ttlMinutes?: number | undefined; retryAfterMs?: number | undefined },
): Date {
  const expression = source.schedule ?? ctx.settings.schedule
  const cronNext = findNextCronRun(expression, now) ?? new Date(now.getTime() + 86_400_000)
  const input: Parameters<typeof computeNextRun>[0] = {
    now,
    cronNext,
    intervalMs: measureCronInterval(expression, now),
    failures,
  }
  if (extra.hints !== undefined) input.hints = extra.hints
  if (extra.ttlMinutes !== undefined) input.ttlMinutes = extra.ttlMinutes
  if (extra.retryAfterMs !== undefined) input.retryAfterMs = extra.retryAfterMs
  if (ctx.random !== undefined) input.random = ctx.random
  return computeNextRun(input)
}

function finish(source: FeedSource, clock: number, rest: Omit<SourceOutcome, 'sourceId' | 'durationMs'>): SourceOutcome {
  const outcome: SourceOutcome = { sourceId: source.id, ...rest, durationMs: Math.round(performance.now() - clock) }
  logOutcome(outcome)
  return outcome
}
