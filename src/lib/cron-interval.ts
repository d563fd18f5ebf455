// The shortest gap between two runs of a cron expression, read from its fields alone (no clock):
// the times of day it fires (hour × minute × second, as node-cron parses them), sorted, and the
// gaps between neighbours, the one across midnight included. Day-of-month, month and day-of-week
// are ignored, so the result never exceeds the real shortest gap and equals it whenever two
// consecutive days both match ("every N minutes" schedules, daily ones). Used to size HTTP
// Cache-Control max-age from the poll schedule.
import cron from 'node-cron'

const DAY_SECONDS = 86_400
const MEMO_LIMIT = 256
const memo = new Map<string, number | null>()

/** Shortest gap in seconds between two runs of `expression`; null when it does not parse. Never throws. */
export function measureShortestCronInterval(expression: string): number | null {
  let seconds = memo.get(expression)
  if (seconds === undefined) {
    seconds = computeShortestGap(expression)
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(expression, seconds)
  }
  return seconds
}

function computeShortestGap(expression: string): number | null {
  let fields: { hour: number[]; minute: number[]; second: number[] }
  try {
    if (!cron.validate(expression)) return null
    fields = cron.parse(expression)
  } catch {
    return null
  }
  const ascending = (list: number[]): number[] => [...new Set(list)].sort((a, b) => a - b)
  const [hours, minutes, secs] = [ascending(fields.hour), ascending(fields.minute), ascending(fields.second)]
  let first: number | null = null
  let previous: number | null = null
  let shortest = DAY_SECONDS
  for (const h of hours) {
    for (const m of minutes) {
      for (const s of secs) {
        const at = h * 3600 + m * 60 + s
        if (first === null) first = at
        if (previous !== null) shortest = Math.min(shortest, at - previous)
        previous = at
      }
    }
  }
  if (first === null || previous === null) return null
  return Math.min(shortest, first + DAY_SECONDS - previous)
}
