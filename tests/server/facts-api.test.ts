// The facts over HTTP: `facts` on every /api/items item, the facts filters on /api/items, the
// three feeds and /api/items.csv (combinable with the old filters, cached apart), a 400 JSON
// naming the parameter and its allowed values for every bad one, and a CSV that parses back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import { openStore } from '../../src/store/index.js'
import type { ApiStory, ItemPage, StoryPage } from '../../src/types.js'
import { seedFactsScenario } from '../facts-store/scenario.js'
import { json, makeConfig, makeSource, type Running, send, startApp } from './harness.js'

/** An RFC 4180 reader, written here so the test does not trust the writer it checks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  expect(cell).toBe('')
  expect(row).toEqual([])
  return rows
}

describe('facts over HTTP', () => {
  let run: Running
  const titles = async (path: string): Promise<string[]> => json<ItemPage>(await send(run.base, path)).items.map((i) => i.title)

  beforeAll(async () => {
    setLogLevel('silent')
    const store = openStore(':memory:')
    await seedFactsScenario(store)
    // A report whose title a spreadsheet would run as a formula.
    const [hostile] = (
      await store.upsertItems(
        'b',
        [
          {
            ...(await store.getItem(4))!,
            identityKey: 'hostile',
            guid: 'hostile',
            url: 'https://b.example/hostile',
            title: '=HYPERLINK("http://evil.example","click"), "quoted"',
            publishedAt: '2026-02-21T00:00:00.000Z',
            contentHash: 'x',
          },
        ],
        '2026-03-01T00:00:00.000Z',
      )
    ).written
    await store.saveFacts(
      hostile!.id,
      { organizations: ['@Acme, Inc.'], actors: ['Clop'], records: 7, dataTypes: [], sector: null, country: 'DE' },
      'extracted',
    )
    run = await startApp(store, makeConfig([makeSource({ id: 'a', title: 'Source A' }), makeSource({ id: 'b', title: 'Source B' })]))
  })
  afterAll(async () => {
    await run.close()
    await run.store.close()
  })

  it('puts the contract’s facts on every item', async () => {
    const page = json<ItemPage>(await send(run.base, '/api/items?source=a'))
    const ms = page.items.find((i) => i.title === 'M&S hit by cyberattack')!
    expect(ms.facts).toEqual({
      organizations: ['Marks & Spencer plc'],
      actors: ['Scattered Spider'],
      records: 9_400_000,
      dataTypes: ['contact', 'payment-card'],
      sector: 'retail',
      country: 'GB',
    })
    expect(page.items.every((i) => Object.keys(i.facts).join() === 'organizations,actors,records,dataTypes,sector,country')).toBe(true)
  })

  it('filters /api/items by every fact, alias- and case-insensitively, combined with the old filters', async () => {
    expect(await titles('/api/items?org=MARKS%20%26%20SPENCER')).toEqual(['M&S hit by cyberattack'])
    expect(await titles('/api/items?org=marks-and-spencer-plc')).toEqual(['M&S hit by cyberattack'])
    expect(await titles('/api/items?actor=Cl0p')).toEqual(['=HYPERLINK("http://evil.example","click"), "quoted"'])
    expect(await titles('/api/items?actor=BlackCat')).toEqual(['Change Healthcare breach hits 190 million'])
    expect(await titles('/api/items?sector=Healthcare&minRecords=6000000')).toEqual(['Change Healthcare breach hits 190 million'])
    expect(await titles('/api/items?country=us&dataType=ssn')).toEqual(['Ascension ransomware attack'])
    expect(await titles('/api/items?since=2026-02-01&until=2026-02-20')).toEqual([
      'Change Healthcare breach hits 190 million',
      'Ascension ransomware attack',
    ])
    expect(await titles('/api/items?until=2026-02-19')).toEqual(['Ascension ransomware attack', 'M&S hit by cyberattack'])
    expect(await titles('/api/items?source=b&sector=healthcare')).toEqual(['Change Healthcare breach hits 190 million'])
    expect(await titles('/api/items?category=ransomware&actor=black-basta')).toEqual(['Ascension ransomware attack'])
    expect(await titles('/api/items?q=ascension&sector=retail')).toEqual([])
    // Cached apart: the unfiltered answer is not served for a filtered URL.
    expect(await titles('/api/items')).toHaveLength(5)
  })

  it('refuses bad values with a 400 naming the parameter and what it accepts', async () => {
    const cases: [string, RegExp][] = [
      ['sector=hospitals', /^Expected `sector` to be one of healthcare, education, government, .*, other, got `hospitals`$/],
      ['dataType=passwords', /^Expected `dataType` to be one of ssn, government-id, .*, communications, got `passwords`$/],
      ['country=USA', /^Expected `country` to be an ISO 3166-1 alpha-2 code/],
      ['minRecords=-5', /^Expected `minRecords` to be a whole number from 0 to/],
      ['minRecords=1e6', /^Expected `minRecords`/],
      ['since=yesterday', /^Expected `since` to be an ISO 8601 date/],
      ['until=2026-02-30', /^Expected `until` to be an ISO 8601 date/],
      ['since=2026-03-01&until=2026-02-01', /^Expected `since` to be before `until`/],
      ['org=-%2F-', /^Expected `org` to be an organization's name/],
      ['actor=a&actor=b', /^Expected `actor` at most once/],
    ]
    for (const [search, message] of cases) {
      for (const path of ['/api/items', '/feed.xml', '/api/items.csv']) {
        const res = await send(run.base, `${path}?${search}`)
        expect(res.status, `${path}?${search}`).toBe(400)
        expect(json<{ error: string }>(res).error, `${path}?${search}`).toMatch(message)
      }
    }
  })

  it('filters the three feeds the same way and says so in their titles', async () => {
    const rss = (await send(run.base, '/feed.xml?sector=healthcare&minRecords=100000')).body.toString()
    expect(rss.match(/<item>/g)).toHaveLength(2)
    expect(rss).toContain('<title>breachwire: sector=healthcare, minRecords=100000</title>')
    expect(rss).toContain('Change Healthcare breach hits 190 million')
    expect(rss).not.toContain('M&amp;S hit by cyberattack')
    const feed = JSON.parse((await send(run.base, '/feed.json?actor=scattered-spider')).body.toString()) as { items: { title: string }[] }
    expect(feed.items.map((i) => i.title)).toEqual(['M&S hit by cyberattack'])
    const atom = (await send(run.base, '/feed.atom?country=DE')).body.toString()
    expect(atom.match(/<entry>/g)).toHaveLength(1)
  })

  it('exports /api/items.csv: RFC 4180, one header row, the same filters, formulas defused', async () => {
    const res = await send(run.base, '/api/items.csv?source=a&source=b')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present')
    expect(res.headers.etag).toBeDefined()
    const rows = parseCsv(res.body.toString('utf8'))
    expect(rows[0]).toEqual([
      'id',
      'published',
      'updated',
      'source',
      'sourceTitle',
      'title',
      'url',
      'organizations',
      'actors',
      'records',
      'dataTypes',
      'sector',
      'country',
      'categories',
      'alsoReportedBy',
      'summary',
    ])
    expect(rows).toHaveLength(7)
    const byId = new Map(rows.slice(1).map((r) => [r[0], Object.fromEntries(rows[0]!.map((h, i) => [h, r[i]]))]))
    expect(byId.get('1')).toMatchObject({
      source: 'a',
      title: 'M&S hit by cyberattack',
      organizations: 'Marks & Spencer plc',
      actors: 'Scattered Spider',
      records: '9400000',
      dataTypes: 'contact; payment-card',
      sector: 'retail',
      country: 'GB',
      alsoReportedBy: 'b',
    })
    expect(byId.get('6')).toMatchObject({ title: `'=HYPERLINK("http://evil.example","click"), "quoted"`, organizations: "'@Acme, Inc." })
    expect(rows.every((r) => r.length === 16)).toBe(true)

    const filtered = parseCsv((await send(run.base, '/api/items.csv?actor=lockbit')).body.toString('utf8'))
    expect(filtered).toEqual([rows[0]])
    const healthcare = parseCsv((await send(run.base, '/api/items.csv?sector=healthcare&limit=1')).body.toString('utf8'))
    expect(healthcare.slice(1).map((r) => r[5])).toEqual(['Change Healthcare breach hits 190 million'])
    expect((await send(run.base, '/api/items.csv?limit=10001')).status).toBe(400)
  })

  it('merges facts per story on /api/stories, filters stories by facts, and exports /api/stories.csv', async () => {
    const story = json<ApiStory>(await send(run.base, '/api/stories/1'))
    expect(story.facts).toEqual({
      organizations: ['Marks & Spencer plc'],
      actors: ['Scattered Spider'],
      records: 10_000_000,
      dataTypes: ['contact', 'payment-card'],
      sector: 'retail',
      country: 'GB',
    })
    expect(story.recordsHistory).toEqual([
      { records: 9_400_000, reportId: 1, date: '2026-01-10T00:00:00.000Z' },
      { records: 10_000_000, reportId: 2, date: '2026-01-12T00:00:00.000Z' },
    ])
    const page = json<StoryPage>(await send(run.base, '/api/stories?org=marks%20and%20spencer'))
    expect(page.stories.map((s) => s.id)).toEqual([1])
    expect(
      json<StoryPage>(await send(run.base, '/api/stories?sector=healthcare&minRecords=100000000')).stories.map((s) => s.title),
    ).toEqual(['Change Healthcare breach hits 190 million'])
    expect((await send(run.base, '/api/stories?sector=bogus')).status).toBe(400)

    const res = await send(run.base, '/api/stories.csv?country=GB')
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present')
    const rows = parseCsv(res.body.toString('utf8'))
    expect(rows[0]).toEqual([
      'id',
      'title',
      'url',
      'firstPublished',
      'lastActivity',
      'organizations',
      'actors',
      'records',
      'recordsHistory',
      'dataTypes',
      'sector',
      'country',
      'reports',
      'sources',
    ])
    expect(rows.slice(1)).toEqual([
      [
        '1',
        'M&S hit by cyberattack',
        'https://a.example/posts/ms',
        '2026-01-10T00:00:00.000Z',
        '2026-01-12T00:00:00.000Z',
        'Marks & Spencer plc',
        'Scattered Spider',
        '10000000',
        '9.4 million → 10 million',
        'contact; payment-card',
        'retail',
        'GB',
        '2',
        'a; b',
      ],
    ])
    const all = parseCsv((await send(run.base, '/api/stories.csv')).body.toString('utf8'))
    expect(all).toHaveLength(1 + 5)
    expect(all.find((r) => r[0] === '6')?.[5]).toBe("'@Acme, Inc.")
    expect((await send(run.base, '/api/stories.csv?dataType=x')).status).toBe(400)
  })
})
