// One line after each pass of the scheduler, for a person watching `start` on a terminal:
//   13 sources: 0 ok, 13 failed (DNS lookup) — details at http://127.0.0.1:3000/status
// plus the same counts as fields for the JSON log. A source a 429/503 put on hold is backing off,
// neither ok nor failed.
import type { SourceOutcome } from '../types.js'
import { backingOffCode } from './politeness.js'

/** Failure codes (fetch, parse, extract) in a few words. */
const failureWords: Record<string, string> = {
  dns: 'DNS lookup',
  timeout: 'timeout',
  tls: 'TLS',
  connection: 'connection',
  too_large: 'too large',
  too_many_redirects: 'too many redirects',
  blocked_address: 'blocked address',
  empty_body: 'empty answer',
  bad_url: 'bad URL',
  aborted: 'stopped',
  unrecognized_format: 'not a feed',
  malformed: 'unreadable feed',
  empty: 'empty feed',
  selector_empty: 'selectors found nothing',
}

function describeFailure(outcome: SourceOutcome): string {
  const code = outcome.error?.code ?? 'internal'
  if (code === 'http_status') return outcome.status === null ? 'HTTP error' : `HTTP ${outcome.status}`
  return failureWords[code] ?? code
}

export interface PassSummary {
  text: string
  fields: { sources: number; ok: number; failed: number; backing_off: number; items_new: number; failures: Record<string, number> }
}

/** The pass in one line; `statusUrl` (the status page) is where the details are. */
export function summarizePass(outcomes: readonly SourceOutcome[], statusUrl?: string): PassSummary {
  const failures = new Map<string, number>()
  let itemsNew = 0
  let backingOff = 0
  for (const outcome of outcomes) {
    itemsNew += outcome.counts.inserted
    if (outcome.error?.code === backingOffCode) backingOff += 1
    if (outcome.result !== 'failed' || outcome.error?.code === backingOffCode) continue
    const kind = describeFailure(outcome)
    failures.set(kind, (failures.get(kind) ?? 0) + 1)
  }
  const failed = [...failures.values()].reduce((a, b) => a + b, 0)
  const ok = outcomes.length - failed - backingOff
  const kinds = [...failures].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  const why =
    kinds.length === 0 ? '' : kinds.length === 1 ? ` (${kinds[0]?.[0]})` : ` (${kinds.map(([kind, n]) => `${n} ${kind}`).join(', ')})`
  const fresh = itemsNew > 0 ? ` (${itemsNew} new item${itemsNew === 1 ? '' : 's'})` : ''
  const waiting = backingOff > 0 ? `, ${backingOff} backing off` : ''
  const where = statusUrl === undefined ? '' : ` — details at ${statusUrl}`
  const noun = outcomes.length === 1 ? 'source' : 'sources'
  return {
    text: `${outcomes.length} ${noun}: ${ok} ok${fresh}, ${failed} failed${why}${waiting}${where}`,
    fields: { sources: outcomes.length, ok, failed, backing_off: backingOff, items_new: itemsNew, failures: Object.fromEntries(kinds) },
  }
}
