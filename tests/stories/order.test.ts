// The labeled story set (370 items, 151 groups) through the real store in different arrival
// orders. With bridging (storeItemsWithBridges: the poller's storeItems plus findBridgedStories +
// mergeStories) the stories do not depend on the order the sources were polled in, and the
// targets hold in every order. docs/stories.md has the figures, with and without bridging.
import { describe, expect, it } from 'vitest'
import { loadLabeledItems, replayThroughStore, shuffleSeeded } from './replay-store.js'

const items = loadLabeledItems()
const byTime = [...items].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.id < b.id ? -1 : 1))
const bySource = [...byTime].reverse().sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0))

describe('arrival order, labeled set, real store', () => {
  it('with bridging: publication, reverse and source-by-source (newest first) orders give the same stories, on target', { timeout: 60_000 }, () => {
    const base = replayThroughStore(byTime, { bridges: true })
    expect(base.precision).toBeGreaterThanOrEqual(0.97)
    expect(base.recall).toBeGreaterThanOrEqual(0.85)
    for (const order of [[...byTime].reverse(), bySource]) {
      const r = replayThroughStore(order, { bridges: true })
      expect(r.partition).toEqual(base.partition)
    }
  })

  it('with bridging: a shuffled order stays on target', { timeout: 60_000 }, () => {
    const r = replayThroughStore(shuffleSeeded(byTime, 3), { bridges: true })
    expect(r.precision).toBeGreaterThanOrEqual(0.97)
    expect(r.recall).toBeGreaterThanOrEqual(0.85)
  })
})
