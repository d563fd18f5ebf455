// A table cell's date, written the way the source's `dateFormat` says, → UTC ISO 8601. Dates
// without an offset are wall-clock times in the source's `timeZone`; a date alone is midnight there.

import type { TabularDateFormat } from '../../types.js'
import { type WallTime, zonedTimeToUtc } from './zoned-time.js'

export const DATE_FORMATS: readonly TabularDateFormat[] = ['MM/DD/YYYY', 'DD/MM/YYYY', 'YYYY-MM-DD', 'MMMM D, YYYY', 'ISO']

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/** An optional time after the date: "14:05", "14:05:09", "14:05:09.123456", "2:05 PM". */
const TIME = String.raw`(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*([AaPp]\.?[Mm]\.?)?)?`
// Day-first and month-first tables also write 15.01.2025 or 15-01-2025.
const NUMERIC = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${TIME}$`)
const YMD = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`)
// "March 3, 2025", "Mar. 3 2025", "Sept 3, 2025", and the day-first "3 March 2025".
const MONTH_NAME_FIRST = new RegExp(String.raw`^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME}$`)
const DAY_FIRST_NAME = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})${TIME}$`)
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/** 1..12 for a month's name or a prefix of it of three letters or more ("Mar", "Sept"); "Mayday" is nothing. */
function monthNumber(name: string): number | undefined {
  const lower = name.toLowerCase()
  const i = MONTHS.findIndex((month) => month.startsWith(lower))
  return i < 0 ? undefined : i + 1
}

/** Adds the time groups (hour, minute, second, fraction, am/pm) starting at `at` to a date. */
function withTime(date: WallTime, m: RegExpExecArray, at: number): WallTime | undefined {
  if (m[at] === undefined) return date
  let hour = Number(m[at])
  const meridiem = m[at + 4]?.toLowerCase().replace(/\./g, '')
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0)
  }
  const fraction = m[at + 3]
  return {
    ...date,
    hour,
    minute: Number(m[at + 1]),
    second: m[at + 2] === undefined ? 0 : Number(m[at + 2]),
    millisecond: fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0')),
  }
}

/** The wall time the text states in `format`, or undefined when it does not fit. */
function readWallTime(text: string, format: Exclude<TabularDateFormat, 'ISO'>): WallTime | undefined {
  switch (format) {
    case 'MM/DD/YYYY':
    case 'DD/MM/YYYY': {
      const m = NUMERIC.exec(text)
      if (m === null) return undefined
      const [first, second] = [Number(m[1]), Number(m[2])]
      const date =
        format === 'MM/DD/YYYY' ? { year: Number(m[3]), month: first, day: second } : { year: Number(m[3]), month: second, day: first }
      return withTime(date, m, 4)
    }
    case 'YYYY-MM-DD': {
      const m = YMD.exec(text)
      return m === null ? undefined : withTime({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, m, 4)
    }
    case 'MMMM D, YYYY': {
      const named = MONTH_NAME_FIRST.exec(text)
      if (named !== null) {
        const month = monthNumber(named[1] as string)
        return month === undefined ? undefined : withTime({ year: Number(named[3]), month, day: Number(named[2]) }, named, 4)
      }
      const dayFirst = DAY_FIRST_NAME.exec(text)
      if (dayFirst === null) return undefined
      const month = monthNumber(dayFirst[2] as string)
      return month === undefined ? undefined : withTime({ year: Number(dayFirst[3]), month, day: Number(dayFirst[1]) }, dayFirst, 4)
    }
  }
}

/** Rejects 02/30/2025 and 25:00: the fields must name a real moment. */
function isRealTime(w: WallTime): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.year < 1000) return false
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate()
  return w.day <= daysInMonth && (w.hour ?? 0) <= 23 && (w.minute ?? 0) <= 59 && (w.second ?? 0) <= 59
}

function readIso(text: string, timeZone: string): string | undefined {
  const m = ISO.exec(text)
  if (m === null) return undefined
  const wall: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    millisecond: m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0')),
  }
  if (!isRealTime(wall)) return undefined
  const zone = m[8]
  if (zone === undefined) return new Date(zonedTimeToUtc(wall, timeZone)).toISOString()
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond)
  if (zone.toUpperCase() === 'Z') return new Date(local).toISOString()
  const digits = zone.replace(':', '')
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0')
  return new Date(local - (digits[0] === '-' ? -1 : 1) * minutes * 60_000).toISOString()
}

/**
 * The cell's date as UTC ISO 8601 ("2025-01-15T05:00:00.000Z" for "01/15/2025" in New York), or
 * undefined when the text does not fit the format or names no real day.
 */
export function parseTabularDate(text: string, format: TabularDateFormat, timeZone: string): string | undefined {
  const trimmed = text.trim().replace(/\s+/g, ' ')
  if (format === 'ISO') return readIso(trimmed, timeZone)
  const wall = readWallTime(trimmed, format)
  if (wall === undefined || !isRealTime(wall)) return undefined
  return new Date(zonedTimeToUtc(wall, timeZone)).toISOString()
}
