// An html source polls into items like any feed: the example of docs/html-sources.md (read from
// the doc itself, so the doc stays true) against a loopback newsroom page, through the real
// poller and a real SQLite store. Rules that match nothing are a visible error on the source.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import type { Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { repoRoot } from '../helpers/run-cli.js'
import { makeStore } from '../helpers/store.js'

/** The first ```json block of docs/html-sources.md: the documented example source. */
function readDocumentedSource(): Record<string, unknown> {
  const doc = readFileSync(path.join(repoRoot, 'docs', 'html-sources.md'), 'utf8')
  const block = /```json\n([\s\S]*?)\n```/.exec(doc)
  if (block === null) throw new Error('docs/html-sources.md has no ```json block')
  return JSON.parse(block[1] as string) as Record<string, unknown>
}

let site: FixtureServer
let store: Store
const now = new Date('2024-08-10T12:00:00Z')

beforeAll(async () => {
  setLogLevel('silent')
  site = await startFixtureServer()
  site.serveFile('/newsroom/', 'sites/newsroom/index.html', { contentType: 'text/html; charset=utf-8' })
  site.serveBody(
    '/redesigned/',
    '<!DOCTYPE html><html><head><title>Newsroom</title></head><body><main><ul class="news"><li><a href="/n/1">One</a></li></ul></main></body></html>',
    {
      contentType: 'text/html; charset=utf-8',
    },
  )
})

afterAll(async () => {
  await store?.close()
  await site?.close()
})

describe('html sources', () => {
  it('the documented newsroom example polls into normalized items: absolute, tracking-free links, UTC dates, sanitized summaries', async () => {
    const documented = readDocumentedSource()
    expect(documented['url']).toBe('https://acme.example/newsroom/')
    const config = validateConfig(
      { settings: { allowPrivateNetworks: true }, sources: [{ ...documented, url: `${site.url}/newsroom/` }] },
      'feeds.json',
    )
    store = await makeStore()
    const report = await pollOnce({ store, config, now: () => now })
    expect(report.outcomes).toHaveLength(1)
    expect(report.outcomes[0]).toMatchObject({ sourceId: 'acme-newsroom', result: 'new', counts: { inserted: 3, updated: 0, dropped: 0 } })

    const page = await store.listItems({ sources: ['acme-newsroom'], limit: 10 })
    expect(page.items.map((i) => [i.title, i.url, i.published])).toEqual([
      ['Notice of Data Security Incident', `${site.url}/newsroom/2024/acme-data-security-incident`, '2024-08-05T12:03:00.000Z'],
      ['Update on the Third-Party Vendor Incident', `${site.url}/newsroom/2024/vendor-incident-update`, '2024-08-02T09:00:00.000Z'],
      ['Warning: Phishing Emails Impersonating Acme Support', `${site.url}/newsroom/2024/phishing-warning`, '2024-07-23T00:00:00.000Z'],
    ])
    const first = page.items[0]
    expect(first?.summary).toBe('On 29 July we detected unauthorised access to a customer support system.')
    expect(first?.contentHtml).toContain('<strong>unauthorised access</strong>')
    expect(first?.source).toEqual({ id: 'acme-newsroom', title: 'Acme Corp Newsroom' })
    expect(await store.getSource('acme-newsroom')).toMatchObject({ lastError: null, consecutiveFailures: 0, itemCount: 3 })

    // Polled again: the same items, recognized by their links, nothing duplicated.
    const again = await pollOnce({ store, config, now: () => new Date(now.getTime() + 3_600_000) })
    expect(again.outcomes[0]).toMatchObject({ counts: { inserted: 0 } })
    expect(await store.countItems('acme-newsroom')).toBe(3)
  })

  it("rules that match nothing are a clear error on the source's status, and its items stay", async () => {
    const documented = readDocumentedSource()
    const config = validateConfig(
      { settings: { allowPrivateNetworks: true }, sources: [{ ...documented, url: `${site.url}/redesigned/` }] },
      'feeds.json',
    )
    const own = await makeStore()
    try {
      const report = await pollOnce({ store: own, config, now: () => now })
      const message = `extract: select.item "main article.post" matched nothing on ${site.url}/redesigned/`
      expect(report.outcomes[0]).toMatchObject({ result: 'failed', error: { code: 'selector_empty', message } })
      expect(await own.getSource('acme-newsroom')).toMatchObject({
        lastError: message,
        lastErrorCode: 'selector_empty',
        consecutiveFailures: 1,
        itemCount: 0,
      })
    } finally {
      await own.close()
    }
  })
})
