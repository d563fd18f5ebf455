// What a list page reads about the stories of its entries: one page of listItems (each entry is
// its story's lead, or its matching report on a filtered list) and the same page of listStories
// (every report of those stories), paired by story; and, for the few stories with an edited
// report, their revisions (getStory), so an entry can say what an edit changed.
import type { ApiStorySummary, ItemPage, ItemQuery, ItemRevision, Store } from '../../types.js'

export interface EntryStories {
  page: ItemPage
  /** By story id. */
  stories: Map<number, ApiStorySummary>
  /** By item id, oldest first: only for the reports that were edited. */
  revisions: Map<number, ItemRevision[]>
}

/** A story-per-entry list (no `sources`: those list every item) with its entries' stories and revisions. */
export async function loadEntryStories(store: Store, query: ItemQuery): Promise<EntryStories> {
  const page = await store.listItems(query)
  // Same query, same keys: the page's stories in the page's order.
  const { stories } = page.items.length === 0 ? { stories: [] } : await store.listStories(query)
  const byId = new Map(stories.map((story) => [story.id, story]))
  const revisions = new Map<number, ItemRevision[]>()
  for (const story of stories) {
    if (!story.reports.some((report) => report.revisionCount > 0)) continue
    for (const revision of (await store.getStory(story.id))?.revisions ?? []) {
      const list = revisions.get(revision.itemId) ?? []
      list.push(revision)
      revisions.set(revision.itemId, list)
    }
  }
  return { page, stories: byId, revisions }
}
