// An item's dates: published (else updated) from the feed, or the time first seen.

import { parseDate } from '../lib/time.js'
import type { ParsedItem } from '../types.js'

/** How far in the future a feed date may be (clock skew) before it is not believed. */
const FUTURE_SKEW_MS = 10 * 60_000

export interface ItemDates {
  publishedAt: string
  /** true when publishedAt is `now` rather than a date the feed gave. */
  dateIsFallback: boolean
  updatedAt: string | null
}

/**
 * Published and updated dates as UTC ISO strings.
 * A missing or unreadable date, or one more than FUTURE_SKEW_MS ahead of `now`, becomes `now`
 * with dateIsFallback true (so the content hash ignores it and a feed that stamps every item
 * with a future date does not look "changed" on every poll). A future updated date is dropped.
 */
export function normalizeDates(item: Pick<ParsedItem, 'published' | 'updated'>, now: Date): ItemDates {
  const limit = now.getTime() + FUTURE_SKEW_MS
  const published = parseDate(item.published)
  let updated = parseDate(item.updated)
  if (updated !== null && updated.getTime() > limit) updated = null
  const chosen = published ?? updated
  const usable = chosen !== null && chosen.getTime() <= limit
  return {
    publishedAt: usable ? chosen.toISOString() : now.toISOString(),
    dateIsFallback: !usable,
    updatedAt: updated === null ? null : updated.toISOString(),
  }
}
