// Stable names for a watch's notify targets and when each one's messages are due.
import { hashFields } from '../lib/hash.js'
import type { NotifyTarget, Watch } from './types.js'

/**
 * "webhook:<hash of the url>" or "email:<hash of the addresses>": a delivery finds its target
 * again after a restart or a reordered notify list; a target edited away cancels its deliveries.
 */
export function targetKey(target: NotifyTarget): string {
  return target.type === 'webhook' ? `webhook:${hashFields([target.url], 12)}` : `email:${hashFields(target.to, 12)}`
}

export function findTarget(watch: Watch, key: string): NotifyTarget | undefined {
  return watch.notify.find((target) => targetKey(target) === key)
}

/** Immediate targets: now. A daily digest: its next "HH:MM" UTC at or after now. */
export function firstAttemptAt(target: NotifyTarget, now: Date): string {
  if (target.type !== 'email' || target.digest !== 'daily') return now.toISOString()
  const [hours, minutes] = target.digestAt.split(':').map(Number)
  const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours ?? 8, minutes ?? 0))
  if (due.getTime() < now.getTime()) due.setUTCDate(due.getUTCDate() + 1)
  return due.toISOString()
}

/** Is this target's traffic one message per batch (a digest) rather than one per alert? */
export function isDigest(target: NotifyTarget): boolean {
  return target.type === 'email' && target.digest === 'daily'
}
