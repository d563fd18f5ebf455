// The poller's hook: each new report is matched against every watch and each match is written
// to the outbox with one delivery per notify target, on the transaction that stores the report.
// Deliveries are never sent from here: the delivery worker (deliver.ts) sends what committed.
import { randomUUID } from 'node:crypto'
import { defaultAlertSettings } from '../config/watch-rules.js'
import type { Facts } from '../facts/index.js'
import type { AppConfig, FeedSource, NormalizedItem, Store } from '../types.js'
import { type CompiledWatch, compileWatch, matchesWatch, prepareSubject } from './match-watch.js'
import { firstAttemptAt, targetKey } from './targets.js'
import type { AlertSettings, NewDelivery, Watch } from './types.js'

/** The config's watches, compiled once per config load. */
export interface AlertPlan {
  watches: CompiledWatch[]
  settings: AlertSettings
}

export function planAlerts(watches: readonly Watch[], settings: AlertSettings): AlertPlan {
  return { watches: watches.map(compileWatch), settings }
}

export interface NewReport {
  itemId: number
  storyId: number
  item: NormalizedItem
  source: Pick<FeedSource, 'id'>
  /** The facts the store step computed and stored; extracted here when absent. */
  facts?: Facts | undefined
}

export interface EnqueueOptions {
  now: Date
  /** Why deliveries are held back: 'first_poll' (a source's first fetch), 'backlog' (a new watch's first look); null sends. */
  suppress: string | null
}

/** Records the report's matches (deliveries unless suppressed); resolves to how many watches matched anew. */
export async function enqueueMatches(tx: Store, plan: AlertPlan, report: NewReport, options: EnqueueOptions): Promise<number> {
  if (plan.watches.length === 0) return 0
  const subject = prepareSubject(report.item, report.facts)
  let matched = 0
  for (const compiled of plan.watches) {
    if (!matchesWatch(compiled, subject)) continue
    const { watch } = compiled
    const held = options.suppress !== null && !plan.settings.sendBacklog
    const deliveries: NewDelivery[] = held
      ? []
      : watch.notify.map((target) => ({ id: randomUUID(), target: targetKey(target), nextAttemptAt: firstAttemptAt(target, options.now) }))
    const fresh = await tx.alerts.recordMatch(
      {
        watchId: watch.id,
        key: watch.on === 'story' ? `story:${report.storyId}` : `item:${report.itemId}`,
        event: watch.on === 'story' ? 'story.matched' : 'report.matched',
        matchedAt: options.now.toISOString(),
        suppressed: held ? options.suppress : null,
        snapshot: {
          itemId: report.itemId,
          storyId: report.storyId,
          sourceId: report.source.id,
          title: report.item.title,
          url: report.item.url,
          summary: report.item.summaryText,
          publishedAt: report.item.publishedAt,
          facts: subject.facts,
        },
      },
      deliveries,
    )
    if (fresh) matched++
  }
  return matched
}

const plans = new WeakMap<AppConfig, AlertPlan>()

/** The config's plan, compiled once per loaded config. */
export function alertPlanFor(config: AppConfig): AlertPlan {
  let plan = plans.get(config)
  if (plan === undefined) {
    plan = planAlerts(config.watches ?? [], config.alerts ?? defaultAlertSettings)
    plans.set(config, plan)
  }
  return plan
}

/** storeItems' onNewReport for one source's pass, or nothing when there are no watches. */
export function alertHook(
  plan: AlertPlan | undefined,
  source: FeedSource,
  pass: { now: Date; firstPoll: boolean },
): { onNewReport?: (tx: Store, report: Omit<NewReport, 'source'>) => Promise<void> } {
  if (plan === undefined || plan.watches.length === 0) return {}
  const suppress = pass.firstPoll ? 'first_poll' : null
  return {
    onNewReport: async (tx, report) => {
      await enqueueMatches(tx, plan, { ...report, source }, { now: pass.now, suppress })
    },
  }
}
