// Reading a merge: Store.explainStory and the `reason` on each alsoReportedBy entry.
import { describe, expect, it } from 'vitest'
import type { Store } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'

const NOW = '2026-07-01T00:00:00.000Z'

async function add(store: Store, sourceId: string, publishedAt: string): Promise<number> {
  return (await store.upsertItems(sourceId, [makeItem({ sourceId, publishedAt })], NOW)).written[0]!.id
}

describe('explainStory', () => {
  it('lists the lead and each attached member with its reason, score and matched item, earliest first', async () => {
    const store = await makeStore(['a', 'b', 'c'])
    const lead = await add(store, 'a', '2026-02-01T10:00:00.000Z')
    const story = (await store.getItem(lead))!.storyId
    const quote = await add(store, 'b', '2026-02-01T18:00:00.000Z')
    const similar = await add(store, 'c', '2026-02-02T09:00:00.000Z')
    await store.assignStory(quote, { storyId: story, itemId: lead, reason: 'cites_item', score: 0.95 })
    await store.assignStory(similar, { storyId: story, itemId: quote, reason: 'similar_title', score: 0.52 })

    expect(await store.explainStory(story)).toEqual({
      storyId: story,
      leadItemId: lead,
      members: [
        {
          itemId: lead,
          sourceId: 'a',
          url: (await store.getItem(lead))!.url,
          title: (await store.getItem(lead))!.title,
          publishedAt: '2026-02-01T10:00:00.000Z',
          reason: 'lead',
          score: null,
          matchedItemId: null,
          official: false,
        },
        {
          itemId: quote,
          sourceId: 'b',
          url: (await store.getItem(quote))!.url,
          title: (await store.getItem(quote))!.title,
          publishedAt: '2026-02-01T18:00:00.000Z',
          reason: 'cites_item',
          score: 0.95,
          matchedItemId: lead,
          official: false,
        },
        {
          itemId: similar,
          sourceId: 'c',
          url: (await store.getItem(similar))!.url,
          title: (await store.getItem(similar))!.title,
          publishedAt: '2026-02-02T09:00:00.000Z',
          reason: 'similar_title',
          score: 0.52,
          matchedItemId: quote,
          official: false,
        },
      ],
    })
    const river = (await store.listItems({ limit: 10 })).items
    expect(river.map((i) => i.id)).toEqual([lead])
    expect(river[0]!.alsoReportedBy.map((a) => [a.source.id, a.reason])).toEqual([
      ['b', 'cites_item'],
      ['c', 'similar_title'],
    ])
  })

  it('an earlier report that joins later leads with its own reason; the founder becomes "own" and has no reason in alsoReportedBy', async () => {
    const store = await makeStore(['a', 'b'])
    const founder = await add(store, 'a', '2026-02-02T00:00:00.000Z')
    const story = (await store.getItem(founder))!.storyId
    const earlier = await add(store, 'b', '2026-02-01T00:00:00.000Z')
    await store.assignStory(earlier, { storyId: story, itemId: founder, reason: 'cited_by_item', score: 0.95 })

    const explained = (await store.explainStory(story))!
    expect(explained.leadItemId).toBe(earlier)
    expect(explained.members.map((m) => [m.itemId, m.reason, m.matchedItemId])).toEqual([
      [earlier, 'cited_by_item', founder],
      [founder, 'own', null],
    ])
    const [entry] = (await store.listItems({ limit: 10 })).items
    expect(entry!.id).toBe(earlier)
    expect(entry!.alsoReportedBy).toEqual([{ source: { id: 'a', title: 'a' }, url: (await store.getItem(founder))!.url }])
    expect('reason' in entry!.alsoReportedBy[0]!).toBe(false)
    const founderView = (await store.listItems({ sources: ['a'], limit: 10 })).items[0]!
    expect(founderView.alsoReportedBy).toEqual([
      { source: { id: 'b', title: 'b' }, url: (await store.getItem(earlier))!.url, reason: 'cited_by_item' },
    ])
  })

  it('a member sent back to a story of its own loses its reason there and leads its new story', async () => {
    const store = await makeStore(['a', 'b'])
    const lead = await add(store, 'a', '2026-02-01T00:00:00.000Z')
    const story = (await store.getItem(lead))!.storyId
    const mate = await add(store, 'b', '2026-02-01T05:00:00.000Z')
    await store.assignStory(mate, { storyId: story, itemId: lead, reason: 'similar_title', score: 0.4 })
    const own = await store.assignStory(mate, null)
    expect((await store.explainStory(story))!.members.map((m) => [m.itemId, m.reason])).toEqual([[lead, 'lead']])
    expect(await store.explainStory(own)).toMatchObject({
      leadItemId: mate,
      members: [{ itemId: mate, reason: 'lead', score: null, matchedItemId: null }],
    })
  })

  it('is undefined for an unknown or deleted story and for ids that are not integers', async () => {
    const store = await makeStore(['a', 'b'])
    const lead = await add(store, 'a', '2026-02-01T00:00:00.000Z')
    const mate = await add(store, 'b', '2026-02-01T05:00:00.000Z')
    const emptied = (await store.getItem(mate))!.storyId
    await store.assignStory(mate, { storyId: (await store.getItem(lead))!.storyId, itemId: lead, reason: 'same_url', score: 1 })
    expect(await store.explainStory(emptied)).toBeUndefined()
    expect(await store.explainStory(123_456)).toBeUndefined()
    expect(await store.explainStory(Number.NaN)).toBeUndefined()
    expect(await store.explainStory(1.5)).toBeUndefined()
  })
})
