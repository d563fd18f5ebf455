// One pass over the sources: sync them into the store, then refresh each enabled one through the
// limiter (`concurrency` overall, `perHostConcurrency` per host). One bad source never stops the
// others: refreshSource turns every failure into an outcome.
import { setMaxListeners } from 'node:events'
import { alertPlanFor } from '../alerts/index.js'
import type { FetchSourceOptions } from '../fetch/index.js'
import type { AppConfig, FeedSource, PollReport, SourceOutcome, Store } from '../types.js'
import { backfillFacts } from './facts-step.js'
import { createHostLimiter, type HostLimiter, resolveHostKey } from './host-limiter.js'
import { type RefreshContext, refreshSource } from './refresh-source.js'

export interface PollDeps {
  store: Store
  config: AppConfig
  now?: () => Date
  /** Called as each source finishes (progress, metrics). */
  onOutcome?: (outcome: SourceOutcome) => void
  /** Aborts queued sources and in-flight fetches. */
  signal?: AbortSignal
  /** Only these ids (each must be in the config); polled even when disabled. */
  sourceIds?: string[]
  /** Overrides of the fetch options built from settings (tests). */
  fetchOptions?: Partial<FetchSourceOptions>
  /** Shared limiter (the scheduler's); a fresh one from settings when absent. */
  limiter?: HostLimiter
  random?: () => number
}

export async function pollOnce(deps: PollDeps): Promise<PollReport> {
  const now = deps.now ?? (() => new Date())
  const startedAt = now().toISOString()
  const { settings } = deps.config
  await deps.store.syncSources(deps.config.sources)
  await backfillFacts(deps.store, () => deps.signal?.aborted === true)
  const sources = await selectSources(deps.config, deps.store, deps.sourceIds)
  const limiter = deps.limiter ?? createHostLimiter(settings.concurrency, settings.perHostConcurrency)
  const ctx = buildRefreshContext(deps, now)
  // Every queued source and every fetch listens on the one signal.
  if (deps.signal !== undefined) setMaxListeners(0, deps.signal)
  const outcomes = await Promise.all(
    sources.map(async (source) => {
      const host = resolveHostKey((await deps.store.getSource(source.id))?.fetchUrl || source.url)
      const outcome = await limiter
        .run(host, () => refreshSource(source, ctx), deps.signal)
        .catch((): SourceOutcome => skippedOutcome(source))
      deps.onOutcome?.(outcome)
      return outcome
    }),
  )
  return { outcomes, startedAt, finishedAt: now().toISOString() }
}

/** The refresh context for a config: fetch options from settings, plus overrides and signal. */
export function buildRefreshContext(
  deps: Pick<PollDeps, 'store' | 'config' | 'signal' | 'fetchOptions' | 'random'>,
  now: () => Date,
): RefreshContext {
  const { settings } = deps.config
  const fetchOptions: FetchSourceOptions = {
    timeoutMs: Math.round(settings.timeoutSeconds * 1000),
    maxBytes: settings.maxBytes,
    userAgent: settings.userAgent,
    allowPrivateNetworks: settings.allowPrivateNetworks,
    ...deps.fetchOptions,
  }
  if (deps.signal !== undefined) fetchOptions.signal = deps.signal
  const ctx: RefreshContext = { store: deps.store, settings, fetchOptions, now }
  if (deps.random !== undefined) ctx.random = deps.random
  if (deps.config.watches !== undefined && deps.config.watches.length > 0) ctx.alerts = alertPlanFor(deps.config)
  return ctx
}

/** Named ids as asked (throws on an unknown one); else the enabled sources the server has not disabled. */
export async function selectSources(config: AppConfig, store: Store, sourceIds?: string[]): Promise<FeedSource[]> {
  if (sourceIds !== undefined && sourceIds.length > 0) {
    const byId = new Map(config.sources.map((s) => [s.id, s]))
    return [...new Set(sourceIds)].map((id) => {
      const source = byId.get(id)
      if (source === undefined) throw new Error(`poller: no source with id "${id}" in ${config.path}`)
      return source
    })
  }
  const selected: FeedSource[] = []
  for (const source of config.sources) {
    if (source.enabled && (await store.getSource(source.id))?.disabledReason == null) selected.push(source)
  }
  return selected
}

function skippedOutcome(source: FeedSource): SourceOutcome {
  return {
    sourceId: source.id,
    result: 'failed',
    notModified: false,
    counts: { inserted: 0, updated: 0, unchanged: 0, dropped: 0, droppedBy: {} },
    status: null,
    durationMs: 0,
    error: { code: 'aborted', message: 'poller: stopped before this source was polled' },
  }
}
