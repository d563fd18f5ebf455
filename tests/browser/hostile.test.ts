// A hostile feed (script tags, on* attributes, javascript:/data: links, iframes, forms, svg onload,
// style and meta-refresh tricks) goes through the real pipeline into every page that shows it.
// In chromium nothing may run, load from another host, or log an error.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireTools } from '../helpers/tools.js'
import { type BrowserSession, launchBrowser, type ReaderSite, startReaderSite } from './harness.js'

const hasChromium = await requireTools('hostile feed content in chromium (tests/browser/hostile)', ['chromium'])

/** What a page's DOM holds that could act: anything here means hostile markup got through. */
async function findActiveContent(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = []
    for (const el of document.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase()
      if (['script', 'iframe', 'object', 'embed', 'frame', 'base', 'svg', 'math', 'video', 'audio', 'img'].includes(tag)) {
        // The brand mark is the one image and the keyboard shortcuts the one script, both from /static.
        const ours =
          (tag === 'img' && el.classList.contains('brand__mark')) ||
          (tag === 'script' && /^\/static\/keys\.js(\?v=[\w.-]+)?$/.test(el.getAttribute('src') ?? '') && el.textContent === '')
        if (!ours) found.push(`<${tag}>`)
      }
      if (
        tag === 'style' ||
        (tag === 'link' && el.getAttribute('rel') === 'stylesheet' && !el.getAttribute('href')?.startsWith('/static/'))
      ) {
        found.push(`<${tag}>`)
      }
      if (tag === 'meta' && el.hasAttribute('http-equiv')) found.push('<meta http-equiv>')
      if (tag === 'form' && el.getAttribute('action') !== '/search') found.push(`<form action=${el.getAttribute('action')}>`)
      for (const attr of el.attributes) {
        if (attr.name.startsWith('on') || attr.name === 'style' || attr.name === 'srcdoc') found.push(`${tag}[${attr.name}]`)
        if (
          ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name) &&
          /^\s*(javascript|data|vbscript):/i.test(attr.value)
        ) {
          found.push(`${tag}[${attr.name}=${attr.value.slice(0, 30)}]`)
        }
      }
    }
    return found
  })
}

describe.skipIf(!hasChromium)('hostile feed content in chromium', () => {
  let site: ReaderSite
  let browser: BrowserSession
  let page: Page

  beforeAll(async () => {
    site = await startReaderSite({ hostile: true, demo: false })
    browser = await launchBrowser(site.base)
    page = await browser.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  it('was ingested by the real pipeline (so the pages below really show it)', async () => {
    const outcome = site.setup.report.outcomes.find((o) => o.sourceId === 'hostile')
    expect(outcome?.result).toBe('new')
    expect(await site.setup.store.countItems('hostile')).toBeGreaterThanOrEqual(2)
  })

  const paths = ['/', '/sources/hostile', '/categories/Hostile%20zone', '/search?q=hostile', '/search?q=payload', '/status']

  for (const path of paths) {
    it(`renders ${path} as inert text`, async () => {
      const res = await page.goto(site.base + path, { waitUntil: 'load' })
      expect(res?.status()).toBe(200)
      // Give anything that might fire (onload, onerror, meta refresh, animations) a moment to do so.
      await page.waitForTimeout(300)
      expect(page.url()).toBe(site.base + path)
      expect(await findActiveContent(page)).toEqual([])
      expect(await page.locator('h1').count()).toBe(1)
    })
  }

  it('shows the hostile text as text, escaped', async () => {
    await page.goto(`${site.base}/sources/hostile`)
    const titles = (await page.locator('main .post__title').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())
    // clean/ reduces markup in titles to its text; whatever is left is shown as text.
    expect(titles.some((t) => t.startsWith('Hostile') && t.includes('headline'))).toBe(true)
    // The source title from feeds.json carries markup: it must read as text.
    expect(await page.locator('h1').textContent()).toBe('Hostile <b onmouseover=alert(1)>Feed</b>')
    // The item whose link was javascript: is either dropped or shown without a link.
    for (const href of await page.locator('main a').evaluateAll((els) => els.map((a) => a.getAttribute('href') ?? ''))) {
      expect(href).toMatch(/^(\/|https?:\/\/)/)
    }
    for (const rel of await page.locator('main a[href^="http"]').evaluateAll((els) => els.map((a) => a.getAttribute('rel')))) {
      expect(rel).toBe('noopener noreferrer')
    }
  })

  it('ran nothing: no dialogs, console errors, page errors or requests to other hosts', () => {
    const { consoleErrors, pageErrors, dialogs, foreignRequests } = browser.incidents
    expect(dialogs).toEqual([])
    expect(pageErrors).toEqual([])
    expect(consoleErrors).toEqual([])
    expect(foreignRequests).toEqual([])
  })
})
