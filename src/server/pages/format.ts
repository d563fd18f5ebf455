// Text and date formatting for the reader pages. Pure functions: time comes in as `now`.

const absoluteFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'UTC',
})

const shortFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

/** "28 November 2026, 14:05 UTC", or '' for a missing or unreadable date. */
export function formatAbsoluteDate(iso: string | null | undefined): string {
  const ms = parseTime(iso)
  if (ms === null) return ''
  return `${absoluteFormat.format(ms).replace(' at ', ', ')} UTC`
}

/** "28 Nov 2026" (UTC), or '' for a missing or unreadable date. */
export function formatShortDate(iso: string | null | undefined): string {
  const ms = parseTime(iso)
  return ms === null ? '' : shortFormat.format(ms)
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/**
 * "3 hours ago", "yesterday", "in 12 minutes"; "just now" within a minute either way.
 * Returns '' for a missing or unreadable date.
 */
export function formatRelativeDate(iso: string | null | undefined, now: Date): string {
  const ms = parseTime(iso)
  if (ms === null) return ''
  const seconds = Math.round((ms - now.getTime()) / 1000)
  const abs = Math.abs(seconds)
  if (abs < 60) return 'just now'
  for (const [unit, size] of units) {
    if (abs >= size) return relativeFormat.format(Math.trunc(seconds / size), unit)
  }
  return 'just now'
}

/** The first `maxWords` words of a plain text, with an ellipsis when it was cut. */
export function excerptText(text: string, maxWords = 55): string {
  const words = text
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '')
  if (words.length <= maxWords) return words.join(' ')
  const cut = words
    .slice(0, maxWords)
    .join(' ')
    .replace(/[\s,;:.\-–—]+$/u, '')
  return `${cut}…`
}

/** A count with its noun: "1 item", "12 items". */
export function formatCount(count: number, noun: string, plural = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : plural}`
}

function parseTime(iso: string | null | undefined): number | null {
  if (iso === null || iso === undefined || iso === '') return null
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? null : ms
}

const gapUnits: [string, number][] = [
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/**
 * How long after `from` the time `to` came, in words: "3 hours later", "2 days earlier",
 * "at the same time" (within a minute); '' when either date is missing or unreadable.
 */
export function formatGap(from: string | null | undefined, to: string | null | undefined): string {
  const a = parseTime(from)
  const b = parseTime(to)
  if (a === null || b === null) return ''
  const seconds = Math.round((b - a) / 1000)
  const abs = Math.abs(seconds)
  if (abs < 60) return 'at the same time'
  const [unit, size] = gapUnits.find(([, size]) => abs >= size) ?? ['minute', 60]
  return `${formatCount(Math.trunc(abs / size), unit)} ${seconds > 0 ? 'later' : 'earlier'}`
}
