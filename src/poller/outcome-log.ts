// One log line per fetch: structured fields for machines, and the same short line `poll` prints
// (`databreaches  new 12, updated 1`) for a person reading the human format.
import { describeDrops } from '../lib/drops.js'
import { log } from '../lib/log.js'
import type { SourceOutcome } from '../types.js'
import { backingOffCode } from './politeness.js'

export function logOutcome(outcome: SourceOutcome): void {
  const fields = {
    source_id: outcome.sourceId,
    status: outcome.status,
    duration_ms: outcome.durationMs,
    result: outcome.notModified ? 'not_modified' : outcome.result,
    items_new: outcome.counts.inserted,
    items_updated: outcome.counts.updated,
    items_dropped: outcome.counts.dropped,
    items_dropped_by: outcome.counts.droppedBy,
    error: outcome.error?.message ?? null,
    error_code: outcome.error?.code ?? null,
    warning: outcome.warning ?? null,
  }
  const human = formatOutcomeLine(outcome, 0)
  if (outcome.error?.code === backingOffCode) log.info('Source backing off', fields, human)
  else if (outcome.result === 'failed') log.warn('Source poll failed', fields, human)
  else if (outcome.warning !== undefined) log.warn('Source polled with a warning', fields, human)
  else log.info('Source polled', fields, human)
}

/** `databreaches  new 12, updated 1, dropped 3 (2 duplicate, 1 unusable link)` · `pogo  unchanged (304)` · `foo  failed: fetch: HTTP 404 …` · `bar  backing off: …`; ids padded to `width`. */
export function formatOutcomeLine(outcome: SourceOutcome, width: number): string {
  const id = outcome.sourceId.padEnd(width)
  const dropped = outcome.counts.dropped > 0 ? `, dropped ${outcome.counts.dropped} (${describeDrops(outcome.counts.droppedBy)})` : ''
  switch (outcome.result) {
    case 'failed':
      if (outcome.error?.code === backingOffCode) return `${id}  backing off: ${outcome.error.message}`
      return `${id}  failed: ${outcome.error?.message ?? 'unknown error'}`
    case 'unchanged':
      return `${id}  unchanged${outcome.notModified ? ' (304)' : ''}${dropped}`
    default:
      return `${id}  new ${outcome.counts.inserted}, updated ${outcome.counts.updated}${dropped}`
  }
}
