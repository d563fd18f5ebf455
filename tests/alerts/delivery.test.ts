// The delivery worker against real peers on loopback: a webhook receiver that fails, hangs or
// drops the connection before it recovers; an SMTP server (smtp-server) that receives the mail;
// the hourly cap folding the rest into one "and N more"; the SSRF guard and redirects.
import http from 'node:http'
import { SMTPServer } from 'smtp-server'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { deliverDue } from '../../src/alerts/index.js'
import { firstAttemptAt, targetKey } from '../../src/alerts/targets.js'
import type { NewWatchMatch } from '../../src/alerts/types.js'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig, Store } from '../../src/types.js'
import { type Receiver, startReceiver } from './receiver.js'

const secret = 'delivery-secret'
const env = { HOOK_SECRET: secret, SMTP_PASSWORD: 'pw' }
let receiver: Receiver
let store: Store
let clock: number

beforeAll(() => setLogLevel('silent'))
beforeEach(async () => {
  receiver = await startReceiver(secret)
  store = openStore(':memory:')
  clock = Date.parse('2026-11-10T10:05:00.000Z')
})
afterEach(async () => {
  await store.close()
  await receiver.close()
})

function configWith(notify: Record<string, unknown>[], settings: Record<string, unknown> = {}): AppConfig {
  return validateConfig(
    {
      settings: { allowPrivateNetworks: true, alerts: { timeoutSeconds: 0.3 }, ...settings },
      sources: [],
      watches: [{ id: 'acme', title: 'Acme', org: 'Acme Corp', notify }],
    },
    'feeds.json',
  )
}

let matchNo = 0
/** Queues one match of watch acme with a delivery to each of the config's targets. */
async function queue(config: AppConfig): Promise<string[]> {
  matchNo++
  const watch = config.watches?.[0]
  if (watch === undefined) throw new Error('no watch')
  const at = new Date(clock).toISOString()
  const match: NewWatchMatch = {
    watchId: 'acme',
    key: `story:${matchNo}`,
    event: 'story.matched',
    matchedAt: at,
    suppressed: null,
    snapshot: {
      itemId: matchNo,
      storyId: matchNo,
      sourceId: 'alpha',
      title: `Acme Corp breach report ${matchNo}`,
      url: `https://alpha.example/${matchNo}`,
      summary: 'Acme Corp lost names and emails.',
      publishedAt: at,
      facts: { organizations: ['Acme Corp'], actors: [], records: null, dataTypes: ['contact'], sector: null, country: null },
    },
  }
  const ids = watch.notify.map((_, i) => `delivery-${matchNo}-${i}`)
  await store.alerts.recordMatch(
    match,
    watch.notify.map((target, i) => ({
      id: ids[i] as string,
      target: targetKey(target),
      nextAttemptAt: firstAttemptAt(target, new Date(clock)),
    })),
  )
  return ids
}

const deliver = (config: AppConfig) => deliverDue({ store, getConfig: () => config, env, now: () => new Date(clock), random: () => 0 })

describe('webhook retries', () => {
  for (const mode of ['fail', 'hang', 'close'] as const) {
    it(`a receiver that ${mode === 'fail' ? 'answers 500' : mode === 'hang' ? 'hangs' : 'closes the connection'} gets the alert once it recovers`, async () => {
      const config = configWith([{ type: 'webhook', url: receiver.url, secretEnv: 'HOOK_SECRET' }])
      const [id] = await queue(config)
      receiver.mode = mode
      expect(await deliver(config)).toMatchObject({ sent: 0, retried: 1 })
      expect(await deliver(config)).toMatchObject({ sent: 0, retried: 0 }) // not due yet: backoff
      clock += 30_000
      expect(await deliver(config)).toMatchObject({ retried: 1 }) // second try, still down
      receiver.mode = 'ok'
      clock += 60_000 // 60 s is the second backoff
      expect(await deliver(config)).toMatchObject({ sent: 1 })
      expect(receiver.attemptIds).toEqual([id, id, id])
      expect(receiver.unique().map((r) => r.delivery)).toEqual([id])
      expect(receiver.accepted[0]?.signatureValid).toBe(true)
      expect((await store.alerts.watchStats())[0]).toMatchObject({ sent: 1, pending: 0, failed: 0 })
    })
  }

  it('gives up after 24 hours of failures and says so', async () => {
    const config = configWith([{ type: 'webhook', url: receiver.url }])
    await queue(config)
    receiver.mode = 'fail'
    let passes = 0
    for (; passes < 40; passes++) {
      const pass = await deliver(config)
      if (pass.failed === 1) break
      clock += 3_600_000
    }
    expect(passes).toBeGreaterThan(20) // backoff capped at 1 h: about a day of hourly tries
    const [stats] = await store.alerts.watchStats()
    expect(stats).toMatchObject({ pending: 0, failed: 1 })
    expect(stats?.lastError).toMatch(/^gave up after \d+ attempts: webhook: .* answered HTTP 500/)
  })

  it('refuses loopback without allowPrivateNetworks, and never follows a redirect', async () => {
    const guarded = configWith([{ type: 'webhook', url: receiver.url }], { allowPrivateNetworks: false })
    await queue(guarded)
    expect(await deliver(guarded)).toMatchObject({ failed: 1 })
    expect(receiver.attempts).toBe(0)
    expect((await store.alerts.watchStats())[0]?.lastError).toMatch(/refused to connect to 127\.0\.0\.1 \(loopback\)/)

    const redirector = http.createServer((_req, res) => res.writeHead(307, { location: receiver.url }).end())
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve))
    const port = (redirector.address() as { port: number }).port
    try {
      const config = configWith([{ type: 'webhook', url: `http://127.0.0.1:${port}/moved` }])
      await queue(config)
      expect(await deliver(config)).toMatchObject({ failed: 1 })
      expect(receiver.attempts).toBe(0)
    } finally {
      redirector.close()
    }
  })
})

describe('the hourly cap', () => {
  it('sends maxPerHour, folds the rest into one "and N more" sent when the hour ends', async () => {
    const config = configWith([{ type: 'webhook', url: receiver.url, format: 'json', secretEnv: 'HOOK_SECRET' }], {
      alerts: { maxPerHour: 2, timeoutSeconds: 1 },
    })
    for (let n = 0; n < 5; n++) await queue(config)
    expect(await deliver(config)).toEqual({ sent: 2, retried: 0, failed: 0, folded: 3 })
    await queue(config)
    expect(await deliver(config)).toEqual({ sent: 0, retried: 0, failed: 0, folded: 1 })
    expect(receiver.accepted).toHaveLength(2)
    clock = Date.parse('2026-11-10T11:00:00.000Z')
    expect((await deliver(config)).sent).toBe(1)
    const more = receiver.accepted.at(-1)
    expect(more?.event).toBe('alerts.folded')
    expect(more?.body).toMatchObject({ count: 4, text: 'and 4 more' })
  })
})

describe('email', () => {
  it('sends text and HTML parts over SMTP with a footer naming the watch; a daily digest waits for its hour', async () => {
    const mails: { from: string; to: string[]; raw: string; user: string | undefined }[] = []
    const smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      onAuth(auth, _session, callback) {
        callback(auth.password === 'pw' ? null : new Error('bad password'), { user: auth.username })
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: typeof session.user === 'string' ? session.user : undefined,
          })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
    const port = (smtp.server.address() as { port: number }).port
    try {
      const smtpSettings = {
        host: '127.0.0.1',
        port,
        secure: false,
        user: 'bw',
        passwordEnv: 'SMTP_PASSWORD',
        from: 'breachwire@example.org',
      }
      const config = configWith(
        [
          { type: 'email', to: ['soc@example.org'], digest: 'immediate' },
          { type: 'email', to: ['ciso@example.org'], digest: 'daily', digestAt: '12:00' },
        ],
        // A roomy timeout: the SMTP greeting can take a while on a loaded machine.
        { smtp: smtpSettings, alerts: { timeoutSeconds: 10 } },
      )
      await queue(config)
      await queue(config)
      expect(await deliver(config)).toMatchObject({ sent: 2 })
      expect(mails).toHaveLength(2)
      const mail = mails[0]
      expect(mail?.to).toEqual(['soc@example.org'])
      expect(mail?.from).toBe('breachwire@example.org')
      expect(mail?.user).toBe('bw')
      expect(mail?.raw).toMatch(/Subject: \[breachwire\] Acme: Acme Corp breach report \d+/)
      expect(mail?.raw).toContain('Content-Type: text/plain')
      expect(mail?.raw).toContain('Content-Type: text/html')
      expect(mail?.raw).toMatch(/X-Breachwire-Delivery: delivery-\d+-0/)
      expect(mail?.raw.replace(/=\r?\n/g, '')).toContain('breachwire watch remove acme')

      // The digest goes out at 12:00 UTC, both matches in one mail.
      clock = Date.parse('2026-11-10T12:00:00.000Z')
      expect(await deliver(config)).toMatchObject({ sent: 2 })
      expect(mails).toHaveLength(3)
      expect(mails[2]?.to).toEqual(['ciso@example.org'])
      const digest = mails[2]?.raw.replace(/=\r?\n/g, '') ?? ''
      expect(digest).toContain('Acme: 2 new matches')
      expect(digest.match(/Acme Corp breach report \d+/g)?.length).toBeGreaterThanOrEqual(2)
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()))
    }
  })
})
