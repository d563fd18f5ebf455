// Prometheus metrics (prom-client) for the poller and the web server, in one registry per app.
// Counters and histograms are fed by recordOutcome/recordPoll/observeRequest; the gauges that
// describe stored data (items, per-source last success) are read from the store at scrape time
// (prom-client awaits an async collect()).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import { log } from '../lib/log.js'
import type { PollReport, SourceOutcome, Store } from '../types.js'

export interface Metrics {
  registry: Registry
  /** One source's fetch in a poll. */
  recordOutcome(outcome: SourceOutcome): void
  /** A whole poll pass (call once per pass; recordOutcome is called per source separately). */
  recordPoll(report: PollReport): void
  /** One HTTP answer: route pattern (not the raw path), method, status, duration. */
  observeRequest(route: string, method: string, status: number, seconds: number): void
  /** The store the scrape-time gauges read; the latest call wins. */
  watchStore(store: Store): void
}

export interface MetricsOptions {
  store?: Store
  /** Node process metrics (CPU, memory, event loop); default true. */
  defaultMetrics?: boolean
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry()
  let store: Store | undefined = opts.store
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry })

  const fetchOutcomes = new Counter({
    name: 'breachwire_fetch_outcomes_total',
    help: 'Source fetches by source, result (new, updated, unchanged, failed) and HTTP status ("none" without a response).',
    labelNames: ['source', 'result', 'status'] as const,
    registers: [registry],
  })
  const fetchDuration = new Histogram({
    name: 'breachwire_fetch_duration_seconds',
    help: 'Time to fetch, parse and store one source.',
    labelNames: ['result'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 60],
    registers: [registry],
  })
  const itemsWritten = new Counter({
    name: 'breachwire_items_written_total',
    help: 'Items handled per source: inserted, updated, unchanged or dropped as unusable.',
    labelNames: ['source', 'kind'] as const,
    registers: [registry],
  })
  const polls = new Counter({
    name: 'breachwire_polls_total',
    help: 'Completed poll passes.',
    registers: [registry],
  })
  const pollDuration = new Histogram({
    name: 'breachwire_poll_duration_seconds',
    help: 'Duration of one poll pass over its sources.',
    buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  })
  const lastPoll = new Gauge({
    name: 'breachwire_last_poll_timestamp_seconds',
    help: 'When the last poll pass finished (Unix time).',
    registers: [registry],
  })
  const httpDuration = new Histogram({
    name: 'breachwire_http_request_duration_seconds',
    help: 'HTTP answers by route pattern, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })

  new Gauge({
    name: 'breachwire_items_stored',
    help: 'Items in the database.',
    registers: [registry],
    async collect() {
      const count = await readFromStore('items stored', (s) => s.countItems())
      if (count !== undefined) this.set(count)
    },
  })
  new Gauge({
    name: 'breachwire_source_last_success_timestamp_seconds',
    help: 'When each source was last fetched successfully (Unix time); absent when never.',
    labelNames: ['source'] as const,
    registers: [registry],
    async collect() {
      const sources = await readFromStore('source states', (s) => s.listSources())
      if (sources === undefined) return
      this.reset()
      for (const source of sources) {
        const at = source.lastSuccessAt ? Date.parse(source.lastSuccessAt) : Number.NaN
        if (Number.isFinite(at)) this.set({ source: source.id }, at / 1000)
      }
    },
  })
  new Gauge({
    name: 'breachwire_source_consecutive_failures',
    help: 'Failed fetches in a row per configured source.',
    labelNames: ['source'] as const,
    registers: [registry],
    async collect() {
      const sources = await readFromStore('source states', (s) => s.listSources())
      if (sources === undefined) return
      this.reset()
      for (const source of sources) if (source.inConfig) this.set({ source: source.id }, source.consecutiveFailures)
    },
  })

  new Gauge({
    name: 'breachwire_watch_alerts',
    help: 'Per watch: reports matched, and alert deliveries sent, pending and failed (state label).',
    labelNames: ['watch', 'state'] as const,
    registers: [registry],
    async collect() {
      const stats = await readFromStore('watch stats', (s) => s.alerts.watchStats())
      if (stats === undefined) return
      this.reset()
      for (const w of stats) {
        for (const state of ['matches', 'sent', 'pending', 'failed'] as const) this.set({ watch: w.watchId, state }, w[state])
      }
    },
  })

  async function readFromStore<T>(what: string, read: (s: Store) => Promise<T>): Promise<T | undefined> {
    if (store === undefined) return undefined
    try {
      return await read(store)
    } catch (err) {
      // A scrape must still answer when the database does not; /healthz reports the outage.
      log.warn('Metrics could not read the store', { what, error: err instanceof Error ? err.message : String(err) })
      return undefined
    }
  }

  return {
    registry,
    recordOutcome(outcome) {
      const status = outcome.status === null ? 'none' : String(outcome.status)
      fetchOutcomes.inc({ source: outcome.sourceId, result: outcome.result, status })
      fetchDuration.observe({ result: outcome.result }, Math.max(0, outcome.durationMs) / 1000)
      const { inserted, updated, unchanged, dropped } = outcome.counts
      for (const [kind, n] of [
        ['inserted', inserted],
        ['updated', updated],
        ['unchanged', unchanged],
        ['dropped', dropped],
      ] as const) {
        if (n > 0) itemsWritten.inc({ source: outcome.sourceId, kind }, n)
      }
    },
    recordPoll(report) {
      polls.inc()
      const started = Date.parse(report.startedAt)
      const finished = Date.parse(report.finishedAt)
      if (Number.isFinite(started) && Number.isFinite(finished)) pollDuration.observe(Math.max(0, finished - started) / 1000)
      if (Number.isFinite(finished)) lastPoll.set(finished / 1000)
    },
    observeRequest(route, method, status, seconds) {
      const m = KNOWN_METHODS.has(method) ? method : 'OTHER'
      httpDuration.observe({ route, method: m, status: String(status) }, seconds)
    },
    watchStore(next) {
      store = next
    },
  }
}
