// breachwire watch add|list|remove|test: watches in feeds.json without hand-editing it (the file
// keeps its formatting; the edited text passes the same validation before it is written), their
// delivery counts from the database, and a sample alert to every target of one watch.
import { existsSync } from 'node:fs'
import { sendTestAlerts } from '../alerts/deliver.js'
import type { MatchSnapshot, Watch } from '../alerts/types.js'
import { readEditableConfig, writeConfigFile } from '../config/edit.js'
import { appendWatchToConfigText, removeWatchFromConfigText } from '../config/edit-watches.js'
import { parseConfigText } from '../config/index.js'
import { ConfigError } from '../errors.js'
import { terminalSafe } from '../lib/terminal-text.js'
import { openStoreFromOptions } from '../store/index.js'
import type { CliContext, Command } from './command.js'

const usageLine = 'watch add|list|remove|test [ID] [--config F] [--db F] [flags]'

export const watchCommand: Command = {
  summary: 'add, list, remove or test the watches of feeds.json',
  usage: usageLine,
  help: `watch add ID [--title T] [--query Q] [--org O] [--actor A] [--sector S] [--country CC]
          [--data-type T] [--min-records N] [--on story|report]
          [--webhook URL [--format json|slack|teams] [--secret-env NAME]]
          [--email ADDRESS]... [--digest immediate|daily]
    appends a watch to feeds.json (a query in the /search syntax and/or facts filters).
watch list [--json]      every watch: what it matches, its targets, and from the database its
                         matches, deliveries sent, pending and failed, and the last error.
watch remove ID          removes the watch from feeds.json (its matches stay in the database).
watch test ID            sends one sample alert to each of the watch's targets now and says how
                         each went (the newest report it matched, or a made-up one).`,
  allowPositionals: true,
  options: {
    title: { type: 'string' },
    query: { type: 'string' },
    org: { type: 'string' },
    actor: { type: 'string' },
    sector: { type: 'string' },
    country: { type: 'string' },
    'data-type': { type: 'string' },
    'min-records': { type: 'string' },
    on: { type: 'string' },
    webhook: { type: 'string' },
    format: { type: 'string' },
    'secret-env': { type: 'string' },
    email: { type: 'string', multiple: true },
    digest: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const [action, id, ...extra] = ctx.positionals
    if (extra.length > 0) return fail(ctx, `unexpected argument ${JSON.stringify(extra[0])}`)
    if (action === 'list') return listWatches(ctx)
    if (action !== 'add' && action !== 'remove' && action !== 'test') {
      return fail(ctx, `expected add, list, remove or test, got ${action === undefined ? 'nothing' : JSON.stringify(action)}`)
    }
    if (id === undefined) return fail(ctx, `${action}: the watch id is missing`)
    if (action === 'add') return addWatch(ctx, id)
    if (action === 'remove') return removeWatch(ctx, id)
    return testWatch(ctx, id)
  },
}

function fail(ctx: CliContext, message: string): number {
  ctx.stderr.write(`breachwire watch: ${message}\n\nusage: breachwire ${usageLine}\n`)
  return 1
}

function text(ctx: CliContext, flag: string): string | undefined {
  const value = ctx.values[flag]
  return typeof value === 'string' ? value : undefined
}

/** The watch as written to feeds.json, only the keys given (key order is the order written). */
function buildRawWatch(ctx: CliContext, id: string): Record<string, unknown> | string {
  const raw: Record<string, unknown> = { id }
  const fields: [string, string][] = [
    ['title', 'title'],
    ['query', 'query'],
    ['org', 'org'],
    ['actor', 'actor'],
    ['sector', 'sector'],
    ['country', 'country'],
    ['dataType', 'data-type'],
  ]
  for (const [key, flag] of fields) {
    const value = text(ctx, flag)
    if (value !== undefined) raw[key] = value
  }
  const min = text(ctx, 'min-records')
  if (min !== undefined) raw['minRecords'] = /^\d+$/.test(min) ? Number(min) : min
  const on = text(ctx, 'on')
  if (on !== undefined) raw['on'] = on
  const notify: Record<string, unknown>[] = []
  const webhook = text(ctx, 'webhook')
  if (webhook !== undefined) {
    const target: Record<string, unknown> = { type: 'webhook', url: webhook, format: text(ctx, 'format') ?? 'json' }
    const secretEnv = text(ctx, 'secret-env')
    if (secretEnv !== undefined) target['secretEnv'] = secretEnv
    notify.push(target)
  } else if (text(ctx, 'format') !== undefined || text(ctx, 'secret-env') !== undefined) {
    return '--format and --secret-env need --webhook'
  }
  const emails = (ctx.values['email'] as string[] | undefined) ?? []
  if (emails.length > 0) notify.push({ type: 'email', to: emails, digest: text(ctx, 'digest') ?? 'immediate' })
  else if (text(ctx, 'digest') !== undefined) return '--digest needs --email'
  raw['notify'] = notify
  return raw
}

async function addWatch(ctx: CliContext, id: string): Promise<number> {
  const raw = buildRawWatch(ctx, id)
  if (typeof raw === 'string') return fail(ctx, `add: ${raw}`)
  try {
    const editable = readEditableConfig(ctx.configPath)
    if (editable.config.watches?.some((w) => w.id === id)) {
      ctx.stderr.write(`breachwire watch: ${editable.label} already has a watch "${id}"\n`)
      return 1
    }
    const before = editable.text ?? '{\n  "sources": []\n}\n'
    const edited = appendWatchToConfigText(before, raw)
    // The same validation that loads feeds.json: a bad flag is named by its field.
    parseConfigText(edited, editable.label)
    writeConfigFile(ctx.configPath, edited)
    ctx.stdout.write(`added watch "${id}" to ${editable.label}\n`)
    return 0
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    ctx.stderr.write(`${err.message}\n`)
    return 1
  }
}

async function removeWatch(ctx: CliContext, id: string): Promise<number> {
  const editable = readEditableConfig(ctx.configPath)
  const edited = editable.text === null ? null : removeWatchFromConfigText(editable.text, id)
  if (edited === null) {
    ctx.stderr.write(`breachwire watch: ${editable.label} has no watch "${id}"\n`)
    return 1
  }
  parseConfigText(edited, editable.label)
  writeConfigFile(ctx.configPath, edited)
  ctx.stdout.write(`removed watch "${id}" from ${editable.label}\n`)
  return 0
}

function describeMatch(watch: Watch): string {
  const parts = [
    watch.query === null ? null : `query ${JSON.stringify(watch.query)}`,
    watch.org === null ? null : `org ${JSON.stringify(watch.org)}`,
    watch.actor === null ? null : `actor ${JSON.stringify(watch.actor)}`,
    watch.sector === null ? null : `sector ${watch.sector}`,
    watch.country === null ? null : `country ${watch.country}`,
    watch.dataType === null ? null : `dataType ${watch.dataType}`,
    watch.minRecords === null ? null : `minRecords ${watch.minRecords}`,
  ]
  return parts.filter((p) => p !== null).join(', ')
}

async function listWatches(ctx: CliContext): Promise<number> {
  const { config } = readEditableConfig(ctx.configPath)
  const watches = config.watches ?? []
  // The counts live in the database; a database not created yet has none.
  const hasDb = ctx.databaseUrl !== undefined || existsSync(ctx.dbPath)
  const store = hasDb ? await openStoreFromOptions(ctx, { readonly: true }) : undefined
  try {
    const stats = new Map(((await store?.alerts.watchStats()) ?? []).map((s) => [s.watchId, s]))
    const rows = watches.map((watch) => {
      const s = stats.get(watch.id)
      return {
        id: watch.id,
        title: watch.title,
        match: describeMatch(watch),
        on: watch.on,
        targets: watch.notify.map((t) => (t.type === 'webhook' ? `webhook ${t.url}` : `email ${t.to.join(', ')} (${t.digest})`)),
        matches: s?.matches ?? 0,
        sent: s?.sent ?? 0,
        pending: s?.pending ?? 0,
        failed: s?.failed ?? 0,
        lastError: s?.lastError ?? null,
      }
    })
    if (ctx.values['json'] === true) {
      ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
      return 0
    }
    if (rows.length === 0) ctx.stdout.write(`no watches in ${ctx.configPath}\n`)
    for (const row of rows) {
      const lines = [
        `${row.id}  ${row.title}`,
        `  matches ${row.match} (once per ${row.on})`,
        `  notifies ${row.targets.join('; ') || 'nobody (feeds only)'}`,
        `  ${row.matches} matched, ${row.sent} sent, ${row.pending} pending, ${row.failed} failed`,
      ]
      if (row.lastError !== null) lines.push(`  last error: ${row.lastError}`)
      ctx.stdout.write(`${terminalSafe(lines.join('\n'), { multiline: true })}\n`)
    }
    return 0
  } finally {
    await store?.close()
  }
}

async function testWatch(ctx: CliContext, id: string): Promise<number> {
  const { config } = readEditableConfig(ctx.configPath)
  const watch = config.watches?.find((w) => w.id === id)
  if (watch === undefined) {
    ctx.stderr.write(`breachwire watch: ${ctx.configPath} has no watch "${id}"\n`)
    return 1
  }
  if (watch.notify.length === 0) {
    ctx.stderr.write(`breachwire watch: the watch "${id}" notifies nobody (no "notify" targets)\n`)
    return 1
  }
  const sample = await findSample(ctx, watch)
  const results = await sendTestAlerts(config, watch, sample)
  for (const { target, outcome } of results) {
    const name = target.type === 'webhook' ? `webhook ${target.url}` : `email ${target.to.join(', ')}`
    ctx.stdout.write(`${terminalSafe(`${name}: ${outcome.ok ? 'ok' : `failed: ${outcome.error}`}`)}\n`)
  }
  return results.every((r) => r.outcome.ok) ? 0 : 2
}

/** The newest report the watch matched, else a made-up one that says it is a test. */
async function findSample(ctx: CliContext, watch: Watch): Promise<MatchSnapshot> {
  if (ctx.databaseUrl !== undefined || existsSync(ctx.dbPath)) {
    const store = await openStoreFromOptions(ctx, { readonly: true })
    try {
      const [item] = await store.alerts.listWatchItems(watch.id, 1)
      if (item !== undefined) {
        return {
          itemId: item.id,
          storyId: item.storyId,
          sourceId: item.source.id,
          title: item.title,
          url: item.url,
          summary: item.summary,
          publishedAt: item.published ?? new Date().toISOString(),
          facts: item.facts,
        }
      }
    } finally {
      await store.close()
    }
  }
  return {
    itemId: 0,
    storyId: 0,
    sourceId: 'breachwire',
    title: `Test alert for the watch "${watch.title}"`,
    url: 'https://example.org/breachwire-test',
    summary: 'This is a test message from breachwire watch test. Nothing matched.',
    publishedAt: new Date().toISOString(),
    facts: { organizations: [], actors: [], records: null, dataTypes: [], sector: null, country: null },
  }
}
