// Store.findStoryCandidates offers the matcher what it needs: link relations (same canonical URL,
// either item citing the other, a shared cited link) at any age, plus the items within
// ±windowHours that share a distinctive title token, nearest in time first — so a busy window of
// unrelated news never crowds out the report next door.
import { describe, expect, it } from 'vitest'
import { CANDIDATE_LIMIT, CANDIDATE_WINDOW_HOURS, collectEvidence, matchStory } from '../../src/dedup/index.js'
import type { NormalizedItem, Store, StoryEvidence } from '../../src/types.js'
import { makeItem, makeSource, makeStore } from '../helpers/store.js'

const NOW = '2026-07-01T00:00:00.000Z'
const hours = (iso: string, h: number): string => new Date(Date.parse(iso) + h * 3_600_000).toISOString()

async function addWithEvidence(store: Store, item: NormalizedItem, evidence?: Partial<StoryEvidence>): Promise<number> {
  const id = (await store.upsertItems(item.sourceId, [item], NOW)).written[0]!.id
  const collected = collectEvidence(item, makeSource({ id: item.sourceId, homepage: `https://${item.sourceId}.example/` }))
  await store.saveEvidence(id, { ...collected, ...evidence })
  return id
}

describe('findStoryCandidates: link relations at any age', () => {
  it('finds same-URL, citing, cited and shared-link items a year away, and nothing else that old', async () => {
    const store = await makeStore(['a', 'b', 'c', 'd', 'e', 'f'])
    const at = '2026-06-01T12:00:00.000Z'
    const old = '2025-05-01T12:00:00.000Z'
    const article = 'https://a.example/acme-breach'
    const notice = 'https://acme.example/notice'
    const sameUrl = await addWithEvidence(store, makeItem({ sourceId: 'a', publishedAt: old }), {
      canonicalUrl: article,
      outboundLinks: [],
    })
    const citesNew = await addWithEvidence(store, makeItem({ sourceId: 'b', publishedAt: old }), {
      canonicalUrl: 'https://b.example/x',
      outboundLinks: ['https://f.example/new'],
    })
    const citedByNew = await addWithEvidence(store, makeItem({ sourceId: 'c', publishedAt: old }), {
      canonicalUrl: 'https://c.example/orig',
      outboundLinks: [],
    })
    const sharesLink = await addWithEvidence(store, makeItem({ sourceId: 'd', publishedAt: old }), {
      canonicalUrl: 'https://d.example/y',
      outboundLinks: [notice],
    })
    await addWithEvidence(store, makeItem({ sourceId: 'e', publishedAt: old }), {
      canonicalUrl: 'https://e.example/unrelated',
      outboundLinks: ['https://other.example/'],
    })
    const newId = await addWithEvidence(store, makeItem({ sourceId: 'f', publishedAt: at }))

    const evidence: StoryEvidence = {
      canonicalUrl: 'https://f.example/new',
      outboundLinks: [article, 'https://c.example/orig', notice],
      titleTokens: ['acme'],
      publishedAt: at,
    }
    const found = await store.findStoryCandidates(evidence, { excludeItemId: newId, windowHours: 72, limit: 10 })
    expect(found.map((c) => c.itemId).sort((x, y) => x - y)).toEqual([sameUrl, citesNew, citedByNew, sharesLink])
  })
})

describe('findStoryCandidates: the time window, by shared title tokens, nearest first', () => {
  it('offers the items in the window that share a title token, nearest in time first, and not the others', async () => {
    const store = await makeStore(['a', 'b'])
    const at = '2026-03-10T12:00:00.000Z'
    const ids = new Map<number, number>()
    for (const h of [-30, -5, 1, 5, 20, 47]) {
      ids.set(
        h,
        await addWithEvidence(store, makeItem({ sourceId: 'a', publishedAt: hours(at, h) }), {
          canonicalUrl: `https://a.example/${h}`,
          titleTokens: ['quantix', `word${h}`],
        }),
      )
    }
    const unrelated = await addWithEvidence(store, makeItem({ sourceId: 'b', publishedAt: hours(at, 2) }), {
      canonicalUrl: 'https://b.example/x',
      titleTokens: ['harborview'],
    })
    const outside = await addWithEvidence(store, makeItem({ sourceId: 'b', publishedAt: hours(at, 100) }), {
      canonicalUrl: 'https://b.example/y',
      titleTokens: ['quantix'],
    })
    const found = await store.findStoryCandidates(
      { canonicalUrl: 'https://z.example/', outboundLinks: [], titleTokens: ['quantix', 'logistics'], publishedAt: at },
      {
        excludeItemId: 0,
        windowHours: 48,
        limit: 10,
      },
    )
    const foundIds = found.map((c) => c.itemId)
    expect(foundIds).toEqual([1, -5, 5, 20, -30, 47].map((h) => ids.get(h)))
    expect(foundIds).not.toContain(unrelated)
    expect(foundIds).not.toContain(outside)
    // Evidence without title tokens has nothing to look up by title: only link relations count.
    expect(
      await store.findStoryCandidates(
        { canonicalUrl: 'https://z.example/', outboundLinks: [], titleTokens: [], publishedAt: at },
        { excludeItemId: 0, windowHours: 48, limit: 10 },
      ),
    ).toEqual([])
  })

  it('a report arriving late still meets its mate when the window holds more than `limit` newer items', async () => {
    const store = await makeStore(['record', 'wire', 'late'])
    const at = '2026-02-03T14:00:00.000Z'
    const original = makeItem({
      sourceId: 'record',
      publishedAt: at,
      title: 'Ransomware attack on Grand Vista Medical Center exposed data of 310,000 patients',
    })
    const originalId = await addWithEvidence(store, original)
    // A busy fortnight after the report: more unrelated items than the candidate limit, all newer.
    const filler: NormalizedItem[] = []
    for (let i = 0; i < CANDIDATE_LIMIT + 50; i++) {
      filler.push(
        makeItem({
          sourceId: 'wire',
          publishedAt: hours(at, 1 + (i * (CANDIDATE_WINDOW_HOURS - 2)) / (CANDIDATE_LIMIT + 50)),
          title: `Unrelated advisory number ${i}`,
        }),
      )
    }
    const written = (await store.upsertItems('wire', filler, NOW)).written
    for (const w of written) await store.saveEvidence(w.id, collectEvidence(w.item, makeSource({ id: 'wire' })))

    // A feed polled for the first time carries a report published two hours after the original.
    const late = makeItem({
      sourceId: 'late',
      publishedAt: hours(at, 2),
      title: 'Grand Vista Medical Center data breach impacts 310,000 patients',
    })
    const lateId = (await store.upsertItems('late', [late], NOW)).written[0]!.id
    const evidence = collectEvidence(late, makeSource({ id: 'late' }))
    await store.saveEvidence(lateId, evidence)
    const candidates = await store.findStoryCandidates(evidence, {
      excludeItemId: lateId,
      windowHours: CANDIDATE_WINDOW_HOURS,
      limit: CANDIDATE_LIMIT,
    })
    // The busy window's unrelated items share no distinctive token with the report: not offered.
    expect(candidates.map((c) => c.itemId)).toEqual([originalId])
    expect(matchStory(evidence, candidates, 'late')).toMatchObject({ itemId: originalId, reason: 'similar_title' })
  })
})
