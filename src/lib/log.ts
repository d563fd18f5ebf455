// Structured logs: one JSON object per line on stderr, snake_case keys, a sentence as `msg`.
// Tests and the CLI can silence it with setLogLevel('silent') or BREACHWIRE_LOG=silent.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

let current: LogLevel = (process.env['BREACHWIRE_LOG'] as LogLevel | undefined) ?? 'info'
if (!(current in order)) current = 'info'
let sink: (line: string) => void = (line) => process.stderr.write(line + '\n')

export function setLogLevel(level: LogLevel): void {
  current = level
}

/** Redirect log lines (tests capture them). Returns the previous sink. */
export function setLogSink(fn: (line: string) => void): (line: string) => void {
  const prev = sink
  sink = fn
  return prev
}

function write(level: Exclude<LogLevel, 'silent'>, msg: string, fields: Record<string, unknown>): void {
  if (order[level] < order[current]) return
  sink(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }))
}

export const log = {
  debug: (msg: string, fields: Record<string, unknown> = {}) => write('debug', msg, fields),
  info: (msg: string, fields: Record<string, unknown> = {}) => write('info', msg, fields),
  warn: (msg: string, fields: Record<string, unknown> = {}) => write('warn', msg, fields),
  error: (msg: string, fields: Record<string, unknown> = {}) => write('error', msg, fields),
}
