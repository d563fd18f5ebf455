// breachwire start: the scheduler and the web server on one store (what `npm start` runs).
// --role splits them for several processes on one database: web is `serve` (no scheduler, the
// store opened without migrating), poller is the scheduler without an HTTP listener.
// feeds.json edits apply live (an invalid edit is refused and logged; the last good config
// stays). SIGTERM/SIGINT: stop scheduling, give running fetches a bounded grace, close the
// server and the database, exit 0, all within 10 s.
import { startAlerts } from '../alerts/index.js'
import { resolvePublicUrlOption, watchConfig } from '../config/index.js'
import { describeError } from '../errors.js'
import { log } from '../lib/log.js'
import { startScheduler, summarizePass } from '../poller/index.js'
import { createApp, createMetrics } from '../server/index.js'
import { openStoreFromOptions } from '../store/index.js'
import type { AppConfig } from '../types.js'
import type { CliContext, Command } from './command.js'
import { publicUrlHelp, serveCommand } from './serve.js'
import { closeServer, listen, loadConfigOrReport, logFormatHelp, waitForShutdownSignal } from './shared.js'

/** How long running fetches may go on after a shutdown signal. */
const fetchGraceMs = 7000
/** After this, the process exits whatever is still pending. */
const hardDeadlineMs = 9500

const roles = ['all', 'poller', 'web'] as const
type Role = (typeof roles)[number]

export const startCommand: Command = {
  summary: 'scheduler + web server (what npm start runs)',
  usage:
    'start [--config F] [--db F] [--port N] [--host H] [--public-url URL] [--role all|poller|web] [--workers N] [--log-format human|json]',
  help: `Polls the sources of feeds.json on their schedules and serves the pages, feeds and API.
Edits to feeds.json take effect without a restart; an invalid edit is refused (logged) and the
last good config stays in use. SIGTERM or SIGINT stops it cleanly.

--role all|poller|web   what this process runs (default all: both). web serves only, like
                        "serve": no scheduler, and the store is opened without migrating
                        (read-only on SQLite). poller runs the scheduler only, no HTTP listener
                        (--port and --host are ignored). Run "migrate" first, or start a poller
                        first: it migrates.
${publicUrlHelp}
--workers N             with --role web only: web processes sharing the port (default:
                        the number of cores), as "serve --workers N".

${logFormatHelp}`,
  options: {
    role: { type: 'string' },
    workers: { type: 'string' },
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'public-url': { type: 'string' },
    'log-format': { type: 'string' },
  },
  async run(ctx) {
    const role = ctx.values['role'] ?? 'all'
    if (typeof role !== 'string' || !(roles as readonly string[]).includes(role)) {
      ctx.stderr.write(`breachwire start: --role: expected all, poller or web, got ${JSON.stringify(role)}\n`)
      return 1
    }
    if (role === 'web') return serveCommand.run(ctx)
    if (ctx.values['workers'] !== undefined) {
      ctx.stderr.write(`breachwire start: --workers: only with --role web (a poller or an all-in-one process is one process)\n`)
      return 1
    }
    return runScheduler(ctx, role as Exclude<Role, 'web'>)
  },
}

async function runScheduler(ctx: CliContext, role: 'all' | 'poller'): Promise<number> {
  const loaded = loadConfigOrReport(ctx)
  if (loaded === null) return 1
  const publicUrl = resolvePublicUrlOption(ctx.values['public-url'], process.env['BREACHWIRE_PUBLIC_URL'])
  if ('error' in publicUrl) {
    ctx.stderr.write(`breachwire start: ${publicUrl.error}\n`)
    return 1
  }
  let config: AppConfig = loaded
  const store = await openStoreFromOptions(ctx, { poller: role === 'all' ? 'start' : 'start --role poller' })
  const metrics = createMetrics({ store })
  let listening: Awaited<ReturnType<typeof listen>> | undefined
  if (role === 'all') {
    const app = createApp({ store, getConfig: () => config, metrics, ...(publicUrl.url === undefined ? {} : { publicUrl: publicUrl.url }) })
    try {
      listening = await listen(app, ctx.port, ctx.host)
    } catch (err) {
      await store.close()
      ctx.stderr.write(`breachwire start: cannot listen on ${ctx.host}:${ctx.port}: ${describeError(err).message}\n`)
      return 1
    }
    ctx.stdout.write(`breachwire: serving ${listening.url}\n`)
    log.info('Listening', { url: listening.url })
  } else {
    ctx.stdout.write('breachwire: polling (role poller, no web server)\n')
  }
  const statusUrl = listening === undefined ? undefined : `${listening.url}/status`
  const alerts = await startAlerts({ store, getConfig: () => config })

  const scheduler = await startScheduler({
    store,
    config,
    onOutcome: (outcome) => metrics.recordOutcome(outcome),
    onPoll: (report) => {
      metrics.recordPoll(report)
      alerts.wake()
      const summary = summarizePass(report.outcomes, statusUrl)
      log.info('Poll pass finished', summary.fields, summary.text)
    },
  })
  let reloading: Promise<void> = Promise.resolve()
  const stopWatching = watchConfig(
    ctx.configPath,
    (next) => {
      config = next
      // Edits apply one after another, in the order they were saved, however long a reload takes.
      reloading = reloading
        .then(() => scheduler.reload(next))
        .then(() => alerts.reload(next))
        .catch((err: unknown) => log.error('Applying the new config failed', { error: describeError(err).message }))
    },
    (err) => log.error('feeds.json edit refused; keeping the last good config', { error: describeError(err).message }),
  )

  const signal = await waitForShutdownSignal()
  log.info('Shutting down', { signal })
  const deadline = setTimeout(() => {
    log.error('Shutdown took too long; exiting now')
    process.exit(1)
  }, hardDeadlineMs)
  deadline.unref()
  stopWatching()
  await reloading
  await Promise.all([scheduler.stop(fetchGraceMs), listening === undefined ? undefined : closeServer(listening.server, 1000)])
  await alerts.stop()
  await store.close()
  clearTimeout(deadline)
  log.info('Stopped')
  return 0
}
