// The outbox across a crash, with the real CLI in child processes: `poll` stores a matching
// report and starts delivering; the receiver takes the POST but never answers; the process is
// SIGKILLed mid-delivery. `start` then resends it: after de-duplication by X-Breachwire-Delivery
// the receiver has the alert exactly once, and the database says sent.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeWorkDir, runCli, spawnCli, waitFor, writeConfig } from '../helpers/run-cli.js'
import { type Receiver, startReceiver } from './receiver.js'

const secret = 'crash-test-secret'
let srv: FixtureServer
let receiver: Receiver

beforeAll(async () => {
  srv = await startFixtureServer()
  receiver = await startReceiver(secret)
})
afterAll(async () => {
  await srv.close()
  await receiver.close()
})

const rss = (items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>https://news.example/</link>${items.join('')}</channel></rss>`
const budget = '<item><title>Budget approved</title><link>https://alpha.example/budget</link><guid>a1</guid></item>'
const acme =
  '<item><title>Acme Corp discloses a data breach</title><link>https://alpha.example/acme</link><guid>a2</guid><description>Acme Corp said names and emails were stolen.</description></item>'

describe('a crash between storing and sending', () => {
  it('neither loses nor doubles the alert (after de-duplication by delivery id)', async () => {
    const dir = makeWorkDir('bw-alerts-')
    const db = path.join(dir, 'data', 'breachwire.db')
    writeConfig(dir, {
      settings: { allowPrivateNetworks: true, alerts: { timeoutSeconds: 60 } },
      sources: [{ id: 'alpha', url: `${srv.url}/alpha.xml` }],
      watches: [
        { id: 'acme', org: 'Acme Corp', notify: [{ type: 'webhook', url: receiver.url, format: 'json', secretEnv: 'HOOK_SECRET' }] },
      ],
    })
    const env = { HOOK_SECRET: secret }
    srv.serveBody('/alpha.xml', rss([budget]))
    const first = await runCli(['poll'], { cwd: dir, env })
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('alerts: 0 sent')

    srv.serveBody('/alpha.xml', rss([budget, acme]))
    receiver.mode = 'accept-hang'
    const killed = spawnCli(['poll'], { cwd: dir, env })
    await waitFor('the delivery to reach the receiver', () => receiver.attempts >= 1, 60_000)
    killed.child.kill('SIGKILL')
    expect((await killed.exited).signal).toBe('SIGKILL')
    expect(receiver.accepted).toHaveLength(1)
    const firstId = receiver.accepted[0]?.delivery

    // The report and its pending delivery were committed together before the send began.
    let store = openStore(db, { readonly: true })
    expect((await store.alerts.watchStats())[0]).toMatchObject({ watchId: 'acme', matches: 1, sent: 0, pending: 1 })
    await store.close()

    receiver.mode = 'ok'
    const restarted = spawnCli(['start', '--port', '0'], { cwd: dir, env })
    await waitFor('the resent delivery', () => receiver.accepted.length >= 2, 60_000)
    restarted.child.kill('SIGTERM')
    expect((await restarted.exited).code).toBe(0)

    expect(receiver.accepted.map((r) => r.delivery)).toEqual([firstId, firstId])
    expect(receiver.accepted.every((r) => r.signatureValid)).toBe(true)
    const unique = receiver.unique()
    expect(unique).toHaveLength(1)
    expect(unique[0]?.event).toBe('story.matched')
    expect(unique[0]?.body['report']).toMatchObject({ title: 'Acme Corp discloses a data breach' })
    store = openStore(db, { readonly: true })
    expect((await store.alerts.watchStats())[0]).toMatchObject({ matches: 1, sent: 1, pending: 0, failed: 0 })
    await store.close()

    // `watch list` reads the same counts.
    const list = await runCli(['watch', 'list', '--json'], { cwd: dir })
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: 'acme', matches: 1, sent: 1, pending: 0, failed: 0 })])
  }, 120_000)
})
