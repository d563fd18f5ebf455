// A new watch's first evaluation: the newest stored reports are matched so its page and feeds
// are not empty, but (unless settings.alerts.sendBacklog) nothing is sent for them: only reports
// stored from now on alert. "New" means its id was never seen by this database.
import { defaultAlertSettings } from '../config/watch-rules.js'
import type { AppConfig, Store } from '../types.js'
import { enqueueMatches, planAlerts } from './enqueue.js'

/** How many of the newest reports a new watch looks at. */
export const FIRST_LOOK_REPORTS = 500

/** Registers the config's watches; the new ones look back over the stored reports. Resolves to the new ids. */
export async function evaluateNewWatches(store: Store, config: AppConfig, now: Date = new Date()): Promise<string[]> {
  const watches = config.watches ?? []
  if (watches.length === 0) return []
  const fresh = await store.alerts.registerWatches(
    watches.map((w) => w.id),
    now.toISOString(),
  )
  if (fresh.length === 0) return []
  const plan = planAlerts(
    watches.filter((w) => fresh.includes(w.id)),
    config.alerts ?? defaultAlertSettings,
  )
  const sources = (await store.listSources()).map((s) => s.id)
  if (sources.length === 0) return fresh
  let cursor: string | undefined
  let seen = 0
  while (seen < FIRST_LOOK_REPORTS) {
    const page = await store.listItems({ sources, limit: 100, ...(cursor === undefined ? {} : { cursor }) })
    await store.transaction(async (tx) => {
      for (const listed of page.items) {
        const item = await tx.getItem(listed.id)
        if (item === undefined) continue
        await enqueueMatches(
          tx,
          plan,
          { itemId: item.id, storyId: item.storyId, item, source: { id: item.sourceId }, facts: listed.facts },
          { now, suppress: 'backlog' },
        )
      }
    })
    seen += page.items.length
    if (page.nextCursor === null) break
    cursor = page.nextCursor
  }
  return fresh
}
