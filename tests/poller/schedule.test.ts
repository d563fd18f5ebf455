// The long-running scheduler with real time and a every-second cron schedule, against a
// fault-injecting loopback server. Gaps are asserted only as lower bounds (never "fast enough").

import { readFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { type Scheduler, startScheduler } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig, PollReport, SourceOutcome, Store } from '../../src/types.js'
import { type FixtureServer, fixturesDir, startFixtureServer } from '../helpers/fixture-server.js'

let srv: FixtureServer
let store: Store
let scheduler: Scheduler | undefined
const rdf = readFileSync(path.join(fixturesDir, 'feeds', 'rss1-rdf.xml'))

beforeAll(() => setLogLevel('silent'))
beforeEach(async () => {
  srv = await startFixtureServer()
  store = openStore(':memory:')
})
afterEach(async () => {
  await scheduler?.stop(100)
  scheduler = undefined
  await store.close()
  await srv.close()
})

const everySecond = '* * * * * *'

function makeConfig(sources: Record<string, unknown>[], settings: Record<string, unknown> = {}): AppConfig {
  return validateConfig(
    {
      settings: {
        allowPrivateNetworks: true,
        timeoutSeconds: 30,
        schedule: everySecond,
        concurrency: 4,
        perHostConcurrency: 4,
        ...settings,
      },
      sources,
    },
    'feeds.json',
  )
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A route answering from a script of statuses (then 200 with the RDF feed), recording request times. */
function scriptRoute(routePath: string, script: { status: number; headers?: Record<string, string> }[]): number[] {
  const times: number[] = []
  srv.route(routePath, (_req, res) => {
    times.push(Date.now())
    const step = script[times.length - 1]
    if (step !== undefined) {
      res.writeHead(step.status, { 'Content-Type': 'text/plain', ...step.headers })
      res.end('no')
      return
    }
    res.writeHead(200, { 'Content-Type': 'application/rdf+xml' })
    res.end(rdf)
  })
  return times
}

describe('startScheduler', () => {
  it('polls at start and on every tick; a hanging source neither delays the others nor runs twice at once', async () => {
    const hung: ServerResponse[] = []
    srv.route('/hang', (_req, res) => void hung.push(res))
    srv.serveBody('/fast', rdf, { etag: '"f"' })
    const outcomes: SourceOutcome[] = []
    const reports: PollReport[] = []
    scheduler = await startScheduler({
      store,
      config: makeConfig([
        { id: 'hang', url: `${srv.url}/hang` },
        { id: 'fast', url: `${srv.url}/fast` },
      ]),
      onOutcome: (o) => outcomes.push(o),
      onPoll: (r) => reports.push(r),
    })
    await waitFor('three polls of the fast source', () => srv.hits('/fast') >= 3)
    expect(srv.hits('/hang')).toBe(1)
    expect(scheduler.activeSourceIds()).toContain('hang')
    expect(await store.countItems('fast')).toBe(2)
    expect(outcomes.filter((o) => o.sourceId === 'fast').map((o) => o.notModified)).toEqual(expect.arrayContaining([false, true]))
    expect(reports.length).toBeGreaterThanOrEqual(1)

    // Shutdown: the hanging fetch is aborted after the grace period and stop() resolves.
    await scheduler.stop(200)
    expect(scheduler.activeSourceIds()).toEqual([])
    expect(outcomes.find((o) => o.sourceId === 'hang')?.error?.code).toBe('aborted')
    const hitsAfterStop = srv.hits('/fast')
    await new Promise((r) => setTimeout(r, 1100))
    expect(srv.hits('/fast')).toBe(hitsAfterStop)
    for (const res of hung) res.destroy()
  })

  it('does not retry a 429 before its Retry-After', async () => {
    const times = scriptRoute('/busy', [{ status: 429, headers: { 'Retry-After': '3' } }])
    scheduler = await startScheduler({ store, config: makeConfig([{ id: 'busy', url: `${srv.url}/busy` }]), random: () => 0.5 })
    await waitFor('the retry', () => times.length >= 2)
    const [first, second] = times as [number, number]
    expect(second - first).toBeGreaterThanOrEqual(3000)
    // A 429 is not counted as a failure (the source is backing off), so wait for the success itself.
    await waitFor('the success to be recorded', async () => (await store.getSource('busy'))?.lastStatus === 200)
    expect(await store.countItems('busy')).toBe(2)
    expect(await store.getSource('busy')).toMatchObject({ consecutiveFailures: 0, lastErrorCode: null })
  })

  it('backs off a failing source exponentially and recovers', async () => {
    const times = scriptRoute('/flaky', [{ status: 500 }, { status: 503 }])
    scheduler = await startScheduler({ store, config: makeConfig([{ id: 'flaky', url: `${srv.url}/flaky` }]), random: () => 0.5 })
    await waitFor('two failures recorded', async () => (await store.getSource('flaky'))?.consecutiveFailures === 2)
    expect(times).toHaveLength(2)
    await waitFor('recovery and one more regular poll', () => times.length >= 4, 25_000)
    const [t1, t2, t3, t4] = times as [number, number, number, number]
    expect(t2 - t1).toBeGreaterThanOrEqual(2000) // 1 s interval × 2^1
    expect(t3 - t2).toBeGreaterThanOrEqual(4000) // × 2^2
    expect(t4 - t3).toBeLessThan(t3 - t2) // back on the regular schedule
    expect(await store.getSource('flaky')).toMatchObject({ consecutiveFailures: 0, lastError: null, lastStatus: 200 })
  })

  it('honours a per-source schedule from startup, whatever next run an earlier process stored', async () => {
    srv.serveBody('/fast', rdf)
    srv.serveBody('/slow', rdf)
    const config = makeConfig(
      [
        { id: 'fast', url: `${srv.url}/fast`, schedule: everySecond },
        { id: 'slow', url: `${srv.url}/slow`, schedule: '0 0 1 1 *' },
      ],
      { schedule: '0 * * * *' },
    )
    // As an earlier run under other schedules left them: fast planned an hour out, slow due now.
    await store.syncSources(config.sources)
    const lastTry = new Date(Date.now() - 5000)
    for (const [id, nextRunAt] of [
      ['fast', new Date(Date.now() + 3_600_000)],
      ['slow', lastTry],
    ] as const) {
      await store.updateSourceState(id, {
        lastTriedAt: lastTry.toISOString(),
        lastSuccessAt: lastTry.toISOString(),
        lastStatus: 200,
        nextRunAt: nextRunAt.toISOString(),
      })
    }
    scheduler = await startScheduler({ store, config })
    expect((await store.getSource('slow'))?.nextRunAt).toBe(new Date(Date.UTC(lastTry.getUTCFullYear() + 1, 0, 1)).toISOString())
    await waitFor('two polls of the every-second source', () => srv.hits('/fast') >= 2)
    expect(srv.hits('/slow')).toBe(0)
  })

  it('keeps the backoff an earlier process stored for a failing source', async () => {
    srv.serveBody('/failing', rdf)
    const config = makeConfig([{ id: 'failing', url: `${srv.url}/failing` }])
    await store.syncSources(config.sources)
    const until = new Date(Date.now() + 3_600_000).toISOString()
    await store.updateSourceState('failing', {
      lastTriedAt: new Date().toISOString(),
      lastStatus: 503,
      consecutiveFailures: 3,
      nextRunAt: until,
    })
    scheduler = await startScheduler({ store, config })
    expect((await store.getSource('failing'))?.nextRunAt).toBe(until)
    await new Promise((r) => setTimeout(r, 1500))
    expect(srv.hits('/failing')).toBe(0)
  })

  it('reload: a new source is polled, a removed one stops being polled and keeps its items', async () => {
    srv.serveBody('/a', rdf)
    srv.serveBody('/b', rdf)
    const configA = makeConfig([{ id: 'a', url: `${srv.url}/a` }])
    scheduler = await startScheduler({ store, config: configA })
    await waitFor('source a', () => srv.hits('/a') >= 1)
    await scheduler.reload(makeConfig([{ id: 'b', url: `${srv.url}/b` }]))
    await waitFor('source b', () => srv.hits('/b') >= 2)
    await waitFor('a to settle', () => !scheduler?.activeSourceIds().includes('a'))
    const hitsA = srv.hits('/a')
    await waitFor('more polls of b', () => srv.hits('/b') >= 4)
    expect(srv.hits('/a')).toBe(hitsA)
    expect(await store.countItems('a')).toBe(2)
    expect((await store.getSource('a'))?.inConfig).toBe(false)
  })

  it('stop() lets a running poll finish within the grace period and its items are written', async () => {
    srv.route('/slow', (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/rdf+xml' })
        res.end(rdf)
      }, 1200)
    })
    scheduler = await startScheduler({ store, config: makeConfig([{ id: 'slow', url: `${srv.url}/slow` }]) })
    await waitFor('the request', () => srv.hits('/slow') >= 1)
    await scheduler.stop(8000)
    expect(await store.countItems('slow')).toBe(2)
    expect((await store.getSource('slow'))?.lastStatus).toBe(200)
  })

  it('prunes items past retentionDays at start, keeping the newest keepPerSource', async () => {
    srv.serveBody('/old', rdf) // items from 2024
    const config = makeConfig([{ id: 'old', url: `${srv.url}/old` }], { retentionDays: 30, keepPerSource: 1, schedule: '0 0 1 1 *' })
    scheduler = await startScheduler({ store, config })
    await waitFor('the first poll', async () => (await store.getSource('old'))?.lastSuccessAt != null)
    await scheduler.stop(100)
    expect(await store.countItems('old')).toBe(2)
    scheduler = await startScheduler({ store, config }) // pruning runs at start
    expect(await store.countItems('old')).toBe(1)
  })
})
