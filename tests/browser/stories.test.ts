// Stories as a reader meets them in headless chromium: the river entry of a story with its other
// reports and the "new report" mark, the story page's timeline, the compact view (15+ headlines
// above the fold at 1280×800, kept across pages) and the j/k/o/s shortcuts, with no CSP
// violation, console error or request to another host. Screenshots go to artifacts/screenshots/.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import type { MergeReason, NormalizedItem, Store } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'
import { requireTools } from '../helpers/tools.js'
import { hoursAgo, makeConfig, makeSource, NOW, type Running, startApp } from '../server/harness.js'
import { type BrowserSession, launchBrowser } from './harness.js'

const shotsDir = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url))
const FOLD = { width: 1280, height: 800 }
/** The articles' own site: answered by the test (a stub page), never by the network. */
const ARTICLE_ORIGIN = 'https://news.example'

const hasChromium = await requireTools('stories in chromium (tests/browser/stories)', ['chromium'])

const sources = [
  makeSource({ id: 'databreaches', title: 'DataBreaches.net' }),
  makeSource({ id: 'therecord', title: 'The Record' }),
  makeSource({ id: 'bleeping', title: 'BleepingComputer' }),
]

const HEADLINES = [
  'Ransomware gang claims attack on regional hospital network, leaks patient scans',
  'County school district says unauthorized party accessed student records system',
  'Credit union notifies members after vendor’s file-transfer server was breached',
  'Dental practice management firm discloses email compromise affecting thousands',
  'Regulator fines telecom over 2024 leak of subscriber addresses and phone numbers',
  'Insurance broker confirms data theft after extortion group posts samples online',
]

/** Text with its runs of white space folded, as a reader sees it. */
function squash(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim()
}

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

/** One story of three reports (the newest story on the river), then 30 stories of one report. */
async function buildStore(): Promise<{ store: Store; storyId: number }> {
  const store = await makeStore()
  await store.syncSources(sources)
  const article = (path: string): string => `${ARTICLE_ORIGIN}/${path}`
  const lead = await insert(
    store,
    makeItem({
      sourceId: 'databreaches',
      identityKey: 'acme',
      title: 'Acme Health discloses breach affecting 1.2 million',
      url: article('acme-lead'),
      publishedAt: hoursAgo(5),
    }),
  )
  const copy = await insert(
    store,
    makeItem({
      sourceId: 'bleeping',
      identityKey: 'acme-b',
      title: 'Acme Health breach affects 1.2 million patients',
      url: article('acme-bleeping'),
      publishedAt: hoursAgo(3),
    }),
  )
  const followUp = await insert(
    store,
    makeItem({
      sourceId: 'therecord',
      identityKey: 'acme-r',
      title: 'Acme raises breach count to 2.5 million',
      url: article('acme-record'),
      publishedAt: hoursAgo(1),
    }),
  )
  await join(store, copy, lead, 'similar_title')
  await join(store, followUp, lead, 'cites_item')
  // BleepingComputer edits its headline (same guid): a revision.
  await insert(
    store,
    makeItem({
      sourceId: 'bleeping',
      identityKey: 'acme-b',
      title: 'Acme Health breach affects 2.5 million patients',
      url: article('acme-bleeping'),
      publishedAt: hoursAgo(3),
    }),
  )
  for (let i = 0; i < 30; i++) {
    const sourceId = sources[i % sources.length]?.id ?? 'databreaches'
    await insert(
      store,
      makeItem({
        sourceId,
        identityKey: `single-${i}`,
        title: `${HEADLINES[i % HEADLINES.length]} (${i + 1})`,
        url: article(`single-${i}`),
        publishedAt: hoursAgo(6 + i),
        categories: ['Ransomware'],
      }),
    )
  }
  return { store, storyId: (await store.getItem(lead))?.storyId ?? 0 }
}

describe.skipIf(!hasChromium)('stories in chromium', () => {
  let run: Running
  let storyId: number
  let browser: BrowserSession
  let page: Page

  beforeAll(async () => {
    setLogLevel('silent')
    const built = await buildStore()
    storyId = built.storyId
    run = await startApp(built.store, makeConfig(sources))
    browser = await launchBrowser(run.base)
    page = await browser.newPage()
    // The articles "open" on a stub page of their own site; the page route answers before the
    // harness's block on other hosts.
    await page.route(`${ARTICLE_ORIGIN}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>article</title><h1>article</h1>' }),
    )
    // CSP violations are reported to the page as events; the init script runs outside the
    // page's CSP (injected by the browser), as a reader's extension would.
    await page.addInitScript(() => {
      const seen: string[] = []
      ;(window as unknown as { cspViolations: string[] }).cspViolations = seen
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`))
    })
    await page.setViewportSize(FOLD)
    mkdirSync(shotsDir, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await run?.close()
    await run?.store.close()
  })

  const open = async (path: string): Promise<number> => (await page.goto(run.base + path, { waitUntil: 'load' }))?.status() ?? 0

  const cspViolations = (): Promise<string[]> => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)

  it('shows a story on the river with its other reports’ headlines, the new-report mark and a link to its page', async () => {
    expect(await open('/')).toBe(200)
    const entry = page.locator('main article.post', { hasText: 'Acme Health discloses breach affecting 1.2 million' })
    expect(await entry.count()).toBe(1)
    expect(squash(await entry.locator('.post__new').textContent())).toBe('New New report from The Record, 1 hour ago')
    const others = await entry.locator('.post__others li').allInnerTexts()
    expect(others).toHaveLength(2)
    expect(others[0]).toMatch(/^BleepingComputer: Acme Health breach affects 2\.5 million patients 3 hours ago UPDATED$/)
    expect(await entry.locator('.post__others .badge--updated').getAttribute('title')).toBe(
      'Was: Acme Health breach affects 1.2 million patients',
    )
    expect(others[1]).toMatch(/^The Record: Acme raises breach count to 2\.5 million 1 hour ago$/)
    // The later reports are not river entries of their own.
    expect(await page.locator('main h2.post__title', { hasText: 'Acme raises' }).count()).toBe(0)
    await page.screenshot({ path: `${shotsDir}story-river-desktop-light.png` })
    await entry.getByRole('link', { name: '3 reports →' }).click()
    await page.waitForURL(`${run.base}/stories/${storyId}`)
  })

  it('explains the story on its page: a timeline, who was first, why each report joined', async () => {
    expect(await open(`/stories/${storyId}`)).toBe(200)
    expect(await page.locator('h1').textContent()).toBe('Acme Health discloses breach affecting 1.2 million')
    expect(squash(await page.locator('.story-intro').textContent())).toMatch(
      /^First reported by DataBreaches\.net on .+ \(5 hours ago\)\. Last activity just now\.$/,
    )
    const entries = page.locator('ol.timeline > li')
    expect(await entries.count()).toBe(3)
    const texts = await entries.allInnerTexts()
    expect(texts[0]).toContain('DataBreaches.net FIRST')
    expect(texts[0]).toContain('Why it is here: First to report.')
    expect(texts[1]).toContain('· 2 hours later')
    expect(texts[1]).toContain('BleepingComputer UPDATED')
    expect(texts[1]).toContain('Headline as first seen: Acme Health breach affects 1.2 million patients')
    expect(texts[1]).toContain('Why it is here: Near-identical headline 2 hours later than DataBreaches.net.')
    expect(texts[2]).toContain('· 4 hours later')
    expect(texts[2]).toContain('Why it is here: Cites DataBreaches.net’s report.')
    // The revision, listed with the old and new headline; its link leads to the report.
    const revision = page.locator('ul.revisions > li')
    expect(await revision.count()).toBe(1)
    expect(squash(await revision.textContent())).toMatch(
      /^just now BleepingComputer edited Acme Health breach affects 2\.5 million patients Headline: Acme Health breach affects 1\.2 million patients → Acme Health breach affects 2\.5 million patients$/,
    )
    expect(await revision.locator('del').evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through')
    await revision.getByRole('link', { name: 'Acme Health breach affects 2.5 million patients' }).click()
    await page.waitForURL(/#report-\d+$/)
    await page.screenshot({ path: `${shotsDir}story-page-desktop-light.png`, fullPage: true })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: `${shotsDir}story-page-desktop-dark.png`, fullPage: true })
    await page.emulateMedia({ colorScheme: 'light' })
  })

  it('shows at least 15 stories above the fold at 1280×800 in the compact view, chosen by a link and kept across pages', async () => {
    await open('/')
    await page.locator('.view-switch').getByRole('link', { name: 'Compact' }).click()
    await page.waitForURL(/\?view=compact$/)
    const aboveFold = async (): Promise<number> =>
      page
        .locator('main [data-entry]')
        .evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().bottom <= window.innerHeight).length)
    const seen = await aboveFold()
    expect(seen).toBeGreaterThanOrEqual(15)
    // Each entry is one line: headline, source, time.
    const heights = await page.locator('main [data-entry]').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height))
    expect(Math.max(...heights)).toBeLessThan(40)
    await page.screenshot({ path: `${shotsDir}river-compact-desktop-light.png` })
    await page.getByRole('link', { name: 'Older posts →' }).click()
    await page.waitForURL(/cursor=/)
    expect(new URL(page.url()).searchParams.get('view')).toBe('compact')
    expect(await page.locator('main article.post--compact').count()).toBeGreaterThan(0)
    await page
      .locator('aside .category-list')
      .getByRole('link', { name: /^Ransomware/ })
      .click()
    await page.waitForURL(/\/categories\/Ransomware\?view=compact$/)
    expect(await page.locator('main article.post--compact').count()).toBe(20)
    await page.locator('.view-switch').getByRole('link', { name: 'Full' }).click()
    await page.waitForURL(/\/categories\/Ransomware$/)
    expect(await page.locator('main article.post--compact').count()).toBe(0)
  })

  it('moves with j and k, opens the article with o and the story page with s', async () => {
    await open('/?view=compact')
    const current = (): Promise<string[]> => page.locator('main [data-entry].is-current .post__title').allInnerTexts()
    const focused = (): Promise<string> => page.evaluate(() => document.activeElement?.textContent ?? '')
    await page.keyboard.press('j')
    expect(await current()).toEqual(['Acme Health discloses breach affecting 1.2 million'])
    expect(await focused()).toBe('Acme Health discloses breach affecting 1.2 million')
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    expect((await current())[0]).toMatch(/\(2\)$/)
    await page.keyboard.press('k')
    expect((await current())[0]).toMatch(/\(1\)$/)
    await page.keyboard.press('k')
    await page.keyboard.press('k')
    expect(await current()).toEqual(['Acme Health discloses breach affecting 1.2 million'])
    await page.keyboard.press('s')
    await page.waitForURL(`${run.base}/stories/${storyId}`)
    await page.goBack()
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await page.keyboard.press('o')
    await page.waitForURL(`${ARTICLE_ORIGIN}/single-0`)
    // Letters typed into the search box are text, not shortcuts.
    await open('/?view=compact')
    await page.getByLabel('Search the news').fill('')
    await page.getByLabel('Search the news').press('j')
    expect(await page.getByLabel('Search the news').inputValue()).toBe('j')
    expect(await current()).toEqual([])
    // The full view answers the same keys.
    await open('/')
    await page.keyboard.press('j')
    await page.keyboard.press('s')
    await page.waitForURL(`${run.base}/stories/${storyId}`)
  })

  it('fits a phone screen: nothing overflows sideways on the story page, the compact river and search', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    try {
      for (const path of [`/stories/${storyId}`, '/?view=compact', '/?order=first', '/search?q=acme&view=compact']) {
        expect(await open(path), path).toBe(200)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        expect(overflow, path).toBeLessThanOrEqual(0)
      }
      await page.screenshot({ path: `${shotsDir}river-compact-phone-light.png` })
    } finally {
      await page.setViewportSize(FOLD)
    }
  })

  it('ran no script against the CSP and logged no console error, page error, dialog or outside request', async () => {
    await open('/?view=compact')
    expect(await cspViolations()).toEqual([])
    const { consoleErrors, pageErrors, dialogs, foreignRequests } = browser.incidents
    expect(consoleErrors).toEqual([])
    expect(pageErrors).toEqual([])
    expect(dialogs).toEqual([])
    expect(foreignRequests).toEqual([])
  })
})
