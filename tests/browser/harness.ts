// What the browser tests share: a reader site (demo feeds → real poll → real store → createApp on
// 127.0.0.1:0) and headless Debian chromium driven by playwright-core, with a watch on everything a
// page does that it should not: dialogs, console errors, page errors, requests to other hosts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { type DemoSetup, prepareDemo } from '../../demo/prepare.js'
import { setLogLevel } from '../../src/lib/log.js'
import { createApp } from '../../src/server/index.js'
import type { FeedSource } from '../../src/types.js'
import { CHROMIUM_PATH } from '../helpers/tools.js'

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export interface ReaderSite {
  base: string
  setup: DemoSetup
  close(): Promise<void>
}

/** The demo's sources, optionally plus the hostile fixture feed, polled once and served. */
export async function startReaderSite(options: { hostile?: boolean; demo?: boolean } = {}): Promise<ReaderSite> {
  setLogLevel('silent')
  const dir = mkdtempSync(join(tmpdir(), 'breachwire-browser-'))
  const hostileXml = readFileSync(new URL('../fixtures/demo/hostile.xml', import.meta.url), 'utf8')
  const setup = await prepareDemo({
    dir,
    ...(options.demo === false ? { sources: [] } : {}),
    extra: options.hostile ? { '/hostile/feed.xml': { contentType: 'application/rss+xml; charset=utf-8', body: hostileXml } } : {},
    extraSources: (base) =>
      options.hostile
        ? [
            {
              id: 'hostile',
              title: 'Hostile <b onmouseover=alert(1)>Feed</b>',
              url: `${base}/hostile/feed.xml`,
              type: 'feed',
              tags: [],
              enabled: true,
              republish: 'full',
            } satisfies FeedSource,
          ]
        : [],
  })
  const app = createApp({ store: setup.store, getConfig: () => setup.config })
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    base,
    setup,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await setup.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface Incidents {
  dialogs: string[]
  /** "text @ url" of each console error. */
  consoleErrors: string[]
  pageErrors: string[]
  /** Requests to anything but the site under test (blocked, and recorded). */
  foreignRequests: string[]
}

export interface BrowserSession {
  context: BrowserContext
  incidents: Incidents
  newPage(): Promise<Page>
  close(): Promise<void>
}

/** Chromium with a fresh temporary profile; every request outside `allowedOrigin` is blocked and recorded. */
export async function launchBrowser(allowedOrigin: string): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'breachwire-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
    timeout: 60_000,
  })
  const incidents: Incidents = { dialogs: [], consoleErrors: [], pageErrors: [], foreignRequests: [] }
  await context.route('**/*', async (route) => {
    const url = route.request().url()
    if (url.startsWith(`${allowedOrigin}/`) || url === allowedOrigin) await route.continue()
    else {
      incidents.foreignRequests.push(url)
      await route.abort('blockedbyclient')
    }
  })
  const watch = (page: Page): void => {
    page.on('dialog', (dialog) => {
      incidents.dialogs.push(`${dialog.type()}: ${dialog.message()}`)
      void dialog.dismiss().catch(() => undefined)
    })
    page.on('console', (msg) => {
      if (msg.type() === 'error') incidents.consoleErrors.push(`${msg.text()} @ ${msg.location().url}`)
    })
    page.on('pageerror', (err) => incidents.pageErrors.push(err.message))
  }
  context.on('page', watch)
  for (const page of context.pages()) watch(page)
  return {
    context,
    incidents,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
