// Why a story holds what it holds: every member with the merge reason stored when it was
// attached, so a merge can be explained (and a wrong one traced to its rule).
import type { MergeReason, StoryExplanation } from '../types.js'
import type { StoreContext } from './context.js'

/** The evidence key dedup gives an official record (src/dedup/fact-evidence.ts). */
export const OFFICIAL_KEY = '~official'

/** One member of a story with the reason it joined (both engines select these columns). */
export interface MemberRow {
  id: number
  source_id: string
  url: string
  title: string
  published_at: string
  reason: string | null
  score: number | null
  matched_item_id: number | null
  /** 1/true when the member is an official record (a tabular row: its evidence carries '~official'). */
  official: number | boolean | null
}

const MERGE_REASONS: readonly string[] = [
  'same_url',
  'cites_item',
  'cited_by_item',
  'shared_citation',
  'similar_title',
  'same_org',
] satisfies MergeReason[]

/**
 * The story's lead and members, earliest published first (ties: lowest id). A member that was
 * attached carries its stored reason, score and matched item; the member that started the story
 * is 'lead' while it leads and 'own' once an earlier report took the lead. Undefined for an
 * unknown story.
 */
export function explainStory(ctx: StoreContext, storyId: number): StoryExplanation | undefined {
  if (!Number.isSafeInteger(storyId)) return undefined
  const story = ctx.prepare('select id, lead_item_id from stories where id = ?').get(storyId) as
    | { id: number; lead_item_id: number | null }
    | undefined
  if (story === undefined) return undefined
  const rows = ctx
    .prepare(`select i.id, i.source_id, i.url, i.title, i.published_at, m.reason, m.score, m.matched_item_id,
                exists (select 1 from item_evidence e, json_each(iif(json_valid(e.title_tokens), e.title_tokens, '[]')) t
                        where e.item_id = i.id and t.value = '${OFFICIAL_KEY}') as official
              from items i left join story_members m on m.item_id = i.id and m.story_id = i.story_id
              where i.story_id = ?
              order by i.published_at, i.id`)
    .all(storyId) as MemberRow[]
  return assembleExplanation(story.id, story.lead_item_id, rows)
}

/** The stored reason as a MergeReason, or undefined when it is none (a founder, or an unknown value). */
export function toMergeReason(value: string | null): MergeReason | undefined {
  return value !== null && MERGE_REASONS.includes(value) ? (value as MergeReason) : undefined
}

/** A story's members in publication order, each with why it is there (shared by both engines). */
export function assembleExplanation(
  storyId: number,
  storedLeadId: number | null,
  rows: readonly MemberRow[],
): StoryExplanation | undefined {
  const first = rows[0]
  if (first === undefined) return undefined
  const leadItemId = storedLeadId ?? first.id
  return {
    storyId,
    leadItemId,
    members: rows.map((row) => {
      const reason = toMergeReason(row.reason)
      const attached = reason !== undefined
      return {
        itemId: row.id,
        sourceId: row.source_id,
        url: row.url,
        title: row.title,
        publishedAt: row.published_at,
        reason: reason ?? (row.id === leadItemId ? 'lead' : 'own'),
        score: attached ? row.score : null,
        matchedItemId: attached ? row.matched_item_id : null,
        official: row.official === true || row.official === 1,
      }
    }),
  }
}
