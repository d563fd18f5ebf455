// Serving: 100,000 items from 200 sources in a file database; the real app in a child process,
// loaded by autocannon from this process (50 connections) route by route, then the baseline: a
// plain node:http server returning the same /feed.xml bytes from memory, in its own process.
// On 2 cores the load generator and the server share the machine; both sides of every ratio do.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { openStore } from '../src/store/index.js'
import { startChild } from './child.js'
import { fillStore } from './fill-store.js'
import type { BenchOptions, BenchResult, ResultRow } from './report.js'
import { formatNumber, formatRatio, median } from './stats.js'

interface LoadFigures {
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}

const routes = ['/', '/feed.xml', '/api/items', '/search?q=ransomware'] as const

async function load(url: string, seconds: number): Promise<LoadFigures> {
  const result = await autocannon({ url, connections: 50, duration: seconds })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}

async function warmUp(url: string): Promise<{ status: number; body: Buffer; contentType: string }> {
  const response = await fetch(url)
  return {
    status: response.status,
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? '',
  }
}

export async function runServeBench(opts: BenchOptions): Promise<BenchResult> {
  const sources = 200
  const perSource = opts.quick ? 100 : 500
  const seconds = opts.quick ? 3 : 6
  const rounds = 3
  const dbPath = join(opts.workDir, 'serve.db')
  opts.log(`serve: filling ${formatNumber(sources * perSource)} items from ${sources} sources`)
  const fillStart = performance.now()
  const store = openStore(dbPath)
  try {
    await fillStore(store, { seed: opts.seed, sources, itemsPerSource: perSource, sentences: [4, 14], spacingMinutes: 180 })
  } finally {
    await store.close()
  }
  const fillMs = performance.now() - fillStart

  const app = await startChild<{ port: number }>('serve-app.ts', [dbPath, String(sources)])
  const byRoute = new Map<string, LoadFigures[]>()
  const baseline: LoadFigures[] = []
  let feedBytes = 0
  try {
    const base = `http://127.0.0.1:${app.ready.port}`
    const warm = await Promise.all(routes.map((route) => warmUp(base + route)))
    const bad = warm.findIndex((w) => w.status !== 200)
    if (bad !== -1) throw new Error(`bench: ${routes[bad]} answered ${warm[bad]?.status}`)
    const feed = warm[1]!
    feedBytes = feed.body.length
    const bodyFile = join(opts.workDir, 'feed.xml')
    writeFileSync(bodyFile, feed.body)
    const plain = await startChild<{ port: number }>('baseline-server.ts', [bodyFile, feed.contentType])
    try {
      // Rounds interleave the routes and the baseline, so drift in the machine's load hits all alike.
      for (let round = 0; round < rounds; round++) {
        for (const route of routes) {
          opts.log(`serve: round ${round + 1}/${rounds} ${route}`)
          const list = byRoute.get(route) ?? []
          list.push(await load(base + route, seconds))
          byRoute.set(route, list)
        }
        opts.log(`serve: round ${round + 1}/${rounds} baseline`)
        baseline.push(await load(`http://127.0.0.1:${plain.ready.port}/feed.xml`, seconds))
      }
    } finally {
      await plain.stop()
    }
  } finally {
    await app.stop()
  }

  const med = (list: LoadFigures[], key: keyof LoadFigures) => median(list.map((f) => f[key]))
  const baseRps = med(baseline, 'rps')
  const rows: ResultRow[] = [
    {
      bench: 'serve',
      name: 'baseline: node:http, same /feed.xml bytes from memory',
      value: `${formatNumber(baseRps)} req/s, p50 ${med(baseline, 'p50')} ms, p99 ${med(baseline, 'p99')} ms`,
      versus: '1.00× baseline',
    },
  ]
  for (const route of routes) {
    const list = byRoute.get(route) ?? []
    const rps = med(list, 'rps')
    const p99 = med(list, 'p99')
    const failures = list.reduce((sum, f) => sum + f.non2xx + f.errors, 0)
    const target = route === '/' || route === '/feed.xml' ? ' (≥ 0.50×)' : ''
    const row: ResultRow = {
      bench: 'serve',
      name: `GET ${route}`,
      value: `${formatNumber(rps)} req/s, p50 ${med(list, 'p50')} ms, p99 ${p99} ms`,
      versus: `${formatRatio(rps / baseRps)} baseline${target}${route.startsWith('/search') ? '; p99 < 50 ms' : ''}${failures > 0 ? `; ${failures} non-2xx/errors` : ''}`,
    }
    if (target !== '') row.met = rps >= 0.5 * baseRps && failures === 0
    if (route.startsWith('/search')) row.met = p99 < 50 && failures === 0
    rows.push(row)
  }
  return {
    rows,
    raw: {
      sources,
      items: sources * perSource,
      fillMs,
      seconds,
      connections: 50,
      feedBytes,
      baseline,
      routes: Object.fromEntries(byRoute),
    },
    notes: [
      `serve: ${formatNumber(sources * perSource)} items from ${sources} sources (filled through store.upsertItems in ${formatNumber(fillMs / 1000, 1)} s); autocannon, 50 connections, ${seconds} s per route, ${rounds} interleaved rounds; the app and the baseline each run in a child process, autocannon in the parent (2 cores shared); /feed.xml body ${formatNumber(feedBytes / 1024, 1)} KiB, no Accept-Encoding`,
    ],
  }
}
