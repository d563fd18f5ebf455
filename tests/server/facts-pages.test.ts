// Facts on the reader pages: badges under river entries linking to their filters and pages, the
// facts filters on the river and search (400 page for a bad one), facet counts beside search
// results, and the /orgs/:slug and /actors/:slug pages (404 for an unknown slug).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import { openStore } from '../../src/store/index.js'
import { seedFactsScenario } from '../facts-store/scenario.js'
import { makeConfig, makeSource, type Running, send, startApp } from './harness.js'

describe('facts on the pages', () => {
  let run: Running
  const page = async (path: string): Promise<{ status: number; html: string }> => {
    const res = await send(run.base, path)
    // The page's own content: the sidebar lists every source's recent posts whatever the filter.
    const html = res.body.toString('utf8')
    return { status: res.status, html: html.slice(html.indexOf('<main'), html.indexOf('</main>')) }
  }
  /** The hrefs and texts of the badges of the page's first entry whose title is `title`. */
  const badgesOf = (html: string, title: string): string[] => {
    const at = html.indexOf(title)
    expect(at).toBeGreaterThan(-1)
    const block = html.slice(at, html.indexOf('</article>', at))
    const facts = /<p class="post__facts"[^>]*>(.*?)<\/p>/s.exec(block)?.[1] ?? ''
    return [...facts.matchAll(/<a class="fact fact--\w+" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[2]} -> ${m[1]}`)
  }

  beforeAll(async () => {
    setLogLevel('silent')
    const store = openStore(':memory:')
    await seedFactsScenario(store)
    run = await startApp(store, makeConfig([makeSource({ id: 'a', title: 'Source A' }), makeSource({ id: 'b', title: 'Source B' })]))
  })
  afterAll(async () => {
    await run.close()
    await run.store.close()
  })

  it('shows each entry’s facts as badges linking to the filters and pages', async () => {
    const { html } = await page('/')
    expect(badgesOf(html, 'M&amp;S hit by cyberattack')).toEqual([
      '9,400,000 records -> /?minRecords=9400000',
      'Retail -> /?sector=retail',
      'Scattered Spider -> /actors/scattered-spider',
      'Marks &amp; Spencer plc -> /orgs/marks-and-spencer',
      'GB -> /?country=GB',
    ])
    expect(badgesOf(html, 'Acme Corp breach')).toEqual([])
  })

  it('filters the river and search by facts, and refuses a bad filter with a 400 page naming it', async () => {
    const filtered = await page('/?sector=healthcare')
    expect(filtered.status).toBe(200)
    expect(filtered.html).toContain('Change Healthcare breach hits 190 million')
    expect(filtered.html).toContain('Ascension ransomware attack')
    expect(filtered.html).not.toContain('M&amp;S hit by cyberattack')
    expect(filtered.html).toContain('matching sector=healthcare')
    const bad = await page('/?sector=hospitals')
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('Expected sector to be one of healthcare, education')
    const search = await page('/search?q=breach&minRecords=100000000')
    expect(search.html).toContain('Change Healthcare breach hits 190 million')
    expect(search.html).not.toContain('Acme Corp breach')
    expect((await page('/search?q=breach&country=USA')).status).toBe(400)
    // A source's and a category's pages take the same filters.
    const source = await page('/sources/b?minRecords=100000000')
    expect(source.html).toContain('Change Healthcare breach hits 190 million')
    expect(source.html).not.toContain('Marks and Spencer says 10 million affected')
    expect((await page('/sources/b?dataType=nope')).status).toBe(400)
    const category = await page('/categories/Ransomware?country=GB')
    expect(category.status).toBe(200)
    expect(category.html).not.toContain('Ascension ransomware attack')
    expect(category.html).toContain('match country=GB')
    expect((await page('/categories/Ransomware?country=US')).html).toContain('Ascension ransomware attack')
  })

  it('counts facets beside search results, each narrowing the search', async () => {
    const { html } = await page('/search?q=healthcare%20OR%20ransomware')
    const facets = /<nav class="facets"[^>]*>(.*?)<\/nav>/s.exec(html)?.[1] ?? ''
    expect(facets).toContain('<h2>Sectors</h2>')
    expect(facets).toContain('<a href="/search?q=healthcare+OR+ransomware&amp;sector=healthcare">Healthcare</a> (2)')
    expect(facets).toContain('<a href="/search?q=healthcare+OR+ransomware&amp;actor=alphv">ALPHV</a> (1)')
  })

  it('lists an organization’s stories with the record count history, and an actor’s', async () => {
    for (const slug of ['marks-and-spencer', 'Marks-and-Spencer-plc']) {
      const { status, html } = await page(`/orgs/${slug}`)
      expect(status).toBe(200)
      expect(html).toContain('<h1 class="page-title">Marks &amp; Spencer plc</h1>')
      expect(html).toContain('href="/stories/1"')
      expect(html).toContain('9.4 million (Source A, 10 Jan 2026) → 10 million (Source B, 12 Jan 2026)')
      expect(html).not.toContain('Change Healthcare')
    }
    const story = await page('/stories/1')
    expect(story.html).toContain('9.4 million (Source A, 10 Jan 2026) → 10 million (Source B, 12 Jan 2026)')
    expect(story.html).toContain('<a class="fact fact--records" href="/?minRecords=10000000">10,000,000 records</a>')
    const actor = await page('/actors/BlackCat')
    expect(actor.status).toBe(200)
    expect(actor.html).toContain('<h1 class="page-title">ALPHV</h1>')
    expect(actor.html).toContain('Change Healthcare breach hits 190 million')
    expect(actor.html).toContain('href="/feed.xml?actor=alphv"')
    expect((await page('/orgs/nobody-at-all')).status).toBe(404)
    expect((await page('/actors/nobody')).status).toBe(404)
  })
})
