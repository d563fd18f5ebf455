// breachwire poll: one pass over all (or the named) sources, one line per source, then exit.
// Exit 0 when the config is valid (even if some sources failed), 1 on an invalid config or
// unknown --source (nothing fetched, no database created), 2 when every source failed.
import { deliverDue, evaluateNewWatches, releaseDeadClaims } from '../alerts/index.js'
import { setLogLevel } from '../lib/log.js'
import { redactUrlsInText } from '../lib/redact-url.js'
import { terminalSafe } from '../lib/terminal-text.js'
import { formatOutcomeLine, pollOnce } from '../poller/index.js'
import { openStoreFromOptions } from '../store/index.js'
import type { CliContext, Command } from './command.js'
import { createProgressBar } from './progress-bar.js'
import { loadConfigOrReport, logFormatHelp } from './shared.js'

export const pollCommand: Command = {
  summary: 'one pass over all (or the named) sources, then exit',
  usage: 'poll [--config F] [--db F] [--source ID]... [--log-format human|json]',
  help: `Fetches every enabled source once (or only those named with --source, enabled or not)
and stores what is new. Prints one line per source: new/updated counts, "unchanged (304)",
or "failed: reason". Exit status: 0 when the config is valid (even if some sources failed),
1 when feeds.json is invalid or --source names an unknown id, 2 when every source failed.

${logFormatHelp}`,
  options: { source: { type: 'string', multiple: true, short: 's' }, 'log-format': { type: 'string' } },
  async run(ctx) {
    const config = loadConfigOrReport(ctx)
    if (config === null) return 1
    const ids = (ctx.values['source'] as string[] | undefined) ?? []
    const unknown = ids.filter((id) => !config.sources.some((s) => s.id === id))
    if (unknown.length > 0) {
      const known = config.sources.map((s) => s.id).join(', ') || 'none'
      ctx.stderr.write(
        `breachwire poll: no source with id ${unknown.map((id) => JSON.stringify(id)).join(', ')} in ${ctx.configPath} (known: ${known})\n`,
      )
      return 1
    }
    const planned = ids.length > 0 ? new Set(ids).size : config.sources.filter((s) => s.enabled).length
    if (planned === 0) {
      ctx.stderr.write(`breachwire poll: no enabled sources in ${ctx.configPath}\n`)
      return 0
    }
    // The per-source lines on stdout already say what the per-fetch log lines would (failures
    // included); stderr keeps only errors unless BREACHWIRE_LOG asks for more.
    if (process.env['BREACHWIRE_LOG'] === undefined) setLogLevel('error')
    const store = await openStoreFromOptions(ctx, { poller: 'poll' })
    try {
      const width = Math.max(...config.sources.map((s) => s.id.length))
      const progress = createProgressBar(planned, ctx.stdout.isTTY === true ? ctx.stderr : null)
      await evaluateNewWatches(store, config)
      const report = await pollOnce({
        store,
        config,
        sourceIds: ids,
        onOutcome: (outcome) => {
          progress.clear()
          // The reason can quote feed bytes (a JSON parse error's snippet) and the source's URL: no
          // escape reaches the terminal, no credential a CI log.
          ctx.stdout.write(`${terminalSafe(redactUrlsInText(formatOutcomeLine(outcome, width)))}\n`)
          progress.advance(outcome.sourceId)
        },
      })
      progress.clear()
      if ((config.watches ?? []).length > 0) {
        // What the pass queued goes out now (and what a killed run left); what fails stays queued.
        await releaseDeadClaims(store)
        const sent = await deliverDue({ store, getConfig: () => config })
        ctx.stdout.write(`alerts: ${sent.sent} sent, ${sent.retried} to retry, ${sent.failed} failed, ${sent.folded} folded\n`)
      }
      const allFailed = report.outcomes.length > 0 && report.outcomes.every((o) => o.result === 'failed')
      return allFailed ? 2 : 0
    } finally {
      await store.close()
    }
  },
}

export type { CliContext }
