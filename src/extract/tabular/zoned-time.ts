// A wall-clock time in an IANA zone → the UTC instant, DST-correct, with Intl only (no tz data of
// our own). Tables state dates as local dates ("01/15/2025" at an office in New York); the zone
// comes from the source's config.

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(timeZone)
  if (fmt === undefined) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, fmt)
  }
  return fmt
}

/** true when Intl knows the zone ("America/New_York", "UTC"); "EST5" style or typos are false. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** The zone's offset from UTC at instant `utcMs`, in milliseconds (New York in winter: -5 h). */
function offsetAt(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  const asUtc = Date.UTC(
    parts['year'] ?? 0,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  )
  // formatToParts drops milliseconds: compare at whole seconds.
  return asUtc - Math.floor(utcMs / 1000) * 1000
}

export interface WallTime {
  year: number
  /** 1..12 */
  month: number
  day: number
  hour?: number
  minute?: number
  second?: number
  millisecond?: number
}

/**
 * The UTC instant (ms) of a wall-clock time in `timeZone`. A time that a spring-forward gap skips
 * (02:30 on the night New York moves to 03:00) is read with the offset before the change, so it
 * lands just after the gap (03:30 EDT); a time a fall-back repeats is its first (summer) occurrence.
 */
export function zonedTimeToUtc(wall: WallTime, timeZone: string): number {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0, wall.millisecond ?? 0)
  // The offset a few hours before and after bracket any change near this time; try the earlier
  // one first (summer time on a fall-back night) and keep the first guess that reads back right.
  const before = offsetAt(local - 12 * 3600_000, timeZone)
  const after = offsetAt(local + 12 * 3600_000, timeZone)
  for (const offset of [before, after]) {
    const utc = local - offset
    if (offsetAt(utc, timeZone) === offset) return utc
  }
  // Neither reads back: the time falls in a gap; the offset before the gap pushes it past it.
  return local - before
}
