// Two schedulers on one PostgreSQL database (two `start --role poller` processes, in-process
// here): they share the due sources through leases, so every feed is fetched exactly once,
// every item is stored once, and the per-host limit holds across both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { type Scheduler, startScheduler } from '../../src/poller/index.js'
import { openPostgresStore } from '../../src/store/postgres/index.js'
import type { SourceOutcome, Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { startTestPostgres } from '../helpers/postgres.js'

const server = await startTestPostgres('two pollers on PostgreSQL')
let srv: FixtureServer
beforeAll(async () => {
  setLogLevel('silent')
  srv = await startFixtureServer()
})
afterAll(async () => {
  await srv?.close()
  await server?.stop()
})

describe.skipIf(server === undefined)('two pollers on one PostgreSQL database', () => {
  it('fetch each due feed exactly once between them and store each item once', async () => {
    const n = 12
    for (let i = 0; i < n; i++) srv.serveFile(`/f${i}`, 'feeds/rss1-rdf.xml')
    // Yearly: after the first pass nothing is due again while the test runs.
    const config = validateConfig(
      {
        settings: { allowPrivateNetworks: true, timeoutSeconds: 10, schedule: '0 0 1 1 *', concurrency: 8, perHostConcurrency: n },
        sources: Array.from({ length: n }, (_, i) => ({ id: `f${i}`, url: `${srv.url}/f${i}` })),
      },
      'feeds.json',
    )
    const url = await server!.createDatabase()
    const stores: Store[] = [await openPostgresStore(url), await openPostgresStore(url)]
    const outcomes: SourceOutcome[][] = [[], []]
    const schedulers: Scheduler[] = []
    try {
      schedulers.push(
        ...(await Promise.all(stores.map((store, i) => startScheduler({ store, config, onOutcome: (o) => outcomes[i]!.push(o) })))),
      )
      const until = Date.now() + 20_000
      while (outcomes.flat().length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
      await new Promise((r) => setTimeout(r, 300))
      expect(Array.from({ length: n }, (_, i) => srv.hits(`/f${i}`))).toEqual(Array(n).fill(1))
      expect(outcomes.flat().map((o) => o.result)).toEqual(Array(n).fill('new'))
      // Concurrency 8 per poller: neither could take all twelve.
      expect(outcomes.map((o) => o.length).sort()).toEqual([4, 8])
      expect(await stores[0]!.countItems()).toBe(2 * n)
      const states = await stores[1]!.listSources()
      expect(states.every((s) => s.lastSuccessAt !== null)).toBe(true)
    } finally {
      await Promise.all(schedulers.map((s) => s.stop(100)))
      await Promise.all(stores.map((s) => s.close()))
    }
  })

  it('claim again as slots free up, so one pass polls every due feed, not only `concurrency` of them', async () => {
    const n = 10
    for (let i = 0; i < n; i++) srv.serveFile(`/more${i}`, 'feeds/rss1-rdf.xml')
    const config = validateConfig(
      {
        settings: { allowPrivateNetworks: true, timeoutSeconds: 10, schedule: '0 0 1 1 *', concurrency: 3, perHostConcurrency: n },
        sources: Array.from({ length: n }, (_, i) => ({ id: `more${i}`, url: `${srv.url}/more${i}` })),
      },
      'feeds.json',
    )
    const store = await openPostgresStore(await server!.createDatabase())
    const reports: number[] = []
    let scheduler: Scheduler | undefined
    try {
      scheduler = await startScheduler({ store, config, onPoll: (report) => reports.push(report.outcomes.length) })
      const until = Date.now() + 20_000
      while (reports.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
      // One report for the start-up pass, covering all ten (the yearly schedule never ticks meanwhile).
      expect(reports).toEqual([n])
      expect(Array.from({ length: n }, (_, i) => srv.hits(`/more${i}`))).toEqual(Array(n).fill(1))
    } finally {
      await scheduler?.stop(100)
      await store.close()
    }
  })
})
