// breachwire serve: the web server only, reading the database another process (poll, start)
// writes, read-only. Without a database it refuses to start: an empty one would report healthy
// while nothing fills it.
import { existsSync } from 'node:fs'
import { watchConfig } from '../config/index.js'
import { describeError } from '../errors.js'
import { log } from '../lib/log.js'
import { createApp } from '../server/index.js'
import { openStoreFromOptions } from '../store/index.js'
import type { Command } from './command.js'
import { closeServer, listen, loadConfigOrReport, logFormatHelp, waitForShutdownSignal } from './shared.js'

export const serveCommand: Command = {
  summary: 'web server only',
  usage: 'serve [--config F] [--db F] [--port N] [--host H] [--log-format human|json]',
  help: `Serves the pages, feeds and API from the database without polling (run "poll" from
cron, or use "start" instead). The database must exist (poll or start creates it). Edits to
feeds.json are picked up without a restart.

${logFormatHelp}`,
  options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, 'log-format': { type: 'string' } },
  async run(ctx) {
    let config = loadConfigOrReport(ctx)
    if (config === null) return 1
    if (ctx.databaseUrl === undefined && ctx.dbPath !== ':memory:' && !existsSync(ctx.dbPath)) {
      ctx.stderr.write(
        `breachwire ${ctx.command}: no database at ${ctx.dbPath}; run \`breachwire poll\` or \`breachwire start\` first, or pass --db\n`,
      )
      return 1
    }
    const store = await openStoreFromOptions(ctx, { readonly: ctx.dbPath !== ':memory:' })
    const stopWatching = watchConfig(
      ctx.configPath,
      (next) => {
        config = next
        log.info('Config reloaded', { sources: next.sources.length })
      },
      (err) => log.error('feeds.json edit refused; keeping the last good config', { error: describeError(err).message }),
    )
    const app = createApp({ store, getConfig: () => config as NonNullable<typeof config> })
    let listening
    try {
      listening = await listen(app, ctx.port, ctx.host)
    } catch (err) {
      stopWatching()
      await store.close()
      ctx.stderr.write(`breachwire ${ctx.command}: cannot listen on ${ctx.host}:${ctx.port}: ${describeError(err).message}\n`)
      return 1
    }
    ctx.stdout.write(`breachwire: serving ${listening.url}\n`)
    log.info('Listening', { url: listening.url })
    const signal = await waitForShutdownSignal()
    log.info('Shutting down', { signal })
    stopWatching()
    await closeServer(listening.server, 2000)
    await store.close()
    return 0
  },
}
