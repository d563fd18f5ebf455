// The story page and the river's story lines, through createApp over a real in-memory store and
// real HTTP on 127.0.0.1:0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Facts } from '../../src/facts/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import type { MergeReason, NormalizedItem, Store } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'
import { hoursAgo, makeConfig, makeSource, NOW, type Running, startApp } from './harness.js'

const sources = [
  makeSource({ id: 'databreaches', title: 'DataBreaches.net' }),
  makeSource({ id: 'therecord', title: 'The Record' }),
  makeSource({ id: 'bleeping', title: 'BleepingComputer' }),
]

async function insert(store: Store, item: NormalizedItem): Promise<number> {
  const [written] = (await store.upsertItems(item.sourceId, [item], NOW.toISOString())).written
  if (written === undefined) throw new Error('test: item not written')
  return written.id
}

async function join(store: Store, itemId: number, matchedId: number, reason: MergeReason): Promise<void> {
  const storyId = (await store.getItem(matchedId))?.storyId
  if (storyId === undefined) throw new Error('test: no story')
  await store.assignStory(itemId, { storyId, itemId: matchedId, reason, score: 0.9 })
}

async function get(base: string, path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(base + path)
  return { status: res.status, html: await res.text() }
}

function mainOf(html: string): string {
  return /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? ''
}

describe('story pages', () => {
  let run: Running
  let storyId: number

  beforeAll(async () => {
    setLogLevel('silent')
    const store = await makeStore()
    await store.syncSources(sources)
    const lead = await insert(
      store,
      makeItem({
        sourceId: 'databreaches',
        identityKey: 'acme',
        title: 'Acme Health discloses breach affecting 1.2 million',
        url: 'https://databreaches.example/acme',
        publishedAt: hoursAgo(5),
      }),
    )
    const copy = await insert(
      store,
      makeItem({
        sourceId: 'bleeping',
        identityKey: 'acme-b',
        title: 'Acme Health breach affects 1.2 million patients',
        url: 'https://bleeping.example/acme',
        publishedAt: hoursAgo(3),
      }),
    )
    const followUp = await insert(
      store,
      makeItem({
        sourceId: 'therecord',
        identityKey: 'acme-r',
        title: 'Acme raises breach count to 2.5 million',
        url: 'https://therecord.example/acme',
        publishedAt: hoursAgo(1),
      }),
    )
    await join(store, copy, lead, 'similar_title')
    await join(store, followUp, lead, 'cites_item')
    const facts = (records: number): Facts => ({
      organizations: ['Acme Health'],
      actors: [],
      records,
      dataTypes: ['health'],
      sector: 'healthcare',
      country: 'US',
    })
    await store.saveFacts(lead, facts(1_200_000), 'extracted')
    await store.saveFacts(followUp, facts(2_500_000), 'extracted')
    await insert(store, makeItem({ sourceId: 'therecord', identityKey: 'solo', title: 'Globex fined over leak', publishedAt: hoursAgo(2) }))
    // Two sources edit their posts (same guid, new headline): kept as revisions.
    await insert(
      store,
      makeItem({
        sourceId: 'bleeping',
        identityKey: 'acme-b',
        title: 'Acme Health breach affects 2.5 million patients',
        url: 'https://bleeping.example/acme',
        publishedAt: hoursAgo(3),
      }),
    )
    await insert(
      store,
      makeItem({ sourceId: 'therecord', identityKey: 'solo', title: 'Globex fined $5M over leak', publishedAt: hoursAgo(2) }),
    )
    storyId = (await store.getItem(lead))?.storyId ?? 0
    run = await startApp(store, makeConfig(sources))
  })

  afterAll(async () => {
    await run.close()
    await run.store.close()
  })

  it('shows every report as a timeline: who was first, when each came, why each joined', async () => {
    const { status, html } = await get(run.base, `/stories/${storyId}`)
    expect(status).toBe(200)
    const main = mainOf(html)
    expect(main).toContain('<h1 class="page-title">Acme Health discloses breach affecting 1.2 million</h1>')
    expect(main).toContain('Story · 3 reports')
    expect(main).toMatch(/First reported by <a href="\/sources\/databreaches">DataBreaches\.net<\/a> on <time/)
    // The story's merged facts as badges, and how its record count moved.
    const head = main.split('<h2 class="section-title">Timeline</h2>')[0] ?? ''
    expect(head).toMatch(/<p class="post__facts" aria-label="Breach facts">.*2,500,000 records.*Healthcare/)
    expect(head).toContain(
      '<span class="post__label">Records:</span> 1.2 million (DataBreaches.net, 10 Mar 2026) → 2.5 million (The Record, 10 Mar 2026)',
    )
    const entries = main.split('class="timeline__entry').slice(1)
    expect(entries).toHaveLength(3)
    expect(entries[0]).toContain('Acme Health discloses breach affecting 1.2 million')
    expect(entries[0]).toContain('First to report')
    expect(entries[0]).toContain('<span class="badge badge--first">First</span>')
    expect(entries[1]).toContain('Acme Health breach affects 2.5 million patients')
    expect(entries[1]).toContain('<span class="badge badge--updated">Updated</span>')
    expect(entries[1]).toContain('Headline as first seen: <del>Acme Health breach affects 1.2 million patients</del>')
    expect(entries[1]).toContain('2 hours later')
    expect(entries[1]).toContain('Near-identical headline 2 hours later than DataBreaches.net')
    expect(entries[2]).toContain('Acme raises breach count to 2.5 million')
    expect(entries[2]).toContain('href="https://therecord.example/acme"')
    expect(entries[2]).toContain('Cites DataBreaches.net’s report')
  })

  it('lists the revisions on the story page: who edited what, old and new headline', async () => {
    const main = mainOf((await get(run.base, `/stories/${storyId}`)).html)
    const revisions = main.split('<h2 class="section-title">Revisions</h2>')[1] ?? ''
    expect(revisions.match(/<li class="revision">/g)).toHaveLength(1)
    expect(revisions).toMatch(
      /<a href="\/sources\/bleeping">BleepingComputer<\/a> edited <a href="#report-\d+">Acme Health breach affects 2\.5 million patients<\/a>/,
    )
    expect(revisions).toContain(
      '<span class="post__label">Headline:</span> <del>Acme Health breach affects 1.2 million patients</del> → <ins>Acme Health breach affects 2.5 million patients</ins>',
    )
  })

  it('marks an edited river entry "Updated" with its old and new headline, in its place', async () => {
    const main = mainOf((await get(run.base, '/')).html)
    const titles = [...main.matchAll(/<h2 class="post__title" id="post-\d+">\s*<a[^>]*>([^<]+)<\/a>/g)].map((m) => m[1])
    // Latest activity first: the Acme story's newest report (1 h) is newer than Globex (2 h);
    // the Globex edit (just now) does not move it.
    expect(titles).toEqual(['Acme Health discloses breach affecting 1.2 million', 'Globex fined $5M over leak'])
    const solo = main.split('<article').find((a) => a.includes('Globex fined $5M')) ?? ''
    expect(solo).toMatch(
      /<span class="badge badge--updated">Updated<\/span> <time[^>]*>[^<]+<\/time>: <span class="visually-hidden">headline changed from <\/span><del class="post__old-title">Globex fined over leak<\/del> → Globex fined \$5M over leak/,
    )
    const compact = mainOf((await get(run.base, '/?view=compact')).html)
    expect(compact).toContain('<span class="badge badge--updated" title="Was: Globex fined over leak">Updated</span>')
  })

  it('switches the river between latest activity and first reported by links that keep the view', async () => {
    const first = await get(run.base, '/?order=first&view=compact')
    expect(first.status).toBe(200)
    const titles = [...mainOf(first.html).matchAll(/<h2 class="post__title" id="post-\d+"><a[^>]*>([^<]+)<\/a>/g)].map((m) => m[1])
    expect(titles).toEqual(['Globex fined $5M over leak', 'Acme Health discloses breach affecting 1.2 million'])
    expect(first.html).toMatch(
      /Order:<\/span>\s*<a href="\/\?view=compact">Latest activity<\/a> · <a href="\/\?view=compact&amp;order=first" aria-current="page">First reported<\/a>/,
    )
    expect(first.html).toContain('<a href="/?order=first">Full</a>')
    const bad = await get(run.base, '/?order=newest')
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('The order parameter takes “activity” or “first”, not “newest”.')
  })

  it('answers an unknown or malformed story id with the 404 page', async () => {
    for (const path of ['/stories/999999', '/stories/abc', '/stories/0', '/stories/1e3', `/stories/${'9'.repeat(30)}`]) {
      const { status, html } = await get(run.base, path)
      expect(status, path).toBe(404)
      expect(html, path).toContain('There is no story with that number')
    }
  })

  it('shows the other reports’ headlines on the river, links the story page and marks the newest report', async () => {
    const main = mainOf((await get(run.base, '/')).html)
    const entry = main.split('<article').find((a) => a.includes('Acme Health discloses')) ?? ''
    expect(entry).toContain('Acme Health breach affects 2.5 million patients')
    expect(entry).toContain(
      '<span class="badge badge--updated" title="Was: Acme Health breach affects 1.2 million patients">Updated</span>',
    )
    expect(entry).toContain('Acme raises breach count to 2.5 million')
    expect(entry).toContain(`<a href="/stories/${storyId}" data-story>3 reports →</a>`)
    expect(entry).toContain('New report from The Record, 1 hour ago')
    // The story is one entry: its other reports are not entries of their own.
    expect(main.split('<article').filter((a) => a.includes('Acme raises'))).toHaveLength(1)
    // A story of one report has no story line.
    const solo = main.split('<article').find((a) => a.includes('Globex fined')) ?? ''
    expect(solo).not.toContain('data-story')
  })

  it('offers to follow a search as RSS, Atom and JSON Feed, even before anything matches', async () => {
    for (const q of ['acme', 'nothing-matches-this']) {
      const { status, html } = await get(run.base, `/search?q=${q}`)
      expect(status).toBe(200)
      expect(mainOf(html)).toContain(
        `Follow this search:</span> <a href="/feed.xml?q=${q}">RSS</a> · <a href="/feed.atom?q=${q}">Atom</a> · <a href="/feed.json?q=${q}">JSON Feed</a>`,
      )
    }
    // No follow links without a query to follow.
    expect(mainOf((await get(run.base, '/search')).html)).not.toContain('Follow this search')
  })

  it('finds one result per story with its report count, or every report with each=report', async () => {
    const perStory = mainOf((await get(run.base, '/search?q=acme')).html)
    expect(perStory.match(/<article class="post"/g)).toHaveLength(1)
    expect(perStory).toContain('1 story for “acme”, best matches first.')
    expect(perStory).toContain(`<a class="post__story-link" href="/stories/${storyId}" data-story>3 reports →</a>`)
    expect(perStory).toMatch(
      /Results:<\/span>\s*<a href="\/search\?q=acme" aria-current="page">One per story<\/a> · <a href="\/search\?q=acme&amp;each=report">Every report<\/a>/,
    )
    const perReport = await get(run.base, '/search?q=acme&each=report&sort=date&view=compact')
    expect(perReport.status).toBe(200)
    const titles = [...mainOf(perReport.html).matchAll(/<a [^>]*data-open>([^<]+)<\/a>/g)].map((m) => m[1])
    expect(titles).toEqual([
      'Acme raises breach count to 2.5 million',
      'Acme Health breach affects 2.5 million patients',
      'Acme Health discloses breach affecting 1.2 million',
    ])
    expect(mainOf(perReport.html)).toContain('3 reports for “acme”, newest first.')
    // The follow links, the search box and the switches keep what the search asked for.
    expect(perReport.html).toContain('<a href="/feed.atom?q=acme&amp;each=report">Atom</a>')
    expect(perReport.html).toContain('<input type="hidden" name="each" value="report"><input type="hidden" name="sort" value="date">')
    expect(perReport.html).toContain('<a href="/search?q=acme&amp;view=compact&amp;each=report">Best match</a>')
    expect(perReport.html).toContain('<a href="/search?q=acme&amp;each=report&amp;sort=date">Full</a>')
    for (const [path, name] of [
      ['/search?q=acme&each=all', 'each'],
      ['/search?q=acme&sort=best', 'sort'],
    ] as const) {
      const bad = await get(run.base, path)
      expect(bad.status, path).toBe(400)
      expect(bad.html, path).toContain(`The ${name} parameter takes`)
    }
  })
})
