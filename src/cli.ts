#!/usr/bin/env node
// breachwire's command line: parse argv, resolve flags > env > defaults once, dispatch.
// A new subcommand is one file in commands/ and one line in the table below. Each command's module
// is loaded only when that command runs (or for the usage text): `sources` need not load Express,
// nor `--version` the whole pipeline, which keeps every short command fast to start.
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import type { CliContext, Command, FlagValue } from './commands/command.js'
import { appVersion } from './config/defaults.js'
import { describeError } from './errors.js'
import { resolveLogFormat, setLogFormat } from './lib/log.js'

const commands: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./commands/start.js')).startCommand,
  poll: async () => (await import('./commands/poll.js')).pollCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  sources: async () => (await import('./commands/sources.js')).sourcesCommand,
  migrate: async () => (await import('./commands/migrate.js')).migrateCommand,
  copy: async () => (await import('./commands/copy.js')).copyCommand,
  add: async () => (await import('./commands/add.js')).addCommand,
  'import-opml': async () => (await import('./commands/opml.js')).importOpmlCommand,
  'export-opml': async () => (await import('./commands/opml.js')).exportOpmlCommand,
  watch: async () => (await import('./commands/watch.js')).watchCommand,
}

const defaults = { config: './feeds.json', db: './data/breachwire.db', port: 3000, host: '127.0.0.1' }

const commonOptions: NonNullable<ParseArgsConfig['options']> = {
  config: { type: 'string', short: 'c' },
  db: { type: 'string' },
  'database-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
}

export interface CliIo {
  stdout: CliContext['stdout']
  stderr: CliContext['stderr']
  env: Record<string, string | undefined>
}

/** Runs one command line; resolves with the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const out = name === undefined ? io.stderr : io.stdout
    out.write(await renderUsage())
    return name === undefined ? 1 : 0
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${appVersion}\n`)
    return 0
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (load === undefined) {
    io.stderr.write(`breachwire: unknown command ${JSON.stringify(name)}\n\n${await renderUsage()}`)
    return 1
  }
  const command = await load()

  let values: Record<string, FlagValue>
  let positionals: string[]
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...commonOptions, ...command.options },
      allowPositionals: command.allowPositionals === true,
      strict: true,
    })
    values = parsed.values as Record<string, FlagValue>
    positionals = parsed.positionals
  } catch (err) {
    // Node's parseArgs adds advice about "--" positionals; the first sentence is the point.
    const reason = describeError(err).message.split(/\.\s/)[0]
    io.stderr.write(`breachwire ${name}: ${reason}\n\nusage: breachwire ${command.usage}\n`)
    return 1
  }
  const empty = findEmptyFlag(values)
  if (empty !== undefined) {
    io.stderr.write(`breachwire ${name}: --${empty}: empty value\n\nusage: breachwire ${command.usage}\n`)
    return 1
  }
  if (values['help'] === true) {
    io.stdout.write(`usage: breachwire ${command.usage}\n\n${command.help}\n`)
    return 0
  }

  const resolved = resolveSettings(values, io.env, 'port' in command.options)
  if (typeof resolved === 'string') {
    io.stderr.write(`breachwire ${name}: ${resolved}\n`)
    return 1
  }
  const logFormat = resolveLogFormat(values['log-format'], io.env['BREACHWIRE_LOG_FORMAT'], io.stderr.isTTY === true)
  if ('error' in logFormat) {
    io.stderr.write(`breachwire ${name}: ${logFormat.error}\n`)
    return 1
  }
  setLogFormat(logFormat.format)
  const ctx: CliContext = { command: name, ...resolved, values, positionals, stdout: io.stdout, stderr: io.stderr }
  try {
    return await command.run(ctx)
  } catch (err) {
    io.stderr.write(`breachwire ${name}: ${describeError(err).message}\n`)
    return 1
  }
}

/**
 * The first flag given an empty (or blank) value. `--db ""` from an unset shell variable would
 * otherwise fall back to the default database without a word.
 */
function findEmptyFlag(values: Record<string, FlagValue>): string | undefined {
  for (const [flag, value] of Object.entries(values)) {
    const strings = Array.isArray(value) ? value : [value]
    if (strings.some((v) => typeof v === 'string' && v.trim() === '')) return flag
  }
  return undefined
}

/** Flags > env (BREACHWIRE_CONFIG, BREACHWIRE_DB, BREACHWIRE_DATABASE_URL, PORT, HOST) > defaults. A string is an error. */
export function resolveSettings(
  values: Record<string, FlagValue>,
  env: Record<string, string | undefined>,
  needsPort: boolean,
): Pick<CliContext, 'configPath' | 'dbPath' | 'databaseUrl' | 'port' | 'host'> | string {
  const pick = (flag: string, envName: string, fallback: string): string => {
    const fromFlag = values[flag]
    if (typeof fromFlag === 'string' && fromFlag !== '') return fromFlag
    const fromEnv = env[envName]
    return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv.trim() : fallback
  }
  const rawPort = needsPort ? pick('port', 'PORT', String(defaults.port)) : String(defaults.port)
  const port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : Number.NaN
  if (!(port >= 0 && port <= 65535)) {
    const from = typeof values['port'] === 'string' ? '--port' : 'PORT'
    return `${from}: expected a port number from 0 to 65535, got ${JSON.stringify(rawPort)}`
  }
  // No default: without a URL the store is the SQLite file (--db).
  const databaseUrl = pick('database-url', 'BREACHWIRE_DATABASE_URL', '') || undefined
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    const from = typeof values['database-url'] === 'string' ? '--database-url' : 'BREACHWIRE_DATABASE_URL'
    return `${from}: expected a postgres:// or postgresql:// URL, got ${JSON.stringify(databaseUrl.slice(0, 40))}`
  }
  return {
    configPath: pick('config', 'BREACHWIRE_CONFIG', defaults.config),
    dbPath: pick('db', 'BREACHWIRE_DB', defaults.db),
    databaseUrl,
    port,
    host: needsPort ? pick('host', 'HOST', defaults.host) : defaults.host,
  }
}

async function renderUsage(): Promise<string> {
  const all = await Promise.all(Object.values(commands).map((load) => load()))
  const width = Math.max(...all.map((c) => c.usage.length))
  const lines = all.map((c) => `  breachwire ${c.usage.padEnd(width)}  ${c.summary}`)
  return `usage:\n${lines.join('\n')}\n
Defaults (overridden by env, overridden by flags): --config ./feeds.json (BREACHWIRE_CONFIG),
--db ./data/breachwire.db (BREACHWIRE_DB), --database-url postgres://… (BREACHWIRE_DATABASE_URL;
PostgreSQL instead of the SQLite file), --port 3000 (PORT), --host 127.0.0.1 (HOST),
--log-format human on a terminal, else json (BREACHWIRE_LOG_FORMAT).
"breachwire <command> --help" explains a command.\n`
}

/** True when this file is the program (node dist/cli.js, or the `breachwire` bin symlink to it). */
function isMain(): boolean {
  const entry = process.argv[1]
  if (entry === undefined) return false
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href
  } catch {
    return false
  }
}

/** Resolves once everything written to the stream so far has been handed to the OS (pipes are async). */
function drain(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve()
    else stream.write('', () => resolve())
  })
}

if (isMain()) {
  const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
  process.exitCode = code
  // Exit explicitly (a finished command must not linger on a keep-alive socket or timer), but only
  // after stdout and stderr are flushed: a bare process.exit cuts piped output at 64 KB.
  await Promise.all([drain(process.stdout), drain(process.stderr)])
  process.exit(code)
}
