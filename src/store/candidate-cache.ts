// Per-connection cache of the part of a story candidate's evidence that only saveEvidence changes:
// its canonical url, cited links and title tokens. Loading those is most of a candidate lookup, and
// the same stored items come up again for every new report of a story.
//
// An entry is used only while item_evidence.revision still holds the value it was read with.
// saveEvidence writes a fresh revision, so a change here, in another connection, or a rollback
// (which also brings back an old revision, and may free an id for reuse) all miss the cache.
import { randomInt } from 'node:crypto'
import type { Db, StoreContext } from './context.js'
import { toJsonList } from './rows.js'

/** Evidence of one stored item, shared between lookups: never mutate it. */
export interface CachedEvidence {
  readonly revision: number
  readonly canonicalUrl: string
  readonly outboundLinks: readonly string[]
  readonly titleTokens: readonly string[]
}

/** Past this many entries the cache starts over (a cold ingest touches each item a few times). */
const MAX_ENTRIES = 50_000

interface EvidenceCache {
  entries: Map<number, CachedEvidence>
  nextRevision: number
}

const caches = new WeakMap<Db, EvidenceCache>()

function cacheOf(ctx: StoreContext): EvidenceCache {
  let cache = caches.get(ctx.db)
  if (cache === undefined) {
    // Revisions from different connections must not collide: start each one at a random point.
    cache = { entries: new Map(), nextRevision: randomInt(1, 2 ** 47) * 16 }
    caches.set(ctx.db, cache)
  }
  return cache
}

/** A revision no other saveEvidence has used, to store with new evidence. */
export function takeEvidenceRevision(ctx: StoreContext): number {
  const cache = cacheOf(ctx)
  cache.nextRevision += 1
  return cache.nextRevision
}

/**
 * Caches evidence just written under `revision`, exactly as loading it back would give it (the
 * caller stored these links, in this order, and these tokens). A new item is a candidate for the
 * very next report of its story, so this saves reading back what was just written.
 */
export function rememberSavedEvidence(ctx: StoreContext, itemId: number, revision: number, saved: Omit<CachedEvidence, 'revision'>): void {
  const cache = cacheOf(ctx)
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear()
  cache.entries.set(
    itemId,
    Object.freeze({
      revision,
      canonicalUrl: saved.canonicalUrl,
      outboundLinks: Object.freeze([...saved.outboundLinks]),
      titleTokens: Object.freeze([...saved.titleTokens]),
    }),
  )
}

/**
 * The cached evidence of each requested item whose stored revision matches, reading the others
 * (links and tokens, two batched queries) and caching them. `revisions` maps item id → stored
 * revision; an item without evidence (no revision) gets empty evidence and is not cached.
 */
export function readCandidateEvidence(ctx: StoreContext, revisions: ReadonlyMap<number, number | null>): Map<number, CachedEvidence> {
  const cache = cacheOf(ctx)
  const found = new Map<number, CachedEvidence>()
  const missing: number[] = []
  for (const [id, revision] of revisions) {
    const entry = cache.entries.get(id)
    if (entry !== undefined && revision !== null && entry.revision === revision) found.set(id, entry)
    else missing.push(id)
  }
  if (missing.length === 0) return found
  const loaded = loadEvidence(ctx, missing, revisions)
  if (cache.entries.size + loaded.size > MAX_ENTRIES) cache.entries.clear()
  for (const [id, entry] of loaded) {
    found.set(id, entry)
    if (revisions.get(id) !== null) cache.entries.set(id, entry)
  }
  return found
}

function loadEvidence(ctx: StoreContext, ids: number[], revisions: ReadonlyMap<number, number | null>): Map<number, CachedEvidence> {
  const idList = toJsonList(ids)
  const tokens = ctx
    .prepare('select item_id, title_tokens from item_evidence where item_id in (select value from json_each(?))')
    .raw(true)
    .all(idList) as [number, string][]
  const links = ctx
    .prepare(`select item_id, kind, url from item_links where item_id in (select value from json_each(?)) order by rowid`)
    .raw(true)
    .all(idList) as [number, 'self' | 'out', string][]
  const tokensById = new Map(tokens.map(([id, json]) => [id, parseTokens(json)]))
  const selfUrl = new Map<number, string>()
  const outbound = new Map<number, string[]>()
  for (const [id, kind, url] of links) {
    if (kind === 'self') selfUrl.set(id, url)
    else {
      let list = outbound.get(id)
      if (list === undefined) outbound.set(id, (list = []))
      list.push(url)
    }
  }
  const out = new Map<number, CachedEvidence>()
  for (const id of ids) {
    out.set(
      id,
      Object.freeze({
        revision: revisions.get(id) ?? 0,
        canonicalUrl: selfUrl.get(id) ?? '',
        outboundLinks: Object.freeze(outbound.get(id) ?? []),
        titleTokens: Object.freeze(tokensById.get(id) ?? []),
      }),
    )
  }
  return out
}

function parseTokens(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}
