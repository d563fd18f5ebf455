// Story evidence, candidate lookup and assignment. The matcher (dedup/) decides; this file
// stores its evidence, offers it stored candidates and records its decision.
import type { StoryCandidate, StoryEvidence, StoryMatch } from '../types.js'
import type { StoreContext } from './context.js'
import { toJsonList } from './rows.js'
import { createStory, electStoryLead } from './story-leads.js'

/** Replaces the item's links ('self' = canonical url, 'out' = outbound) and title evidence. */
export function saveEvidence(ctx: StoreContext, itemId: number, evidence: StoryEvidence): void {
  ctx.write(() => {
    ctx.prepare('delete from item_links where item_id = ?').run(itemId)
    const insertLink = ctx.prepare('insert into item_links (item_id, kind, url) values (?, ?, ?)')
    if (evidence.canonicalUrl !== '') insertLink.run(itemId, 'self', evidence.canonicalUrl)
    for (const url of new Set(evidence.outboundLinks)) {
      if (url !== '' && url !== evidence.canonicalUrl) insertLink.run(itemId, 'out', url)
    }
    ctx
      .prepare(`insert into item_evidence (item_id, title_tokens, published_at) values (?, ?, ?)
                on conflict (item_id) do update set title_tokens = excluded.title_tokens, published_at = excluded.published_at`)
      .run(itemId, JSON.stringify(evidence.titleTokens), evidence.publishedAt)
  })
}

export interface CandidateOptions {
  excludeItemId: number
  windowHours: number
  limit: number
}

/**
 * What the matcher needs to see, as StoryCandidates (evidence rebuilt in three batched queries):
 * - link relations at any age: items whose canonical url or cited links include the evidence's
 *   canonical url or one of its cited links (same article, either item citing the other, a
 *   shared cited link), nearest in time first, at most `limit`;
 * - every item published within ±windowHours of the evidence, nearest first, at most `limit`.
 * The result is ordered nearest first (ties: lower id), the excluded item left out.
 */
export function findStoryCandidates(ctx: StoreContext, evidence: StoryEvidence, opts: CandidateOptions): StoryCandidate[] {
  const limit = Math.max(1, Math.min(1000, Math.trunc(opts.limit) || 1))
  const at = Date.parse(evidence.publishedAt)
  const atIso = Number.isFinite(at) ? new Date(at).toISOString() : null
  const urls = [evidence.canonicalUrl, ...evidence.outboundLinks].filter((url) => url !== '')
  const ids = new Set<number>()
  if (urls.length > 0) {
    const byUrl = ctx
      .prepare(`select i.id from items i
                where i.id in (select l.item_id from item_links l where l.url in (select value from json_each(?)))
                  and i.id <> ?
                order by abs(julianday(i.published_at) - julianday(coalesce(?, i.published_at))), i.id
                limit ?`)
      .pluck()
      .all(toJsonList([...new Set(urls)]), opts.excludeItemId, atIso, limit) as number[]
    for (const id of byUrl) ids.add(id)
  }
  if (atIso !== null && opts.windowHours > 0) {
    for (const id of findNearestInWindow(ctx, at, opts.windowHours, opts.excludeItemId, limit)) ids.add(id)
  }
  if (ids.size === 0) return []
  return sortNearestFirst(loadCandidates(ctx, [...ids]), at)
}

/**
 * Up to `limit` items published within ±windowHours of `at`, nearest first: the nearest `limit`
 * before and after (two index walks out from `at`), merged by distance.
 */
function findNearestInWindow(ctx: StoreContext, at: number, windowHours: number, excludeItemId: number, limit: number): number[] {
  const span = windowHours * 3_600_000
  const atIso = new Date(at).toISOString()
  const from = new Date(Math.max(at - span, -8.64e15)).toISOString()
  const to = new Date(Math.min(at + span, 8.64e15)).toISOString()
  const before = ctx
    .prepare(`select i.id, i.published_at from items i join item_evidence e on e.item_id = i.id
              where i.published_at between ? and ? and i.id <> ?
              order by i.published_at desc, i.id limit ?`)
    .all(from, atIso, excludeItemId, limit) as { id: number; published_at: string }[]
  const after = ctx
    .prepare(`select i.id, i.published_at from items i join item_evidence e on e.item_id = i.id
              where i.published_at > ? and i.published_at <= ? and i.id <> ?
              order by i.published_at, i.id limit ?`)
    .all(atIso, to, excludeItemId, limit) as { id: number; published_at: string }[]
  return [...before, ...after]
    .map((row) => ({ id: row.id, distance: Math.abs(Date.parse(row.published_at) - at) }))
    .sort((a, b) => a.distance - b.distance || a.id - b.id)
    .slice(0, limit)
    .map((row) => row.id)
}

function sortNearestFirst(candidates: StoryCandidate[], at: number): StoryCandidate[] {
  if (!Number.isFinite(at)) return candidates
  const distance = (c: StoryCandidate): number => {
    const d = Math.abs(Date.parse(c.evidence.publishedAt) - at)
    return Number.isFinite(d) ? d : Number.POSITIVE_INFINITY
  }
  return candidates
    .map((c) => ({ c, d: distance(c) }))
    .sort((a, b) => a.d - b.d || a.c.itemId - b.c.itemId)
    .map((x) => x.c)
}

function loadCandidates(ctx: StoreContext, ids: number[]): StoryCandidate[] {
  const idList = toJsonList(ids)
  const rows = ctx
    .prepare(`select i.id, i.story_id, i.source_id, i.published_at, e.title_tokens
              from items i left join item_evidence e on e.item_id = i.id
              where i.id in (select value from json_each(?))
              order by i.published_at desc, i.id desc`)
    .all(idList) as { id: number; story_id: number; source_id: string; published_at: string; title_tokens: string | null }[]
  const links = ctx
    .prepare(`select item_id, kind, url from item_links where item_id in (select value from json_each(?)) order by rowid`)
    .all(idList) as { item_id: number; kind: 'self' | 'out'; url: string }[]
  const selfUrl = new Map<number, string>()
  const outbound = new Map<number, string[]>()
  for (const link of links) {
    if (link.kind === 'self') selfUrl.set(link.item_id, link.url)
    else {
      const list = outbound.get(link.item_id) ?? []
      list.push(link.url)
      outbound.set(link.item_id, list)
    }
  }
  return rows.map((row) => ({
    itemId: row.id,
    storyId: row.story_id,
    sourceId: row.source_id,
    evidence: {
      canonicalUrl: selfUrl.get(row.id) ?? '',
      outboundLinks: outbound.get(row.id) ?? [],
      titleTokens: parseTokens(row.title_tokens),
      publishedAt: row.published_at,
    },
  }))
}

function parseTokens(json: string | null): string[] {
  if (json === null) return []
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}

/**
 * Records the matcher's decision for one item and returns its story id.
 * - match: the item joins match.storyId (or, if that story is gone, the matched item's story),
 *   with the reason, score and matched item kept in story_members.
 * - null: an item that had joined another story goes back to a story of its own; an item that
 *   founded its story (others joined it) stays.
 * Both stories involved re-elect their lead (earliest published, then lowest id); a story left
 * empty is deleted.
 */
export function assignStory(ctx: StoreContext, itemId: number, match: StoryMatch | null): number {
  return ctx.write(() => {
    const item = ctx.prepare('select id, story_id, published_at, first_seen_at from items where id = ?').get(itemId) as
      | { id: number; story_id: number; published_at: string; first_seen_at: string }
      | undefined
    if (item === undefined) throw new RangeError(`store: no item ${itemId}`)
    const target = match === null || match.itemId === itemId ? undefined : resolveTargetStory(ctx, match)
    if (target === undefined || match === null) {
      const joined = ctx.prepare('select 1 from story_members where item_id = ?').get(itemId) !== undefined
      if (!joined) return item.story_id
      const own = createStory(ctx, item.id, item.published_at, item.first_seen_at)
      moveItem(ctx, item.id, own)
      ctx.prepare('delete from story_members where item_id = ?').run(itemId)
      electStoryLead(ctx, item.story_id)
      return own
    }
    if (target !== item.story_id) moveItem(ctx, item.id, target)
    ctx
      .prepare(`insert into story_members (item_id, story_id, reason, score, matched_item_id) values (?, ?, ?, ?, ?)
                on conflict (item_id) do update set story_id = excluded.story_id, reason = excluded.reason,
                  score = excluded.score, matched_item_id = excluded.matched_item_id`)
      .run(itemId, target, match.reason, clampScore(match.score), match.itemId)
    electStoryLead(ctx, target)
    if (target !== item.story_id) electStoryLead(ctx, item.story_id)
    return target
  })
}

function resolveTargetStory(ctx: StoreContext, match: StoryMatch): number | undefined {
  const exists = ctx.prepare('select 1 from stories where id = ?').get(match.storyId) !== undefined
  if (exists) return match.storyId
  const storyId = ctx.prepare('select story_id from items where id = ?').pluck().get(match.itemId) as number | undefined
  return storyId
}

function moveItem(ctx: StoreContext, itemId: number, storyId: number): void {
  ctx.prepare('update items set story_id = ? where id = ?').run(storyId, itemId)
}

function clampScore(score: number): number {
  return Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0
}
