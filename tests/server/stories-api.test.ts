// GET /api/stories/:id and GET /api/stories over HTTP: the contract's shapes, 400 for a bad id or
// order, 404 for an unknown story, validators and 304, and ?order= on /api/items.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import type { ApiStory, ItemPage, StoryPage } from '../../src/types.js'
import { buildNewsroom } from './fixtures.js'
import { json, type Running, send, startApp } from './harness.js'

describe('GET /api/stories', () => {
  let run: Running
  let acmeStory = 0
  beforeAll(async () => {
    setLogLevel('silent')
    const { store, config } = await buildNewsroom()
    const page = await store.listItems({ limit: 50 })
    acmeStory = page.items.find((item) => item.title.startsWith('Acme ransomware'))!.storyId
    run = await startApp(store, config)
  })
  afterAll(async () => run.close())

  it('answers one story with every report, why it joined, and its revisions', async () => {
    const res = await send(run.base, `/api/stories/${acmeStory}`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    const story = json<ApiStory>(res)
    expect(Object.keys(story).sort()).toEqual([
      'facts',
      'firstPublished',
      'id',
      'lastActivity',
      'leadItemId',
      'recordsHistory',
      'reports',
      'revisions',
      'title',
    ])
    expect(Object.keys(story.facts)).toEqual(['organizations', 'actors', 'records', 'dataTypes', 'sector', 'country'])
    expect(story.id).toBe(acmeStory)
    expect(story.title).toBe('Acme ransomware attack exposes 2M records')
    expect(story.leadItemId).toBe(story.reports[0]!.id)
    expect(story.reports.map((r) => [r.source.id, r.reason])).toEqual([
      ['alpha', null],
      ['beta', 'similar_title'],
    ])
    expect(story.reports[0]!.reasonText).toBe('first to report')
    expect(story.reports[1]!.reasonText).toMatch(/^near-identical headline \d+ hours? later than Alpha News$/)
    expect(story.reports.every((r) => r.storyId === acmeStory && r.revisionCount === 0)).toBe(true)
    expect(story.revisions).toEqual([])
    expect(res.headers.etag).toBeDefined()
    const again = await send(run.base, `/api/stories/${acmeStory}`, { headers: { 'if-none-match': String(res.headers.etag) } })
    expect([again.status, again.text]).toEqual([304, ''])
  })

  it('refuses an id that is not a story id (400) and answers 404 JSON for an unknown one', async () => {
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      const res = await send(run.base, `/api/stories/${bad}`)
      expect(res.status).toBe(400)
      expect(json<{ error: string }>(res).error).toContain('`id`')
    }
    const missing = await send(run.base, '/api/stories/987654')
    expect(missing.status).toBe(404)
    expect(json(missing)).toEqual({ error: 'unknown story 987654' })
  })

  it('lists one entry per story without revisions, pages by cursor, and orders by activity or first report', async () => {
    const all = json<StoryPage>(await send(run.base, '/api/stories?limit=200'))
    const items = json<ItemPage>(await send(run.base, '/api/items?limit=200'))
    // The river and the story list agree: one entry per story, the same order.
    expect(all.stories.map((s) => s.id)).toEqual(items.items.map((i) => i.storyId))
    expect(all.stories.some((s) => 'revisions' in s)).toBe(false)
    const activities = all.stories.map((s) =>
      s.reports
        .map((r) => r.published!)
        .sort()
        .at(-1),
    )
    expect(activities).toEqual([...activities].sort().reverse())

    const walked: number[] = []
    let cursor: string | null = null
    do {
      const page: StoryPage = json<StoryPage>(await send(run.base, `/api/stories?limit=2${cursor ? `&cursor=${cursor}` : ''}`))
      walked.push(...page.stories.map((s) => s.id))
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(walked).toEqual(all.stories.map((s) => s.id))

    const first = json<StoryPage>(await send(run.base, '/api/stories?order=first&limit=200'))
    const firstDates = first.stories.map((s) => s.reports[0]!.published!)
    expect(new Set(first.stories.map((s) => s.id))).toEqual(new Set(all.stories.map((s) => s.id)))
    expect(firstDates).toEqual([...firstDates].sort().reverse())
    const itemsFirst = json<ItemPage>(await send(run.base, '/api/items?order=first&limit=200'))
    expect(itemsFirst.items.map((i) => i.storyId)).toEqual(first.stories.map((s) => s.id))
  })

  it('filters stories like /api/items (?source= keeps whole stories with a report from it) and refuses a bad order', async () => {
    const beta = json<StoryPage>(await send(run.base, '/api/stories?source=beta'))
    expect(beta.stories.length).toBeGreaterThan(0)
    for (const story of beta.stories) expect(story.reports.some((r) => r.source.id === 'beta')).toBe(true)
    expect(beta.stories.find((s) => s.id === acmeStory)?.reports.map((r) => r.source.id)).toEqual(['alpha', 'beta'])
    for (const path of ['/api/stories?order=newest', '/api/items?order=x', '/api/stories?limit=0', '/api/stories?cursor=zzz']) {
      const res = await send(run.base, path)
      expect(res.status, path).toBe(400)
      expect(json<{ error: string }>(res).error).toBeTruthy()
    }
  })

  it('searches one entry per story, every report with each=report, by relevance or by date', async () => {
    const byStory = json<ItemPage>(await send(run.base, '/api/items?q=acme'))
    const byReport = json<ItemPage>(await send(run.base, '/api/items?q=acme&each=report'))
    // Both Acme reports are one story: one hit, naming the other report.
    expect(byStory.items.map((i) => i.storyId)).toEqual([acmeStory])
    expect(byStory.items[0]!.alsoReportedBy).toHaveLength(1)
    expect(byReport.items.map((i) => i.source.id).sort()).toEqual(['alpha', 'beta'])
    const dated = json<ItemPage>(await send(run.base, '/api/items?q=acme&each=report&sort=date'))
    const dates = dated.items.map((i) => i.published!)
    expect(dates).toEqual([...dates].sort().reverse())
    expect(dated.items).toHaveLength(2)
    const bad = await send(run.base, '/api/items?q=acme&sort=newest')
    expect(bad.status).toBe(400)
    expect(json<{ error: string }>(bad).error).toContain('`sort`')
  })
})
