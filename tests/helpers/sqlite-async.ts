// Today's synchronous SQLite store seen through the AsyncStore interface, so one conformance
// scenario runs against both engines. Lives with the tests: converting the SQLite engine itself
// is the next step's job. SQLite transactions need a synchronous fn, so transaction() here runs
// fn's calls in order but NOT atomically: scenarios that roll back run on PostgreSQL only.

import type { AsyncStore } from '../../src/store/async-store.js'
import { openStore } from '../../src/store/index.js'
import type { Store } from '../../src/types.js'

export function openSqliteAsync(path = ':memory:'): AsyncStore {
  return toAsyncStore(openStore(path))
}

export function toAsyncStore(store: Store): AsyncStore {
  const self: AsyncStore = {
    generation: () => store.generation(),
    ping: async () => store.ping(),
    close: async () => store.close(),
    transaction: (fn) => fn(self),
    syncSources: async (sources) => store.syncSources(sources),
    getSource: async (id) => store.getSource(id),
    listSources: async () => store.listSources(),
    updateSourceState: async (id, patch) => store.updateSourceState(id, patch),
    upsertItems: async (sourceId, items, now) => store.upsertItems(sourceId, items, now),
    getItem: async (id) => store.getItem(id),
    countItems: async (sourceId) => store.countItems(sourceId),
    pruneItems: async (now, days, keep) => store.pruneItems(now, days, keep),
    saveEvidence: async (itemId, evidence) => store.saveEvidence(itemId, evidence),
    findStoryCandidates: async (evidence, opts) => store.findStoryCandidates(evidence, opts),
    assignStory: async (itemId, match) => store.assignStory(itemId, match),
    mergeStories: async (into, from, bridge) => store.mergeStories(into, from, bridge),
    explainStory: async (storyId) => store.explainStory(storyId),
    listItems: async (query) => store.listItems(query),
    findListCursor: async (query, count) => store.findListCursor(query, count),
    searchItems: async (query) => store.searchItems(query),
    recentPostsBySource: async (perSource) => store.recentPostsBySource(perSource),
    listCategories: async (limit) => store.listCategories(limit),
    newestItemDate: async (query) => store.newestItemDate(query),
  }
  return self
}
