// The app shell: security headers, /healthz, /metrics, and the error middleware (a 500 says
// "internal error" to the client and keeps the stack for the log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel, setLogSink } from '../../src/lib/log.js'
import { createMetrics } from '../../src/server/metrics.js'
import type { Store } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'
import { json, makeConfig, makeSource, NOW, type Running, send, startApp } from './harness.js'

/**
 * A minimal check of the Prometheus text exposition format (0.0.4): HELP/TYPE comments, then
 * samples `name{label="value",…} number`. Returns the samples by series, throws on a bad line.
 */
function parsePrometheusText(text: string): Map<string, number> {
  const samples = new Map<string, number>()
  const types = new Map<string, string>()
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*'
  const labels = `\\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\["\\\\n])*",?)*\\}`
  // Go's ParseFloat (Prometheus's parser) reads NaN and Inf in any case; prom-client writes "Nan".
  const sample = new RegExp(`^(${name})(${labels})? (-?[0-9.e+-]+|nan|[+-]?inf)( -?\\d+)?$`, 'i')
  for (const line of text.split('\n')) {
    if (line === '') continue
    const typeLine = new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`).exec(line)
    if (typeLine) {
      expect(types.has(typeLine[1]!)).toBe(false)
      types.set(typeLine[1]!, typeLine[2]!)
      continue
    }
    if (new RegExp(`^# HELP ${name} .*$`).test(line)) continue
    const m = sample.exec(line)
    if (!m) throw new Error(`not Prometheus text: ${line}`)
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]))
  }
  return samples
}

describe('the app shell', () => {
  let run: Running
  let store: Store
  const metrics = createMetrics({ defaultMetrics: false })

  beforeAll(async () => {
    setLogLevel('silent')
    store = await makeStore()
    const sources = [makeSource({ id: 'alpha' }), makeSource({ id: 'beta' })]
    await store.syncSources(sources)
    await store.upsertItems('alpha', [makeItem({ sourceId: 'alpha' }), makeItem({ sourceId: 'alpha' })], NOW.toISOString())
    await store.updateSourceState('alpha', { lastSuccessAt: '2026-03-10T11:00:00.000Z', consecutiveFailures: 0 })
    await store.updateSourceState('beta', { consecutiveFailures: 3 })
    run = await startApp(store, makeConfig(sources), { metrics })
  })
  afterAll(async () => run.close())

  it('sends strict security headers and no framework banner', async () => {
    const res = await send(run.base, '/feed.xml')
    const csp = res.headers['content-security-policy'] ?? ''
    for (const directive of [
      "default-src 'none'",
      "style-src 'self'",
      "img-src 'self' https:",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]) {
      expect(csp).toContain(directive)
    }
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-powered-by']).toBeUndefined()
  })

  it('/healthz reports counts while the database answers', async () => {
    const res = await send(run.base, '/healthz')
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const body = json<{ ok: boolean; items: number; sources: number; generation: number }>(res)
    expect(body).toMatchObject({ ok: true, items: 2, sources: 2 })
    expect(typeof body.generation).toBe('number')
  })

  it('/metrics is Prometheus text with fetch, poll, item, source and HTTP series', async () => {
    metrics.recordOutcome({
      sourceId: 'alpha',
      result: 'new',
      notModified: false,
      counts: { inserted: 2, updated: 0, unchanged: 1, dropped: 1, droppedBy: { duplicate: 1 } },
      status: 200,
      durationMs: 120,
    })
    metrics.recordOutcome({
      sourceId: 'beta',
      result: 'failed',
      notModified: false,
      counts: { inserted: 0, updated: 0, unchanged: 0, dropped: 0, droppedBy: {} },
      status: null,
      durationMs: 20_000,
      error: { code: 'timeout', message: 'fetch: timed out' },
    })
    metrics.recordOutcome({
      sourceId: 'alpha',
      result: 'unchanged',
      notModified: true,
      counts: { inserted: 0, updated: 0, unchanged: 0, dropped: 0, droppedBy: {} },
      status: 304,
      durationMs: 15,
    })
    metrics.recordPoll({ outcomes: [], startedAt: '2026-03-10T11:59:00.000Z', finishedAt: '2026-03-10T11:59:42.000Z' })
    await send(run.base, '/api/items')
    await send(run.base, '/api/items?source=alpha')
    const res = await send(run.base, '/metrics')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const samples = parsePrometheusText(res.text)
    expect(samples.get('breachwire_fetch_outcomes_total{source="alpha",result="new",status="200"}')).toBe(1)
    expect(samples.get('breachwire_fetch_outcomes_total{source="beta",result="failed",status="none"}')).toBe(1)
    expect(samples.get('breachwire_fetch_outcomes_total{source="alpha",result="unchanged",status="304"}')).toBe(1)
    expect(samples.get('breachwire_items_written_total{source="alpha",kind="inserted"}')).toBe(2)
    expect(samples.get('breachwire_polls_total')).toBe(1)
    expect(samples.get('breachwire_poll_duration_seconds_sum')).toBe(42)
    expect(samples.get('breachwire_items_stored')).toBe(2)
    expect(samples.get('breachwire_source_last_success_timestamp_seconds{source="alpha"}')).toBe(
      Date.parse('2026-03-10T11:00:00.000Z') / 1000,
    )
    expect(samples.has('breachwire_source_last_success_timestamp_seconds{source="beta"}')).toBe(false)
    expect(samples.get('breachwire_source_consecutive_failures{source="beta"}')).toBe(3)
    // Requests are labelled by route pattern, not by raw URL.
    expect(samples.get('breachwire_http_request_duration_seconds_count{route="/api/items",method="GET",status="200"}')).toBe(2)
  })

  it('turns an unexpected fault into a 500 "internal error" with the stack only in the log', async () => {
    const broken = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'listItems')
          return () => {
            throw new Error('boom in /srv/breachwire/secret.db')
          }
        return Reflect.get(target, prop, receiver) as unknown
      },
    })
    const lines: string[] = []
    setLogLevel('error')
    const previous = setLogSink((line) => lines.push(line))
    const app = await startApp(broken, makeConfig([makeSource({ id: 'alpha' })]))
    try {
      const res = await send(app.base, '/api/items')
      expect(res.status).toBe(500)
      expect(json(res)).toEqual({ error: 'internal error' })
      expect(res.text).not.toContain('secret')
      const logged = lines.map((line) => JSON.parse(line) as { msg: string; stack?: string })
      expect(logged.some((entry) => entry.stack?.includes('boom in /srv/breachwire/secret.db'))).toBe(true)
    } finally {
      setLogSink(previous)
      setLogLevel('silent')
      await app.close()
    }
  })

  it('/healthz answers 503 once the database is closed, and /metrics still answers', async () => {
    const closing = await makeStore(['alpha'])
    const app = await startApp(closing, makeConfig([makeSource({ id: 'alpha' })]), { metrics: createMetrics({ defaultMetrics: false }) })
    try {
      expect((await send(app.base, '/healthz')).status).toBe(200)
      await closing.close()
      const res = await send(app.base, '/healthz')
      expect(res.status).toBe(503)
      expect(json(res)).toEqual({ ok: false, error: 'database unavailable' })
      const scraped = await send(app.base, '/metrics')
      expect(scraped.status).toBe(200)
      parsePrometheusText(scraped.text)
      // Feeds fail cleanly too: a JSON error, no stack.
      const feed = await send(app.base, '/feed.xml')
      expect(feed.status).toBeGreaterThanOrEqual(500)
      expect(Object.keys(json(feed))).toEqual(['error'])
    } finally {
      await app.close()
    }
  })

  it('serves the default process metrics when asked to', async () => {
    const text = await createMetrics().registry.metrics()
    expect(parsePrometheusText(text).has('process_cpu_user_seconds_total')).toBe(true)
  })
})
