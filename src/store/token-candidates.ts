// The title-token half of candidate lookup: items near in time that share a title token with the
// new item, through the item_tokens index (m02). A token few items share is a name and brings them
// all; a token many share says little and brings only its nearest few.
import type { StoreContext } from './context.js'

interface TokenMate {
  id: number
  score: number
  distance: number
}

/** Postings kept of a token that more than `limit` items in the window share: its nearest. */
const COMMON_TOKEN_POSTINGS = 10

/**
 * Items within ±windowHours of `at` that share one of `tokens`, at most `limit`, best first (see
 * findStoryCandidates for the ranking).
 */
export function findTokenMates(
  ctx: StoreContext,
  tokens: readonly string[],
  at: number,
  windowHours: number,
  excludeItemId: number,
  limit: number,
): number[] {
  const unique = [...new Set(tokens)].filter((t) => t !== '')
  if (unique.length === 0) return []
  const atSec = Math.floor(at / 1000)
  const span = Math.max(1, Math.round(windowHours * 3600))
  const from = atSec - span
  const to = atSec + span
  const some = ctx.prepare('select item_id, at from item_tokens where token = ? and at between ? and ? and item_id <> ? limit ?').raw(true)
  const before = ctx
    .prepare(`select item_id, at from item_tokens where token = ? and at between ? and ? and item_id <> ?
              order by at desc, item_id desc limit ?`)
    .raw(true)
  const after = ctx
    .prepare(`select item_id, at from item_tokens where token = ? and at > ? and at <= ? and item_id <> ?
              order by at, item_id limit ?`)
    .raw(true)
  const mates = new Map<number, TokenMate>()
  const add = (rows: [number, number][], weight: number): void => {
    for (const [id, when] of rows) {
      const mate = mates.get(id)
      if (mate === undefined) mates.set(id, { id, score: weight, distance: Math.abs(when - atSec) })
      else mate.score += weight
    }
  }
  for (const token of unique) {
    const rows = some.all(token, from, to, excludeItemId, limit + 1) as [number, number][]
    if (rows.length === 0) continue
    if (rows.length <= limit) {
      add(rows, 1 / rows.length)
      continue
    }
    const near = [
      ...(before.all(token, from, atSec, excludeItemId, COMMON_TOKEN_POSTINGS) as [number, number][]),
      ...(after.all(token, atSec, to, excludeItemId, COMMON_TOKEN_POSTINGS) as [number, number][]),
    ]
      .sort((a, b) => Math.abs(a[1] - atSec) - Math.abs(b[1] - atSec) || a[0] - b[0])
      .slice(0, COMMON_TOKEN_POSTINGS)
    add(near, 1 / (limit + 1))
  }
  return [...mates.values()]
    .sort((a, b) => b.score - a.score || a.distance - b.distance || a.id - b.id)
    .slice(0, limit)
    .map((mate) => mate.id)
}
