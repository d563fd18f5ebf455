// pollOnce against the loopback fixture server with the real fetch/parse/clean/dedup/store modules.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { goneReason, pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { ApiItem, AppConfig, SourceOutcome, Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'

let srv: FixtureServer
let store: Store

beforeAll(() => setLogLevel('silent'))
beforeEach(async () => {
  srv = await startFixtureServer()
  store = openStore(':memory:')
})
afterEach(async () => {
  await store.close()
  await srv.close()
})

function makeConfig(sources: Record<string, unknown>[], settings: Record<string, unknown> = {}): AppConfig {
  return validateConfig({ settings: { allowPrivateNetworks: true, timeoutSeconds: 5, ...settings }, sources }, 'feeds.json')
}

async function itemsOf(sourceId: string): Promise<ApiItem[]> {
  return (await store.listItems({ sources: [sourceId], limit: 100 })).items
}

function byId(outcomes: SourceOutcome[], id: string): SourceOutcome {
  const o = outcomes.find((x) => x.sourceId === id)
  if (o === undefined) throw new Error(`no outcome for ${id}`)
  return o
}

const rssItem = (n: number, title = `Story ${n}`) =>
  `<item><title>${title}</title><link>https://news.example/${n}</link><guid>n-${n}</guid><pubDate>Mon, 07 Oct 2024 1${n % 10}:00:00 +0000</pubDate><description>Body ${n}</description></item>`
const rss = (items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>https://news.example/</link>${items.join('')}</channel></rss>`

describe('pollOnce: formats end to end', () => {
  const feeds: [string, string, string?][] = [
    ['wordpress', 'wordpress-rss2.xml'],
    ['atom', 'atom-xml-base.xml'],
    ['rdf', 'rss1-rdf.xml'],
    ['jsonfeed', 'json-feed-1.1.json'],
    ['legacy', 'legacy-1252.xml'],
    ['noguid', 'missing-guid.xml'],
    ['latin1', 'iso-8859-1-http-only.xml', 'application/rss+xml; charset=ISO-8859-1'],
  ]

  it('stores each format with the right titles, links, dates and categories; the second poll is all 304', async () => {
    for (const [id, file, contentType] of feeds) {
      srv.serveFile(`/${id}`, `feeds/${file}`, { etag: `"${id}-v1"`, ...(contentType ? { contentType } : {}) })
    }
    const config = makeConfig(feeds.map(([id]) => ({ id, url: `${srv.url}/${id}` })))
    const first = await pollOnce({ store, config })
    expect(first.outcomes.map((o) => [o.sourceId, o.result, o.status])).toEqual(feeds.map(([id]) => [id, 'new', 200]))

    const wp = await itemsOf('wordpress')
    expect(wp.map((i) => i.title)).toEqual([
      'Regional hospital network confirms ransomware attack; patient data exfiltrated',
      'Ed-tech vendor’s misconfigured bucket exposed 1.2M student records',
      'Update: Class action filed over “MOVEit” breach at pension fund',
    ])
    expect(wp[0]).toMatchObject({
      url: 'https://databreaches.example/2024/10/08/regional-hospital-network-confirms-ransomware-attack-patient-data-exfiltrated/',
      published: '2024-10-08T14:05:12.000Z',
      // "Health Data" is filed under "Health" (settings.categorySynonyms' default).
      categories: ['Health', 'Ransomware', 'U.S.'],
      author: 'Dissent',
      guid: 'https://databreaches.example/?p=148213',
    })

    const atom = await itemsOf('atom')
    expect(atom.map((i) => [i.title, i.url, i.published])).toEqual([
      [
        'Court rules geofence warrants need particularity',
        'https://privacy.example/blog/2024/10/court-rules-geofence-warrants',
        '2024-10-08T13:30:00.000Z',
      ],
      [
        'Health app shared <symptoms> with ad networks, regulator says',
        'https://privacy.example/blog/2024/10/health-app-shared-symptoms',
        '2024-10-07T16:45:00.000Z',
      ],
      ['Plain title with AT&T in it', 'https://mirror.example/archive/att-settlement.html', '2024-10-06T08:00:00.000Z'],
    ])
    expect(atom[0]?.categories).toEqual(['Surveillance', 'Fourth Amendment'])

    expect((await itemsOf('rdf')).map((i) => [i.title, i.url, i.published, i.categories])).toEqual([
      [
        'Dental group reports phishing incident affecting 12,400',
        'https://breachlog.example/notices/2024-1187',
        '2024-10-04T16:00:00.000Z',
        ['Phishing', 'Health'],
      ],
      [
        'Credit union discloses insider access to member files',
        'https://breachlog.example/notices/2024-1186',
        '2024-10-03T10:30:00.000Z',
        ['Insider'],
      ],
    ])
    expect((await itemsOf('jsonfeed')).map((i) => [i.url, i.published, i.categories])).toEqual([
      ['https://breachwatch.example/2024/10/telecom-sim-swap', '2024-10-08T11:30:00.000Z', ['Telecom', 'Insider', 'Fraud']],
      ['https://regulator.example/press/2024/fine-adtech', '2024-10-07T15:00:00.000Z', ['Location Data', 'Fines']],
      ['https://breachwatch.example/2024/10/school-district-leak', '2024-10-06T10:00:00.000Z', []],
    ])
    expect((await itemsOf('legacy')).map((i) => [i.title, i.categories])).toEqual([
      ['“We take your privacy seriously”: café chain fined €250,000', ['Fines • GDPR']],
    ])
    expect((await itemsOf('noguid')).map((i) => [i.title, i.url, i.guid])).toEqual([
      ['County IT systems restored after cyber incident', 'https://county.example/news/it-systems-restored', null],
      ['Notice of data security incident', 'https://county.example/news', null],
    ])
    expect(byId(first.outcomes, 'noguid').counts.dropped).toBe(0)
    expect((await itemsOf('latin1'))[0]?.title).toMatch(/“.+”/)

    // Titles and home pages come from the feeds when the config has none.
    expect(await store.getSource('wordpress')).toMatchObject({
      title: 'DataBreaches.Net',
      homepage: 'https://databreaches.example/',
      etag: '"wordpress-v1"',
    })

    const countsBefore = await Promise.all(feeds.map(([id]) => store.countItems(id)))
    const second = await pollOnce({ store, config })
    expect(second.outcomes.map((o) => [o.sourceId, o.result, o.notModified, o.status])).toEqual(
      feeds.map(([id]) => [id, 'unchanged', true, 304]),
    )
    expect(await Promise.all(feeds.map(([id]) => store.countItems(id)))).toEqual(countsBefore)
    for (const [id] of feeds) {
      const [, secondRequest] = srv.requests(`/${id}`)
      expect(secondRequest?.headers['if-none-match']).toBe(`"${id}-v1"`)
      expect(secondRequest?.headers['user-agent']).toMatch(/^breachwire\//)
    }
    expect(await store.getSource('wordpress')).toMatchObject({ lastStatus: 304, consecutiveFailures: 0, lastError: null })
  })

  it('updates a changed item in place and adds a new one without duplicating', async () => {
    srv.serveBody('/feed', rss([rssItem(1), rssItem(2)]), { etag: '"a"' })
    const config = makeConfig([{ id: 'news', url: `${srv.url}/feed` }])
    await pollOnce({ store, config })
    const before = await itemsOf('news')
    expect(before).toHaveLength(2)

    srv.serveBody('/feed', rss([rssItem(3), rssItem(1, 'Story 1 (updated: 40,000 affected)'), rssItem(2)]), { etag: '"b"' })
    const report = await pollOnce({ store, config })
    expect(report.outcomes[0]).toMatchObject({ result: 'new', counts: { inserted: 1, updated: 1, unchanged: 1, dropped: 0 } })
    const after = await itemsOf('news')
    expect(after).toHaveLength(3)
    const one = after.find((i) => i.guid === 'n-1')
    expect(one?.title).toBe('Story 1 (updated: 40,000 affected)')
    expect(one?.id).toBe(before.find((i) => i.guid === 'n-1')?.id)

    srv.serveBody('/feed', rss([rssItem(3), rssItem(1, 'Story 1 (updated: 40,000 affected)'), rssItem(2)]), { etag: '"c"' })
    const third = await pollOnce({ store, config })
    expect(third.outcomes[0]).toMatchObject({ result: 'unchanged', notModified: false, counts: { inserted: 0, updated: 0, unchanged: 3 } })
  })

  it('merges the same article reported by two sources into one story', async () => {
    const shared = (title: string) =>
      rss([
        `<item><title>${title}</title><link>https://victim.example/notice</link><guid>x</guid><pubDate>Mon, 07 Oct 2024 10:00:00 +0000</pubDate></item>`,
      ])
    srv.serveBody('/a', shared('Hospital breach notice'))
    srv.serveBody('/b', shared('Hospital breach notice'))
    const config = makeConfig([
      { id: 'a', url: `${srv.url}/a` },
      { id: 'b', url: `${srv.url}/b` },
    ])
    await pollOnce({ store, config })
    const river = (await store.listItems({ limit: 10 })).items
    expect(river).toHaveLength(1)
    expect(river[0]?.alsoReportedBy).toHaveLength(1)
  })
})

describe('pollOnce: html sources', () => {
  it('reads a page without a feed through its CSS selectors', async () => {
    srv.serveFile('/notices', 'html/newsroom.html', { contentType: 'text/html; charset=utf-8' })
    const config = makeConfig([
      {
        id: 'acme',
        type: 'html',
        url: `${srv.url}/notices`,
        select: {
          item: 'main article.notice',
          title: 'h2 a',
          link: 'h2 a@href',
          date: 'time@datetime',
          summary: '.summary',
          author: '.byline',
          category: '.tag',
        },
      },
    ])
    const report = await pollOnce({ store, config })
    expect(report.outcomes[0]).toMatchObject({ result: 'new', counts: { inserted: 4 } })
    const items = await itemsOf('acme')
    const first = items.find((i) => i.title === 'Notice of Data Security Incident')
    expect(first).toMatchObject({
      url: `${srv.url}/notices/2024/acme-data-security-incident`,
      published: '2024-08-05T12:03:00.000Z',
    })
    expect((await store.getSource('acme'))?.title).toBe('Security Notices | Acme Corp Newsroom')
  })
})

describe('pollOnce: failures', () => {
  it('one failing source never stops the others, and each failure is recorded', async () => {
    srv.serveFile('/ok', 'feeds/wordpress-rss2.xml')
    srv.serveBody('/missing', 'nope', { status: 404 })
    srv.serveBody('/broken', 'this is not a feed at all', { contentType: 'text/plain' })
    srv.serveBody('/error', 'boom', { status: 500 })
    const config = makeConfig([
      { id: 'missing', url: `${srv.url}/missing` },
      { id: 'broken', url: `${srv.url}/broken` },
      { id: 'ok', url: `${srv.url}/ok` },
      { id: 'error', url: `${srv.url}/error` },
      { id: 'refused', url: 'http://127.0.0.1:9/feed' },
    ])
    const report = await pollOnce({ store, config })
    expect(report.outcomes.map((o) => [o.sourceId, o.result])).toEqual([
      ['missing', 'failed'],
      ['broken', 'failed'],
      ['ok', 'new'],
      ['error', 'failed'],
      ['refused', 'failed'],
    ])
    expect(byId(report.outcomes, 'missing')).toMatchObject({ status: 404, error: { code: 'http_status' } })
    expect(byId(report.outcomes, 'missing').error?.message).toMatch(/^fetch: HTTP 404/)
    expect(byId(report.outcomes, 'broken')).toMatchObject({ status: 200, error: { code: 'unrecognized_format' } })
    expect(byId(report.outcomes, 'refused')).toMatchObject({ status: null, error: { code: 'connection' } })
    expect(await store.countItems('ok')).toBe(3)

    const missing = await store.getSource('missing')
    expect(missing).toMatchObject({ lastStatus: 404, consecutiveFailures: 1, lastErrorCode: 'http_status', lastSuccessAt: null })
    expect(missing?.lastError).toMatch(/^fetch: HTTP 404/)
    expect(Date.parse(missing?.nextRunAt ?? '')).toBeGreaterThan(Date.now() + 20 * 60_000) // backoff ≥ 2 × 15 min × 0.9
    // A body that failed to parse keeps no validators, so the next poll fetches it again in full.
    expect((await store.getSource('broken'))?.etag).toBeNull()

    await pollOnce({ store, config, sourceIds: ['missing'] })
    expect((await store.getSource('missing'))?.consecutiveFailures).toBe(2)
    srv.serveFile('/missing', 'feeds/rss1-rdf.xml')
    await pollOnce({ store, config, sourceIds: ['missing'] })
    expect(await store.getSource('missing')).toMatchObject({
      consecutiveFailures: 0,
      lastError: null,
      lastErrorCode: null,
      lastStatus: 200,
    })
  })

  it('410 Gone disables the source with a reason and later polls skip it', async () => {
    srv.serveBody('/gone', 'gone', { status: 410 })
    srv.serveFile('/ok', 'feeds/rss1-rdf.xml')
    const config = makeConfig([
      { id: 'gone', url: `${srv.url}/gone` },
      { id: 'ok', url: `${srv.url}/ok` },
    ])
    await pollOnce({ store, config })
    expect(await store.getSource('gone')).toMatchObject({ enabled: false, disabledReason: goneReason, lastStatus: 410 })
    const again = await pollOnce({ store, config })
    expect(again.outcomes.map((o) => o.sourceId)).toEqual(['ok'])
    expect(srv.hits('/gone')).toBe(1)
    // A new url in the config clears the server's verdict.
    const moved = makeConfig([
      { id: 'gone', url: `${srv.url}/ok?moved` },
      { id: 'ok', url: `${srv.url}/ok` },
    ])
    const third = await pollOnce({ store, config: moved })
    expect(third.outcomes.map((o) => o.sourceId)).toEqual(['gone', 'ok'])
  })

  it('a 429 or 503 with Retry-After is backing off until then, counted as no failure; a 503 without one is a failure', async () => {
    srv.serveBody('/busy', 'slow down', { status: 429, headers: { 'Retry-After': '7200' } })
    srv.serveBody('/maintenance', 'later', { status: 503, headers: { 'Retry-After': '600' } })
    srv.serveBody('/down', 'down', { status: 503 })
    const config = makeConfig([
      { id: 'busy', url: `${srv.url}/busy` },
      { id: 'maintenance', url: `${srv.url}/maintenance` },
      { id: 'down', url: `${srv.url}/down` },
    ])
    const before = Date.now()
    const report = await pollOnce({ store, config })
    expect(report.outcomes.map((o) => [o.sourceId, o.result, o.error?.code])).toEqual([
      ['busy', 'failed', 'backing_off'],
      ['maintenance', 'failed', 'backing_off'],
      ['down', 'failed', 'http_status'],
    ])
    const busy = await store.getSource('busy')
    expect(busy).toMatchObject({ lastStatus: 429, consecutiveFailures: 0, lastErrorCode: 'backing_off' })
    expect(busy?.lastError).toMatch(/429/)
    expect(Date.parse(busy?.nextRunAt ?? '')).toBeGreaterThanOrEqual(before + 7200_000)
    expect(Date.parse(busy?.nextRunAt ?? '')).toBeLessThan(before + 7200_000 + 60_000) // no backoff on top
    expect(await store.getSource('maintenance')).toMatchObject({ lastStatus: 503, consecutiveFailures: 0, lastErrorCode: 'backing_off' })
    expect(await store.getSource('down')).toMatchObject({ lastStatus: 503, consecutiveFailures: 1, lastErrorCode: 'http_status' })
  })

  it('follows a permanent redirect and polls the new URL next time', async () => {
    srv.route('/old', (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(301, { Location: '/new' })
      res.end()
    })
    srv.serveFile('/new', 'feeds/rss1-rdf.xml', { etag: '"n"' })
    const config = makeConfig([{ id: 'moved', url: `${srv.url}/old` }])
    await pollOnce({ store, config })
    expect((await store.getSource('moved'))?.fetchUrl).toBe(`${srv.url}/new`)
    await pollOnce({ store, config })
    expect(srv.hits('/old')).toBe(1)
    expect(srv.hits('/new')).toBe(2)
  })
})

describe('pollOnce: scheduling inputs', () => {
  it('a hanging source does not delay the others', async () => {
    const hung: ServerResponse[] = []
    srv.route('/hang', (_req, res) => void hung.push(res)) // never answers
    for (let i = 0; i < 4; i += 1) srv.serveFile(`/ok${i}`, 'feeds/rss1-rdf.xml')
    const config = makeConfig(
      [{ id: 'hang', url: `${srv.url}/hang` }, ...[0, 1, 2, 3].map((i) => ({ id: `ok${i}`, url: `${srv.url}/ok${i}` }))],
      { timeoutSeconds: 20, concurrency: 3, perHostConcurrency: 3 },
    )
    const order: string[] = []
    const controller = new AbortController()
    const done = pollOnce({
      store,
      config,
      signal: controller.signal,
      onOutcome: (o) => {
        order.push(o.sourceId)
        // Every other source finished while the hanging one still waits: end the test's wait.
        if (order.length === 4) controller.abort()
      },
    })
    const report = await done
    expect(order.slice(0, 4).sort()).toEqual(['ok0', 'ok1', 'ok2', 'ok3'])
    expect(byId(report.outcomes, 'hang')).toMatchObject({ result: 'failed', error: { code: 'aborted' } })
    // Aborted by us, not the source's fault: no failure recorded.
    expect((await store.getSource('hang'))?.consecutiveFailures).toBe(0)
    for (const res of hung) res.destroy()
  })

  it('sends no validators once a day (a server stuck on 304 cannot freeze a source)', async () => {
    srv.serveFile('/feed', 'feeds/rss1-rdf.xml', { etag: '"e"' })
    const config = makeConfig([{ id: 's', url: `${srv.url}/feed` }])
    const t0 = Date.now()
    await pollOnce({ store, config, now: () => new Date(t0) })
    await pollOnce({ store, config, now: () => new Date(t0 + 3600_000) })
    await pollOnce({ store, config, now: () => new Date(t0 + 25 * 3600_000) })
    const seen = srv.requests('/feed').map((r) => r.headers['if-none-match'] ?? null)
    expect(seen).toEqual([null, '"e"', null])
    expect((await store.getSource('s'))?.lastUnconditionalAt).toBe(new Date(t0 + 25 * 3600_000).toISOString())
  })

  it('polls only the named sources, even a disabled one', async () => {
    srv.serveFile('/a', 'feeds/rss1-rdf.xml')
    srv.serveFile('/b', 'feeds/rss1-rdf.xml')
    const config = makeConfig([
      { id: 'a', url: `${srv.url}/a` },
      { id: 'b', url: `${srv.url}/b`, enabled: false },
    ])
    const all = await pollOnce({ store, config })
    expect(all.outcomes.map((o) => o.sourceId)).toEqual(['a'])
    const named = await pollOnce({ store, config, sourceIds: ['b'] })
    expect(named.outcomes.map((o) => [o.sourceId, o.result])).toEqual([['b', 'new']])
    await expect(pollOnce({ store, config, sourceIds: ['zzz'] })).rejects.toThrow('poller: no source with id "zzz" in feeds.json')
  })

  it('respects the RSS ttl and Cache-Control as a floor on the next run', async () => {
    srv.serveFile('/ttl', 'feeds/wordpress-rss2.xml') // <ttl>60</ttl>
    srv.serveFile('/cc', 'feeds/rss1-rdf.xml', { headers: { 'Cache-Control': 'max-age=7200' } })
    const config = makeConfig([
      { id: 'ttl', url: `${srv.url}/ttl` },
      { id: 'cc', url: `${srv.url}/cc` },
    ])
    const t0 = Date.now()
    await pollOnce({ store, config })
    expect(Date.parse((await store.getSource('ttl'))?.nextRunAt ?? '')).toBeGreaterThanOrEqual(t0 + 3600_000)
    expect(Date.parse((await store.getSource('cc'))?.nextRunAt ?? '')).toBeGreaterThanOrEqual(t0 + 7200_000)
  })
})
