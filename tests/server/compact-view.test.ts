// The compact view (?view=compact): one headline a line, kept by every link a list page prints,
// refused with a 400 when the parameter names no view. Real store, real HTTP on 127.0.0.1:0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import { makeItem, makeStore } from '../helpers/store.js'
import { hoursAgo, makeConfig, makeSource, NOW, type Running, startApp } from './harness.js'

const sources = [makeSource({ id: 'alpha', title: 'Alpha News' }), makeSource({ id: 'beta', title: 'Beta Privacy' })]

async function get(base: string, path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(base + path)
  return { status: res.status, html: await res.text() }
}

function mainOf(html: string): string {
  return /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? ''
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'))
}

describe('compact view', () => {
  let run: Running

  beforeAll(async () => {
    setLogLevel('silent')
    const store = await makeStore()
    await store.syncSources(sources)
    const items = Array.from({ length: 30 }, (_, i) =>
      makeItem({
        sourceId: i % 2 === 0 ? 'alpha' : 'beta',
        identityKey: `story-${i}`,
        title: `Breach number ${i} at Company ${i}`,
        publishedAt: hoursAgo(i + 1),
        categories: ['Ransomware'],
      }),
    )
    await store.upsertItems(
      'alpha',
      items.filter((item) => item.sourceId === 'alpha'),
      NOW.toISOString(),
    )
    await store.upsertItems(
      'beta',
      items.filter((item) => item.sourceId === 'beta'),
      NOW.toISOString(),
    )
    run = await startApp(store, makeConfig(sources))
  })

  afterAll(async () => {
    await run.close()
    await run.store.close()
  })

  it('shows one line per story: headline, source, time, no excerpt or categories', async () => {
    const { status, html } = await get(run.base, '/?view=compact')
    expect(status).toBe(200)
    const main = mainOf(html)
    expect(main.match(/<article class="post post--compact" data-entry/g)).toHaveLength(20)
    expect(main).not.toContain('post__excerpt')
    expect(main).not.toContain('class="tag"')
    expect(main).toMatch(
      /<a href="\/sources\/alpha\?view=compact">Alpha News<\/a> · <time datetime="[^"]+" title="[^"]+">1 hour ago<\/time>/,
    )
    expect(html).toContain('<body class="view-compact">')
  })

  it('keeps the view in pagination, source, category, sidebar, home and search links', async () => {
    const { html } = await get(run.base, '/?view=compact')
    const older = hrefs(mainOf(html)).find((h) => h.includes('cursor='))
    const olderUrl = new URL(older ?? '', run.base)
    expect([olderUrl.pathname, olderUrl.searchParams.get('view'), olderUrl.searchParams.has('cursor')]).toEqual(['/', 'compact', true])
    const page2 = await get(run.base, older ?? '')
    expect(page2.status).toBe(200)
    expect(mainOf(page2.html).match(/post--compact/g)).toHaveLength(10)
    expect(hrefs(mainOf(page2.html))).toContain('/?view=compact')
    const listLinks = hrefs(html).filter((h) => /^\/(sources|categories)\/[^/]+/.test(h))
    expect(listLinks.length).toBeGreaterThan(20)
    for (const href of listLinks) expect(href).toMatch(/\?view=compact$/)
    expect(html).toMatch(/<a href="\/\?view=compact" aria-current="page">Latest<\/a>/)
    expect(html).toContain('<input type="hidden" name="view" value="compact">')
    // The category and source pages carry it on, and the search keeps it.
    for (const path of ['/categories/Ransomware?view=compact', '/search?q=breach&view=compact']) {
      const page = await get(run.base, path)
      expect(page.status, path).toBe(200)
      expect(mainOf(page.html), path).toContain('post--compact')
      const next = hrefs(mainOf(page.html)).find((h) => h.includes('cursor='))
      expect(next, path).toMatch(/view=compact/)
    }
    const source = await get(run.base, '/sources/beta?view=compact')
    expect(mainOf(source.html).match(/post--compact/g)).toHaveLength(15)
  })

  it('switches views by links that keep the page, and the default view carries no parameter', async () => {
    const full = await get(run.base, '/')
    expect(mainOf(full.html)).not.toContain('post--compact')
    expect(full.html).toMatch(/<a href="\/" aria-current="page">Full<\/a> · <a href="\/\?view=compact">Compact<\/a>/)
    expect(hrefs(full.html).filter((h) => h.includes('view=full'))).toEqual([])
    const onPage2 = await get(run.base, '/?page=2&view=compact')
    expect(onPage2.html).toMatch(/<a href="\/\?page=2">Full<\/a> · <a href="\/\?page=2&amp;view=compact" aria-current="page">Compact<\/a>/)
  })

  it('refuses a view it does not know with a 400 page naming the parameter', async () => {
    for (const path of ['/?view=tiny', '/sources/alpha?view=x', '/categories/Ransomware?view=1', '/search?q=breach&view=%3Cb%3E']) {
      const { status, html } = await get(run.base, path)
      expect(status, path).toBe(400)
      expect(html, path).toContain('The view parameter takes “compact” or “full”')
      expect(html, path).not.toContain('<b>')
    }
  })
})
