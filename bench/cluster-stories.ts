// The labeled story set (npm run eval:stories) ingested by several pollers at once on one
// PostgreSQL database, scored against serial ingestion: each poller is its own store (its own
// pool, as a process would have), owns a share of the outlets, and polls its reports in
// publication order, one transaction per report, all pollers at the same time.
import { OrgAliases } from '../src/dedup/index.js'
import { storeItems } from '../src/poller/store-items.js'
import { openPostgresStore } from '../src/store/postgres/index.js'
import type { FeedSource, Store } from '../src/types.js'
import { loadLabeledItems, REPLAY_NOW, sortByPublication, toFeedSource } from '../tests/fixtures/stories/labeled.js'
import { normalizeLabeledItems, readOutcome, runStoryEval, scoreOutcome } from './eval-stories.js'
import { createBenchDatabase } from './pg-database.js'

export async function runConcurrentStoryEval(serverUrl: string, pollers: number): Promise<{ serial: number; concurrent: number }> {
  const items = loadLabeledItems()
  const normalized = normalizeLabeledItems(items)
  const serial = await runStoryEval(items, { normalized })
  const db = await createBenchDatabase(serverUrl, 'stories')
  const stores: Store[] = []
  try {
    for (let i = 0; i < pollers; i++) stores.push(await openPostgresStore(db.url, { migrate: i === 0 }))
    const sources = new Map<string, FeedSource>()
    for (const item of items) if (!sources.has(item.sourceId)) sources.set(item.sourceId, toFeedSource(item))
    await stores[0]!.syncSources([...sources.values()])
    const owner = new Map([...sources.keys()].sort().map((id, i) => [id, i % pollers]))
    const arrived = sortByPublication(items)
    await Promise.all(
      stores.map(async (store, i) => {
        const aliases = new OrgAliases()
        for (const item of arrived) {
          if (owner.get(item.sourceId) !== i) continue
          const source = sources.get(item.sourceId)!
          await store.transaction((tx) => storeItems(tx, source, [normalized.get(item.id)!], REPLAY_NOW, { aliases }))
        }
      }),
    )
    const outcome = await readOutcome(stores[0]!, [...sources.keys()])
    return { serial: serial.all.f1, concurrent: scoreOutcome(items, outcome).all.f1 }
  } finally {
    await Promise.all(stores.map((s) => s.close()))
    await db.drop()
  }
}
