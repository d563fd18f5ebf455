// What the story page and the river read about a story: its reports, each with why it joined in
// plain words. Built from store.explainStory (members with stored merge reasons) and the items.
import type { ApiItem, MergeReason, SourceRef, SourceState, Store, StoryExplanation } from '../../types.js'
import { formatGap } from './format.js'

export interface StoryReport {
  itemId: number
  source: SourceRef
  title: string
  url: string
  published: string | null
  updated: string | null
  categories: string[]
  summary: string
  reason: MergeReason | 'lead' | 'own'
  /** Why the report is in the story, in plain words ("Links to The Record's report"). */
  reasonText: string
}

export interface StoryData {
  id: number
  title: string
  leadItemId: number
  firstPublished: string | null
  /** The newest report's date. */
  lastActivity: string | null
  /** Publication order, earliest first. */
  reports: StoryReport[]
}

/** The story with its reports, or undefined when there is no such story. */
export async function loadStory(store: Store, storyId: number, sources: readonly SourceState[]): Promise<StoryData | undefined> {
  const explanation = await store.explainStory(storyId)
  if (explanation === undefined) return undefined
  const names = new Map(sources.map((s) => [s.id, s.title || s.id]))
  const reports: StoryReport[] = []
  for (const member of explanation.members) {
    const item = await store.getItem(member.itemId)
    reports.push({
      itemId: member.itemId,
      source: { id: member.sourceId, title: names.get(member.sourceId) ?? member.sourceId },
      title: member.title,
      url: member.url,
      published: member.publishedAt,
      updated: item?.updatedAt ?? null,
      categories: item?.categories ?? [],
      summary: item?.summaryText ?? '',
      reason: member.reason,
      reasonText: describeReason(member, explanation, names),
    })
  }
  const lead = reports.find((r) => r.itemId === explanation.leadItemId) ?? reports[0]
  return {
    id: explanation.storyId,
    title: lead?.title ?? '',
    leadItemId: explanation.leadItemId,
    firstPublished: reports[0]?.published ?? null,
    lastActivity: reports.reduce<string | null>(
      (newest, r) => (r.published !== null && (newest === null || r.published > newest) ? r.published : newest),
      null,
    ),
    reports,
  }
}

type Member = StoryExplanation['members'][number]

/** The merge reason in words, naming the report it was matched with. */
function describeReason(member: Member, story: StoryExplanation, names: ReadonlyMap<string, string>): string {
  const first = story.members[0]
  if (member.reason === 'lead') return first === undefined || first.itemId === member.itemId ? 'Reported first' : 'Leads this story'
  if (member.reason === 'own') return 'Started this story on its own; an earlier report joined it later'
  const matched = story.members.find((m) => m.itemId === member.matchedItemId)
  const other = matched === undefined ? 'another report' : `${names.get(matched.sourceId) ?? matched.sourceId}’s report`
  const otherSource = matched === undefined ? 'another report' : (names.get(matched.sourceId) ?? matched.sourceId)
  switch (member.reason) {
    case 'same_url':
      return `Same article as ${other}`
    case 'cites_item':
      return `Links to ${other}`
    case 'cited_by_item':
      return `Linked from ${other}`
    case 'shared_citation':
      return `Cites the same source as ${otherSource}`
    case 'similar_title': {
      const gap = matched === undefined ? '' : formatGap(matched.publishedAt, member.publishedAt)
      return `Near-identical headline to ${other}${gap === '' ? '' : `, ${gap}`}`
    }
    case 'same_org':
      return `Names the same breached organization as ${other}, with no conflicting facts`
  }
}

/** The story of each listed item, by item id (an item whose story is gone is left out). */
export async function loadStoriesOf(
  store: Store,
  items: readonly ApiItem[],
  sources: readonly SourceState[],
): Promise<Map<number, StoryData>> {
  const stories = new Map<number, StoryData>()
  for (const item of items) {
    const storyId = (await store.getItem(item.id))?.storyId
    const story = storyId === undefined ? undefined : await loadStory(store, storyId, sources)
    if (story !== undefined) stories.set(item.id, story)
  }
  return stories
}
