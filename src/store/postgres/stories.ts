// Story evidence, assignment, merging and explanation on PostgreSQL, with the rules of
// src/store/stories.ts, merge-stories.ts and explain-story.ts (read those for the why).
import type { MergeReason, StoryBridge, StoryEvidence, StoryExplanation, StoryMatch } from '../../types.js'
import { assembleExplanation, type MemberRow, OFFICIAL_KEY } from '../explain-story.js'
import type { PgContext } from './context.js'
import { toUnixSeconds } from './rows.js'
import { createStory, electStoryLead } from './story-leads.js'

/** Replaces the item's links ('self' = canonical url, 'out' = outbound), title tokens and their postings. */
export async function saveEvidence(ctx: PgContext, itemId: number, evidence: StoryEvidence): Promise<void> {
  await ctx.write(async (tx) => {
    const at = toUnixSeconds(evidence.publishedAt)
    await tx.query('delete from item_links where item_id = $1', [itemId])
    const outboundLinks = [...new Set(evidence.outboundLinks)].filter((url) => url !== '' && url !== evidence.canonicalUrl)
    const links = [
      ...(evidence.canonicalUrl === '' ? [] : [{ kind: 'self', url: evidence.canonicalUrl }]),
      ...outboundLinks.map((url) => ({ kind: 'out', url })),
    ]
    if (links.length > 0) {
      await tx.query(
        `insert into item_links (item_id, kind, url, at)
         select $1, l.kind, l.url, $4 from unnest($2::text[], $3::text[]) with ordinality as l (kind, url, n) order by l.n`,
        [itemId, links.map((l) => l.kind), links.map((l) => l.url), at],
      )
    }
    await tx.query(
      `insert into item_evidence (item_id, title_tokens, published_at) values ($1, $2, $3)
       on conflict (item_id) do update set title_tokens = excluded.title_tokens, published_at = excluded.published_at`,
      [itemId, evidence.titleTokens, evidence.publishedAt],
    )
    await tx.query('delete from item_tokens where item_id = $1', [itemId])
    if (at !== null && evidence.titleTokens.length > 0) {
      await tx.query(
        `insert into item_tokens (token, at, item_id) select distinct t, $2::bigint, $3::bigint from unnest($1::text[]) as t
         on conflict do nothing`,
        [evidence.titleTokens, at, itemId],
      )
    }
  })
}

const upsertMember = `
  insert into story_members (item_id, story_id, reason, score, matched_item_id) values ($1, $2, $3, $4, $5)
  on conflict (item_id) do update set story_id = excluded.story_id, reason = excluded.reason,
    score = excluded.score, matched_item_id = excluded.matched_item_id`

/**
 * Records the matcher's decision for one item and resolves to its story id: joins match.storyId
 * (or the matched item's story when that one is gone), or, for null, goes back to a story of its
 * own when it had joined another. Both stories re-elect their lead; an emptied story is deleted.
 */
export async function assignStory(
  ctx: PgContext,
  itemId: number,
  match: StoryMatch | null,
  options: { credible?: boolean } = {},
): Promise<number> {
  return ctx.write(async (tx) => {
    if (options.credible !== undefined) {
      await tx.query('update items set cannot_lead = $1 where id = $2', [!options.credible, itemId])
    }
    const [item] = await tx.query<{ id: number; story_id: number; published_at: string; first_seen_at: string }>(
      'select id, story_id, published_at, first_seen_at from items where id = $1',
      [itemId],
    )
    if (item === undefined) throw new RangeError(`store: no item ${itemId}`)
    const target = match === null || match.itemId === itemId ? undefined : await resolveTargetStory(tx, match)
    if (target === undefined || match === null) {
      const joined = await tx.query('select 1 from story_members where item_id = $1', [itemId])
      if (joined.length === 0) {
        // A founder whose credibility changed may gain or lose its story's lead.
        if (options.credible !== undefined) await electStoryLead(tx, item.story_id)
        return item.story_id
      }
      const own = await createStory(tx, item.id, item.published_at, item.first_seen_at)
      await tx.query('update items set story_id = $1 where id = $2', [own, item.id])
      await tx.query('delete from story_members where item_id = $1', [itemId])
      await electStoryLead(tx, item.story_id)
      return own
    }
    if (target !== item.story_id) await tx.query('update items set story_id = $1 where id = $2', [target, item.id])
    await tx.query(upsertMember, [itemId, target, match.reason, clampScore(match.score), match.itemId])
    await electStoryLead(tx, target)
    if (target !== item.story_id) await electStoryLead(tx, item.story_id)
    return target
  })
}

async function resolveTargetStory(ctx: PgContext, match: StoryMatch): Promise<number | undefined> {
  const exists = await ctx.query('select 1 from stories where id = $1', [match.storyId])
  if (exists.length > 0) return match.storyId
  const [row] = await ctx.query<{ story_id: number }>('select story_id from items where id = $1', [match.itemId])
  return row?.story_id
}

function clampScore(score: number): number {
  return Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0
}

const MIRRORED: Record<MergeReason, MergeReason> = {
  same_url: 'same_url',
  cites_item: 'cited_by_item',
  cited_by_item: 'cites_item',
  shared_citation: 'shared_citation',
  similar_title: 'similar_title',
  same_org: 'same_org',
}

/**
 * Moves every item of fromStoryId into intoStoryId, re-elects the lead and deletes the emptied
 * story; the absorbed story's founder records the bridge (mirrored reason, matched to the
 * bridging item). false, nothing changed, when a story is missing, they are one, or they share a source.
 */
export async function mergeStories(ctx: PgContext, intoStoryId: number, fromStoryId: number, bridge: StoryBridge): Promise<boolean> {
  return ctx.write(async (tx) => {
    if (intoStoryId === fromStoryId) return false
    const [found] = await tx.query<{ n: number }>('select count(*) as n from stories where id in ($1, $2)', [intoStoryId, fromStoryId])
    if (found?.n !== 2) return false
    const overlap = await tx.query(
      `select 1 from items a join items b on b.source_id = a.source_id where a.story_id = $1 and b.story_id = $2 limit 1`,
      [intoStoryId, fromStoryId],
    )
    if (overlap.length > 0) return false
    const [founder] = await tx.query<{ id: number }>(
      `select i.id from items i left join story_members m on m.item_id = i.id
       where i.story_id = $1 and m.item_id is null order by i.published_at, i.id limit 1`,
      [fromStoryId],
    )
    if (founder !== undefined) {
      await tx.query(upsertMember, [founder.id, intoStoryId, MIRRORED[bridge.reason], clampScore(bridge.score), bridge.itemId])
    }
    await tx.query('update story_members set story_id = $1 where story_id = $2', [intoStoryId, fromStoryId])
    await tx.query('update items set story_id = $1 where story_id = $2', [intoStoryId, fromStoryId])
    await electStoryLead(tx, fromStoryId)
    await electStoryLead(tx, intoStoryId)
    return true
  })
}

/** The story's members, earliest published first, each with why it is there; undefined for an unknown story. */
export async function explainStory(ctx: PgContext, storyId: number): Promise<StoryExplanation | undefined> {
  if (!Number.isSafeInteger(storyId)) return undefined
  const [story] = await ctx.query<{ id: number; lead_item_id: number | null }>('select id, lead_item_id from stories where id = $1', [
    storyId,
  ])
  if (story === undefined) return undefined
  const rows = await ctx.query<MemberRow>(
    `select i.id, i.source_id, i.url, i.title, i.published_at, m.reason, m.score, m.matched_item_id,
       coalesce($2 = any (e.title_tokens), false) as official
     from items i left join story_members m on m.item_id = i.id and m.story_id = i.story_id
       left join item_evidence e on e.item_id = i.id
     where i.story_id = $1 order by i.published_at, i.id`,
    [storyId, OFFICIAL_KEY],
  )
  return assembleExplanation(story.id, story.lead_item_id, rows)
}
