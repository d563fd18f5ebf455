// Facts as a reader meets them in headless chromium, on the demo's sources after a real poll: the
// badges under river entries, following an organization's badge to its page (its stories, newest
// first), a records badge to the filtered river, an actor's page, and the 404 of an unknown org.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireTools } from '../helpers/tools.js'
import { type BrowserSession, launchBrowser, type ReaderSite, startReaderSite } from './harness.js'

const hasChromium = await requireTools('facts in chromium (tests/browser/facts)', ['chromium'])

describe.skipIf(!hasChromium)('facts in chromium', () => {
  let site: ReaderSite
  let browser: BrowserSession
  let page: Page

  beforeAll(async () => {
    site = await startReaderSite()
    browser = await launchBrowser(site.base)
    page = await browser.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  const squash = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim()

  it('shows badges under river entries, each a link a reader can follow', async () => {
    await page.goto(`${site.base}/`, { waitUntil: 'load' })
    const rows = page.locator('main article.post .post__facts')
    expect(await rows.count()).toBeGreaterThan(3)
    // "212,418 records · Healthcare · LockBit": the parts separated by middle dots, visibly.
    const text = squash(await rows.first().textContent())
    expect(text).toMatch(/^\S.* · \S/)
    const records = page.locator('main a.fact--records').first()
    expect(squash(await records.textContent())).toMatch(/^[\d,]+ records?$/)
    const sector = page.locator('main a.fact--sector').first()
    expect(await sector.getAttribute('href')).toMatch(/^\/\?sector=[a-z]+$/)
    // Badges are visible and readable: real size on screen, not clipped to nothing.
    const box = await records.boundingBox()
    expect(box?.height ?? 0).toBeGreaterThan(8)
  })

  it('follows an organization badge to its page: its stories with their facts', async () => {
    await page.goto(`${site.base}/`, { waitUntil: 'load' })
    const badge = page.locator('main a.fact--org').first()
    const href = (await badge.getAttribute('href')) ?? ''
    expect(href).toMatch(/^\/orgs\/[a-z0-9-]+$/)
    await Promise.all([page.waitForURL(`${site.base}${href}`), badge.click()])
    expect(squash(await page.locator('.page-kicker').textContent())).toBe('Organization')
    expect(squash(await page.locator('h1').textContent())).not.toBe('')
    const stories = page.locator('main article.post')
    expect(await stories.count()).toBeGreaterThan(0)
    const storyLink = stories.first().locator('a[data-story]')
    expect(await storyLink.getAttribute('href')).toMatch(/^\/stories\/\d+$/)
    // Every story listed names this organization among its facts' badges.
    const orgBadges = await stories
      .first()
      .locator('a.fact--org')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')))
    expect(orgBadges.length).toBeGreaterThan(0)
    await Promise.all([page.waitForURL(/\/stories\/\d+$/), storyLink.click()])
  })

  it('filters the river by a records badge and shows an actor’s page', async () => {
    await page.goto(`${site.base}/`, { waitUntil: 'load' })
    const records = page.locator('main a.fact--records').first()
    const min = Number(new URL((await records.getAttribute('href')) ?? '', site.base).searchParams.get('minRecords'))
    await Promise.all([page.waitForURL(/minRecords=/), records.click()])
    expect(squash(await page.locator('h1').textContent())).toBe('Breach news, filtered')
    const counts = await page
      .locator('main a.fact--records')
      .evaluateAll((links) => links.map((a) => Number((a.textContent ?? '').replace(/[^\d]/g, ''))))
    expect(counts.length).toBeGreaterThan(0)
    expect(counts.every((n) => n >= min)).toBe(true)

    // The demo names no gang: one report here does, and its actor badge leads to the actor's page.
    const store = site.setup.store
    const [written] = (
      await store.upsertItems(
        'databreaches',
        [
          {
            ...(await store.getItem(1))!,
            identityKey: 'lockbit-claim',
            guid: 'lockbit-claim',
            url: 'https://databreaches.example/lockbit-acme-freight',
            title: 'LockBit claims Acme Freight',
            contentHash: 'lb',
          },
        ],
        new Date().toISOString(),
      )
    ).written
    await store.saveFacts(
      written!.id,
      { organizations: ['Acme Freight'], actors: ['LockBit'], records: null, dataTypes: [], sector: null, country: null },
      'extracted',
    )
    await page.goto(`${site.base}/?org=acme-freight`, { waitUntil: 'load' })
    const actor = page.locator('main a.fact--actor').first()
    await Promise.all([page.waitForURL(`${site.base}/actors/lockbit`), actor.click()])
    expect(squash(await page.locator('.page-kicker').textContent())).toBe('Threat actor')
    expect(squash(await page.locator('h1').textContent())).toBe('LockBit')
    expect(squash(await page.locator('main article.post h2').first().textContent())).toBe('LockBit claims Acme Freight')
  })

  it('answers an unknown organization with the 404 page, and nothing went wrong on the way', async () => {
    const res = await page.goto(`${site.base}/orgs/no-such-organization-anywhere`, { waitUntil: 'load' })
    expect(res?.status()).toBe(404)
    expect(squash(await page.locator('h1').textContent())).toBe('Page not found')
    const { consoleErrors, ...others } = browser.incidents
    // Chromium logs the 404 answer itself as a console error: that one is expected, nothing else.
    expect(consoleErrors.filter((e) => !e.includes('status of 404') || !e.includes('/orgs/no-such-organization-anywhere'))).toEqual([])
    expect(others).toEqual({ dialogs: [], pageErrors: [], foreignRequests: [] })
  })
})
