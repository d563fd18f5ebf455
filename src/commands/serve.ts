// breachwire serve: the web server only, reading the database another process (poll, start)
// writes, read-only. Without a database it refuses to start: an empty one would report healthy
// while nothing fills it. --workers N (default: the cores) runs N web processes on one port
// (server/workers.ts): this process checks the config and the database, forks, and supervises.
import cluster from 'node:cluster'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolvePublicUrlOption, watchConfig } from '../config/index.js'
import { describeError } from '../errors.js'
import { log } from '../lib/log.js'
import { createApp } from '../server/index.js'
import { startWorkerPool, waitForPrimaryShutdown } from '../server/workers.js'
import { openStoreFromOptions } from '../store/index.js'
import type { AppConfig, Store } from '../types.js'
import type { CliContext, Command } from './command.js'
import { closeServer, listen, loadConfigOrReport, logFormatHelp, waitForShutdownSignal } from './shared.js'

const maxWorkers = 256
/** How long a worker may take to finish its requests once asked to stop. */
const workerGraceMs = 5000

export const publicUrlHelp = `--public-url URL   the base of every absolute URL the server writes (feeds' self
                   links, OPML), e.g. https://news.example (env BREACHWIRE_PUBLIC_URL, else
                   settings.publicUrl; default: the address it listens on, never the
                   request's Host header).`

export const workersHelp = `--workers N   web processes sharing the port (default: the number of cores). Each
              worker answers requests on its own; one that dies is replaced after a
              back-off. The answer's X-Breachwire-Worker header names the worker.`

export const serveCommand: Command = {
  summary: 'web server only',
  usage: 'serve [--config F] [--db F] [--port N] [--host H] [--public-url URL] [--workers N] [--log-format human|json]',
  help: `Serves the pages, feeds and API from the database without polling (run "poll" from
cron, or use "start" instead). The database must exist (poll or start creates it). Edits to
feeds.json are picked up without a restart.

${publicUrlHelp}

${workersHelp}

${logFormatHelp}`,
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'public-url': { type: 'string' },
    workers: { type: 'string' },
    'log-format': { type: 'string' },
  },
  async run(ctx) {
    const config = loadConfigOrReport(ctx)
    if (config === null) return 1
    const workers = parseWorkers(ctx)
    if (typeof workers === 'string') {
      ctx.stderr.write(`breachwire ${ctx.command}: ${workers}\n`)
      return 1
    }
    if (ctx.databaseUrl === undefined && ctx.dbPath !== ':memory:' && !existsSync(ctx.dbPath)) {
      ctx.stderr.write(
        `breachwire ${ctx.command}: no database at ${ctx.dbPath}; run \`breachwire poll\` or \`breachwire start\` first, or pass --db\n`,
      )
      return 1
    }
    const store = await openStoreFromOptions(ctx, { readonly: ctx.dbPath !== ':memory:' })
    // Each worker opens its own store; one in-memory database per worker would be N different ones.
    const inMemory = ctx.databaseUrl === undefined && ctx.dbPath === ':memory:'
    if (cluster.isWorker || workers === 1 || inMemory) return serveInProcess(ctx, config, store)
    return superviseWorkers(ctx, store, workers)
  },
}

/** --workers as a count; a string explains a bad value. */
function parseWorkers(ctx: CliContext): number | string {
  const raw = ctx.values['workers']
  if (raw === undefined) return availableParallelism()
  const n = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN
  if (!(n >= 1 && n <= maxWorkers)) return `--workers: expected a whole number from 1 to ${maxWorkers}, got ${JSON.stringify(raw)}`
  return n
}

async function serveInProcess(ctx: CliContext, loaded: AppConfig, store: Store): Promise<number> {
  const publicUrl = resolvePublicUrlOption(ctx.values['public-url'], process.env['BREACHWIRE_PUBLIC_URL'])
  if ('error' in publicUrl) {
    await store.close()
    ctx.stderr.write(`breachwire ${ctx.command}: ${publicUrl.error}\n`)
    return 1
  }
  let config = loaded
  const stopWatching = watchConfig(
    ctx.configPath,
    (next) => {
      config = next
      log.info('Config reloaded', { sources: next.sources.length })
    },
    (err) => log.error('feeds.json edit refused; keeping the last good config', { error: describeError(err).message }),
  )
  const app = createApp({ store, getConfig: () => config, ...(publicUrl.url === undefined ? {} : { publicUrl: publicUrl.url }) })
  let listening: Awaited<ReturnType<typeof listen>>
  try {
    listening = await listen(app, ctx.port, ctx.host)
  } catch (err) {
    stopWatching()
    await store.close()
    ctx.stderr.write(`breachwire ${ctx.command}: cannot listen on ${ctx.host}:${ctx.port}: ${describeError(err).message}\n`)
    return 1
  }
  const worker = cluster.worker
  if (worker === undefined) {
    ctx.stdout.write(`breachwire: serving ${listening.url}\n`)
    log.info('Listening', { url: listening.url })
  } else {
    // Which process answered: what tells a client (or a test) the workers apart; an id, not a pid.
    listening.server.prependListener('request', (_req, res) => res.setHeader('X-Breachwire-Worker', String(worker.id)))
  }
  const reason = await Promise.race([waitForShutdownSignal(), ...(worker === undefined ? [] : [waitForPrimaryShutdown()])])
  log.info('Shutting down', { signal: reason })
  stopWatching()
  await closeServer(listening.server, 2000)
  await store.close()
  return 0
}

async function superviseWorkers(ctx: CliContext, store: Store, count: number): Promise<number> {
  // The workers run this same CLI file (dist/cli.js, or src/cli.ts under tsx) as `serve`, with the
  // settings this process resolved passed as environment (flags > env, so nothing is re-resolved).
  const cliFile = fileURLToPath(new URL(`../cli${extname(fileURLToPath(import.meta.url))}`, import.meta.url))
  const env: Record<string, string> = {
    BREACHWIRE_CONFIG: ctx.configPath,
    BREACHWIRE_DB: ctx.dbPath,
    PORT: String(ctx.port),
    HOST: ctx.host,
  }
  if (ctx.databaseUrl !== undefined) env['BREACHWIRE_DATABASE_URL'] = ctx.databaseUrl
  const logFormat = ctx.values['log-format']
  const pool = startWorkerPool({
    count,
    exec: cliFile,
    args: ['serve', ...(typeof logFormat === 'string' ? ['--log-format', logFormat] : [])],
    env,
    // The primary keeps its read-only store only for this: a worker is not replaced while the
    // database does not answer, since it would die the same way.
    beforeRestart: () => store.ping(),
  })
  const shutdown = waitForShutdownSignal()
  let address: { port: number } | null
  try {
    // null: a signal came before every worker listened.
    address = await Promise.race([pool.listening, shutdown.then(() => null)])
  } catch (err) {
    ctx.stderr.write(`breachwire ${ctx.command}: ${describeError(err).message}\n`)
    await pool.stop(workerGraceMs)
    await store.close()
    return 1
  }
  if (address !== null) {
    const shownHost = ctx.host.includes(':') ? `[${ctx.host}]` : ctx.host
    const url = `http://${shownHost}:${address.port}`
    ctx.stdout.write(`breachwire: serving ${url} (${count} workers)\n`)
    log.info('Listening', { url, workers: count })
  }
  const signal = await shutdown
  log.info('Shutting down', { signal, workers: count })
  await pool.stop(workerGraceMs)
  await store.close()
  return 0
}
