// The long-running scheduler. node-cron fires one task per distinct schedule expression (the
// global one and per-source overrides); each tick enqueues that schedule's sources that are due
// (nextRunAt ≤ tick) and not already queued or running. All work goes through one host limiter,
// so a hanging source holds one slot and never delays the others. Retention runs at start and
// daily. stop() waits for running polls (node-cron's own stop() does not), aborting their
// fetches only after the grace period.
import { setMaxListeners } from 'node:events'
import type { ScheduledTask } from 'node-cron'
import cron from 'node-cron'
import { describeError } from '../errors.js'
import type { FetchSourceOptions } from '../fetch/index.js'
import { log } from '../lib/log.js'
import type { AppConfig, FeedSource, PollReport, SourceLease, SourceLeases, SourceOutcome, SourceState, Store } from '../types.js'
import { findNextCronRun } from './cron.js'
import { backfillFacts } from './facts-step.js'
import { createHostLimiter, resolveHostKey } from './host-limiter.js'
import { type LeaseHeartbeat, startLeaseHeartbeat } from './lease-heartbeat.js'
import { backingOffCode } from './politeness.js'
import { buildRefreshContext } from './poll-once.js'
import { refreshSource } from './refresh-source.js'

export interface SchedulerDeps {
  store: Store
  config: AppConfig
  now?: () => Date
  /** Each source's outcome as it finishes (metrics). */
  onOutcome?: (outcome: SourceOutcome) => void
  /** One report per tick that polled something, when all its sources are done. */
  onPoll?: (report: PollReport) => void
  fetchOptions?: Partial<FetchSourceOptions>
  /** When retention pruning runs (besides at start). Default daily at 03:17. */
  pruneSchedule?: string
  random?: () => number
}

export interface Scheduler {
  /** Stops scheduling, lets running polls finish for graceMs (default 8 s), then aborts their fetches; resolves when all are done. */
  stop(graceMs?: number): Promise<void>
  /** Applies a new config: sources re-synced, cron tasks re-created, new sources polled now. */
  reload(config: AppConfig): void
  /** Ids of the sources queued or being polled right now. */
  activeSourceIds(): string[]
}

const defaultPruneSchedule = '17 3 * * *'
/** A lease lasts this many request timeouts (renewed every third of it while held, see lease-heartbeat.ts). */
const leaseSlack = 3

export async function startScheduler(deps: SchedulerDeps): Promise<Scheduler> {
  const { store } = deps
  const now = deps.now ?? (() => new Date())
  let config = deps.config
  const limiter = createHostLimiter(config.settings.concurrency, config.settings.perHostConcurrency)
  const queueAbort = new AbortController()
  const fetchAbort = new AbortController()
  setMaxListeners(0, queueAbort.signal, fetchAbort.signal)
  /** Source id → its job, from enqueue until done. The "never twice at once" guard. */
  const jobs = new Map<string, Promise<SourceOutcome | null>>()
  /** The polls actually running (past the limiter), which stop() must wait for. */
  const running = new Set<Promise<SourceOutcome>>()
  let tasks: ScheduledTask[] = []
  let stopping = false
  const leaseMs = (): number => leaseSlack * config.settings.timeoutSeconds * 1000
  const heartbeat: LeaseHeartbeat | undefined = store.leases === undefined ? undefined : startLeaseHeartbeat(store.leases, leaseMs)

  const scheduleOf = (source: FeedSource): string => source.schedule ?? config.settings.schedule

  /**
   * Enqueues one source; synchronous up to jobs.set, so a source is never enqueued twice. A
   * leased source (several pollers) is polled through the fenced store and released after.
   */
  const pollSource = (source: FeedSource, fetchUrl: string | undefined, lease?: SourceLease): Promise<SourceOutcome | null> => {
    const leases = store.leases
    const ctx = buildRefreshContext(
      {
        store: lease === undefined || leases === undefined ? store : leases.fenced(lease),
        config,
        signal: fetchAbort.signal,
        ...(deps.fetchOptions ? { fetchOptions: deps.fetchOptions } : {}),
        ...(deps.random ? { random: deps.random } : {}),
      },
      now,
    )
    const host = resolveHostKey(fetchUrl || source.url)
    const job = limiter
      .run(
        host,
        async (): Promise<SourceOutcome | null> => {
          // Removed or disabled while it waited: skip it.
          const current = config.sources.find((s) => s.id === source.id)
          if (stopping || current === undefined || !current.enabled) return null
          // Tracked apart from the limiter's promise, which settles early when stop() aborts the queue.
          const work = refreshSource(current, ctx).then((outcome) => {
            notify(() => deps.onOutcome?.(outcome))
            return outcome
          })
          running.add(work)
          const forget = (): void => void running.delete(work)
          work.then(forget, forget)
          return work
        },
        queueAbort.signal,
      )
      .catch(() => null)
      .finally(() => {
        jobs.delete(source.id)
        if (lease !== undefined) {
          heartbeat?.drop(lease)
          leases?.release(lease).catch((err: unknown) =>
            log.warn('Could not release a source lease; it runs out on its own', {
              source_id: source.id,
              error: describeError(err).message,
            }),
          )
        }
      })
    jobs.set(source.id, job)
    return job
  }

  /** Enqueues the due sources of one schedule (or of all, when expression is null). */
  const enqueueDue = async (expression: string | null, at: Date): Promise<void> => {
    if (stopping) return
    const startedAt = now().toISOString()
    const batch = store.leases === undefined ? await enqueueOwnDue(expression, at) : await enqueueClaimed(store.leases, expression, at)
    if (batch.length === 0 || deps.onPoll === undefined) return
    const onPoll = deps.onPoll
    void settleGrowing(batch).then((results) => {
      const outcomes = results.filter((o): o is SourceOutcome => o !== null)
      if (outcomes.length > 0) notify(() => onPoll({ outcomes, startedAt, finishedAt: now().toISOString() }))
    })
  }

  /**
   * Several pollers share the database: the due sources are claimed (leases, with the per-host
   * limit counted across pollers), at most `concurrency` at a time. As each claimed poll ends, the
   * poller claims again, so a tick's due sources beyond `concurrency` are polled in this pass, not
   * at the next tick. Each returned promise settles after the claim its end triggered, so waiting
   * on the (growing) list waits for the whole pass.
   */
  const enqueueClaimed = async (leases: SourceLeases, expression: string | null, at: Date): Promise<Promise<SourceOutcome | null>[]> => {
    const pass: Promise<SourceOutcome | null>[] = []
    const claimDue = async (): Promise<void> => {
      if (stopping) return
      const candidates = config.sources.filter((s) => s.enabled && !jobs.has(s.id) && (expression === null || scheduleOf(s) === expression))
      const { concurrency, perHostConcurrency } = config.settings
      const limit = Math.max(0, concurrency - jobs.size)
      if (candidates.length === 0 || limit === 0) return
      let claimed: SourceLease[]
      try {
        claimed = await leases.claim({
          sourceIds: candidates.map((s) => s.id),
          now: at.toISOString(),
          // Long enough for a wait in the host queue plus a whole fetch; a dead poller's sources are due again after it.
          leaseMs: leaseMs(),
          limit,
          perHost: perHostConcurrency,
        })
      } catch (err) {
        log.error('Could not claim sources; skipping this tick', { error: describeError(err).message })
        return
      }
      const byId = new Map(candidates.map((s) => [s.id, s]))
      for (const lease of claimed) {
        const source = byId.get(lease.sourceId)
        if (source === undefined || jobs.has(source.id)) continue
        heartbeat?.hold(lease)
        pass.push(
          pollSource(source, undefined, lease).then(async (outcome) => {
            await claimDue()
            return outcome
          }),
        )
      }
    }
    await claimDue()
    return pass
  }

  /** One poller on the database (SQLite): the stored next runs say what is due. */
  const enqueueOwnDue = async (expression: string | null, at: Date): Promise<Promise<SourceOutcome | null>[]> => {
    const batch: Promise<SourceOutcome | null>[] = []
    for (const source of config.sources) {
      if (!source.enabled || jobs.has(source.id)) continue
      if (expression !== null && scheduleOf(source) !== expression) continue
      let state: SourceState | undefined
      try {
        state = await store.getSource(source.id)
      } catch (err) {
        log.error('Could not read source state; skipping this tick', { source_id: source.id, error: describeError(err).message })
        continue
      }
      if (state?.disabledReason != null) continue
      if (state?.nextRunAt != null && Date.parse(state.nextRunAt) > at.getTime()) continue
      // Another tick (or a reload) may have enqueued it while its state was read.
      if (jobs.has(source.id)) continue
      batch.push(pollSource(source, state?.fetchUrl))
    }
    return batch
  }

  const prune = async (): Promise<void> => {
    const { retentionDays, keepPerSource } = config.settings
    if (retentionDays <= 0 || stopping) return
    try {
      const pruned = await store.pruneItems(now().toISOString(), retentionDays, keepPerSource)
      log.info('Pruned old items', { items_pruned: pruned, retention_days: retentionDays, keep_per_source: keepPerSource })
    } catch (err) {
      log.error('Retention pruning failed', { error: describeError(err).message })
    }
  }

  // node-cron does not await its callbacks: a failed tick is logged here, not left unhandled.
  const logTickFailure = (err: unknown): void => log.error('Scheduled run failed', { error: describeError(err).message })

  const createTasks = (): void => {
    for (const task of tasks) void task.destroy()
    const expressions = new Set([config.settings.schedule, ...config.sources.map(scheduleOf)])
    tasks = [...expressions].map((expression) =>
      cron.schedule(expression, (tick) => void enqueueDue(expression, laterOf(tick.date, now())).catch(logTickFailure), {
        name: `poll ${expression}`,
      }),
    )
    tasks.push(cron.schedule(deps.pruneSchedule ?? defaultPruneSchedule, () => void prune().catch(logTickFailure), { name: 'prune' }))
  }

  /** A source whose schedule changed runs on its new schedule from now, not on the old next run. */
  const rescheduleChanged = async (previous: AppConfig, next: AppConfig): Promise<void> => {
    const before = new Map(previous.sources.map((s) => [s.id, s.schedule ?? previous.settings.schedule]))
    const at = now()
    for (const source of next.sources) {
      const expression = source.schedule ?? next.settings.schedule
      const old = before.get(source.id)
      if (old === undefined || old === expression) continue
      await replan(source.id, expression, at)
    }
  }

  /**
   * At start, the stored next runs were planned by an earlier process, perhaps under another
   * schedule (feeds.json edited while it was stopped, or the global schedule then): each healthy
   * source's next run becomes its schedule's first tick after its last try (in the past when it
   * is overdue, so it is polled now). Backoff and Retry-After waits are kept; a
   * freshness floor from the last answer (max-age, ttl) is not, which costs one early
   * conditional request per restart.
   */
  const replanStoredRuns = async (): Promise<void> => {
    for (const source of config.sources) {
      const state = await store.getSource(source.id)
      if (state?.lastTriedAt == null) continue
      await replan(source.id, scheduleOf(source), new Date(state.lastTriedAt))
    }
  }

  /** nextRunAt = the first tick of `expression` after `after`, for a source neither failing nor told to wait (Retry-After). */
  const replan = async (id: string, expression: string, after: Date): Promise<void> => {
    const state = await store.getSource(id)
    if (state === undefined || state.consecutiveFailures > 0 || state.lastErrorCode === backingOffCode) return
    const nextRun = findNextCronRun(expression, after)?.toISOString()
    if (nextRun !== undefined && nextRun !== state.nextRunAt) await store.updateSourceState(id, { nextRunAt: nextRun })
  }

  await store.syncSources(config.sources)
  await replanStoredRuns()
  createTasks()
  await prune()
  // Items stored before facts existed get theirs in the background, a batch per transaction,
  // between the polls' own transactions; stop() waits for the batch in hand.
  const backfill = backfillFacts(store, () => stopping).then(
    (count) => count > 0 && log.info('Facts backfilled', { items: count }),
    (err: unknown) => log.error('Facts backfill failed', { error: describeError(err).message }),
  )
  await enqueueDue(null, now())
  log.info('Scheduler started', { sources: config.sources.length, schedule: config.settings.schedule })

  return {
    async reload(next) {
      if (stopping) return
      const previous = config
      await store.syncSources(next.sources)
      config = next
      await rescheduleChanged(previous, next)
      limiter.resize(next.settings.concurrency, next.settings.perHostConcurrency)
      createTasks()
      await enqueueDue(null, now())
      log.info('Config reloaded', { sources: next.sources.length })
    },
    async stop(graceMs = 8000) {
      if (!stopping) {
        stopping = true
        for (const task of tasks) void task.destroy()
        tasks = []
        queueAbort.abort(new Error('poller: scheduler stopped'))
      }
      const timer = setTimeout(() => fetchAbort.abort(new Error('poller: shutdown grace period over')), graceMs)
      try {
        while (running.size > 0) await Promise.allSettled([...running])
        await Promise.allSettled([...jobs.values()])
        await backfill
      } finally {
        clearTimeout(timer)
      }
      await heartbeat?.stop()
    },
    activeSourceIds() {
      return [...jobs.keys()]
    },
  }
}

/** Every result of a list that may grow while its promises settle (a leased pass claiming more). */
async function settleGrowing<T>(list: Promise<T>[]): Promise<T[]> {
  const results: T[] = []
  while (results.length < list.length) results.push(...(await Promise.all(list.slice(results.length))))
  return results
}

function laterOf(a: Date | undefined, b: Date): Date {
  return a !== undefined && a.getTime() > b.getTime() ? a : b
}

function notify(fn: () => void): void {
  try {
    fn()
  } catch (err) {
    log.error('A poll listener failed', { error: describeError(err).message })
  }
}
