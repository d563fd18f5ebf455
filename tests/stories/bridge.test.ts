// A report that links two stories: The original (no company name in its title) and a wire report
// (similar title to the quote, nothing in common with the original) arrive first and stay apart;
// then the aggregator's quote arrives, citing the original and titled like the wire report.
// Joining only its best match would leave the result depending on arrival order; with
// findBridgedStories + mergeStories the three are one story whatever the order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { collectEvidence, findBridgedStories, matchStory } from '../../src/dedup/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { storeItems } from '../../src/poller/store-items.js'
import { openStore } from '../../src/store/index.js'
import type { FeedSource, NormalizedItem, Store, StoryCandidate } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeItem, makeSource } from '../helpers/store.js'

const NOW = '2026-07-01T00:00:00.000Z'
const ORIGINAL = 'https://original.example/2026/03/credit-union-breach-48000-members'

const reports: Record<'original' | 'wire' | 'quote', { title: string; url: string; at: string; html: string }> = {
  original: {
    title: "Credit union breach exposes 48,000 members' Social Security numbers",
    url: ORIGINAL,
    at: '2026-03-02T09:00:00.000Z',
    html: '<p>A Minnesota credit union said an intruder copied a member database.</p>',
  },
  wire: {
    title: 'Northwind Credit Union data breach hits 48,000 members',
    url: 'https://wire.example/news/northwind-credit-union-data-breach/',
    at: '2026-03-02T15:00:00.000Z',
    html: '<p>Northwind Credit Union is notifying members.</p>',
  },
  quote: {
    title: 'Northwind Credit Union notifies 48,000 members of breach',
    url: 'https://quote.example/2026/03/02/northwind-credit-union-notifies-members/',
    at: '2026-03-02T20:00:00.000Z',
    html: `<blockquote><p>An intruder copied a member database.</p></blockquote><p>Read more at <a href="${ORIGINAL}?utm_source=quote">the original</a>.</p>`,
  },
}
type Name = keyof typeof reports
const NAMES: Name[] = ['original', 'wire', 'quote']

function sourceOf(name: Name, url = `https://${name}.example/feed`): FeedSource {
  return makeSource({ id: name, url, homepage: `https://${name}.example/` })
}

function itemOf(name: Name): NormalizedItem {
  const r = reports[name]
  return makeItem({ sourceId: name, identityKey: name, guid: name, url: r.url, title: r.title, publishedAt: r.at, contentHtml: r.html })
}

/** Stories as sorted lists of source ids, sorted. */
async function readPartition(store: Store): Promise<string[][]> {
  const partition: string[][] = []
  for (const lead of (await store.listItems({ limit: 50 })).items) {
    partition.push((await store.explainStory((await store.getItem(lead.id))!.storyId))!.members.map((m) => m.sourceId).sort())
  }
  return partition.sort()
}

function permutations<T>(list: readonly T[]): T[][] {
  if (list.length <= 1) return [[...list]]
  return list.flatMap((head, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [head, ...rest]))
}

beforeAll(() => setLogLevel('silent'))

describe('findBridgedStories (pure)', () => {
  const ev = (name: Name) => collectEvidence(itemOf(name), sourceOf(name))
  const cand = (name: Name, storyId: number, itemId: number, sourceId: string = name): StoryCandidate => ({
    itemId,
    storyId,
    sourceId,
    evidence: ev(name),
  })

  it('the quote matches the original by citation and the wire report by title: it bridges the wire story', () => {
    const candidates = [cand('original', 1, 1), cand('wire', 2, 2)]
    // The fixture is the hard case: the original and the wire report do not match each other.
    expect(matchStory(ev('wire'), [cand('original', 1, 1)], 'wire')).toBeNull()
    const match = matchStory(ev('quote'), candidates, 'quote')
    expect(match).toMatchObject({ storyId: 1, itemId: 1, reason: 'cites_item' })
    expect(findBridgedStories(ev('quote'), candidates, 'quote', match)).toEqual([
      { storyId: 2, itemId: 2, reason: 'similar_title', score: expect.any(Number) },
    ])
  })

  it('bridges nothing without a match, and never a story holding a source already in the merged story', () => {
    expect(findBridgedStories(ev('quote'), [cand('original', 1, 1), cand('wire', 2, 2)], 'quote', null)).toEqual([])
    // The wire story also holds a report from the original's source: merging would list that source twice.
    const crowded = [cand('original', 1, 1), cand('wire', 2, 2), cand('wire', 2, 3, 'original')]
    const match = matchStory(ev('quote'), crowded, 'quote')
    expect(findBridgedStories(ev('quote'), crowded, 'quote', match)).toEqual([])
    // Nor a story that already holds a report from the item's own source.
    const own = [cand('original', 1, 1), cand('wire', 2, 2), cand('wire', 2, 4, 'quote')]
    expect(findBridgedStories(ev('quote'), own, 'quote', matchStory(ev('quote'), own, 'quote'))).toEqual([])
  })
})

describe('Store.mergeStories', () => {
  async function setUp(): Promise<{ store: Store; ids: Record<Name, number> }> {
    const store = openStore(':memory:')
    await store.syncSources(NAMES.map((n) => sourceOf(n)))
    const ids = {} as Record<Name, number>
    for (const name of NAMES) ids[name] = (await store.upsertItems(name, [itemOf(name)], NOW)).written[0]!.id
    return { store, ids }
  }

  it('moves the whole story, keeps members’ reasons, records the bridge on the absorbed founder, re-elects the lead', async () => {
    const { store, ids } = await setUp()
    const into = await store.assignStory(ids.quote, {
      storyId: (await store.getItem(ids.original))!.storyId,
      itemId: ids.original,
      reason: 'cites_item',
      score: 0.95,
    })
    const from = (await store.getItem(ids.wire))!.storyId
    expect(await store.mergeStories(into, from, { itemId: ids.quote, matchedItemId: ids.wire, reason: 'similar_title', score: 0.6 })).toBe(
      true,
    )
    expect(await store.explainStory(from)).toBeUndefined()
    expect(await store.explainStory(into)).toMatchObject({
      leadItemId: ids.original,
      members: [
        { itemId: ids.original, reason: 'lead', matchedItemId: null },
        { itemId: ids.wire, reason: 'similar_title', score: 0.6, matchedItemId: ids.quote },
        { itemId: ids.quote, reason: 'cites_item', score: 0.95, matchedItemId: ids.original },
      ],
    })
    expect((await store.listItems({ limit: 10 })).items.map((i) => [i.id, i.alsoReportedBy.map((a) => [a.source.id, a.reason])])).toEqual([
      [
        ids.original,
        [
          ['wire', 'similar_title'],
          ['quote', 'cites_item'],
        ],
      ],
    ])
    await store.close()
  })

  it('mirrors a citation: the absorbed founder cited by the bridging item records cited_by_item', async () => {
    const { store, ids } = await setUp()
    const into = (await store.getItem(ids.quote))!.storyId
    expect(
      await store.mergeStories(into, (await store.getItem(ids.original))!.storyId, {
        itemId: ids.quote,
        matchedItemId: ids.original,
        reason: 'cites_item',
        score: 0.95,
      }),
    ).toBe(true)
    expect((await store.explainStory(into))!.members.map((m) => [m.itemId, m.reason])).toEqual([
      [ids.original, 'cited_by_item'],
      // The quote started this story; the original, published earlier, now leads it.
      [ids.quote, 'own'],
    ])
    await store.close()
  })

  it('refuses stories that share a source, the same story twice and unknown stories', async () => {
    const { store, ids } = await setUp()
    const extra = (await store.upsertItems('wire', [makeItem({ sourceId: 'wire', publishedAt: '2026-03-03T00:00:00.000Z' })], NOW))
      .written[0]!.id
    const wireStory = (await store.getItem(ids.wire))!.storyId
    const mixed = await store.assignStory(extra, {
      storyId: (await store.getItem(ids.original))!.storyId,
      itemId: ids.original,
      reason: 'similar_title',
      score: 0.5,
    })
    const bridge = { itemId: extra, matchedItemId: ids.wire, reason: 'similar_title' as const, score: 0.5 }
    expect(await store.mergeStories(mixed, wireStory, bridge)).toBe(false)
    expect(await store.mergeStories(mixed, mixed, bridge)).toBe(false)
    expect(await store.mergeStories(mixed, 987_654, bridge)).toBe(false)
    expect(await readPartition(store)).toEqual([['original', 'wire'], ['quote'], ['wire']])
    await store.close()
  })
})

describe('arrival order', () => {
  it("the poller's storeItems (it bridges): every order of the three reports gives one story led by the original", async () => {
    for (const order of permutations(NAMES)) {
      const store = openStore(':memory:')
      await store.syncSources(NAMES.map((n) => sourceOf(n)))
      for (const name of order) await store.transaction((tx) => storeItems(tx, sourceOf(name), [itemOf(name)], NOW))
      expect({ order, stories: await readPartition(store) }).toEqual({ order, stories: [['original', 'quote', 'wire']] })
      const lead = (await store.listItems({ limit: 10 })).items[0]!
      expect(lead.url).toBe(ORIGINAL)
      await store.close()
    }
  })

  describe('through the real poller', () => {
    let feeds: FixtureServer
    beforeAll(async () => {
      feeds = await startFixtureServer()
      for (const name of NAMES) {
        const r = reports[name]
        const pub = new Date(r.at).toUTCString()
        feeds.serveBody(
          `/${name}.xml`,
          `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${name}</title><link>https://${name}.example/</link>` +
            `<item><title>${r.title.replace(/'/g, '&#39;')}</title><link>${r.url}</link><guid isPermaLink="false">${name}-1</guid><pubDate>${pub}</pubDate>` +
            `<content:encoded><![CDATA[${r.html}]]></content:encoded></item></channel></rss>`,
          { contentType: 'application/rss+xml' },
        )
      }
    })
    afterAll(async () => {
      await feeds.close()
    })

    // src/poller/store-items.ts merges the stories a new item bridges, so the wire report
    // arriving before the quote still ends in one story.
    it('the poller gives one story in every polling order', async () => {
      const config = validateConfig(
        {
          settings: { allowPrivateNetworks: true, timeoutSeconds: 5 },
          sources: NAMES.map((n) => ({ id: n, url: `${feeds.url}/${n}.xml`, homepage: `https://${n}.example/` })),
        },
        'feeds.json',
      )
      for (const order of permutations(NAMES)) {
        const store = openStore(':memory:')
        for (const id of order) await pollOnce({ store, config, sourceIds: [id], now: () => new Date(NOW) })
        expect({ order, stories: await readPartition(store) }).toEqual({ order, stories: [['original', 'quote', 'wire']] })
        await store.close()
      }
    })
  })
})
