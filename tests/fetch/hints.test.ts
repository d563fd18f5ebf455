import { describe, expect, it } from 'vitest'
import { parseHttpDate, parseMaxAge, parseRetryAfter, readHints } from '../../src/fetch/hints.js'

const now = Date.parse('2025-11-01T10:00:00Z')

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Sat, 01 Nov 2025 10:02:00 GMT', 120_000],
    ['Sat, 01 Nov 2025 09:00:00 GMT', 0],
    ['99999999999', 365 * 24 * 3600 * 1000],
  ])('%j → %d ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms)
  })
  it.each(['', 'soon', '-5', '1.5', '12abc'])('%j → undefined', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined()
  })
})

describe('parseMaxAge', () => {
  it.each([
    ['max-age=300', 300],
    ['public, max-age=60, s-maxage=600', 600],
    ['no-store, max-age=10', 10],
    ['MAX-AGE="45"', 45],
  ])('%j → %d', (value, seconds) => {
    expect(parseMaxAge(value)).toBe(seconds)
  })
  it.each(['no-store', 'max-age=abc', 'max-age=-1', ''])('%j → undefined', (value) => {
    expect(parseMaxAge(value)).toBeUndefined()
  })
})

describe('parseHttpDate', () => {
  it('reads an HTTP date as ISO', () => {
    expect(parseHttpDate('Sun, 02 Nov 2025 08:00:00 GMT')).toBe('2025-11-02T08:00:00.000Z')
  })
  it.each(['0', '-1', 'never', ''])('%j → undefined', (value) => {
    expect(parseHttpDate(value)).toBeUndefined()
  })
})

describe('readHints', () => {
  it('collects all three from headers', () => {
    expect(readHints({ 'retry-after': '30', 'cache-control': 'max-age=900', expires: 'Sat, 01 Nov 2025 11:00:00 GMT' }, now)).toEqual({
      retryAfterMs: 30_000,
      maxAgeSeconds: 900,
      expires: '2025-11-01T11:00:00.000Z',
    })
    expect(readHints({}, now)).toEqual({})
  })
})
