// breachwire sources: each configured source's health from the database, as a table or JSON
// (the /api/sources shape). Never creates the database: without one, every source is "never polled".
import { existsSync } from 'node:fs'
import { redactUrl, redactUrlsInText } from '../lib/redact-url.js'
import { jsonForTerminal, terminalSafe } from '../lib/terminal-text.js'
import { backingOffCode } from '../poller/index.js'
import { openStoreFromOptions } from '../store/index.js'
import type { ApiSource, AppConfig, SourceState } from '../types.js'
import type { Command } from './command.js'
import { loadConfigOrReport } from './shared.js'

export const sourcesCommand: Command = {
  summary: 'each source: status, last success, last error, items',
  usage: 'sources [--config F] [--db F] [--json]',
  help: `Lists the sources of feeds.json with what the database knows about them: status (ok,
failing, backing off until the time a 429/503 Retry-After asked for, disabled, gone, never
polled; "ok, warning" when the last poll worked but skipped bad rows), last success, last error
(or that warning) and item count. --json prints the /api/sources shape instead.`,
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const config = loadConfigOrReport(ctx)
    if (config === null) return 1
    let states = new Map<string, SourceState>()
    if (ctx.databaseUrl !== undefined || (ctx.dbPath !== ':memory:' && existsSync(ctx.dbPath))) {
      const store = await openStoreFromOptions(ctx, { readonly: true })
      try {
        states = new Map((await store.listSources()).map((s) => [s.id, s]))
      } finally {
        await store.close()
      }
    }
    const rows = config.sources.map((source) => ({
      api: toApiSource(config, source.id, states.get(source.id)),
      state: states.get(source.id),
    }))
    if (ctx.values['json'] === true) {
      ctx.stdout.write(`${jsonForTerminal(rows.map((r) => r.api))}\n`)
      return 0
    }
    ctx.stdout.write(renderTable(rows, new Date()))
    return 0
  },
}

function toApiSource(config: AppConfig, id: string, state: SourceState | undefined): ApiSource {
  const source = config.sources.find((s) => s.id === id)
  return {
    id,
    title: source?.title ?? state?.title ?? id,
    // The /api/sources shape, credentials redacted as there: this output ends up in CI logs and tickets.
    url: redactUrl(source?.url ?? state?.url ?? ''),
    homepage: redactNullable(source?.homepage ?? state?.homepage ?? null),
    enabled: (source?.enabled ?? true) && (state === undefined || (state.enabled && state.disabledReason === null)),
    lastTriedAt: state?.lastTriedAt ?? null,
    lastSuccessAt: state?.lastSuccessAt ?? null,
    lastStatus: state?.lastStatus ?? null,
    lastError: state?.lastError ? redactUrlsInText(state.lastError) : null,
    consecutiveFailures: state?.consecutiveFailures ?? 0,
    nextRunAt: state?.nextRunAt ?? null,
    itemCount: state?.itemCount ?? 0,
    lastWarning: state?.lastWarning ? redactUrlsInText(state.lastWarning) : null,
    lastDropped: state?.lastDropped ?? null,
  }
}

function redactNullable(url: string | null): string | null {
  return url === null ? null : redactUrl(url)
}

function describeStatus(api: ApiSource, state: SourceState | undefined, now: Date): string {
  if (state?.disabledReason) return state.lastStatus === 410 ? 'gone (410)' : 'disabled by server'
  if (!api.enabled) return 'disabled'
  if (state === undefined || state.lastTriedAt === null) return 'never polled'
  if (isBackingOff(state, now)) return `backing off until ${formatTime(state.nextRunAt as string)}`
  if (state.consecutiveFailures > 0) return `failing (${state.consecutiveFailures}x)`
  return state.lastWarning === null ? 'ok' : 'ok, warning'
}

/** Told by a 429/503 with Retry-After to come back later, and later is still ahead. */
function isBackingOff(state: SourceState, now: Date): boolean {
  return state.lastErrorCode === backingOffCode && state.nextRunAt !== null && Date.parse(state.nextRunAt) > now.getTime()
}

function describeProblem(api: ApiSource, state: SourceState | undefined, now: Date): string {
  if (state?.disabledReason) return state.disabledReason
  if (api.consecutiveFailures > 0 || (state !== undefined && isBackingOff(state, now))) return api.lastError ?? '-'
  return state?.lastWarning ? `warning: ${state.lastWarning}` : '-'
}

/** `2026-12-03 18:05Z` */
function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z')
}

/** Columns ID, STATUS, LAST SUCCESS, ITEMS, LAST ERROR (the long one last, unpadded; a working source's warning shows there). */
function renderTable(rows: { api: ApiSource; state: SourceState | undefined }[], now: Date): string {
  const header = ['ID', 'STATUS', 'LAST SUCCESS', 'ITEMS', 'LAST ERROR']
  // Errors and warnings quote what servers sent: escaped before they are measured or printed.
  const lines = rows.map(({ api, state }) =>
    [
      api.id,
      describeStatus(api, state, now),
      api.lastSuccessAt === null ? '-' : formatTime(api.lastSuccessAt),
      String(api.itemCount),
      describeProblem(api, state, now),
    ].map((cell) => terminalSafe(redactUrlsInText(cell))),
  )
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)))
  const format = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return `${[format(header), ...lines.map(format)].join('\n')}\n`
}
