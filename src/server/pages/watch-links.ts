// Watches as the pages link them: paths, the sidebar's list, /status's rows, a watch's filter in words.
import type { Watch } from '../../alerts/types.js'
import type { AppContext } from '../context.js'
import type { LinkView } from './view-models.js'

export function toWatchPath(id: string): string {
  return `/watches/${encodeURIComponent(id)}`
}

export function toWatchLinks(watches: readonly Watch[] | undefined): LinkView[] {
  return (watches ?? []).map((watch) => ({ text: watch.title, href: toWatchPath(watch.id) }))
}

/** "org Acme Corp, query "acme OR …", min records 1,000": what the watch matches, in words. */
export function describeWatchFilter(watch: Watch): string {
  const parts: string[] = []
  if (watch.query !== null) parts.push(`query “${watch.query}”`)
  if (watch.org !== null) parts.push(`organization ${watch.org}`)
  if (watch.actor !== null) parts.push(`actor ${watch.actor}`)
  if (watch.sector !== null) parts.push(`sector ${watch.sector}`)
  if (watch.country !== null) parts.push(`country ${watch.country}`)
  if (watch.dataType !== null) parts.push(`data type ${watch.dataType}`)
  if (watch.minRecords !== null) parts.push(`at least ${watch.minRecords.toLocaleString('en-US')} records`)
  return parts.join(', ')
}

/** /status's watch rows: every configured watch with its delivery counts. */
export async function loadWatchStatus(
  ctx: AppContext,
): Promise<(LinkView & { matches: number; sent: number; pending: number; failed: number; lastError: string | null })[]> {
  const watches = ctx.getConfig().watches ?? []
  if (watches.length === 0) return []
  const stats = new Map((await ctx.store.alerts.watchStats()).map((s) => [s.watchId, s]))
  return watches.map((watch) => {
    const s = stats.get(watch.id)
    return {
      text: watch.title,
      href: toWatchPath(watch.id),
      matches: s?.matches ?? 0,
      sent: s?.sent ?? 0,
      pending: s?.pending ?? 0,
      failed: s?.failed ?? 0,
      lastError: s?.lastError ?? null,
    }
  })
}
