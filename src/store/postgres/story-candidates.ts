// Which stored items the matcher sees for a new item, on PostgreSQL: the same two halves and the
// same ranking as src/store/story-candidates.ts, link-candidates.ts and token-candidates.ts (read
// those for the why). The SQLite engine caches candidate evidence per connection; here each
// lookup reads it (two batched queries), which gives the same answers.
import type { StoryCandidate, StoryEvidence } from '../../types.js'
import type { PgContext } from './context.js'

export interface CandidateOptions {
  excludeItemId: number
  windowHours: number
  limit: number
}

/** Postings kept of a token that more than `limit` items in the window share: its nearest. */
const COMMON_TOKEN_POSTINGS = 10

type Posting = [itemId: number, at: number | null]

export async function findStoryCandidates(ctx: PgContext, evidence: StoryEvidence, opts: CandidateOptions): Promise<StoryCandidate[]> {
  const limit = Math.max(1, Math.min(1000, Math.trunc(opts.limit) || 1))
  const at = Date.parse(evidence.publishedAt)
  const ids = new Set<number>(await findLinkedItems(ctx, evidence, at, opts.excludeItemId, limit))
  if (Number.isFinite(at) && opts.windowHours > 0) {
    for (const id of await findTokenMates(ctx, evidence.titleTokens, at, opts.windowHours, opts.excludeItemId, limit)) ids.add(id)
  }
  if (ids.size === 0) return []
  const candidates = await readCandidates(ctx, [...ids])
  const stories = [...new Set(candidates.map((c) => c.storyId))]
  const sameSource = await ctx.query<{ id: number }>(
    `select i.id from items i
     where i.story_id = any($1::bigint[]) and i.source_id = (select source_id from items where id = $2) and i.id <> $2`,
    [stories, opts.excludeItemId],
  )
  const mates = sameSource.map((row) => row.id).filter((id) => !ids.has(id))
  return sortNearestFirst(mates.length > 0 ? [...candidates, ...(await readCandidates(ctx, mates))] : candidates, at)
}

async function postings(ctx: PgContext, sql: string, values: unknown[]): Promise<Posting[]> {
  const rows = await ctx.query<{ item_id: number; at: number | null }>(sql, values)
  return rows.map((row) => [row.item_id, row.at])
}

const byDistance = (atSec: number) => (a: Posting, b: Posting) =>
  Math.abs((a[1] ?? 0) - atSec) - Math.abs((b[1] ?? 0) - atSec) || a[0] - b[0]

/** At most `limit` items linked to the evidence, nearest in time first (see link-candidates.ts). */
async function findLinkedItems(
  ctx: PgContext,
  evidence: StoryEvidence,
  at: number,
  excludeItemId: number,
  limit: number,
): Promise<number[]> {
  const urls = [...new Set([evidence.canonicalUrl, ...evidence.outboundLinks])].filter((url) => url !== '')
  if (urls.length === 0) return []
  const atSec = Number.isFinite(at) ? Math.floor(at / 1000) : null
  const distanceOf = new Map<number, number>()
  for (const url of urls) {
    let rows = await postings(ctx, 'select item_id, at from item_links where url = $1 and item_id <> $2 limit $3', [
      url,
      excludeItemId,
      limit + 1,
    ])
    if (rows.length > limit) {
      if (atSec === null) {
        rows = await postings(ctx, 'select item_id, at from item_links where url = $1 and item_id <> $2 order by item_id limit $3', [
          url,
          excludeItemId,
          limit,
        ])
      } else {
        const before = await postings(
          ctx,
          'select item_id, at from item_links where url = $1 and at <= $2 and item_id <> $3 order by at desc, item_id desc limit $4',
          [url, atSec, excludeItemId, limit],
        )
        const after = await postings(
          ctx,
          'select item_id, at from item_links where url = $1 and at > $2 and item_id <> $3 order by at, item_id limit $4',
          [url, atSec, excludeItemId, limit],
        )
        rows = [...before, ...after].sort(byDistance(atSec)).slice(0, limit)
      }
    }
    for (const [id, when] of rows) {
      if (!distanceOf.has(id)) distanceOf.set(id, atSec === null || when === null ? Number.POSITIVE_INFINITY : Math.abs(when - atSec))
    }
  }
  const ids = [...distanceOf.keys()]
  if (ids.length <= limit) return ids
  return ids.sort((a, b) => distanceOf.get(a)! - distanceOf.get(b)! || a - b).slice(0, limit)
}

/** Items within ±windowHours sharing a title token, rare tokens weighing more (see token-candidates.ts). */
async function findTokenMates(
  ctx: PgContext,
  tokens: readonly string[],
  at: number,
  windowHours: number,
  excludeItemId: number,
  limit: number,
): Promise<number[]> {
  const unique = [...new Set(tokens)].filter((t) => t !== '')
  if (unique.length === 0) return []
  const atSec = Math.floor(at / 1000)
  const span = Math.max(1, Math.round(windowHours * 3600))
  const from = atSec - span
  const to = atSec + span
  const mates = new Map<number, { id: number; score: number; distance: number }>()
  const add = (rows: Posting[], weight: number): void => {
    for (const [id, when] of rows) {
      const mate = mates.get(id)
      if (mate === undefined) mates.set(id, { id, score: weight, distance: Math.abs((when ?? 0) - atSec) })
      else mate.score += weight
    }
  }
  for (const token of unique) {
    const rows = await postings(
      ctx,
      'select item_id, at from item_tokens where token = $1 and at between $2 and $3 and item_id <> $4 limit $5',
      [token, from, to, excludeItemId, limit + 1],
    )
    if (rows.length === 0) continue
    if (rows.length <= limit) {
      add(rows, 1 / rows.length)
      continue
    }
    const before = await postings(
      ctx,
      'select item_id, at from item_tokens where token = $1 and at between $2 and $3 and item_id <> $4 order by at desc, item_id desc limit $5',
      [token, from, atSec, excludeItemId, COMMON_TOKEN_POSTINGS],
    )
    const after = await postings(
      ctx,
      'select item_id, at from item_tokens where token = $1 and at > $2 and at <= $3 and item_id <> $4 order by at, item_id limit $5',
      [token, atSec, to, excludeItemId, COMMON_TOKEN_POSTINGS],
    )
    add([...before, ...after].sort(byDistance(atSec)).slice(0, COMMON_TOKEN_POSTINGS), 1 / (limit + 1))
  }
  return [...mates.values()]
    .sort((a, b) => b.score - a.score || a.distance - b.distance || a.id - b.id)
    .slice(0, limit)
    .map((mate) => mate.id)
}

async function readCandidates(ctx: PgContext, ids: number[]): Promise<StoryCandidate[]> {
  const rows = await ctx.query<{ id: number; story_id: number; source_id: string; published_at: string; title_tokens: string[] | null }>(
    `select i.id, i.story_id, i.source_id, i.published_at, e.title_tokens
     from items i left join item_evidence e on e.item_id = i.id where i.id = any($1::bigint[])`,
    [ids],
  )
  const links = await ctx.query<{ item_id: number; kind: 'self' | 'out'; url: string }>(
    'select item_id, kind, url from item_links where item_id = any($1::bigint[]) order by id',
    [ids],
  )
  const selfUrl = new Map<number, string>()
  const outbound = new Map<number, string[]>()
  for (const link of links) {
    if (link.kind === 'self') selfUrl.set(link.item_id, link.url)
    else {
      let list = outbound.get(link.item_id)
      if (list === undefined) outbound.set(link.item_id, (list = []))
      list.push(link.url)
    }
  }
  return rows.map((row) => ({
    itemId: row.id,
    storyId: row.story_id,
    sourceId: row.source_id,
    evidence: {
      canonicalUrl: selfUrl.get(row.id) ?? '',
      outboundLinks: outbound.get(row.id) ?? [],
      titleTokens: row.title_tokens ?? [],
      publishedAt: row.published_at,
    },
  }))
}

function sortNearestFirst(candidates: StoryCandidate[], at: number): StoryCandidate[] {
  const distance = (c: StoryCandidate): number => {
    const d = Math.abs(Date.parse(c.evidence.publishedAt) - at)
    return Number.isFinite(d) ? d : Number.POSITIVE_INFINITY
  }
  return candidates
    .map((c) => ({ c, d: distance(c) }))
    .sort((a, b) => a.d - b.d || a.c.itemId - b.c.itemId)
    .map((x) => x.c)
}
