// Logs on stderr, in one of two formats:
//   json  — one JSON object per line, snake_case keys, a sentence as `msg` (for log collectors;
//           the default, and what the CLI picks when stderr is not a terminal);
//   human — `17:51:38 WARN  databreaches: failed: fetch: …`, a short line a person reads on a
//           terminal: the entry's own human text when it has one, else msg and key=value fields.
// Tests and the CLI can silence it with setLogLevel('silent') or BREACHWIRE_LOG=silent.

import { redactUrlsInText } from './redact-url.js'
import { terminalSafe } from './terminal-text.js'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
export type LogFormat = 'json' | 'human'
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }
const formats: readonly string[] = ['json', 'human']

let current: LogLevel = (process.env['BREACHWIRE_LOG'] as LogLevel | undefined) ?? 'info'
if (!(current in order)) current = 'info'
let format: LogFormat = 'json'
let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`)

export function setLogLevel(level: LogLevel): void {
  current = level
}

export function setLogFormat(next: LogFormat): void {
  format = next
}

/**
 * The format asked for by --log-format, else BREACHWIRE_LOG_FORMAT, else human on a terminal and
 * json otherwise. A string that is neither is an error message naming where it came from.
 */
export function resolveLogFormat(flag: unknown, env: string | undefined, isTerminal: boolean): { format: LogFormat } | { error: string } {
  const [value, from] =
    typeof flag === 'string'
      ? [flag, '--log-format']
      : env !== undefined && env.trim() !== ''
        ? [env.trim(), 'BREACHWIRE_LOG_FORMAT']
        : [undefined, '']
  if (value === undefined) return { format: isTerminal ? 'human' : 'json' }
  if (!formats.includes(value)) return { error: `${from}: expected "human" or "json", got ${JSON.stringify(value)}` }
  return { format: value as LogFormat }
}

/** Redirect log lines (tests capture them). Returns the previous sink. */
export function setLogSink(fn: (line: string) => void): (line: string) => void {
  const prev = sink
  sink = fn
  return prev
}

type Fields = Record<string, unknown>

function write(level: Exclude<LogLevel, 'silent'>, msg: string, fields: Fields, human: string | undefined): void {
  if (order[level] < order[current]) return
  const now = new Date()
  if (format === 'json') {
    // Source URLs and errors quoting them can carry credentials (userinfo, ?token=): never logged.
    sink(redactUrlsInText(JSON.stringify({ time: now.toISOString(), level, msg, ...fields })))
    return
  }
  const time = now.toTimeString().slice(0, 8)
  // Messages quote feed titles and server answers; a person's terminal gets them escaped.
  sink(
    terminalSafe(redactUrlsInText(`${time} ${level.toUpperCase().padEnd(5)} ${human ?? `${msg}${renderFields(fields)}`}`), {
      multiline: true,
    }),
  )
}

/** ` key=value …`, strings quoted when they hold spaces, nulls left out, the stack on its own lines. */
function renderFields(fields: Fields): string {
  let out = ''
  for (const [key, value] of Object.entries(fields)) {
    if (value === null || value === undefined || key === 'stack') continue
    const text = typeof value === 'string' ? (/[\s"=]/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value)
    out += ` ${key}=${text}`
  }
  return typeof fields['stack'] === 'string' ? `${out}\n${fields['stack']}` : out
}

/** Each call: a sentence, fields, and optionally the short line the human format shows instead. */
export const log = {
  debug: (msg: string, fields: Fields = {}, human?: string) => write('debug', msg, fields, human),
  info: (msg: string, fields: Fields = {}, human?: string) => write('info', msg, fields, human),
  warn: (msg: string, fields: Fields = {}, human?: string) => write('warn', msg, fields, human),
  error: (msg: string, fields: Fields = {}, human?: string) => write('error', msg, fields, human),
}
