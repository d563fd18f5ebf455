// findStoryCandidates by relevance: the title-token index (item_tokens, kept by triggers), the
// ranking when a token is common, the same-source story mates, and the per-connection evidence
// cache (it must never show evidence the database no longer holds).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.js'
import { migrate, migrations } from '../../src/store/migrations.js'
import type { Store, StoryEvidence } from '../../src/types.js'
import { makeItem, makeSource, makeStore } from '../helpers/store.js'

const NOW = '2026-03-01T00:00:00.000Z'
const AT = '2026-02-10T12:00:00.000Z'
const hours = (h: number): string => new Date(Date.parse(AT) + h * 3_600_000).toISOString()

function evidence(overrides: Partial<StoryEvidence> = {}): StoryEvidence {
  return { canonicalUrl: 'https://x.example/new', outboundLinks: [], titleTokens: [], publishedAt: AT, ...overrides }
}

async function addItem(store: Store, sourceId: string, ev: Partial<StoryEvidence> & { canonicalUrl: string }): Promise<number> {
  const item = makeItem({ sourceId, publishedAt: ev.publishedAt ?? AT })
  const id = (await store.upsertItems(sourceId, [item], NOW)).written[0]!.id
  await store.saveEvidence(id, evidence({ ...ev, publishedAt: ev.publishedAt ?? AT }))
  return id
}

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'breachwire-candidates-'))
  dirs.push(dir)
  return join(dir, 'test.db')
}

describe('findStoryCandidates: title tokens within the window', () => {
  it('offers the items that share a token, not the ones merely near in time', async () => {
    const store = await makeStore(['a', 'b', 'c', 'd'])
    const mate = await addItem(store, 'a', { canonicalUrl: 'https://a.example/1', titleTokens: ['grand', 'vista'], publishedAt: hours(30) })
    await addItem(store, 'b', { canonicalUrl: 'https://b.example/1', titleTokens: ['acme'], publishedAt: hours(1) })
    await addItem(store, 'c', { canonicalUrl: 'https://c.example/1', titleTokens: ['vista'], publishedAt: hours(80) })
    const found = await store.findStoryCandidates(evidence({ titleTokens: ['vista', 'clinic'] }), {
      excludeItemId: 0,
      windowHours: 72,
      limit: 10,
    })
    expect(found.map((c) => c.itemId)).toEqual([mate])
    expect(found[0]!.evidence).toEqual({
      canonicalUrl: 'https://a.example/1',
      outboundLinks: [],
      titleTokens: ['grand', 'vista'],
      publishedAt: hours(30),
    })
  })

  it('leaves out the excluded item and finds nothing without tokens or a date', async () => {
    const store = await makeStore(['a', 'b'])
    const self = await addItem(store, 'a', { canonicalUrl: 'https://a.example/1', titleTokens: ['vista'] })
    const other = await addItem(store, 'b', { canonicalUrl: 'https://b.example/1', titleTokens: ['vista'] })
    expect(
      (await store.findStoryCandidates(evidence({ titleTokens: ['vista'] }), { excludeItemId: self, windowHours: 72, limit: 10 })).map(
        (c) => c.itemId,
      ),
    ).toEqual([other])
    expect(await store.findStoryCandidates(evidence({ titleTokens: [] }), { excludeItemId: self, windowHours: 72, limit: 10 })).toEqual([])
    expect(
      await store.findStoryCandidates(evidence({ titleTokens: ['vista'], publishedAt: 'not a date' }), {
        excludeItemId: self,
        windowHours: 72,
        limit: 10,
      }),
    ).toEqual([])
  })

  it('when there are more than limit, ranks items sharing rare tokens over a common one, then by distance', async () => {
    const store = await makeStore(['a', 'b', 'c'])
    const common: number[] = []
    for (let i = 0; i < 8; i++)
      common.push(
        await addItem(store, 'a', { canonicalUrl: `https://a.example/${i}`, titleTokens: ['microsoft'], publishedAt: hours(i + 1) }),
      )
    const rare = await addItem(store, 'b', {
      canonicalUrl: 'https://b.example/1',
      titleTokens: ['microsoft', 'stagepass'],
      publishedAt: hours(60),
    })
    const rarer = await addItem(store, 'c', { canonicalUrl: 'https://c.example/1', titleTokens: ['stagepass'], publishedAt: hours(-50) })
    const found = await store.findStoryCandidates(evidence({ titleTokens: ['microsoft', 'stagepass'] }), {
      excludeItemId: 0,
      windowHours: 72,
      limit: 4,
    })
    // rare shares both tokens, rarer the rare one; then the nearest two of the common token's items.
    expect(new Set(found.map((c) => c.itemId))).toEqual(new Set([rare, rarer, common[0], common[1]]))
    // The answer is ordered nearest in time first.
    expect(found.map((c) => c.itemId)).toEqual([common[0], common[1], rarer, rare])
  })

  it('keeps the index in step with saved, replaced and deleted evidence', async () => {
    const store = await makeStore(['a'])
    const id = await addItem(store, 'a', { canonicalUrl: 'https://a.example/1', titleTokens: ['vista'] })
    const look = async (token: string) =>
      (await store.findStoryCandidates(evidence({ titleTokens: [token] }), { excludeItemId: 0, windowHours: 72, limit: 10 })).map(
        (c) => c.itemId,
      )
    expect(await look('vista')).toEqual([id])
    await store.saveEvidence(id, evidence({ canonicalUrl: 'https://a.example/1', titleTokens: ['meridian'] }))
    expect(await look('vista')).toEqual([])
    expect(await look('meridian')).toEqual([id])
    // Moved out of the window: an evidence date far away.
    await store.saveEvidence(
      id,
      evidence({ canonicalUrl: 'https://a.example/1', titleTokens: ['meridian'], publishedAt: '2020-01-01T00:00:00.000Z' }),
    )
    expect(await look('meridian')).toEqual([])
    await store.saveEvidence(id, evidence({ canonicalUrl: 'https://a.example/1', titleTokens: ['meridian'] }))
    expect(await store.pruneItems('2030-01-01T00:00:00.000Z', 1, 0)).toBe(1)
    expect(await look('meridian')).toEqual([])
  })
})

describe("findStoryCandidates: the stories the new item's source already reported", () => {
  it("adds the source's own items in the candidates' stories, so the matcher can leave those stories alone", async () => {
    const store = await makeStore(['a', 'b'])
    const earlier = await addItem(store, 'b', {
      canonicalUrl: 'https://b.example/old',
      titleTokens: ['unrelated'],
      publishedAt: hours(-200),
    })
    const mate = await addItem(store, 'a', { canonicalUrl: 'https://a.example/1', titleTokens: ['vista'] })
    await store.assignStory(earlier, { storyId: (await store.getItem(mate))!.storyId, itemId: mate, reason: 'similar_title', score: 0.5 })
    const self = await addItem(store, 'b', { canonicalUrl: 'https://b.example/new', titleTokens: ['vista'], publishedAt: hours(1) })
    const found = await store.findStoryCandidates(evidence({ titleTokens: ['vista'], publishedAt: hours(1) }), {
      excludeItemId: self,
      windowHours: 72,
      limit: 10,
    })
    expect(found.map((c) => c.itemId)).toEqual([mate, earlier])
    const mateStory = (await store.getItem(mate))!.storyId
    expect(found.every((c) => c.storyId === mateStory)).toBe(true)
  })
})

describe('findStoryCandidates: the evidence cache', () => {
  it('never serves evidence a rolled-back transaction wrote, even when the id is used again', async () => {
    const store = await makeStore(['a', 'b'])
    const look = () => store.findStoryCandidates(evidence({ titleTokens: ['vista'] }), { excludeItemId: 0, windowHours: 72, limit: 10 })
    await expect(
      store.transaction(async (tx) => {
        await addItem(tx, 'a', {
          canonicalUrl: 'https://a.example/rolled-back',
          titleTokens: ['vista'],
          outboundLinks: ['https://notice.example/1'],
        })
        expect((await look()).map((c) => c.evidence.canonicalUrl)).toEqual(['https://a.example/rolled-back'])
        throw new Error('poll failed')
      }),
    ).rejects.toThrow('poll failed')
    expect(await look()).toEqual([])
    // The freed id comes back for the next item, with other evidence.
    const id = await addItem(store, 'b', { canonicalUrl: 'https://b.example/kept', titleTokens: ['vista'] })
    expect(await look()).toEqual([
      expect.objectContaining({
        itemId: id,
        sourceId: 'b',
        evidence: expect.objectContaining({ canonicalUrl: 'https://b.example/kept', outboundLinks: [] }),
      }),
    ])
  })

  it('sees evidence another connection saved', async () => {
    const path = tempPath()
    const writer = openStore(path)
    const reader = openStore(path)
    try {
      await writer.syncSources([makeSource({ id: 'a' })])
      const id = await addItem(writer, 'a', {
        canonicalUrl: 'https://a.example/1',
        titleTokens: ['vista'],
        outboundLinks: ['https://one.example/'],
      })
      const look = () => reader.findStoryCandidates(evidence({ titleTokens: ['vista'] }), { excludeItemId: 0, windowHours: 72, limit: 10 })
      expect((await look())[0]!.evidence.outboundLinks).toEqual(['https://one.example/'])
      await writer.saveEvidence(
        id,
        evidence({ canonicalUrl: 'https://a.example/1', titleTokens: ['vista'], outboundLinks: ['https://two.example/'] }),
      )
      expect((await look())[0]!.evidence.outboundLinks).toEqual(['https://two.example/'])
    } finally {
      await writer.close()
      await reader.close()
    }
  })

  it('evidence remembered on save reads the same as evidence loaded by another connection', async () => {
    const path = tempPath()
    const writer = openStore(path)
    const reader = openStore(path)
    try {
      await writer.syncSources([makeSource({ id: 'a' })])
      const links = ['https://one.example/x', 'https://a.example/1', 'https://one.example/x', '', 'https://two.example/y']
      await addItem(writer, 'a', { canonicalUrl: 'https://a.example/1', titleTokens: ['vista', 'grand'], outboundLinks: links })
      const look = (store: Store) =>
        store.findStoryCandidates(evidence({ titleTokens: ['vista'] }), { excludeItemId: 0, windowHours: 72, limit: 10 })
      const mine = await look(writer)
      expect(mine[0]!.evidence).toEqual({
        canonicalUrl: 'https://a.example/1',
        outboundLinks: ['https://one.example/x', 'https://two.example/y'],
        titleTokens: ['vista', 'grand'],
        publishedAt: AT,
      })
      expect(await look(reader)).toEqual(mine)
    } finally {
      await writer.close()
      await reader.close()
    }
  })

  it('reads story and date fresh: a candidate that changed story or date shows it', async () => {
    const store = await makeStore(['a', 'b'])
    const first = await addItem(store, 'a', { canonicalUrl: 'https://a.example/1', titleTokens: ['vista'] })
    const second = await addItem(store, 'b', { canonicalUrl: 'https://b.example/1', titleTokens: ['vista'] })
    const look = () => store.findStoryCandidates(evidence({ titleTokens: ['vista'] }), { excludeItemId: 0, windowHours: 72, limit: 10 })
    expect(new Set((await look()).map((c) => c.storyId)).size).toBe(2)
    await store.assignStory(second, { storyId: (await store.getItem(first))!.storyId, itemId: first, reason: 'similar_title', score: 0.5 })
    expect(new Set((await look()).map((c) => c.storyId))).toEqual(new Set([(await store.getItem(first))!.storyId]))
  })
})

describe('findStoryCandidates: links', () => {
  it('takes every item sharing a link when few do, and the nearest in time when more than limit do', async () => {
    const store = await makeStore(['a', 'b', 'c', 'd'])
    const notice = 'https://notice.example/n'
    const far = await addItem(store, 'a', { canonicalUrl: 'https://a.example/1', outboundLinks: [notice], publishedAt: hours(-300) })
    const near = await addItem(store, 'b', { canonicalUrl: 'https://b.example/1', outboundLinks: [notice], publishedAt: hours(2) })
    const nearer = await addItem(store, 'c', { canonicalUrl: 'https://c.example/1', outboundLinks: [notice], publishedAt: hours(-1) })
    const cited = await addItem(store, 'd', { canonicalUrl: 'https://d.example/orig', publishedAt: hours(-900) })
    const look = async (limit: number) =>
      (
        await store.findStoryCandidates(evidence({ outboundLinks: [notice, 'https://d.example/orig'] }), {
          excludeItemId: 0,
          windowHours: 72,
          limit,
        })
      ).map((c) => c.itemId)
    expect(await look(10)).toEqual([nearer, near, far, cited])
    expect(await look(2)).toEqual([nearer, near])
  })
})

describe('migrations m02_item_tokens and m03_candidate_indexes', () => {
  it("fill the token index and the links' dates from evidence stored before them", async () => {
    const path = tempPath()
    const db = new Database(path)
    migrate(db, migrations.slice(0, 1))
    db.prepare("insert into sources (id, title, url, fetch_url) values ('a', 'A', 'https://a.example/', 'https://a.example/')").run()
    db.prepare('insert into stories (id, created_at) values (1, ?)').run(NOW)
    db.prepare(`insert into items (id, source_id, identity_key, url, title, published_at, content_hash, first_seen_at, last_seen_at, story_id)
                values (1, 'a', 'k', 'https://a.example/1', 'Vista', ?, 'h', ?, ?, 1)`).run(AT, NOW, NOW)
    db.prepare(`insert into items (id, source_id, identity_key, url, title, published_at, content_hash, first_seen_at, last_seen_at, story_id)
                values (2, 'a', 'k2', 'https://a.example/2', 'Other', ?, 'h', ?, ?, 1)`).run(hours(-30), NOW, NOW)
    db.prepare(
      "insert into item_links (item_id, kind, url) values (1, 'self', 'https://a.example/1'), (1, 'out', 'https://n.example/n'), (2, 'out', 'https://n.example/n')",
    ).run()
    db.prepare('insert into item_evidence (item_id, title_tokens, published_at) values (1, ?, ?), (2, ?, ?)').run(
      JSON.stringify(['grand', 'vista']),
      AT,
      '[]',
      hours(-30),
    )
    db.close()
    const store = openStore(path)
    try {
      const found = await store.findStoryCandidates(evidence({ titleTokens: ['vista'] }), { excludeItemId: 0, windowHours: 72, limit: 10 })
      expect(found.map((c) => [c.itemId, c.evidence.titleTokens])).toEqual([[1, ['grand', 'vista']]])
      // Two items share the link and the limit is 1: the nearer in time wins, which needs their dates.
      const linked = await store.findStoryCandidates(evidence({ outboundLinks: ['https://n.example/n'], publishedAt: hours(-29) }), {
        excludeItemId: 0,
        windowHours: 72,
        limit: 1,
      })
      expect(linked.map((c) => c.itemId)).toEqual([2])
    } finally {
      await store.close()
    }
  })
})
