// Tolerant date parsing for what feeds and pages actually send. Pure: returns null rather than
// guessing, never throws, and reads the clock only through the `now` argument.
//
// Accepted:
//   RFC 822 / 1123 / 2822   Mon, 05 Aug 2024 14:03:00 +0200 · 5 Aug 24 14:03 GMT · Aug 5 2024 2:03 PM EST
//   ISO 8601                2024-08-05T14:03:00Z · 2024-08-05 14:03:00.123+02:00 · 2024-08-05 · 20240805T140300Z
//   unix time               1722866580 (seconds) · 1722866580123 (milliseconds)
//   ctime                   Mon Aug  5 14:03:00 2024
//   numeric                 2024/08/05 14:03 · 05.08.2024
//   relative (needs `now`)  3 hours ago · yesterday · today
// A missing zone means UTC.

/** Zone names and their offset in minutes east of UTC. Unknown names count as UTC. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  bst: 60,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  west: 60,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  sgt: 480,
  hkt: 480,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
  acst: 570,
  awst: 480,
  nzst: 720,
  nzdt: 780,
}

const MIN_YEAR = 1970
const MAX_YEAR = 9999

interface Parts {
  year: number
  month: number // 0-11
  day: number
  hour: number
  minute: number
  second: number
  ms: number
  /** Minutes east of UTC. */
  offset: number
}

function expandYear(raw: string): number {
  const year = Number(raw)
  if (raw.length > 2) return year
  // RFC 2822 §4.3: two-digit years below 50 are 20xx, the rest 19xx.
  return year < 50 ? 2000 + year : 1900 + year
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

/** 0-11 for "Aug", "aug.", "August", "Sept"; undefined for anything else. */
function monthIndex(name: string): number | undefined {
  const key = name.toLowerCase().replace(/\.$/, '')
  if (key.length < 3) return undefined
  const index = MONTH_NAMES.findIndex((month) => month.startsWith(key))
  return index === -1 ? undefined : index
}

/** Offset in minutes east of UTC for a zone token, or undefined when it is not one. */
function parseZone(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return 0
  const token = raw.trim()
  const numeric = /^(?:(?:GMT|UTC|UT)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(token)
  if (numeric) {
    const hours = Number(numeric[2])
    const minutes = Number(numeric[3] ?? '0')
    if (hours > 14 || minutes > 59) return undefined
    return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes)
  }
  const lower = token.toLowerCase()
  if (lower in ZONES) return ZONES[lower]
  // Military single letters: RFC 2822 §4.3 says their sign was never reliable; treat as UTC.
  if (/^[a-ik-z]$/i.test(token)) return 0
  // Another alphabetic zone name: a date hours off beats no date.
  if (/^[a-z]{2,5}$/i.test(token)) return 0
  return undefined
}

function buildDate(parts: Parts): Date | null {
  const { year, month, day, hour, minute, second, ms, offset } = parts
  if (year < MIN_YEAR || year > MAX_YEAR) return null
  if (month < 0 || month > 11 || day < 1 || day > 31) return null
  if (hour > 24 || minute > 59 || second > 60) return null
  if (hour === 24 && (minute !== 0 || second !== 0)) return null
  const utc = Date.UTC(year, month, day, hour, minute, Math.min(second, 59), ms)
  const check = new Date(Date.UTC(year, month, day))
  // Reject Feb 30 and friends instead of rolling over.
  if (check.getUTCMonth() !== month || check.getUTCDate() !== day) return null
  const date = new Date(utc - offset * 60_000)
  return Number.isNaN(date.getTime()) ? null : date
}

function to24h(hour: number, meridiem: string | undefined): number {
  if (meridiem === undefined) return hour
  const pm = meridiem.toLowerCase().startsWith('p')
  if (hour === 12) return pm ? 12 : 0
  return pm ? hour + 12 : hour
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([ap]\.?m\.?))?`
const ZONE = String.raw`((?:GMT|UTC|UT)?\s*[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})?`
const WEEKDAY = String.raw`(?:[A-Za-z]{2,9}\.?(?:,\s*|\s+))?`

// 05 Aug 2024 14:03:00 +0200 (RFC 822 with or without weekday; also dashes: 05-Aug-2024)
const RFC822 = new RegExp(
  String.raw`^${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([A-Za-z]{3,9}\.?)[\s\-,]+(\d{2,4})(?:(?:\s+|\s*,\s*|\s*T|\s+at\s+)${TIME})?\s*${ZONE}$`,
  'i',
)
// Aug 5, 2024 2:03 PM EST · August 5 2024 · ctime-like "Aug 5 14:03:00 2024" handled separately
const MONTH_FIRST = new RegExp(
  String.raw`^${WEEKDAY}([A-Za-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:(?:\s+|\s*,\s*|\s+at\s+)${TIME})?\s*${ZONE}$`,
  'i',
)
const CTIME = new RegExp(String.raw`^${WEEKDAY}([A-Za-z]{3,9})\s+(\d{1,2})\s+${TIME}\s+(?:${ZONE}\s+)?(\d{4})$`, 'i')
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:(?:[Tt]|\s+)(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?$/i
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i
const SLASHED = new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})(?:[\sT]+${TIME})?\s*${ZONE}$`, 'i')
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[\s,]+${TIME})?\s*${ZONE}$`, 'i')
const UNIX = /^(\d{9,13})(?:\.(\d+))?$/
const RELATIVE = /^(\d+|an?|one)\s+(second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago$/i

const UNIT_MS: Record<string, number> = {
  second: 1000,
  sec: 1000,
  minute: 60_000,
  min: 60_000,
  hour: 3_600_000,
  hr: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
}

function fraction(raw: string | undefined): number {
  if (raw === undefined) return 0
  return Number(`${raw}00`.slice(0, 3))
}

function fromTimeGroups(
  year: number,
  month: number | undefined,
  day: number,
  g: (string | undefined)[],
  zone: string | undefined,
): Date | null {
  if (month === undefined) return null
  const offset = parseZone(zone)
  if (offset === undefined) return null
  const [hour, minute, second, frac, meridiem] = g
  let h = Number(hour ?? '0')
  if (meridiem !== undefined) {
    if (h < 1 || h > 12) return null
    h = to24h(h, meridiem)
  }
  return buildDate({
    year,
    month,
    day,
    hour: h,
    minute: Number(minute ?? '0'),
    second: Number(second ?? '0'),
    ms: fraction(frac),
    offset,
  })
}

/** ISO and ISO_BASIC share their groups: year, month, day, hour, minute, second, fraction, zone. */
function fromIsoGroups(m: RegExpExecArray): Date | null {
  const offset = parseZone(m[8])
  if (offset === undefined) return null
  return buildDate({
    year: Number(m[1]),
    month: Number(m[2]) - 1,
    day: Number(m[3]),
    hour: Number(m[4] ?? '0'),
    minute: Number(m[5] ?? '0'),
    second: Number(m[6] ?? '0'),
    ms: fraction(m[7]),
    offset,
  })
}

function parseRelative(text: string, now: Date): Date | null {
  const lower = text.toLowerCase()
  const base = now.getTime()
  if (lower === 'just now' || lower === 'now' || lower === 'today') return new Date(base)
  if (lower === 'yesterday') return new Date(base - 86_400_000)
  const m = RELATIVE.exec(lower)
  if (!m) return null
  const amount = /^\d+$/.test(m[1] ?? '') ? Number(m[1]) : 1
  const unit = UNIT_MS[m[2] ?? '']
  if (unit === undefined) return null
  return new Date(base - amount * unit)
}

/**
 * The instant a date string names, or null when it names none (or a year before 1970).
 * `now` enables relative forms ("3 hours ago", "yesterday"); without it they give null.
 */
export function parseDate(raw: string | null | undefined, now?: Date): Date | null {
  if (typeof raw !== 'string' || raw.length > 200) return null
  // Trailing "(CEST)" style comments and stray whitespace.
  const text = raw
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (text === '' || text.length > 100) return null

  let m = ISO.exec(text)
  if (m) return fromIsoGroups(m)

  m = UNIX.exec(text)
  if (m) {
    const digits = m[1] ?? ''
    const value = Number(digits)
    const ms = digits.length >= 12 ? value : value * 1000 + fraction(m[2])
    const date = new Date(ms)
    if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < MIN_YEAR) return null
    return date
  }

  m = ISO_BASIC.exec(text)
  if (m) return fromIsoGroups(m)

  m = RFC822.exec(text)
  if (m) {
    return fromTimeGroups(expandYear(m[3] ?? ''), monthIndex(m[2] ?? ''), Number(m[1]), m.slice(4, 9), m[9])
  }

  m = MONTH_FIRST.exec(text)
  if (m) {
    return fromTimeGroups(Number(m[3]), monthIndex(m[1] ?? ''), Number(m[2]), m.slice(4, 9), m[9])
  }

  m = CTIME.exec(text)
  if (m) {
    return fromTimeGroups(Number(m[9]), monthIndex(m[1] ?? ''), Number(m[2]), m.slice(3, 8), m[8])
  }

  m = SLASHED.exec(text)
  if (m) {
    return fromTimeGroups(Number(m[1]), Number(m[2]) - 1, Number(m[3]), m.slice(4, 9), m[9])
  }

  m = DOTTED.exec(text)
  if (m) {
    return fromTimeGroups(Number(m[3]), Number(m[2]) - 1, Number(m[1]), m.slice(4, 9), m[9])
  }

  if (now !== undefined) return parseRelative(text, now)
  return null
}

/** ISO 8601 in UTC with milliseconds (`2024-08-05T12:03:00.000Z`). */
export function toIsoUtc(date: Date): string {
  return date.toISOString()
}

/** parseDate, then toIsoUtc; null when the string names no date. */
export function parseDateIso(raw: string | null | undefined, now?: Date): string | null {
  const date = parseDate(raw, now)
  return date === null ? null : date.toISOString()
}
