import { describe, expect, it } from 'vitest'
import { parseTabularDate } from '../../src/extract/tabular/dates.js'
import { isValidTimeZone, zonedTimeToUtc } from '../../src/extract/tabular/zoned-time.js'

const iso = (ms: number): string => new Date(ms).toISOString()

describe('zonedTimeToUtc', () => {
  it('applies standard and summer time in New York', () => {
    expect(iso(zonedTimeToUtc({ year: 2025, month: 1, day: 15 }, 'America/New_York'))).toBe('2025-01-15T05:00:00.000Z')
    expect(iso(zonedTimeToUtc({ year: 2025, month: 7, day: 15, hour: 9, minute: 30 }, 'America/New_York'))).toBe('2025-07-15T13:30:00.000Z')
  })

  it('on the spring-forward night, a skipped time lands just after the gap', () => {
    // 2025-03-09 02:30 does not exist in New York (02:00 EST jumps to 03:00 EDT).
    expect(iso(zonedTimeToUtc({ year: 2025, month: 3, day: 9, hour: 2, minute: 30 }, 'America/New_York'))).toBe('2025-03-09T07:30:00.000Z')
    expect(iso(zonedTimeToUtc({ year: 2025, month: 3, day: 9, hour: 1, minute: 59 }, 'America/New_York'))).toBe('2025-03-09T06:59:00.000Z')
    expect(iso(zonedTimeToUtc({ year: 2025, month: 3, day: 9, hour: 3, minute: 0 }, 'America/New_York'))).toBe('2025-03-09T07:00:00.000Z')
  })

  it('on the fall-back night, a repeated time is its first (summer) occurrence', () => {
    expect(iso(zonedTimeToUtc({ year: 2025, month: 11, day: 2, hour: 1, minute: 30 }, 'America/New_York'))).toBe('2025-11-02T05:30:00.000Z')
    expect(iso(zonedTimeToUtc({ year: 2025, month: 11, day: 2, hour: 2, minute: 0 }, 'America/New_York'))).toBe('2025-11-02T07:00:00.000Z')
  })

  it('handles zones east of UTC, half-hour offsets and the southern hemisphere', () => {
    expect(iso(zonedTimeToUtc({ year: 2025, month: 3, day: 30, hour: 12 }, 'Europe/Berlin'))).toBe('2025-03-30T10:00:00.000Z')
    expect(iso(zonedTimeToUtc({ year: 2025, month: 3, day: 29, hour: 12 }, 'Europe/Berlin'))).toBe('2025-03-29T11:00:00.000Z')
    expect(iso(zonedTimeToUtc({ year: 2025, month: 1, day: 1 }, 'Asia/Kolkata'))).toBe('2024-12-31T18:30:00.000Z')
    expect(iso(zonedTimeToUtc({ year: 2025, month: 1, day: 1 }, 'Australia/Sydney'))).toBe('2024-12-31T13:00:00.000Z')
    expect(iso(zonedTimeToUtc({ year: 2025, month: 7, day: 1 }, 'Australia/Sydney'))).toBe('2025-06-30T14:00:00.000Z')
    expect(iso(zonedTimeToUtc({ year: 2025, month: 7, day: 1, millisecond: 250 }, 'UTC'))).toBe('2025-07-01T00:00:00.250Z')
  })

  it('knows real zones from typos', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true)
    expect(isValidTimeZone('UTC')).toBe(true)
    expect(isValidTimeZone('America/New_Yrok')).toBe(false)
    expect(isValidTimeZone('')).toBe(false)
  })
})

describe('parseTabularDate', () => {
  const ny = 'America/New_York'
  const cases: [string, Parameters<typeof parseTabularDate>[1], string, string | undefined][] = [
    ['01/15/2025', 'MM/DD/YYYY', ny, '2025-01-15T05:00:00.000Z'],
    ['1/5/2025', 'MM/DD/YYYY', ny, '2025-01-05T05:00:00.000Z'],
    ['07/04/2025 2:15 PM', 'MM/DD/YYYY', ny, '2025-07-04T18:15:00.000Z'],
    ['12/04/2025 12:05 am', 'MM/DD/YYYY', ny, '2025-12-04T05:05:00.000Z'],
    ['15/01/2025', 'MM/DD/YYYY', ny, undefined],
    ['02/30/2025', 'MM/DD/YYYY', ny, undefined],
    ['2025-01-15', 'MM/DD/YYYY', ny, undefined],
    ['15/01/2025', 'DD/MM/YYYY', 'Europe/London', '2025-01-15T00:00:00.000Z'],
    ['15.07.2025', 'DD/MM/YYYY', 'Europe/London', '2025-07-14T23:00:00.000Z'],
    ['29/02/2024', 'DD/MM/YYYY', 'UTC', '2024-02-29T00:00:00.000Z'],
    ['29/02/2025', 'DD/MM/YYYY', 'UTC', undefined],
    ['2025-03-04', 'YYYY-MM-DD', ny, '2025-03-04T05:00:00.000Z'],
    ['2025-03-04 22:41:17.512083', 'YYYY-MM-DD', 'UTC', '2025-03-04T22:41:17.512Z'],
    ['2025-03-04 25:00', 'YYYY-MM-DD', 'UTC', undefined],
    ['March 3, 2025', 'MMMM D, YYYY', ny, '2025-03-03T05:00:00.000Z'],
    ['Mar. 3 2025', 'MMMM D, YYYY', ny, '2025-03-03T05:00:00.000Z'],
    ['Sept 30, 2025', 'MMMM D, YYYY', ny, '2025-09-30T04:00:00.000Z'],
    ['3rd March 2025', 'MMMM D, YYYY', 'UTC', '2025-03-03T00:00:00.000Z'],
    ['Feb 30, 2025', 'MMMM D, YYYY', ny, undefined],
    ['Mayday 3, 2025', 'MMMM D, YYYY', ny, undefined],
    ['2025-03-04', 'ISO', ny, '2025-03-04T05:00:00.000Z'],
    ['2025-03-04T10:00:00', 'ISO', ny, '2025-03-04T15:00:00.000Z'],
    ['2025-03-04T10:00:00Z', 'ISO', ny, '2025-03-04T10:00:00.000Z'],
    ['2025-03-04T10:00:00+02:00', 'ISO', ny, '2025-03-04T08:00:00.000Z'],
    ['2025-03-04T10:00:00.5-0330', 'ISO', ny, '2025-03-04T13:30:00.500Z'],
    ['2013-12-04T00:00:00Z', 'ISO', ny, '2013-12-04T00:00:00.000Z'],
    ['yesterday', 'ISO', ny, undefined],
    ['2025-13-01', 'ISO', ny, undefined],
  ]
  it.each(cases)('%s as %s in %s → %s', (text, format, zone, expected) => {
    expect(parseTabularDate(text, format, zone)).toBe(expected)
  })
})
