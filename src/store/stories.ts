// Story evidence and assignment. The matcher (dedup/) decides; this file stores its evidence and
// records its decision. Candidate lookup (what the matcher is offered) is in story-candidates.ts.
import type { StoryEvidence, StoryMatch } from '../types.js'
import { rememberSavedEvidence, takeEvidenceRevision } from './candidate-cache.js'
import type { StoreContext } from './context.js'
import { createStory, electStoryLead } from './story-leads.js'

export { type CandidateOptions, findStoryCandidates } from './story-candidates.js'

/**
 * Replaces the item's links ('self' = canonical url, 'out' = outbound) and title evidence (its
 * tokens reach item_tokens through triggers), under a fresh revision for candidate caches.
 */
export function saveEvidence(ctx: StoreContext, itemId: number, evidence: StoryEvidence): void {
  ctx.write(() => {
    ctx.prepare('delete from item_links where item_id = ?').run(itemId)
    const insertLink = ctx.prepare('insert into item_links (item_id, kind, url, at) values (?, ?, ?, unixepoch(?))')
    if (evidence.canonicalUrl !== '') insertLink.run(itemId, 'self', evidence.canonicalUrl, evidence.publishedAt)
    const outboundLinks = [...new Set(evidence.outboundLinks)].filter((url) => url !== '' && url !== evidence.canonicalUrl)
    for (const url of outboundLinks) insertLink.run(itemId, 'out', url, evidence.publishedAt)
    const revision = takeEvidenceRevision(ctx)
    ctx
      .prepare(`insert into item_evidence (item_id, title_tokens, published_at, revision) values (?, ?, ?, ?)
                on conflict (item_id) do update set title_tokens = excluded.title_tokens, published_at = excluded.published_at,
                  revision = excluded.revision`)
      .run(itemId, JSON.stringify(evidence.titleTokens), evidence.publishedAt, revision)
    rememberSavedEvidence(ctx, itemId, revision, { canonicalUrl: evidence.canonicalUrl, outboundLinks, titleTokens: evidence.titleTokens })
  })
}

/**
 * Records the matcher's decision for one item and returns its story id.
 * - match: the item joins match.storyId (or, if that story is gone, the matched item's story),
 *   with the reason, score and matched item kept in story_members.
 * - null: an item that had joined another story goes back to a story of its own; an item that
 *   founded its story (others joined it) stays.
 * Both stories involved re-elect their lead (earliest credible, then lowest id: see leadOrder); a
 * story left empty is deleted.
 */
export function assignStory(ctx: StoreContext, itemId: number, match: StoryMatch | null, options: { credible?: boolean } = {}): number {
  return ctx.write(() => {
    if (options.credible !== undefined) {
      ctx.prepare('update items set cannot_lead = ? where id = ?').run(options.credible ? 0 : 1, itemId)
    }
    const item = ctx.prepare('select id, story_id, published_at, first_seen_at from items where id = ?').get(itemId) as
      | { id: number; story_id: number; published_at: string; first_seen_at: string }
      | undefined
    if (item === undefined) throw new RangeError(`store: no item ${itemId}`)
    const target = match === null || match.itemId === itemId ? undefined : resolveTargetStory(ctx, match)
    if (target === undefined || match === null) {
      const joined = ctx.prepare('select 1 from story_members where item_id = ?').get(itemId) !== undefined
      if (!joined) {
        // A founder whose credibility changed may gain or lose its story's lead.
        if (options.credible !== undefined) electStoryLead(ctx, item.story_id)
        return item.story_id
      }
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
