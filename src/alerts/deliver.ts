// The delivery worker: claims due deliveries from the outbox, sends each (webhook or email),
// and records the outcome. At least once: a delivery is marked sent only after the receiver
// accepted it, so a crash in between sends it again, with the same X-Breachwire-Delivery id.
// Failures are retried with exponential backoff (30 s doubling, at most 1 h apart) for 24 h, then
// marked failed. Each watch sends at most settings.alerts.maxPerHour messages per target per clock
// hour; the rest are folded into one "and N more" message sent when the hour ends.
import { randomUUID } from 'node:crypto'
import { defaultAlertSettings } from '../config/watch-rules.js'
import { log } from '../lib/log.js'
import type { AppConfig, Store } from '../types.js'
import { sendMail } from './email.js'
import { type AlertMessage, eventOf, renderEmail, renderWebhookBody, siteLinks } from './messages.js'
import { findTarget, isDigest } from './targets.js'
import type { AlertSettings, ClaimedDelivery, DeliveryResult, MatchSnapshot, NotifyTarget, Watch } from './types.js'
import { postWebhook } from './webhook.js'

const hourMs = 3_600_000

export interface DeliveryDeps {
  store: Store
  getConfig: () => AppConfig
  /** Where secretEnv and passwordEnv are looked up (default process.env). */
  env?: Record<string, string | undefined>
  now?: () => Date
  /** First retry delay (default 30 s), doubled per attempt up to maxRetryDelayMs (default 1 h). */
  retryBaseMs?: number
  maxRetryDelayMs?: number
  /** How long a delivery is retried before it is marked failed (default 24 h). */
  giveUpMs?: number
  random?: () => number
}

export interface DeliveryPass {
  sent: number
  retried: number
  failed: number
  folded: number
}

const batchSize = 10

export type SendOutcome = { ok: true } | { ok: false; retry: boolean; error: string }

/** Sends everything due now, batch by batch, until nothing due is left unclaimed. */
export async function deliverDue(deps: DeliveryDeps): Promise<DeliveryPass> {
  const pass: DeliveryPass = { sent: 0, retried: 0, failed: 0, folded: 0 }
  const now = deps.now ?? (() => new Date())
  for (;;) {
    const config = deps.getConfig()
    const settings = config.alerts ?? defaultAlertSettings
    const at = now()
    // Long enough for the whole batch to time out one by one; a dead worker's claims run out after it.
    const claimMs = batchSize * (settings.timeoutSeconds * 1000 + 1000) + 60_000
    const claimed = await deps.store.alerts.claimDeliveries(at.toISOString(), new Date(at.getTime() + claimMs).toISOString(), batchSize)
    if (claimed.length === 0) return pass
    const results = await sendBatch(deps, config, settings, claimed)
    await deps.store.alerts.finishDeliveries(results)
    for (const r of results) {
      if (r.status === 'sent') pass.sent++
      else if (r.status === 'pending') pass.retried++
      else if (r.status === 'failed') pass.failed++
      else if (r.status === 'folded') pass.folded++
    }
    if (claimed.length < batchSize) return pass
  }
}

async function sendBatch(
  deps: DeliveryDeps,
  config: AppConfig,
  settings: AlertSettings,
  claimed: ClaimedDelivery[],
): Promise<DeliveryResult[]> {
  const groups = new Map<string, ClaimedDelivery[]>()
  for (const d of claimed) {
    const key = `${d.watchId}\u0000${d.target}`
    groups.set(key, [...(groups.get(key) ?? []), d])
  }
  const results: DeliveryResult[] = []
  for (const group of groups.values()) {
    const first = group[0] as ClaimedDelivery
    const watch = config.watches?.find((w) => w.id === first.watchId)
    const target = watch === undefined ? undefined : findTarget(watch, first.target)
    if (watch === undefined || target === undefined) {
      const at = (deps.now ?? (() => new Date()))().toISOString()
      const error = 'the watch or this target was removed from feeds.json'
      results.push(...group.map((d) => ({ id: d.id, status: 'cancelled' as const, attempts: d.attempts, at, error })))
      continue
    }
    results.push(...(await sendGroup(deps, config, settings, watch, target, group)))
  }
  return results
}

async function sendGroup(
  deps: DeliveryDeps,
  config: AppConfig,
  settings: AlertSettings,
  watch: Watch,
  target: NotifyTarget,
  group: ClaimedDelivery[],
): Promise<DeliveryResult[]> {
  const now = deps.now ?? (() => new Date())
  // Links need the site's public address (settings.publicUrl); without it messages carry the article link only.
  const links = siteLinks(config.settings.publicUrl?.replace(/\/+$/, '') ?? null)
  const send = (message: AlertMessage, deliveryId: string): Promise<SendOutcome> =>
    sendMessage(deps, config, settings, target, message, deliveryId)

  if (isDigest(target)) {
    const alerts = group.filter((d) => d.snapshot !== null)
    const reports = alerts.map((d) => ({ report: d.snapshot!, storyUrl: links.story(d.snapshot!.storyId) }))
    const outcome = await send({ kind: 'digest', watch, reports, watchUrl: links.watch(watch.id) }, alerts[0]?.id ?? randomUUID())
    return group.map((d) => settle(deps, d, outcome, now()))
  }

  const results: DeliveryResult[] = []
  const hourStart = new Date(Math.floor(now().getTime() / hourMs) * hourMs)
  let sentThisHour: number | undefined
  for (const d of group) {
    if (d.kind === 'more') {
      const at = now().toISOString()
      if (d.foldedCount === 0) results.push({ id: d.id, status: 'cancelled', attempts: d.attempts, at, error: null })
      else
        results.push(
          settle(deps, d, await send({ kind: 'more', watch, count: d.foldedCount, watchUrl: links.watch(watch.id) }, d.id), now()),
        )
      continue
    }
    if (d.snapshot === null || d.event === null) continue
    sentThisHour ??= await deps.store.alerts.countSent(watch.id, d.target, hourStart.toISOString())
    if (sentThisHour >= settings.maxPerHour) {
      const foldKey = `${watch.id}|${d.target}|${hourStart.toISOString()}`
      await deps.store.alerts.queueFoldMessage({
        id: randomUUID(),
        watchId: watch.id,
        target: d.target,
        foldKey,
        nextAttemptAt: new Date(hourStart.getTime() + hourMs).toISOString(),
      })
      results.push({ id: d.id, status: 'folded', attempts: d.attempts, at: now().toISOString(), foldKey })
      continue
    }
    const outcome = await send(
      { kind: 'alert', event: d.event, watch, report: d.snapshot, storyUrl: links.story(d.snapshot.storyId) },
      d.id,
    )
    if (outcome.ok) sentThisHour++
    results.push(settle(deps, d, outcome, now()))
  }
  return results
}

/** `breachwire watch test`: one sample alert to every target of the watch now; each target's outcome. */
export async function sendTestAlerts(
  config: AppConfig,
  watch: Watch,
  report: MatchSnapshot,
  env: Record<string, string | undefined> = process.env,
): Promise<{ target: NotifyTarget; outcome: SendOutcome }[]> {
  const settings = config.alerts ?? defaultAlertSettings
  const links = siteLinks(config.settings.publicUrl?.replace(/\/+$/, '') ?? null)
  const results: { target: NotifyTarget; outcome: SendOutcome }[] = []
  for (const target of watch.notify) {
    const message: AlertMessage = { kind: 'alert', event: 'watch.test', watch, report, storyUrl: links.story(report.storyId) }
    results.push({ target, outcome: await sendMessage({ env }, config, settings, target, message, randomUUID()) })
  }
  return results
}

async function sendMessage(
  deps: Pick<DeliveryDeps, 'env' | 'now'>,
  config: AppConfig,
  settings: AlertSettings,
  target: NotifyTarget,
  message: AlertMessage,
  deliveryId: string,
): Promise<SendOutcome> {
  const env = deps.env ?? process.env
  const timeoutMs = Math.round(settings.timeoutSeconds * 1000)
  if (target.type === 'webhook') {
    const secret = target.secretEnv === undefined ? null : (env[target.secretEnv] ?? '')
    if (secret === '')
      return { ok: false, retry: true, error: `webhook: the environment variable ${target.secretEnv} (secretEnv) is not set` }
    return postWebhook({
      url: target.url,
      body: renderWebhookBody(message, target.format, deliveryId),
      event: eventOf(message),
      deliveryId,
      secret,
      timeoutMs,
      allowPrivateNetworks: config.settings.allowPrivateNetworks,
      userAgent: config.settings.userAgent,
      now: (deps.now ?? (() => new Date()))(),
    })
  }
  if (settings.smtp === null) return { ok: false, retry: false, error: 'email: settings.smtp is missing' }
  return sendMail({ smtp: settings.smtp, to: target.to, content: renderEmail(message), deliveryId, env, timeoutMs })
}

/** Sent, retried later (backoff), or failed (not retryable, or retried for giveUpMs already). */
function settle(deps: DeliveryDeps, d: ClaimedDelivery, outcome: SendOutcome, at: Date): DeliveryResult {
  const attempts = d.attempts + 1
  const base = { id: d.id, attempts, at: at.toISOString() }
  if (outcome.ok) {
    log.info('Alert delivered', { watch_id: d.watchId, delivery_id: d.id, target: d.target, attempts })
    return { ...base, status: 'sent', error: null }
  }
  const giveUpAt = Date.parse(d.createdAt) + (deps.giveUpMs ?? 24 * hourMs)
  const delay = Math.min((deps.retryBaseMs ?? 30_000) * 2 ** (attempts - 1), deps.maxRetryDelayMs ?? hourMs)
  const jitter = 1 + 0.1 * (deps.random ?? Math.random)()
  const next = at.getTime() + delay * jitter
  if (!outcome.retry || next > giveUpAt) {
    const error = outcome.retry ? `gave up after ${attempts} attempts: ${outcome.error}` : outcome.error
    log.warn('Alert delivery failed', { watch_id: d.watchId, delivery_id: d.id, target: d.target, attempts, error })
    return { ...base, status: 'failed', error }
  }
  log.warn('Alert delivery will be retried', { watch_id: d.watchId, delivery_id: d.id, attempts, error: outcome.error })
  return { ...base, status: 'pending', nextAttemptAt: new Date(next).toISOString(), error: outcome.error }
}

/**
 * SQLite has one poller (its lock file says so), so a claim found at start was left by a process
 * that died mid-send: release it and send again now. PostgreSQL may have live workers elsewhere:
 * their claims run out on their own.
 */
export async function releaseDeadClaims(store: Store): Promise<void> {
  if (store.leases === undefined) await store.alerts.releaseClaims()
}

export interface DeliveryWorker {
  /** Runs a pass soon (after a poll pass queued alerts). */
  wake(): void
  /** Finishes the pass in flight, then stops. */
  stop(): Promise<void>
}

/**
 * Delivers on a timer (every intervalMs, default 5 s) and on wake(). One database, one worker
 * (SQLite): claims left by a killed process are released at start, so a restart resends at once.
 */
export async function startDeliveryWorker(deps: DeliveryDeps & { intervalMs?: number }): Promise<DeliveryWorker> {
  await releaseDeadClaims(deps.store)
  let running: Promise<void> = Promise.resolve()
  let queued = false
  let stopped = false
  const run = (): void => {
    if (stopped || queued) return
    queued = true
    running = running.then(async () => {
      queued = false
      if (stopped) return
      try {
        await deliverDue(deps)
      } catch (err) {
        log.error('Alert delivery pass failed', { error: err instanceof Error ? err.message : String(err) })
      }
    })
  }
  const timer = setInterval(run, deps.intervalMs ?? 5000)
  timer.unref()
  run()
  return {
    wake: run,
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
