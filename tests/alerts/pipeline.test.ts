// Watches end to end on SQLite: a loopback feed polled by the real poller, matches queued in the
// outbox, delivered to a loopback receiver that verifies the signature.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { deliverDue, evaluateNewWatches } from '../../src/alerts/index.js'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig, Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { type Receiver, startReceiver } from './receiver.js'

const secret = 's3cret-for-tests'
const env = { HOOK_SECRET: secret }
let srv: FixtureServer
let receiver: Receiver
let store: Store

beforeAll(() => setLogLevel('silent'))
beforeEach(async () => {
  srv = await startFixtureServer()
  receiver = await startReceiver(secret)
  store = openStore(':memory:')
})
afterEach(async () => {
  await store.close()
  await srv.close()
  await receiver.close()
})

const item = (id: string, title: string, link: string, day = 10) =>
  `<item><title>${title}</title><link>${link}</link><guid>${id}</guid><pubDate>Tue, ${day} Nov 2026 10:00:00 +0000</pubDate><description>${title}. Names, emails and Social Security numbers were exposed.</description></item>`
const rss = (items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>https://news.example/</link>${items.join('')}</channel></rss>`

function makeConfig(watches: Record<string, unknown>[], alerts: Record<string, unknown> = {}): AppConfig {
  return validateConfig(
    {
      settings: {
        allowPrivateNetworks: true,
        timeoutSeconds: 5,
        publicUrl: 'https://bw.example',
        alerts: { timeoutSeconds: 1, ...alerts },
      },
      sources: [
        { id: 'alpha', url: `${srv.url}/alpha.xml` },
        { id: 'beta', url: `${srv.url}/beta.xml` },
      ],
      watches,
    },
    'feeds.json',
  )
}

const hook = () => ({ type: 'webhook', url: receiver.url, format: 'json', secretEnv: 'HOOK_SECRET' })
const acmeLink = 'https://alpha.example/2026/acme-breach'

async function poll(config: AppConfig): Promise<void> {
  await pollOnce({ store, config })
}

describe('watch alerts over a real poll', () => {
  it('sends one signed POST per new matching story; a follow-up alerts on:report watches only', async () => {
    srv.serveBody('/alpha.xml', rss([item('a1', 'City council approves budget', 'https://alpha.example/budget')]))
    srv.serveBody('/beta.xml', rss([]))
    const config = makeConfig([
      { id: 'acme', title: 'Acme and vendors', org: 'Acme Corp', on: 'story', notify: [hook()] },
      { id: 'acme-reports', query: 'acme AND breach', on: 'report', notify: [hook()] },
    ])
    await evaluateNewWatches(store, config)
    await poll(config) // first poll of both sources: nothing matches, nothing to send anyway
    srv.serveBody(
      '/alpha.xml',
      rss([
        item('a1', 'City council approves budget', 'https://alpha.example/budget'),
        item('a2', 'Acme Corp discloses data breach affecting 120,000 customers', acmeLink),
      ]),
    )
    await poll(config)
    let pass = await deliverDue({ store, getConfig: () => config, env })
    expect(pass).toEqual({ sent: 2, retried: 0, failed: 0, folded: 0 })
    expect(receiver.accepted.map((r) => r.event).sort()).toEqual(['report.matched', 'story.matched'])
    for (const r of receiver.accepted) {
      expect(r.signatureValid).toBe(true)
      expect(r.delivery).toMatch(/^[0-9a-f-]{36}$/)
      expect(Math.abs(Number(r.timestamp) - Date.now() / 1000)).toBeLessThan(60)
    }
    const story = receiver.accepted.find((r) => r.event === 'story.matched')?.body as {
      watch: { id: string }
      report: { title: string; url: string; facts: { organizations: string[] }; story: { url: string } }
    }
    expect(story.watch.id).toBe('acme')
    expect(story.report.title).toContain('Acme Corp discloses')
    expect(story.report.url).toBe(acmeLink)
    expect(story.report.story.url).toMatch(/^https:\/\/bw\.example\/stories\/\d+$/)

    // beta reports the same article (same link): one story, so only the on:report watch alerts.
    srv.serveBody('/beta.xml', rss([item('b1', 'Acme Corp breach: 120,000 customers hit', acmeLink, 11)]))
    await poll(config)
    pass = await deliverDue({ store, getConfig: () => config, env })
    expect(pass.sent).toBe(1)
    expect(receiver.accepted.at(-1)?.event).toBe('report.matched')
    expect(receiver.accepted.at(-1)?.body['watch']).toEqual({ id: 'acme-reports', title: 'acme-reports' })

    const stats = await store.alerts.watchStats()
    expect(stats).toEqual([
      { watchId: 'acme', matches: 1, sent: 1, pending: 0, failed: 0, lastError: null },
      { watchId: 'acme-reports', matches: 2, sent: 2, pending: 0, failed: 0, lastError: null },
    ])
    const listed = await store.alerts.listWatchItems('acme', 10)
    expect(listed.map((i) => i.title)).toEqual(['Acme Corp discloses data breach affecting 120,000 customers'])
  })

  it('records but does not send the backlog: a source first poll, a new watch first look', async () => {
    srv.serveBody('/alpha.xml', rss([item('a2', 'Acme Corp discloses data breach', acmeLink)]))
    srv.serveBody('/beta.xml', rss([]))
    const first = makeConfig([{ id: 'acme', org: 'Acme Corp', notify: [hook()] }])
    await poll(first)
    expect(await deliverDue({ store, getConfig: () => first, env })).toEqual({ sent: 0, retried: 0, failed: 0, folded: 0 })
    // A watch added later looks back over what is stored: the feed shows it, nothing is sent.
    const later = makeConfig([
      { id: 'acme', org: 'Acme Corp', notify: [hook()] },
      { id: 'breaches', query: 'breach', notify: [hook()] },
    ])
    expect(await evaluateNewWatches(store, later)).toEqual(['acme', 'breaches'])
    expect(await evaluateNewWatches(store, later)).toEqual([])
    expect((await store.alerts.listWatchItems('breaches', 10)).length).toBe(1)
    expect(await deliverDue({ store, getConfig: () => later, env })).toEqual({ sent: 0, retried: 0, failed: 0, folded: 0 })
    expect(receiver.attempts).toBe(0)
  })

  it('sendBacklog: true sends the first poll', async () => {
    srv.serveBody('/alpha.xml', rss([item('a2', 'Acme Corp discloses data breach', acmeLink)]))
    srv.serveBody('/beta.xml', rss([]))
    const config = makeConfig([{ id: 'acme', org: 'Acme Corp', notify: [hook()] }], { sendBacklog: true })
    await poll(config)
    expect((await deliverDue({ store, getConfig: () => config, env })).sent).toBe(1)
  })
})
