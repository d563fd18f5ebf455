// Stories as the API shows them, assembled from rows both engines read the same way: the story
// rows, each story's members with their merge reasons (as explain-story.ts reads them), the
// members hydrated as ApiItems, and (for one story) the members' revisions.
import type { StoryFacts } from '../facts/index.js'
import type { ApiItem, ApiStory, ApiStorySummary, ItemRevision, StoryReport } from '../types.js'
import { assembleExplanation, type MemberRow } from './explain-story.js'
import { EMPTY_FACTS, toContractFacts } from './facts-rows.js'
import { describeReason } from './reason-text.js'

export interface StoryRow {
  id: number
  lead_item_id: number | null
  activity_at: string | null
}

/** A member row of one of several stories. */
export interface StoryMemberRow extends MemberRow {
  story_id: number
}

/** The stories in the order of `storyIds`, each with its reports earliest first (unknown or empty stories are left out). */
export function assembleStories(
  storyIds: readonly number[],
  stories: readonly StoryRow[],
  memberRows: readonly StoryMemberRow[],
  items: readonly ApiItem[],
  /** Story facts keyed by any member's item id (store loadStoryFacts). */
  factsByItem: ReadonlyMap<number, StoryFacts>,
): ApiStorySummary[] {
  const storyById = new Map(stories.map((row) => [row.id, row]))
  const membersByStory = new Map<number, StoryMemberRow[]>()
  for (const row of memberRows) {
    const list = membersByStory.get(row.story_id) ?? []
    list.push(row)
    membersByStory.set(row.story_id, list)
  }
  const itemById = new Map(items.map((item) => [item.id, item]))
  const out: ApiStorySummary[] = []
  for (const storyId of storyIds) {
    const story = storyById.get(storyId)
    if (story === undefined) continue
    const explanation = assembleExplanation(storyId, story.lead_item_id, membersByStory.get(storyId) ?? [])
    if (explanation === undefined) continue
    const reports: StoryReport[] = []
    for (const member of explanation.members) {
      const item = itemById.get(member.itemId)
      if (item === undefined) continue
      const matched = member.matchedItemId === null ? undefined : itemById.get(member.matchedItemId)
      const reason = member.reason === 'lead' || member.reason === 'own' ? null : member.reason
      const reasonText = describeReason(
        member.reason,
        member.publishedAt,
        matched === undefined || matched.published === null
          ? undefined
          : { sourceTitle: matched.source.title, publishedAt: matched.published },
      )
      reports.push({ ...item, reason, reasonText })
    }
    const first = explanation.members[0]
    const lead = itemById.get(explanation.leadItemId) ?? reports[0]
    if (first === undefined || lead === undefined) continue
    const newestReport = latest(explanation.members.map((m) => m.publishedAt))
    out.push({
      id: storyId,
      leadItemId: lead.id,
      title: lead.title,
      firstPublished: first.publishedAt,
      // A report's `updated` is its newest revision when it has any (see hydrate.ts).
      lastActivity: latest([story.activity_at ?? newestReport, ...reports.map((r) => (r.revisionCount > 0 ? (r.updated ?? '') : ''))]),
      facts: toContractFacts(factsByItem.get(explanation.leadItemId) ?? EMPTY_FACTS),
      recordsHistory: factsByItem.get(explanation.leadItemId)?.recordsHistory ?? [],
      reports,
    })
  }
  return out
}

/** The story with its reports' revisions, oldest first. */
export function withRevisions(story: ApiStorySummary, revisions: readonly ItemRevision[]): ApiStory {
  return { ...story, revisions: [...revisions] }
}

/** The latest of ISO dates (they sort as text); '' for none. */
function latest(values: readonly string[]): string {
  let best = ''
  for (const value of values) if (value > best) best = value
  return best
}
