// Running a validated ItemQuery against the store, and the facts about sources that the feed and
// API routes share (which ids exist, how each is named, whether it republishes excerpts).
import type { ApiItem, ApiStorySummary, AppConfig, FeedSource, ItemPage, ItemQuery, SourceState, Store } from '../../types.js'

/**
 * The list in its order. With `q`, a ranked full-text search (the snippets are dropped: the
 * contract's shape has none), or with sort=date the matching entries in the list's own order.
 */
export async function loadItems(store: Store, query: ItemQuery): Promise<ItemPage> {
  if (query.q === undefined || query.sort === 'date') return await store.listItems(query)
  const page = await store.searchItems({ ...query, q: query.q })
  return { items: page.items.map(({ snippet: _snippet, ...item }) => item), nextCursor: page.nextCursor }
}

/** The newest date (published or updated, ISO) among the items, or null. */
export function findNewestItemDate(items: ApiItem[]): string | null {
  let best: string | null = null
  let bestTime = Number.NEGATIVE_INFINITY
  for (const item of items) {
    for (const iso of [item.published, item.updated]) {
      if (!iso) continue
      const t = Date.parse(iso)
      if (Number.isFinite(t) && t > bestTime) {
        bestTime = t
        best = iso
      }
    }
  }
  return best
}

/** The newest lastActivity among the stories (ISO), or null. */
export function findNewestActivity(stories: readonly ApiStorySummary[]): string | null {
  let newest: string | null = null
  for (const story of stories) if (newest === null || story.lastActivity > newest) newest = story.lastActivity
  return newest
}

const configIds = new WeakMap<AppConfig, Map<string, FeedSource>>()

/** The config's sources by id (computed once per config object). */
export function indexConfigSources(config: AppConfig): Map<string, FeedSource> {
  let index = configIds.get(config)
  if (!index) {
    index = new Map(config.sources.map((source) => [source.id, source]))
    configIds.set(config, index)
  }
  return index
}

/** A source id is known when it is configured or the store still holds it (its items stay). */
export async function isKnownSource(store: Store, config: AppConfig, id: string): Promise<boolean> {
  return indexConfigSources(config).has(id) || (await store.getSource(id)) !== undefined
}

const configVersions = new WeakMap<AppConfig, number>()
let nextConfigVersion = 1

/** A number that changes when getConfig() hands out a new config object (part of cache keys). */
export function resolveConfigVersion(config: AppConfig): number {
  let version = configVersions.get(config)
  if (version === undefined) {
    version = nextConfigVersion++
    configVersions.set(config, version)
  }
  return version
}

/** Only sources still in feeds.json; a removed source's items stay, but it is no longer listed. */
export async function listConfiguredSources(store: Store): Promise<SourceState[]> {
  return (await store.listSources()).filter((source) => source.inConfig)
}
