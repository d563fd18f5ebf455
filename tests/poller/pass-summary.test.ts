import { describe, expect, it } from 'vitest'
import { summarizePass } from '../../src/poller/index.js'
import type { SourceOutcome } from '../../src/types.js'

function outcome(sourceId: string, result: SourceOutcome['result'], extra: Partial<SourceOutcome> = {}): SourceOutcome {
  return {
    sourceId,
    result,
    notModified: false,
    counts: { inserted: 0, updated: 0, unchanged: 0, dropped: 0, droppedBy: {} },
    status: null,
    durationMs: 1,
    ...extra,
  }
}

const dnsFailure = (id: string): SourceOutcome =>
  outcome(id, 'failed', { error: { code: 'dns', message: 'fetch: could not resolve the host' } })

describe('summarizePass', () => {
  it('says how many failed and why, and where the details are', () => {
    const outcomes = Array.from({ length: 13 }, (_, i) => dnsFailure(`s${i}`))
    const summary = summarizePass(outcomes, 'http://127.0.0.1:3000/status')
    expect(summary.text).toBe('13 sources: 0 ok, 13 failed (DNS lookup) — details at http://127.0.0.1:3000/status')
    expect(summary.fields).toEqual({ sources: 13, ok: 0, failed: 13, backing_off: 0, items_new: 0, failures: { 'DNS lookup': 13 } })
  })

  it('counts several kinds of failure, most frequent first, and the new items of the sources that worked', () => {
    const outcomes = [
      outcome('a', 'new', { counts: { inserted: 3, updated: 0, unchanged: 0, dropped: 0, droppedBy: {} } }),
      outcome('b', 'unchanged', { notModified: true }),
      outcome('c', 'failed', { status: 503, error: { code: 'http_status', message: 'fetch: HTTP 503' } }),
      dnsFailure('d'),
      dnsFailure('e'),
    ]
    expect(summarizePass(outcomes).text).toBe('5 sources: 2 ok (3 new items), 3 failed (2 DNS lookup, 1 HTTP 503)')
    expect(summarizePass([outcome('a', 'unchanged')]).text).toBe('1 source: 1 ok, 0 failed')
    const paced = outcome('p', 'failed', { status: 429, error: { code: 'backing_off', message: 'fetch: HTTP 429 Too Many Requests' } })
    expect(summarizePass([paced, outcome('a', 'unchanged')]).text).toBe('2 sources: 1 ok, 0 failed, 1 backing off')
  })
})
