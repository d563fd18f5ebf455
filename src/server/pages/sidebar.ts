// The sidebar's data (recent posts per source, categories with counts, sources) changes only
// when the store does, so it is read once per store generation and reused by every page view.
import type { CategoryCount, RecentPost, SourceState, Store } from '../../types.js'
import type { SidebarView } from './render.js'
import { toCategoryViews, toRecentListViews } from './view-models.js'

export const RECENT_PER_SOURCE = 5
export const SIDEBAR_CATEGORIES = 30

export interface SidebarData {
  sources: SourceState[]
  recent: Map<string, RecentPost[]>
  categories: CategoryCount[]
}

const cache = new WeakMap<Store, { generation: number; data: SidebarData }>()

/** The sidebar data for the store's current generation (3 queries on a miss, none on a hit). */
export function loadSidebarData(store: Store): SidebarData {
  const generation = store.generation()
  const hit = cache.get(store)
  if (hit && hit.generation === generation) return hit.data
  const data: SidebarData = {
    sources: store.listSources(),
    recent: store.recentPostsBySource(RECENT_PER_SOURCE),
    categories: store.listCategories(SIDEBAR_CATEGORIES),
  }
  cache.set(store, { generation, data })
  return data
}

export function buildSidebarView(data: SidebarData, now: Date): SidebarView {
  const listed = data.sources.filter((s) => s.inConfig || s.itemCount > 0)
  return {
    recent: toRecentListViews(listed, data.recent, now),
    categories: toCategoryViews(data.categories),
  }
}
