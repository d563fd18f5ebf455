// Issue 14, operator endpoints: /metrics and /status behind BREACHWIRE_OPERATOR_TOKEN when it is
// set, /status paginated, /metrics rendered at most once every few seconds. Real HTTP on
// 127.0.0.1 through createApp over a real in-memory store.
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import { createMetrics } from '../../src/server/metrics.js'
import { STATUS_PAGE_SIZE } from '../../src/server/pages/page-answers.js'
import { answerMetrics, METRICS_TTL_MS } from '../../src/server/routes/metrics.js'
import type { Store } from '../../src/types.js'
import { makeStore } from '../helpers/store.js'
import { makeConfig, makeSource, type Running, send, startApp } from '../server/harness.js'

const SOURCES = 250
const sources = Array.from({ length: SOURCES }, (_, i) => makeSource({ id: `s${String(i).padStart(3, '0')}` }))
let store: Store

beforeAll(async () => {
  setLogLevel('silent')
  store = await makeStore()
  await store.syncSources(sources)
  // Three failing sources: the status list shows them first.
  for (const id of ['s100', 's200', 's249']) {
    await store.updateSourceState(id, {
      lastTriedAt: '2026-03-10T11:00:00.000Z',
      lastError: 'fetch: timed out',
      lastErrorCode: 'timeout',
      consecutiveFailures: 2,
    })
  }
})
afterAll(async () => store.close())

const cards = (html: string): string[] =>
  [...html.matchAll(/<h2 class="status-card__title"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1] ?? '')

describe('with BREACHWIRE_OPERATOR_TOKEN set', () => {
  let run: Running
  beforeAll(async () => {
    run = await startApp(store, makeConfig(sources), { operatorToken: 's3cret-token', limits: { rateLimit: false } })
  })
  afterAll(async () => run.close())

  it('/metrics and /status refuse a request without the token, or with a wrong one, with 401 JSON', async () => {
    for (const path of ['/metrics', '/status', '/status?page=2', '/STATUS/', '/Metrics']) {
      for (const headers of [
        {},
        { authorization: 'Bearer wrong' },
        { authorization: 'Basic czNjcmV0LXRva2Vu' },
        { authorization: 'Bearer' },
      ]) {
        const res = await send(run.base, path, { headers })
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401)
        expect(res.headers['www-authenticate']).toMatch(/^Bearer /)
        expect(res.headers['cache-control']).toBe('no-store')
        expect(JSON.parse(res.text)).toEqual({ error: expect.stringContaining('operator token') })
        expect(res.text).not.toContain('s3cret')
      }
    }
  })

  it('answers with the token, and no shared cache may keep the answer', async () => {
    for (const path of ['/metrics', '/status']) {
      const res = await send(run.base, path, { headers: { authorization: 'Bearer s3cret-token' } })
      expect(res.status, path).toBe(200)
      expect(res.headers['cache-control'], path).toBe('private, no-store')
    }
  })

  it('leaves every other route public', async () => {
    for (const path of ['/', '/feed.xml', '/api/sources', '/healthz', '/sources']) {
      expect((await send(run.base, path)).status, path).toBe(200)
    }
  })
})

describe('/status pages', () => {
  let run: Running
  beforeAll(async () => {
    run = await startApp(store, makeConfig(sources), { limits: { rateLimit: false } })
  })
  afterAll(async () => run.close())

  it(`shows ${STATUS_PAGE_SIZE} sources a page, the failing first, every source exactly once across the pages`, async () => {
    const first = await send(run.base, '/status')
    expect(first.status).toBe(200)
    const firstCards = cards(first.text)
    expect(firstCards).toHaveLength(STATUS_PAGE_SIZE)
    expect(firstCards.slice(0, 3).sort()).toEqual(['s100', 's200', 's249'])
    expect(first.text).toContain('href="/status?page=2"')
    const seen = [...firstCards]
    for (let page = 2; page <= 3; page++) {
      const res = await send(run.base, `/status?page=${page}`)
      expect(res.status).toBe(200)
      seen.push(...cards(res.text))
    }
    expect(seen).toHaveLength(SOURCES)
    expect(new Set(seen).size).toBe(SOURCES)
    const last = await send(run.base, '/status?page=3')
    expect(cards(last.text)).toHaveLength(SOURCES - 2 * STATUS_PAGE_SIZE)
    expect(last.text).toContain('href="/status?page=2"')
    expect(last.text).not.toContain('page=4')
  })

  it('a page past the end says so, and a bad page number is a 400', async () => {
    const past = await send(run.base, '/status?page=4')
    expect(past.status).toBe(200)
    expect(past.text).toContain('There is no page 4')
    expect((await send(run.base, '/status?page=abc')).status).toBe(400)
    expect((await send(run.base, '/status?page=0')).status).toBe(400)
  })
})

describe('/metrics', () => {
  it('is rendered once per TTL: scrapes in between get the same text, later ones see new counts', async () => {
    const metrics = createMetrics({ defaultMetrics: false })
    let clock = 1_000_000
    const app = express()
    app.get(
      '/metrics',
      answerMetrics(metrics, () => clock),
    )
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    const base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`
    try {
      const outcome = {
        sourceId: 'a',
        result: 'new' as const,
        notModified: false,
        status: 200,
        durationMs: 10,
        counts: { inserted: 1, updated: 0, unchanged: 0, dropped: 0, droppedBy: {} },
      }
      const before = (await send(base, '/metrics')).text
      metrics.recordOutcome(outcome)
      clock += METRICS_TTL_MS - 1
      expect((await send(base, '/metrics')).text).toBe(before)
      clock += 1
      const after = (await send(base, '/metrics')).text
      expect(after).not.toBe(before)
      expect(after).toContain('breachwire_fetch_outcomes_total{source="a",result="new",status="200"} 1')
    } finally {
      server.close()
    }
  })
})
