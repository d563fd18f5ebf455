// The sidebar's data (recent posts per source, categories with counts, sources) changes only
// when the store does, so it is read once per store generation and reused by every page view.
// Category counts are the exception: they aggregate every item's categories (100 ms at 1M
// items) and a poll moves the generation with every source it tries, so they are re-counted at
// most once per CATEGORY_REFRESH_MS; the counts shown may lag new items by up to a minute.
//
// "Recent posts on X" is shown for the RECENT_SOURCES sources with the freshest posts, not for
// every source: with 1,000 sources a list per source made the home page 1.6 MB. The rest are one
// link away ("All N sources →", the sources page).
import type { CategoryCount, RecentPost, SourceState, Store } from '../../types.js'
import type { SidebarView } from './render.js'
import type { ViewMode } from './view-mode.js'
import { toCategoryViews, toRecentListViews } from './view-models.js'

export const RECENT_PER_SOURCE = 5
/** Sources given a "Recent posts on …" list: those whose newest post is newest. */
export const RECENT_SOURCES = 8
export const SIDEBAR_CATEGORIES = 30
/** The shortest time between two category counts (real time, not the app's injectable clock). */
export const CATEGORY_REFRESH_MS = 60_000

export interface SidebarData {
  sources: SourceState[]
  recent: Map<string, RecentPost[]>
  categories: CategoryCount[]
}

const cache = new WeakMap<Store, { generation: number; data: SidebarData; categoriesAt: number }>()

/** The sidebar data for the store's current generation (2–3 queries on a miss, none on a hit). */
export async function loadSidebarData(store: Store): Promise<SidebarData> {
  const generation = store.generation()
  const hit = cache.get(store)
  if (hit && hit.generation === generation) return hit.data
  const at = performance.now()
  const fresh = hit !== undefined && at - hit.categoriesAt < CATEGORY_REFRESH_MS
  const data: SidebarData = {
    sources: await store.listSources(),
    recent: await store.recentPostsBySource(RECENT_PER_SOURCE),
    categories: fresh ? hit.data.categories : await store.listCategories(SIDEBAR_CATEGORIES),
  }
  cache.set(store, { generation, data, categoriesAt: fresh ? hit.categoriesAt : at })
  return data
}

/** The sidebar's links keep the page's view mode. */
export function buildSidebarView(data: SidebarData, now: Date, mode: ViewMode = 'full'): SidebarView {
  const listed = data.sources.filter((s) => s.inConfig || s.itemCount > 0)
  return {
    recent: toRecentListViews(selectFreshestSources(listed, data.recent, RECENT_SOURCES), data.recent, now, mode),
    categories: toCategoryViews(data.categories, mode),
    allSources: listed.length > 0 ? { text: `All ${listed.length.toLocaleString('en-US')} sources →`, href: '/sources' } : null,
  }
}

/** The `max` sources with posts whose newest post is newest (ties: by title, then id), freshest first. */
export function selectFreshestSources(sources: SourceState[], recent: Map<string, RecentPost[]>, max: number): SourceState[] {
  const withPosts: { source: SourceState; newest: string }[] = []
  for (const source of sources) {
    const newest = recent.get(source.id)?.[0]?.publishedAt
    if (newest !== undefined) withPosts.push({ source, newest })
  }
  withPosts.sort((a, b) =>
    a.newest < b.newest
      ? 1
      : a.newest > b.newest
        ? -1
        : compareText(a.source.title || a.source.id, b.source.title || b.source.id) || compareText(a.source.id, b.source.id),
  )
  return withPosts.slice(0, max).map((entry) => entry.source)
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
