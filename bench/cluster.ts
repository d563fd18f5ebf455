// Cluster: one PostgreSQL database (a throwaway one, pg-database.ts), 3 `breachwire start --role
// poller` processes and 2 `--role web` ones (the built CLI, dist/cli.js), ~2,000 loopback feeds
// that gain an item every cycle (cluster-feeds.ts logs every fetch with its cycle and poller).
// Cycles follow the pollers' cron schedule (every cycleMs); the script disturbs some of them:
//   cycle 0  start-up pass                cycle 1  kill -9 the busiest poller mid-pass
//   cycle 2  it is restarted (as p3)      cycle 3  SIGSTOP the busiest live poller mid-pass
//   cycle 4  SIGCONT it 8 s in            cycle 5  visibility of new items on both web servers
// (the busiest: whichever has made the most fetches of the cycle once 5 are made; which poller
// wins the claims is up to the database, so the victim is picked, not fixed)
//   cycle 6  the last pass, then every source's items are checked against the feeds
// and checks: every feed fetched exactly once per cycle, except the disturbed poller's (fetched
// twice, or not at all in the cycle it was disturbed and then by the others after its lease ran
// out); late writes of the paused poller refused (its log); no item lost or duplicated; new items
// on both web servers within 1 s of commit. Then the labeled story set is ingested by 3
// concurrent stores on PostgreSQL and scored against serial ingestion on SQLite.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import pg from 'pg'
import { repoDir } from './child.js'
import { type ClusterFeeds, type FetchRecord, startClusterFeeds } from './cluster-feeds.js'
import { runConcurrentStoryEval } from './cluster-stories.js'
import { benchServerUrl, createBenchDatabase } from './pg-database.js'
import type { BenchOptions, BenchResult, ResultRow } from './report.js'
import { formatNumber, median } from './stats.js'

const cli = join(repoDir, 'dist', 'cli.js')
/** Request timeout of the pollers: a lease lasts 3 × this (12 s), renewed every 4 s. */
const TIMEOUT_SECONDS = 4
const LEASE_MS = 3 * TIMEOUT_SECONDS * 1000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** Builds dist/ when any source file is newer than dist/cli.js. */
function ensureBuilt(log: (line: string) => void): void {
  if (existsSync(cli) && statSync(cli).mtimeMs >= newestMtime(join(repoDir, 'src'))) return
  log('cluster: building dist/ (tsc)')
  const built = spawnSync(join(repoDir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--noEmitOnError', 'false'], {
    cwd: repoDir,
    encoding: 'utf8',
  })
  // Emitted despite type errors (another area's, mid-change): the run can go on, but say so.
  if (built.status !== 0) log(`cluster: tsc reported errors (dist/ emitted anyway): ${built.stdout.split('\n')[0]}`)
  if (!existsSync(cli)) throw new Error(`bench: the build failed: ${built.stdout}${built.stderr}`)
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

interface Proc {
  name: string
  child: ChildProcess
  logPath: string
}

function startProcess(name: string, args: string[], databaseUrl: string, workDir: string): Proc {
  const logPath = join(workDir, `cluster-${name}.log`)
  const fd = openSync(logPath, 'a')
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: repoDir,
    env: {
      ...process.env,
      BREACHWIRE_DATABASE_URL: databaseUrl,
      BREACHWIRE_LOG: 'info',
      BREACHWIRE_LOG_FORMAT: 'json',
      BREACHWIRE_RATE_LIMIT: 'off',
    },
    stdio: ['ignore', fd, fd],
  })
  closeSync(fd)
  return { name, child, logPath }
}

async function stopProcess(proc: Proc): Promise<void> {
  const { child } = proc
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGCONT')
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 12_000).unref()
  })
}

function writePollerConfig(path: string, feedsPort: number, feeds: number, cycleMs: number, poller: string): void {
  const config = {
    settings: {
      schedule: `*/${cycleMs / 1000} * * * * *`,
      concurrency: 16,
      perHostConcurrency: 16,
      timeoutSeconds: TIMEOUT_SECONDS,
      retentionDays: 0,
      allowPrivateNetworks: true,
      userAgent: `breachwire-bench ${poller}`,
    },
    sources: Array.from({ length: feeds }, (_, i) => ({ id: `c${i}`, url: `http://127.0.0.1:${feedsPort}/c/${i}` })),
  }
  writeFileSync(path, JSON.stringify(config))
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`bench: cluster: timed out waiting for ${what}`)
    await sleep(100)
  }
}

async function isHealthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200
  } catch {
    return false
  }
}

/** Per cycle: how each feed was fetched, and whether that is allowed for the disturbed poller. */
interface CycleCheck {
  cycle: number
  once: number
  twice: number
  missed: number
  /** Fetches the rules do not allow: more than once with no disturbed poller among them, or missed in an undisturbed cycle. */
  violations: string[]
}

function checkCycle(log: FetchRecord[], cycle: number, k: number, feeds: number, disturbed: string | undefined): CycleCheck {
  const byFeed = new Map<number, string[]>()
  for (const r of log) if (r.cycle === cycle) byFeed.set(r.feed, [...(byFeed.get(r.feed) ?? []), r.poller])
  const result: CycleCheck = { cycle: k, once: 0, twice: 0, missed: 0, violations: [] }
  for (let feed = 0; feed < feeds; feed++) {
    const pollers = byFeed.get(feed) ?? []
    if (pollers.length === 1) result.once++
    else if (pollers.length === 0) {
      result.missed++
      if (disturbed === undefined) result.violations.push(`c${feed}: not fetched`)
    } else {
      result.twice += pollers.length === 2 ? 1 : 0
      if (pollers.length > 2 || disturbed === undefined || !pollers.includes(disturbed)) {
        result.violations.push(`c${feed}: fetched by ${pollers.join(', ')}`)
      }
    }
  }
  return result
}

async function readLeases(db: pg.Client): Promise<Map<string, number>> {
  const rows = await db.query<{ id: string; lease_until: Date }>('select id, lease_until from sources where lease_until > now()')
  return new Map(rows.rows.map((r) => [r.id, r.lease_until.getTime()]))
}

/**
 * The leases a poller just killed or stopped holds: those held now and, 5 s later, neither
 * released nor renewed (a live poller renews every 4 s or releases when its poll ends).
 */
async function heldLeases(db: pg.Client): Promise<{ id: string; leaseUntil: number }[]> {
  const now = await readLeases(db)
  await sleep(5000)
  const later = await readLeases(db)
  return [...now].filter(([id, until]) => later.get(id) === until).map(([id, leaseUntil]) => ({ id, leaseUntil }))
}

/** Sources without a successful poll since `since` (ISO). */
async function countUnpolledSince(db: pg.Client, since: string): Promise<number> {
  const rows = await db.query<{ n: number }>(
    'select count(*)::integer as n from sources where last_success_at is null or last_success_at < $1',
    [since],
  )
  return rows.rows[0]?.n ?? 0
}

/** For each lease: the first fetch of its feed by another poller after `after`, and whether it came once the lease had run out. */
function takeovers(log: FetchRecord[], leases: { id: string; leaseUntil: number }[], holder: string, after: number) {
  return leases.map((lease) => {
    const next = log.find((r) => `c${r.feed}` === lease.id && r.poller !== holder && r.at > after)
    return { id: lease.id, leaseUntil: lease.leaseUntil, at: next?.at ?? null, poller: next?.poller ?? null }
  })
}

interface Visibility {
  lagsMs: number[]
  missing: number
}

/** Watches three feeds' newest item: when the database has it, and when each web server lists it. */
async function measureVisibility(
  db: pg.Client,
  webPorts: number[],
  feedsServer: ClusterFeeds,
  feeds: number,
  cycle: number,
  cycleMs: number,
): Promise<Visibility> {
  const watched = [0, Math.floor(feeds / 2), feeds - 1]
  const guids = watched.map((f) => `c${f}-${feedsServer.itemCount(cycle) - 1}`)
  const committedAt = new Map<string, number>()
  const seenAt = new Map<string, number>()
  const until = (cycle + 1) * cycleMs - 500
  while (Date.now() < until && seenAt.size < guids.length * webPorts.length) {
    const t = Date.now()
    const rows = await db.query<{ guid: string }>('select guid from items where guid = any($1::text[])', [guids])
    for (const { guid } of rows.rows) if (!committedAt.has(guid)) committedAt.set(guid, t)
    await Promise.all(
      webPorts.flatMap((port) =>
        watched.map(async (feed, i) => {
          const key = `${port} ${guids[i]}`
          if (seenAt.has(key)) return
          const response = await fetch(`http://127.0.0.1:${port}/api/items?source=c${feed}&limit=1`)
          const body = (await response.json()) as { items: { guid: string | null }[] }
          if (body.items[0]?.guid === guids[i]) seenAt.set(key, Date.now())
        }),
      ),
    )
    await sleep(Math.max(0, 100 - (Date.now() - t)))
  }
  const lagsMs: number[] = []
  for (const [key, at] of seenAt) {
    const committed = committedAt.get(key.split(' ')[1]!)
    // Seen on a web server in the same round the database showed it: lag within one round.
    lagsMs.push(committed === undefined ? 0 : Math.max(0, at - committed))
  }
  return { lagsMs, missing: guids.length * webPorts.length - seenAt.size }
}

/** Every source's items against what the feed listed in `cycle`: none missing, none twice. */
async function checkItems(
  db: pg.Client,
  feedsServer: ClusterFeeds,
  feeds: number,
  cycle: number,
): Promise<{ expected: number; stored: number; lost: number; duplicated: number; unexpected: number }> {
  const rows = await db.query<{ guid: string; source_id: string }>('select guid, source_id from items')
  const expectedPerFeed = feedsServer.itemCount(cycle)
  const seen = new Set<string>()
  let duplicated = 0
  let unexpected = 0
  for (const { guid, source_id } of rows.rows) {
    const match = /^c(\d+)-(\d+)$/.exec(guid)
    if (match === null || `c${match[1]}` !== source_id || Number(match[2]) >= expectedPerFeed) unexpected++
    if (seen.has(guid)) duplicated++
    seen.add(guid)
  }
  const expected = feeds * expectedPerFeed
  let lost = 0
  for (let f = 0; f < feeds; f++) for (let j = 0; j < expectedPerFeed; j++) if (!seen.has(`c${f}-${j}`)) lost++
  return { expected, stored: rows.rows.length, lost, duplicated, unexpected }
}

function countLines(path: string, pattern: RegExp): number {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => pattern.test(line)).length
}

export async function runClusterBench(opts: BenchOptions): Promise<BenchResult> {
  const serverUrl = benchServerUrl()
  if (serverUrl === undefined) {
    return {
      rows: [
        {
          bench: 'cluster',
          name: 'cluster',
          value: 'skipped',
          versus: 'set BREACHWIRE_BENCH_DATABASE_URL or BREACHWIRE_TEST_DATABASE_URL',
        },
      ],
      raw: {},
      notes: [],
    }
  }
  const feeds = opts.feeds ?? (opts.quick ? 300 : 2000)
  // A pass over 2,000 feeds must fit in a cycle with room for the disturbances.
  const cycleMs = feeds > 600 ? 60_000 : 30_000
  ensureBuilt(opts.log)
  const db = await createBenchDatabase(serverUrl, 'cluster')
  const procs: Proc[] = []
  const feedsServer = await startClusterFeeds(feeds, cycleMs)
  const client = new pg.Client({ connectionString: db.url })
  try {
    const migrate = spawnSync(process.execPath, [cli, 'migrate', '--database-url', db.url], { cwd: repoDir, encoding: 'utf8' })
    if (migrate.status !== 0) throw new Error(`bench: migrate failed: ${migrate.stderr}`)
    await client.connect()
    const configOf = (poller: string) => {
      const path = join(opts.workDir, `cluster-${poller}.json`)
      writePollerConfig(path, feedsServer.port, feeds, cycleMs, poller)
      return path
    }
    const webPorts = [await freePort(), await freePort()]
    for (const [i, port] of webPorts.entries()) {
      procs.push(
        startProcess(
          `web${i}`,
          ['start', '--role', 'web', '--workers', '1', '--port', String(port), '--config', configOf(`w${i}`)],
          db.url,
          opts.workDir,
        ),
      )
    }
    await waitFor(async () => (await Promise.all(webPorts.map(isHealthy))).every(Boolean), 60_000, 'the web servers')
    const startPoller = (name: string) => {
      const proc = startProcess(name, ['start', '--role', 'poller', '--config', configOf(name)], db.url, opts.workDir)
      procs.push(proc)
      return proc
    }
    // The pollers' start-up pass is not counted (they start seconds apart on a loaded machine):
    // cycle 0 is the first tick after all three are running.
    const pollers = ['p0', 'p1', 'p2'].map(startPoller)
    await waitFor(() => pollers.every((p) => countLines(p.logPath, /Scheduler started/) > 0), 120_000, 'the pollers to start')
    const before = feedsServer.cycle()
    await waitFor(() => feedsServer.cycle() > before, cycleMs + 1000, 'a cycle boundary')
    const c0 = feedsServer.cycle()
    feedsServer.begin()
    opts.log(`cluster: ${feeds} feeds, cycles of ${cycleMs / 1000} s, 3 pollers + 2 web servers on PostgreSQL`)
    const fetchesIn = (cycle: number) => feedsServer.log.filter((r) => r.cycle === cycle).length
    const busiest = (cycle: number, among: Proc[]): Proc => {
      const count = (p: Proc) => feedsServer.log.filter((r) => r.cycle === cycle && r.poller === p.name).length
      return among.reduce((best, p) => (count(p) > count(best) ? p : best))
    }
    const cycleStart = (k: number) => new Date((c0 + k) * cycleMs).toISOString()
    const untilCycle = (k: number) => waitFor(() => feedsServer.cycle() >= c0 + k, 2 * cycleMs, `cycle ${k}`)
    const passTimes: number[] = []
    const lastFetchIn = (cycle: number) => Math.max(...feedsServer.log.filter((r) => r.cycle === cycle).map((r) => r.at)) - cycle * cycleMs

    // Cycle 1: kill -9 the busiest poller mid-pass.
    await untilCycle(1)
    passTimes.push(lastFetchIn(c0))
    await waitFor(() => fetchesIn(c0 + 1) >= 5, cycleMs / 2, 'fetches in cycle 1')
    const killed = busiest(c0 + 1, pollers)
    const killedAt = Date.now()
    killed.child.kill('SIGKILL')
    const orphans = await heldLeases(client)
    opts.log(`cluster: cycle 1: killed ${killed.name} (kill -9) after ${fetchesIn(c0 + 1)} fetches; ${orphans.length} leases held`)

    // Cycle 2: what the killed poller held is due again; it comes back as p3.
    await untilCycle(2)
    startPoller('p3')
    await untilCycle(3)
    passTimes.push(lastFetchIn(c0 + 2))

    // Cycle 3: SIGSTOP the busiest live poller mid-pass; SIGCONT 8 s into cycle 4.
    await waitFor(() => fetchesIn(c0 + 3) >= 5, cycleMs / 2, 'fetches in cycle 3')
    const stopped = busiest(
      c0 + 3,
      procs.filter((p) => p.name.startsWith('p') && p !== killed),
    )
    const stoppedAt = Date.now()
    stopped.child.kill('SIGSTOP')
    const paused = await heldLeases(client)
    opts.log(`cluster: cycle 3: SIGSTOP ${stopped.name} after ${fetchesIn(c0 + 3)} fetches; ${paused.length} leases held`)
    await untilCycle(4)
    await sleep(8000)
    stopped.child.kill('SIGCONT')
    const pausedMs = Date.now() - stoppedAt
    opts.log(`cluster: cycle 4: SIGCONT ${stopped.name} after ${formatNumber(pausedMs / 1000, 1)} s stopped (lease ${LEASE_MS / 1000} s)`)

    // Cycle 5: new items on both web servers; cycle 6: the last pass.
    await untilCycle(5)
    passTimes.push(lastFetchIn(c0 + 4))
    const visibility = await measureVisibility(client, webPorts, feedsServer, feeds, c0 + 5, cycleMs)
    await untilCycle(6)
    passTimes.push(lastFetchIn(c0 + 5))
    // Not fatal: a source left unpolled shows in the item check below.
    await waitFor(async () => (await countUnpolledSince(client, cycleStart(6))) === 0, cycleMs, 'the last pass').catch(() => {})
    passTimes.push(lastFetchIn(c0 + 6))
    const items = await checkItems(client, feedsServer, feeds, c0 + 6)
    await Promise.all(procs.map(stopProcess))

    const disturbedBy: Record<number, string> = { 1: killed.name, 3: stopped.name, 4: stopped.name }
    const cycles = Array.from({ length: 7 }, (_, k) => checkCycle(feedsServer.log, c0 + k, k, feeds, disturbedBy[k]))
    const refusedWrites = countLines(stopped.logPath, /Source poll failed.*taken over/)
    const lostLeases = countLines(stopped.logPath, /lease was taken over/)
    const orphanTakeovers = takeovers(feedsServer.log, orphans, killed.name, killedAt)
    const pausedTakeovers = takeovers(feedsServer.log, paused, stopped.name, stoppedAt)
    const refetchedAfterLease = (list: typeof orphanTakeovers) => list.filter((o) => o.at !== null && o.at >= o.leaseUntil).length

    opts.log('cluster: the labeled story set through 3 concurrent pollers')
    const stories = await runConcurrentStoryEval(serverUrl, 3)

    const violations = cycles.flatMap((c) => c.violations.map((v) => `cycle ${c.cycle}: ${v}`))
    const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(values.length * 0.99) - 1)] ?? Number.NaN
    const rows: ResultRow[] = [
      {
        bench: 'cluster',
        name: `fetches per feed per cycle (${feeds} feeds, 7 cycles)`,
        value: cycles.map((c) => `${c.cycle}:${c.once}/${c.twice}/${c.missed}`).join(' '),
        versus: `once/twice/missed per cycle; ${violations.length} not allowed${violations.length > 0 ? ` (${violations.slice(0, 3).join('; ')})` : ''}`,
        met: violations.length === 0,
      },
      {
        bench: 'cluster',
        name: `kill -9 ${killed.name}: the leases held at the kill`,
        value: `${refetchedAfterLease(orphanTakeovers)}/${orphans.length} taken over`,
        versus: 'each fetched by another poller only once its lease had run out',
        met: orphans.length > 0 && refetchedAfterLease(orphanTakeovers) === orphans.length,
      },
      {
        bench: 'cluster',
        name: `SIGSTOP ${stopped.name} ${formatNumber(pausedMs / 1000, 1)} s, then SIGCONT`,
        value: `${refusedWrites} late writes refused`,
        versus: `${refetchedAfterLease(pausedTakeovers)}/${paused.length} leases held at the stop taken over after they ran out; ${lostLeases} lost leases logged by the resumed poller`,
        met: refusedWrites > 0 && refetchedAfterLease(pausedTakeovers) === paused.length,
      },
      {
        bench: 'cluster',
        name: 'items after the run',
        value: `${formatNumber(items.stored)} stored`,
        versus: `${formatNumber(items.expected)} expected; lost ${items.lost}, duplicated ${items.duplicated}, unexpected ${items.unexpected}`,
        met: items.lost === 0 && items.duplicated === 0 && items.unexpected === 0 && items.stored === items.expected,
      },
      {
        bench: 'cluster',
        name: 'new item visible on both web servers',
        value: `max ${formatNumber(Math.max(...visibility.lagsMs))} ms`,
        versus: `median ${formatNumber(median(visibility.lagsMs))} ms after the commit (100 ms polling), ${visibility.lagsMs.length} sightings, ${visibility.missing} missing (target < 1 s)`,
        met: visibility.missing === 0 && Math.max(...visibility.lagsMs) < 1000,
      },
      {
        bench: 'cluster',
        name: 'stories: 3 concurrent pollers vs serial',
        value: `F1 ${stories.concurrent.toFixed(4)}`,
        versus: `serial ${stories.serial.toFixed(4)}; difference ${Math.abs(stories.concurrent - stories.serial).toFixed(4)} (target ≤ 0.01)`,
        met: Math.abs(stories.concurrent - stories.serial) <= 0.01,
      },
      {
        bench: 'cluster',
        name: 'pass length',
        value: `median ${formatNumber(median(passTimes) / 1000, 1)} s`,
        versus: `last fetch after the tick, in a ${cycleMs / 1000} s cycle; p99 of the web lags ${formatNumber(p99(visibility.lagsMs))} ms`,
      },
    ]
    return {
      rows,
      raw: {
        feeds,
        cycleMs,
        leaseMs: LEASE_MS,
        cycles,
        orphans: orphanTakeovers,
        paused: pausedTakeovers,
        refusedWrites,
        lostLeases,
        items,
        visibility,
        stories,
        passTimes,
      },
      notes: [
        `cluster: ${feeds} loopback feeds${feeds < 2000 ? ' (scaled down with --feeds)' : ''}, cycles of ${cycleMs / 1000} s (cron every ${cycleMs / 1000} s), leases ${LEASE_MS / 1000} s; the feed server runs in the bench process and logs every fetch with its poller (User-Agent); "twice" and "missed" are allowed only for the killed or paused poller's sources in the cycles it was disturbed`,
      ],
    }
  } finally {
    await Promise.all(procs.map(stopProcess))
    await client.end().catch(() => {})
    await feedsServer.close()
    await db.drop()
  }
}
