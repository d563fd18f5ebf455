// First-run pages: what an empty river says (and why), ?page= past the end or not a number,
// the /sources and /categories index pages, and a source waiting out a 429/503 shown as
// "backing off", not as failing. Real in-memory store, createApp on 127.0.0.1:0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import type { Store } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'
import { hoursAgo, makeConfig, makeSource, NOW, type Running, send, startApp } from './harness.js'

/** The text a reader sees inside <main> (tags dropped, whitespace collapsed, entities kept). */
function mainText(html: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? ''
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

function mainHtml(html: string): string {
  return /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? ''
}

const inAnHour = new Date(NOW.getTime() + 3_600_000).toISOString()

async function withApp(fill: (store: Store) => unknown, check: (run: Running) => Promise<void>): Promise<void> {
  const store = await makeStore()
  await fill(store)
  const run = await startApp(store, makeConfig([]))
  try {
    await check(run)
  } finally {
    await run.close()
    await store.close()
  }
}

describe('the empty river says why it is empty', () => {
  beforeAll(() => setLogLevel('silent'))

  it('every source failing: "13 sources, all failing: see /status", linked', async () => {
    await withApp(
      async (store) => {
        const ids = Array.from({ length: 13 }, (_, i) => `s${i}`)
        await store.syncSources(ids.map((id) => makeSource({ id })))
        for (const id of ids)
          await store.updateSourceState(id, {
            lastTriedAt: hoursAgo(1),
            lastStatus: 500,
            lastError: 'fetch: HTTP 500',
            consecutiveFailures: 2,
          })
      },
      async (run) => {
        const res = await send(run.base, '/')
        expect(res.status).toBe(200)
        expect(mainText(res.text)).toContain('13 sources, all failing: see /status')
        expect(mainHtml(res.text)).toMatch(/all failing: see <a href="\/status">\/status<\/a>/)
      },
    )
  })

  it('no source polled yet: the first poll is running', async () => {
    await withApp(
      (store) => store.syncSources([makeSource({ id: 'a' }), makeSource({ id: 'b' })]),
      async (run) => {
        const text = mainText((await send(run.base, '/')).text)
        expect(text).toContain('Nothing here yet: the first poll of 2 sources is running')
        expect(text).not.toContain('failing')
      },
    )
  })

  it('no source configured: says how to add one', async () => {
    await withApp(
      () => {},
      async (run) => {
        const text = mainText((await send(run.base, '/')).text)
        expect(text).toContain('No sources are configured yet')
        expect(text).toContain('breachwire add URL')
      },
    )
  })

  it('some failing, some not tried yet: none has answered so far, with the status link', async () => {
    await withApp(
      async (store) => {
        await store.syncSources([makeSource({ id: 'a' }), makeSource({ id: 'b' })])
        await store.updateSourceState('a', {
          lastTriedAt: hoursAgo(1),
          lastStatus: 404,
          lastError: 'fetch: HTTP 404',
          consecutiveFailures: 1,
        })
      },
      async (run) => {
        const res = await send(run.base, '/')
        expect(mainText(res.text)).toContain('none of 2 sources has answered successfully so far (1 failing)')
        expect(mainHtml(res.text)).toContain('<a href="/status">/status</a>')
      },
    )
  })

  it('every source waiting out a 429/503: all backing off, not all failing', async () => {
    await withApp(
      async (store) => {
        await store.syncSources([makeSource({ id: 'a' }), makeSource({ id: 'b' })])
        for (const id of ['a', 'b'])
          await store.updateSourceState(id, {
            lastTriedAt: hoursAgo(1),
            lastStatus: 429,
            lastError: 'fetch: HTTP 429',
            consecutiveFailures: 1,
            nextRunAt: inAnHour,
          })
      },
      async (run) => {
        expect(mainText((await send(run.base, '/')).text)).toContain('2 sources, all backing off: see /status')
      },
    )
  })
})

describe('pages that name no page', () => {
  let run: Running
  let store: Store

  beforeAll(async () => {
    setLogLevel('silent')
    store = await makeStore()
    await store.syncSources([makeSource({ id: 'alpha', title: 'Alpha News' })])
    await store.upsertItems(
      'alpha',
      Array.from({ length: 25 }, (_, i) =>
        makeItem({ sourceId: 'alpha', title: `Ransomware report ${i}`, categories: ['ransomware'], publishedAt: hoursAgo(i + 1) }),
      ),
      NOW.toISOString(),
    )
    run = await startApp(store, makeConfig([]))
  })
  afterAll(async () => {
    await run.close()
    await store.close()
  })

  const lists = [
    ['/', '/'],
    ['/sources/alpha', '/sources/alpha'],
    ['/categories/ransomware', '/categories/ransomware'],
    ['/search?q=ransomware', '/search?q=ransomware'],
  ] as const

  it.each(lists)('%s: page 2 exists, page 999 is a friendly 200 "no older posts" linking to the first page', async (path, first) => {
    const join = path.includes('?') ? '&' : '?'
    const second = await send(run.base, `${path}${join}page=2`)
    expect(second.status).toBe(200)
    expect(second.text).toContain('Ransomware report')
    const past = await send(run.base, `${path}${join}page=999`)
    expect(past.status).toBe(200)
    expect(past.text).toContain('No older posts')
    expect(past.text).toContain('There is no page 999')
    expect(past.text).toContain(`<a href="${first.replace('&', '&amp;')}">← Back to the first page</a>`)
    expect(past.text).not.toContain('Nothing lives at')
    expect(past.text).not.toContain('Page not found')
  })

  it.each(lists)('%s: ?page=abc is a 400 page, not a 404', async (path, first) => {
    const join = path.includes('?') ? '&' : '?'
    for (const bad of ['abc', '0', '-1', '2.5']) {
      const res = await send(run.base, `${path}${join}page=${bad}`)
      expect(res.status, bad).toBe(400)
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(res.text).toContain('That is not a page number')
      expect(res.text).toContain(`<a href="${first.replace('&', '&amp;')}">← Back to the first page</a>`)
      expect(res.text).not.toContain('Nothing lives at')
    }
  })

  it('escapes the bad page number it quotes', async () => {
    const res = await send(run.base, '/?page=%3Cscript%3E')
    expect(res.status).toBe(400)
    expect(res.text).toContain('“&lt;script&gt;” is not a page number')
    expect(res.text).not.toContain('<script>')
  })

  it('an unknown source or category is still a 404, whatever the page', async () => {
    expect((await send(run.base, '/sources/nope?page=999')).status).toBe(404)
    expect((await send(run.base, '/categories/nothing-here?page=999')).status).toBe(404)
  })
})

describe('index pages and backing off', () => {
  let run: Running
  let store: Store

  beforeAll(async () => {
    setLogLevel('silent')
    store = await makeStore()
    await store.syncSources([
      makeSource({ id: 'alpha', title: 'Alpha News' }),
      makeSource({ id: 'busy', title: 'Busy Site' }),
      makeSource({ id: 'broken', title: 'Broken Feed' }),
      makeSource({ id: 'down', title: 'Down For Good' }),
    ])
    await store.upsertItems(
      'alpha',
      [
        makeItem({ sourceId: 'alpha', title: 'Acme breach', categories: ['Ransomware', 'Health'], publishedAt: hoursAgo(2) }),
        makeItem({ sourceId: 'alpha', title: 'Globex breach', categories: ['ransomware'], publishedAt: hoursAgo(3) }),
      ],
      NOW.toISOString(),
    )
    await store.upsertItems(
      'busy',
      [makeItem({ sourceId: 'busy', title: 'Busy post', categories: ['Fines'], publishedAt: hoursAgo(4) })],
      NOW.toISOString(),
    )
    await store.updateSourceState('alpha', {
      lastTriedAt: hoursAgo(0.5),
      lastSuccessAt: hoursAgo(0.5),
      lastStatus: 200,
      consecutiveFailures: 0,
    })
    // Told to come back later (429 + Retry-After): the next run is in the future.
    await store.updateSourceState('busy', {
      lastTriedAt: hoursAgo(0.5),
      lastSuccessAt: hoursAgo(5),
      lastStatus: 429,
      lastError: 'fetch: HTTP 429 Too Many Requests',
      consecutiveFailures: 1,
      nextRunAt: inAnHour,
    })
    // A 503 whose wait is over (the next run is due): failing again.
    await store.updateSourceState('broken', {
      lastTriedAt: hoursAgo(2),
      lastStatus: 503,
      lastError: 'fetch: HTTP 503 Service Unavailable',
      consecutiveFailures: 3,
      nextRunAt: hoursAgo(1),
    })
    // A 500 with a future next run is a plain failure (only 429 and 503 ask for a pause).
    await store.updateSourceState('down', {
      lastTriedAt: hoursAgo(1),
      lastStatus: 500,
      lastError: 'fetch: HTTP 500 Internal Server Error',
      consecutiveFailures: 2,
      nextRunAt: inAnHour,
    })
    run = await startApp(store, makeConfig([]))
  })
  afterAll(async () => {
    await run.close()
    await store.close()
  })

  it('/sources lists every source with its item count and health, linked to its page', async () => {
    const res = await send(run.base, '/sources')
    expect(res.status).toBe(200)
    const rows = [
      ...mainHtml(res.text).matchAll(
        /<tr>\s*<th scope="row"><a href="([^"]+)">([^<]+)<\/a><\/th>\s*<td>([\s\S]*?)<\/td>\s*<td class="index-table__num">([\d,]+)<\/td>/g,
      ),
    ].map((m) => ({
      href: m[1],
      title: m[2],
      health: m[3]!.replace(/<[^>]+>/g, '').trim(),
      items: m[4],
    }))
    expect(rows.map((r) => r.title)).toEqual(['Alpha News', 'Broken Feed', 'Busy Site', 'Down For Good'])
    expect(rows[0]).toEqual({ href: '/sources/alpha', title: 'Alpha News', health: 'OK', items: '2' })
    expect(rows[1]).toMatchObject({ health: '⚠ Failing', items: '0' })
    expect(rows[2]).toMatchObject({ health: 'Backing off until 10 March 2026, 13:00 UTC', items: '1' })
    expect(rows[3]).toMatchObject({ health: '⚠ Failing' })
    expect(mainText(res.text)).toContain('4 sources, 3 posts kept')
  })

  it('/categories lists every category with its count, case-insensitively merged, linked to its page', async () => {
    const res = await send(run.base, '/categories')
    expect(res.status).toBe(200)
    const entries = [...mainHtml(res.text).matchAll(/<li><a href="([^"]+)">([^<]+)<\/a> <span class="count">\((\d+)\)<\/span><\/li>/g)].map(
      (m) => [m[1], m[2], m[3]],
    )
    expect(entries).toEqual([
      ['/categories/Ransomware', 'Ransomware', '2'],
      ['/categories/Fines', 'Fines', '1'],
      ['/categories/Health', 'Health', '1'],
    ])
  })

  it('the layout links both index pages and the status page; the sidebar links both index pages', async () => {
    const html = (await send(run.base, '/')).text
    const nav = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? ''
    for (const href of ['/sources', '/categories', '/status']) expect(nav).toContain(`href="${href}"`)
    const aside = /<aside[\s\S]*<\/aside>/.exec(html)?.[0] ?? ''
    expect(aside).toContain('<a href="/sources">All 4 sources →</a>')
    expect(aside).toContain('<a href="/categories">All categories →</a>')
    const sources = (await send(run.base, '/sources')).text
    expect(sources).toMatch(/<a href="\/sources" aria-current="page">Sources<\/a>/)
  })

  it('/status shows a source waiting out a 429 as backing off until its next run, not as failing', async () => {
    const html = (await send(run.base, '/status')).text
    const card = (title: string): string => {
      const at = html.indexOf(`>${title}</a></h2>`)
      return html.slice(html.lastIndexOf('<li class="status-card', at), html.indexOf('</li>', at))
    }
    expect(card('Busy Site')).toContain('status-card--backoff')
    expect(card('Busy Site')).toContain('<span class="badge badge--backoff">Backing off until 10 March 2026, 13:00 UTC</span>')
    expect(card('Busy Site')).not.toContain('Failing')
    expect(card('Broken Feed')).toContain('badge--failing')
    expect(card('Down For Good')).toContain('badge--failing')
    expect(mainText(html)).toContain('4 sources, 2 failing, 1 backing off.')
    // Failing first, then backing off, then the rest.
    expect(html.indexOf('>Down For Good<')).toBeLessThan(html.indexOf('>Busy Site<'))
    expect(html.indexOf('>Busy Site<')).toBeLessThan(html.indexOf('>Alpha News<'))
  })

  it('a healthy source the poller put on hold (backing_off, no failure counted) shows as backing off, not OK', async () => {
    const held = await makeStore()
    await held.syncSources([makeSource({ id: 'held', title: 'Held Site' })])
    // What refresh-source writes after a 429 + Retry-After on a source that was fine before.
    await held.updateSourceState('held', {
      lastTriedAt: hoursAgo(0.1),
      lastSuccessAt: hoursAgo(1),
      lastStatus: 429,
      lastError: 'fetch: HTTP 429 Too Many Requests',
      lastErrorCode: 'backing_off',
      consecutiveFailures: 0,
      nextRunAt: inAnHour,
    })
    const app = await startApp(held, makeConfig([]))
    try {
      const html = (await send(app.base, '/status')).text
      expect(html).toContain('<span class="badge badge--backoff">Backing off until 10 March 2026, 13:00 UTC</span>')
      expect(html).not.toContain('badge--ok')
    } finally {
      await app.close()
      await held.close()
    }
  })

  it('the source page says backing off too', async () => {
    const html = (await send(run.base, '/sources/busy')).text
    expect(html).toContain('<span class="badge badge--backoff">Backing off until 10 March 2026, 13:00 UTC</span>')
  })
})
