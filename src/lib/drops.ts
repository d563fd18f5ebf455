// What a poll pass left out, in words, for every place that shows it: the poll line
// ("dropped 3 (2 duplicate, 1 unusable link)"), the outcome log, /status, the source page and
// `breachwire sources`. Counts come from clean/ (DropReason) plus a tabular source's bad rows.
import type { DropCounts, PassDropReason } from '../types.js'

const reasonWords: Record<PassDropReason, string> = {
  duplicate: 'duplicate',
  unusable_link: 'unusable link',
  unidentifiable: 'unidentifiable',
  not_an_item: 'not an item',
  bad_row: 'bad row',
  over_max_items: 'over maxItemsPerFetch',
  over_items_per_mb: 'over the items-per-MB cap',
}

/** All reasons together. */
export function totalDrops(counts: DropCounts | null): number {
  return Object.values(counts ?? {}).reduce((sum, n) => sum + (n ?? 0), 0)
}

/** `2 duplicate, 1 unusable link`: the largest first, ties by word; '' when nothing was dropped. */
export function describeDrops(counts: DropCounts | null): string {
  return (Object.entries(counts ?? {}) as [PassDropReason, number][])
    .filter(([reason, n]) => n > 0 && reason in reasonWords)
    .map(([reason, n]) => [reasonWords[reason], n] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([word, n]) => `${n} ${word}`)
    .join(', ')
}
