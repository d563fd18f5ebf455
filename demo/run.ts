// `npm run demo`: breachwire against bundled sample feeds, with no network. A loopback server
// plays six news sites; one real poll fills a fresh database under data/demo/; then the real
// scheduler keeps polling them (every minute by default, so /status stays current) while the
// real app serves the result. Ctrl-C stops all three.
//
//   npm run demo -- [--port N] [--host H] [--schedule CRON] [--dir D]   (PORT and HOST respected too)
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { describeError } from '../src/errors.js'
import { resolveLogFormat, setLogFormat, setLogLevel } from '../src/lib/log.js'
import { startScheduler } from '../src/poller/index.js'
import { createApp } from '../src/server/index.js'
import { prepareDemo } from './prepare.js'

const usage = `usage: npm run demo -- [--port N] [--host H] [--schedule CRON] [--dir D]

Serves breachwire on bundled sample feeds, offline: a loopback server plays six news sites, the
real poller polls them on a schedule and the real app serves the result.

  --port N, -p N     port to serve on (default 3000, env PORT; 0 picks a free one)
  --host H           address to listen on (default 127.0.0.1, env HOST)
  --schedule CRON    how often the sample feeds are polled (default "* * * * *": every minute)
  --dir D            folder for the demo's feeds.json and database, emptied of them first
                     (default data/demo)
  --help, -h         this text
`

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n\n${usage}`)
  process.exit(1)
}

let values: {
  port?: string | undefined
  host?: string | undefined
  schedule?: string | undefined
  dir?: string | undefined
  help?: boolean | undefined
}
try {
  values = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      schedule: { type: 'string' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values
} catch (err) {
  fail(describeError(err).message.split(/\.\s/)[0] ?? 'bad arguments')
}
if (values.help === true) {
  process.stdout.write(usage)
  process.exit(0)
}
const rawPort = values.port ?? process.env['PORT'] ?? '3000'
const port =
  /^\d{1,5}$/.test(rawPort) && Number(rawPort) <= 65535
    ? Number(rawPort)
    : fail(`--port: expected a port number from 0 to 65535, got ${JSON.stringify(rawPort)}`)
const host = values.host ?? process.env['HOST'] ?? '127.0.0.1'

// The scheduler's per-poll lines would bury the URL: warnings only, readable on a terminal.
const logFormat = resolveLogFormat(undefined, process.env['BREACHWIRE_LOG_FORMAT'], process.stderr.isTTY === true)
setLogFormat('format' in logFormat ? logFormat.format : 'json')
if (process.env['BREACHWIRE_LOG'] === undefined) setLogLevel('warn')

const dir = values.dir === undefined ? fileURLToPath(new URL('../data/demo', import.meta.url)) : path.resolve(values.dir)
let setup: Awaited<ReturnType<typeof prepareDemo>>
try {
  setup = await prepareDemo({ dir, ...(values.schedule === undefined ? {} : { schedule: values.schedule }) })
} catch (err) {
  fail(describeError(err).message) // an invalid --schedule is named as feeds.json's settings.schedule
}
for (const outcome of setup.report.outcomes) {
  const counts = outcome.counts
  const detail = outcome.error ? `failed: ${outcome.error.message}` : `${counts.inserted} new`
  process.stdout.write(`  ${outcome.sourceId.padEnd(18)} ${detail}\n`)
}

const scheduler = await startScheduler({ store: setup.store, config: setup.config })
const app = createApp({ store: setup.store, getConfig: () => setup.config })
const server = app.listen(port, host, () => {
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  process.stdout.write(`\nbreachwire demo: http://${shownHost}:${address.port}/\n`)
  process.stdout.write(
    `  sample feeds served from ${setup.feedServer.url} and polled on "${setup.config.settings.schedule}", database ${dir}/breachwire.db\n`,
  )
  process.stdout.write('  press Ctrl-C to stop\n')
})

let stopping = false
const stop = (code: number): void => {
  if (stopping) return
  stopping = true
  server.closeAllConnections()
  server.close(
    () =>
      void scheduler
        .stop(2000)
        .then(() => setup.close())
        .then(() => process.exit(code)),
  )
}
server.on('error', (err) => {
  process.stderr.write(`demo: cannot listen on ${host}:${port}: ${err.message}\n`)
  stop(1)
})
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
