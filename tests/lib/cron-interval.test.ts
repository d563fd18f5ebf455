import { describe, expect, it } from 'vitest'
import { measureShortestCronInterval } from '../../src/lib/cron-interval.js'

describe('measureShortestCronInterval', () => {
  it.each([
    ['*/15 * * * *', 900],
    ['*/5 * * * *', 300],
    ['* * * * *', 60],
    ['*/10 * * * * *', 10],
    ['* * * * * *', 1],
    ['0,50 * * * *', 600], // 00:50 → 01:00
    ['0 9,17 * * *', 8 * 3600], // the shorter of 8 h and 16 h
    ['0 3 * * *', 86_400],
    ['30 */6 * * 1-5', 6 * 3600], // weekdays only: the gaps within a day
    ['0 0 1 1 *', 86_400], // day fields are ignored: a lower bound, never more than a day
  ])('%j → %i s', (expression, seconds) => {
    expect(measureShortestCronInterval(expression)).toBe(seconds)
  })

  it.each(['', 'every minute', '61 * * * *', '* * *'])('%j does not parse → null (never throws)', (expression) => {
    expect(measureShortestCronInterval(expression)).toBeNull()
  })
})
