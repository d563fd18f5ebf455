// One structured log line per fetch.
import { log } from '../lib/log.js'
import type { SourceOutcome } from '../types.js'

export function logOutcome(outcome: SourceOutcome): void {
  const fields = {
    source_id: outcome.sourceId,
    status: outcome.status,
    duration_ms: outcome.durationMs,
    result: outcome.notModified ? 'not_modified' : outcome.result,
    items_new: outcome.counts.inserted,
    items_updated: outcome.counts.updated,
    items_dropped: outcome.counts.dropped,
    error: outcome.error?.message ?? null,
    error_code: outcome.error?.code ?? null,
  }
  if (outcome.result === 'failed') log.warn('Source poll failed', fields)
  else log.info('Source polled', fields)
}
