import { describe, expect, it } from 'vitest'
import type { Store, StoryEvidence } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'

const now = '2026-03-01T00:00:00.000Z'

async function addItem(store: Store, sourceId: string, publishedAt: string, title = 'Acme breach exposes customer data'): Promise<number> {
  return (await store.upsertItems(sourceId, [makeItem({ sourceId, publishedAt, title })], now)).written[0]!.id
}

function evidence(overrides: Partial<StoryEvidence> = {}): StoryEvidence {
  return {
    canonicalUrl: 'https://x.example/a',
    outboundLinks: [],
    titleTokens: ['acme', 'breach'],
    publishedAt: '2026-02-10T00:00:00.000Z',
    ...overrides,
  }
}

describe('story evidence and candidates', () => {
  it('finds items by shared url (either role) and by a shared title token in the time window, evidence rebuilt', async () => {
    const store = await makeStore(['a', 'b', 'c', 'd', 'e'])
    const original = await addItem(store, 'a', '2026-02-01T00:00:00.000Z')
    await store.saveEvidence(
      original,
      evidence({
        canonicalUrl: 'https://a.example/acme',
        outboundLinks: ['https://acme.example/notice'],
        publishedAt: '2026-02-01T00:00:00.000Z',
      }),
    )
    const citing = await addItem(store, 'b', '2026-01-01T00:00:00.000Z')
    await store.saveEvidence(
      citing,
      evidence({
        canonicalUrl: 'https://b.example/story',
        outboundLinks: ['https://a.example/acme'],
        titleTokens: ['acme'],
        publishedAt: '2026-01-01T00:00:00.000Z',
      }),
    )
    const nearby = await addItem(store, 'c', '2026-02-10T05:00:00.000Z')
    await store.saveEvidence(
      nearby,
      evidence({ canonicalUrl: 'https://c.example/x', titleTokens: ['other', 'acme'], publishedAt: '2026-02-10T05:00:00.000Z' }),
    )
    const offTopic = await addItem(store, 'e', '2026-02-10T01:00:00.000Z')
    await store.saveEvidence(
      offTopic,
      evidence({ canonicalUrl: 'https://e.example/x', titleTokens: ['other'], publishedAt: '2026-02-10T01:00:00.000Z' }),
    )
    const far = await addItem(store, 'd', '2025-06-01T00:00:00.000Z')
    await store.saveEvidence(far, evidence({ canonicalUrl: 'https://d.example/x', publishedAt: '2025-06-01T00:00:00.000Z' }))
    const self = await addItem(store, 'd', '2026-02-10T00:00:00.000Z')
    await store.saveEvidence(self, evidence({ canonicalUrl: 'https://a.example/acme' }))

    const found = await store.findStoryCandidates(
      evidence({ canonicalUrl: 'https://d.example/new', outboundLinks: ['https://a.example/acme'] }),
      { excludeItemId: self, windowHours: 48, limit: 10 },
    )
    const byId = new Map(found.map((c) => [c.itemId, c]))
    expect([...byId.keys()].sort((x, y) => x - y)).toEqual([original, citing, nearby].sort((x, y) => x - y))
    expect(byId.get(original)).toMatchObject({
      sourceId: 'a',
      storyId: (await store.getItem(original))!.storyId,
      evidence: {
        canonicalUrl: 'https://a.example/acme',
        outboundLinks: ['https://acme.example/notice'],
        titleTokens: ['acme', 'breach'],
        publishedAt: '2026-02-01T00:00:00.000Z',
      },
    })
    expect(byId.get(citing)!.evidence.outboundLinks).toEqual(['https://a.example/acme'])
  })

  it('saveEvidence replaces earlier evidence', async () => {
    const store = await makeStore(['a'])
    const id = await addItem(store, 'a', '2026-02-01T00:00:00.000Z')
    await store.saveEvidence(id, evidence({ canonicalUrl: 'https://old.example/' }))
    await store.saveEvidence(id, evidence({ canonicalUrl: 'https://new.example/', titleTokens: ['new'] }))
    const found = await store.findStoryCandidates(
      evidence({ canonicalUrl: 'https://old.example/', publishedAt: '2000-01-01T00:00:00.000Z' }),
      { excludeItemId: 0, windowHours: 1, limit: 5 },
    )
    expect(found).toEqual([])
    const again = await store.findStoryCandidates(evidence({ canonicalUrl: 'https://new.example/' }), {
      excludeItemId: 0,
      windowHours: 1,
      limit: 5,
    })
    expect(again.map((c) => c.evidence.titleTokens)).toEqual([['new']])
  })

  it('caps the time-window part at limit, nearest in time first (both sides of the item)', async () => {
    const store = await makeStore(['a'])
    for (let h = 0; h < 6; h++) {
      const at = new Date(Date.parse('2026-02-10T00:00:00.000Z') + h * 3_600_000).toISOString()
      await store.saveEvidence(await addItem(store, 'a', at), evidence({ canonicalUrl: `https://a.example/${h}`, publishedAt: at }))
    }
    const found = await store.findStoryCandidates(
      evidence({ canonicalUrl: 'https://none.example/', publishedAt: '2026-02-10T02:30:00.000Z' }),
      {
        excludeItemId: 0,
        windowHours: 24,
        limit: 3,
      },
    )
    // 02:00 and 03:00 are both 30 minutes away (lower id first), then 01:00 and 04:00 (lower id).
    expect(found.map((c) => c.evidence.publishedAt)).toEqual([
      '2026-02-10T02:00:00.000Z',
      '2026-02-10T03:00:00.000Z',
      '2026-02-10T01:00:00.000Z',
    ])
  })
})

describe('assignStory', () => {
  it('moves an item into the matched story; the earliest published leads; the empty story goes', async () => {
    const store = await makeStore(['a', 'b', 'c'])
    const first = await addItem(store, 'a', '2026-02-02T00:00:00.000Z')
    const storyA = (await store.getItem(first))!.storyId
    const second = await addItem(store, 'b', '2026-02-03T00:00:00.000Z')
    const storyB = (await store.getItem(second))!.storyId
    expect(await store.assignStory(second, { storyId: storyA, itemId: first, reason: 'same_url', score: 1 })).toBe(storyA)
    expect((await store.getItem(second))!.storyId).toBe(storyA)
    let river = await store.listItems({ limit: 10 })
    expect(river.items.map((i) => i.id)).toEqual([first])
    expect(river.items[0]!.alsoReportedBy).toEqual([
      { source: { id: 'b', title: 'b' }, url: (await store.getItem(second))!.url, reason: 'same_url' },
    ])

    // An earlier report arrives and joins: it becomes the lead.
    const earlier = await addItem(store, 'c', '2026-02-01T00:00:00.000Z')
    expect(await store.assignStory(earlier, { storyId: storyA, itemId: first, reason: 'similar_title', score: 0.7 })).toBe(storyA)
    river = await store.listItems({ limit: 10 })
    expect(river.items.map((i) => i.id)).toEqual([earlier])
    expect(river.items[0]!.alsoReportedBy.map((r) => r.source.id)).toEqual(['a', 'b'])
    // storyB was left empty and deleted: matching it now falls back to the matched item's story.
    const late = await addItem(store, 'c', '2026-02-05T00:00:00.000Z')
    expect(await store.assignStory(late, { storyId: storyB, itemId: second, reason: 'cites_item', score: 0.9 })).toBe(storyA)
  })

  it('null keeps a lone item in its own story and sends a joined item back to its own', async () => {
    const store = await makeStore(['a', 'b'])
    const lead = await addItem(store, 'a', '2026-02-01T00:00:00.000Z')
    const own = (await store.getItem(lead))!.storyId
    expect(await store.assignStory(lead, null)).toBe(own)
    const joiner = await addItem(store, 'b', '2026-02-02T00:00:00.000Z')
    await store.assignStory(joiner, { storyId: own, itemId: lead, reason: 'same_url', score: 1 })
    const back = await store.assignStory(joiner, null)
    expect(back).not.toBe(own)
    expect((await store.getItem(joiner))!.storyId).toBe(back)
    expect((await store.listItems({ limit: 10 })).items.map((i) => [i.id, i.alsoReportedBy.length])).toEqual([
      [joiner, 0],
      [lead, 0],
    ])
    // The founder of a story others joined stays when re-evaluated with no match.
    await store.assignStory(joiner, { storyId: own, itemId: lead, reason: 'same_url', score: 1 })
    expect(await store.assignStory(lead, null)).toBe(own)
  })

  it('re-elects the lead when a date update reorders members, ties broken by lowest id', async () => {
    const store = await makeStore(['a', 'b'])
    const itemA = makeItem({ sourceId: 'a', publishedAt: '2026-02-01T00:00:00.000Z' })
    const a = (await store.upsertItems('a', [itemA], now)).written[0]!.id
    const b = await addItem(store, 'b', '2026-02-01T00:00:00.000Z')
    const story = (await store.getItem(a))!.storyId
    await store.assignStory(b, { storyId: story, itemId: a, reason: 'same_url', score: 1 })
    expect((await store.listItems({ limit: 5 })).items.map((i) => i.id)).toEqual([Math.min(a, b)])
    await store.upsertItems('a', [makeItem({ ...itemA, contentHash: undefined, publishedAt: '2026-02-03T00:00:00.000Z' })], now)
    expect((await store.listItems({ limit: 5 })).items.map((i) => i.id)).toEqual([b])
  })
})
