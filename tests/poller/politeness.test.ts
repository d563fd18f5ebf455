import { describe, expect, it } from 'vitest'
import { findNextCronRun, measureCronInterval } from '../../src/poller/cron.js'
import { computeBackoffMs, computeFreshnessMs, computeNextRun, isUnconditionalDue, maxDelayMs } from '../../src/poller/politeness.js'

const now = new Date('2026-03-01T12:00:00.000Z')
const min = 60_000
const hour = 60 * min
const at = (ms: number): Date => new Date(now.getTime() + ms)
const fixed = (x: number) => () => x

describe('computeBackoffMs', () => {
  const cases: [string, number, number, number, number][] = [
    // name, failures, interval, random, expected
    ['no failure', 0, 15 * min, 0.5, 0],
    ['first failure doubles', 1, 15 * min, 0.5, 30 * min],
    ['second failure ×4', 2, 15 * min, 0.5, 60 * min],
    ['third failure ×8', 3, 15 * min, 0.5, 120 * min],
    ['jitter low end -10%', 1, 15 * min, 0, 27 * min],
    ['jitter high end +10%', 1, 15 * min, 1, 33 * min],
    ['capped at 24 h', 10, 15 * min, 0.5, maxDelayMs],
    ['capped even with high jitter', 7, 15 * min, 1, maxDelayMs],
    ['huge failure count does not overflow', 5000, hour, 0.5, maxDelayMs],
    ['second-level schedule', 2, 1000, 0.5, 4000],
    ['nonsense random is treated as the middle', 1, 15 * min, Number.NaN, 30 * min],
  ]
  it.each(cases)('%s', (_name, failures, interval, random, expected) => {
    expect(computeBackoffMs(failures, interval, fixed(random))).toBe(expected)
  })
})

describe('computeFreshnessMs', () => {
  const cases: [string, Parameters<typeof computeFreshnessMs>[0], number | undefined, number][] = [
    ['nothing', {}, undefined, 0],
    ['max-age', { maxAgeSeconds: 1800 }, undefined, 30 * min],
    ['max-age wins over Expires', { maxAgeSeconds: 60, expires: at(2 * hour).toUTCString() }, undefined, min],
    ['Expires in the future', { expires: at(2 * hour).toUTCString() }, undefined, 2 * hour],
    ['Expires in the past', { expires: at(-hour).toUTCString() }, undefined, 0],
    ['Expires unparsable', { expires: 'soon' }, undefined, 0],
    ['RSS ttl', {}, 60, hour],
    ['larger of ttl and max-age', { maxAgeSeconds: 600 }, 30, 30 * min],
    ['capped at 24 h', { maxAgeSeconds: 365 * 86400 }, undefined, maxDelayMs],
    ['ttl capped', {}, 100_000, maxDelayMs],
    ['negative ttl ignored', {}, -5, 0],
  ]
  it.each(cases)('%s', (_name, hints, ttl, expected) => {
    expect(computeFreshnessMs(hints, ttl, now)).toBe(expected)
  })
})

describe('computeNextRun', () => {
  const cronNext = at(15 * min)
  const cases: [string, Omit<Parameters<typeof computeNextRun>[0], 'now' | 'cronNext' | 'intervalMs' | 'random'>, Date][] = [
    ['success: next cron tick', { failures: 0 }, cronNext],
    ['success: max-age shorter than the tick changes nothing', { failures: 0, hints: { maxAgeSeconds: 60 } }, cronNext],
    ['success: max-age is a floor', { failures: 0, hints: { maxAgeSeconds: 3600 } }, at(hour)],
    ['success: ttl is a floor', { failures: 0, ttlMinutes: 120 }, at(2 * hour)],
    [
      'backing off: Retry-After without a failure is the next run, with no backoff on top',
      { failures: 0, retryAfterMs: 5 * hour },
      at(5 * hour),
    ],
    ['backing off: Retry-After before the tick changes nothing', { failures: 0, retryAfterMs: 1000 }, cronNext],
    ['failure: backoff', { failures: 1 }, at(30 * min)],
    ['failure: Retry-After longer than the backoff', { failures: 1, retryAfterMs: 3 * hour }, at(3 * hour)],
    ['failure: Retry-After shorter than the backoff', { failures: 1, retryAfterMs: 1000 }, at(30 * min)],
    ['failure: Retry-After capped at 24 h', { failures: 1, retryAfterMs: 30 * 86_400_000 }, at(maxDelayMs)],
    ['failure: backoff never earlier than the tick', { failures: 1, retryAfterMs: 0 }, at(30 * min)],
  ]
  it.each(cases)('%s', (_name, input, expected) => {
    expect(computeNextRun({ now, cronNext, intervalMs: 15 * min, random: fixed(0.5), ...input }).toISOString()).toBe(expected.toISOString())
  })
})

describe('isUnconditionalDue', () => {
  const cases: [string | null, boolean][] = [
    [null, true],
    ['garbage', true],
    [at(-hour).toISOString(), false],
    [at(-23 * hour).toISOString(), false],
    [at(-24 * hour).toISOString(), true],
    [at(-48 * hour).toISOString(), true],
  ]
  it.each(cases)('last unconditional %s → %s', (last, expected) => {
    expect(isUnconditionalDue(last, now)).toBe(expected)
  })
})

describe('cron arithmetic', () => {
  const cases: [string, string, string][] = [
    ['*/15 * * * *', '2026-03-01T12:00:00.000Z', '2026-03-01T12:15:00.000Z'],
    ['*/15 * * * *', '2026-03-01T12:07:31.500Z', '2026-03-01T12:15:00.000Z'],
    ['0 * * * *', '2026-03-01T12:59:59.999Z', '2026-03-01T13:00:00.000Z'],
    ['*/5 * * * * *', '2026-03-01T12:00:01.000Z', '2026-03-01T12:00:05.000Z'],
    ['0 9 * * mon', '2026-03-01T12:00:00.000Z', '2026-03-02T09:00:00.000Z'],
    ['0 0 1 1 *', '2026-03-01T12:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['30 4 29 2 *', '2026-03-01T12:00:00.000Z', '2028-02-29T04:30:00.000Z'],
    ['0 0 L * *', '2026-03-01T12:00:00.000Z', '2026-03-31T00:00:00.000Z'],
    ['15,45 */6 * * *', '2026-03-01T12:20:00.000Z', '2026-03-01T12:45:00.000Z'],
    ['0 12 * * 5#2', '2026-03-01T12:00:00.000Z', '2026-03-13T12:00:00.000Z'],
  ]
  // node-cron reads expressions in local time; these expectations are written for UTC, which
  // vitest.config.ts sets (TZ) for every worker.
  it('runs in UTC', () => {
    expect(new Date('2026-03-01T12:00:00.000Z').getTimezoneOffset()).toBe(0)
  })
  it.each(cases)('%s after %s', (expression, after, expected) => {
    expect(findNextCronRun(expression, new Date(after))?.toISOString()).toBe(expected)
  })
  it('measures intervals', () => {
    expect(measureCronInterval('*/15 * * * *', now)).toBe(15 * min)
    expect(measureCronInterval('* * * * * *', now)).toBe(1000)
    expect(measureCronInterval('0 3 * * *', now)).toBe(24 * hour)
    const t0 = performance.now()
    expect(measureCronInterval('0 0 1 1 *', now)).toBe(365 * 24 * hour) // 2027 → 2028
    expect(performance.now() - t0).toBeLessThan(2000) // a yearly schedule is not a year of minute steps
  })
})
