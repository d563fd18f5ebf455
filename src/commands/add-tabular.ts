// `breachwire add URL --type csv|json|table`: the map flags, and a preview of the first rows as
// the poller would store them (title, date, link, the row's facts) with the rows the map skips.
import type { RawSource } from '../config/edit.js'
import { validateConfig } from '../config/index.js'
import { type DiscoveredFeed, summarizeFeed } from '../discover/summarize-feed.js'
import { FetchError } from '../errors.js'
import { isTabular, readTabular } from '../extract/index.js'
import { type FetchSourceOptions, fetchSource } from '../fetch/index.js'
import { terminalSafe } from '../lib/terminal-text.js'
import { decodeBody } from '../parse/index.js'
import type { ParsedFeed, TabularType } from '../types.js'
import type { CliContext, FlagValue } from './command.js'

export const tabularTypes: readonly TabularType[] = ['csv', 'json', 'table']

export const tabularFlags = {
  map: { type: 'string', multiple: true },
  identity: { type: 'string', multiple: true },
  rows: { type: 'string' },
  table: { type: 'string' },
  'date-format': { type: 'string' },
  'time-zone': { type: 'string' },
} as const

export const tabularHelp = `  --type csv|json|table   a table of breaches, read row by row (docs/official-sources.md):
  --map FIELD=COLUMN      which column feeds a field (repeatable): --map "title={Name} breach"
                          --map "date=Breach Date" --map "country==US" (a constant); or one JSON
                          object: --map '{"title":"{Name} breach","records":"Count"}'
  --identity COLUMN       a column that identifies a row (repeatable, required)
  --rows PATH             json: the dotted path to the array of rows ("" for a top-level array)
  --table SELECTOR        table: the CSS selector of the <table>
  --date-format F --time-zone Z   how dates are written (MM/DD/YYYY, ...; an IANA zone)`

const flagToKey: Record<string, string> = { rows: 'rows', table: 'table', 'date-format': 'dateFormat', 'time-zone': 'timeZone' }

/** true when any tabular flag was given (they make no sense on a feed or html source). */
export function hasTabularFlags(values: CliContext['values']): boolean {
  return Object.keys(tabularFlags).some((flag) => values[flag] !== undefined)
}

/** The tabular fields the flags give, as written to feeds.json, or a message saying which flag is wrong. */
export function readTabularFlags(values: CliContext['values']): RawSource | string {
  const fields: RawSource = {}
  const map: Record<string, unknown> = {}
  for (const entry of (values['map'] as FlagValue[] | undefined) ?? []) {
    const text = String(entry).trim()
    if (text.startsWith('{')) {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch (err) {
        return `breachwire add: --map: not a JSON object: ${err instanceof Error ? err.message : String(err)}`
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'breachwire add: --map: expected a JSON object'
      Object.assign(map, parsed)
      continue
    }
    const eq = text.indexOf('=')
    if (eq <= 0) return `breachwire add: --map: expected FIELD=COLUMN or a JSON object, got ${JSON.stringify(text)}`
    map[text.slice(0, eq).trim()] = text.slice(eq + 1)
  }
  if (Object.keys(map).length > 0) fields['map'] = map
  const identity = values['identity'] as FlagValue[] | undefined
  if (identity !== undefined) fields['identity'] = identity.map(String)
  for (const [flag, key] of Object.entries(flagToKey)) {
    const v = values[flag]
    if (typeof v === 'string') fields[key] = v
  }
  return fields
}

/** Fetches the document and reads it with the map, as the poller will. `raw` has passed validation. */
export async function previewTabularSource(
  raw: RawSource,
  fetchOptions: FetchSourceOptions,
): Promise<{ discovered: DiscoveredFeed; feed: ParsedFeed }> {
  const source = validateConfig({ sources: [raw] }, 'feeds.json').sources[0]
  if (source === undefined || !isTabular(source)) throw new Error('add: a tabular source expected')
  const result = await fetchSource({ url: source.url, unconditional: true }, fetchOptions)
  if (result.kind !== 'fetched')
    throw new FetchError('empty_body', `fetch: ${source.url} answered 304 Not Modified to a request without validators`, {
      url: source.url,
    })
  const { text } = decodeBody(result.body, result.contentType)
  const feed = readTabular(text, source, result.finalUrl)
  const kept = result.permanentRedirectTo ?? result.requestedUrl
  const discovered = summarizeFeed(feed, { url: kept, via: 'direct', fetchedFrom: result.finalUrl }, { now: new Date(), previewSize: 0 })
  delete discovered.homepage
  return { discovered, feed }
}

/** The first rows in table order, each with its facts, then the skipped rows. */
export function printRows(out: CliContext['stdout'], feed: ParsedFeed, count: number): void {
  for (const item of feed.items.slice(0, count)) {
    out.write(`  ${item.published?.slice(0, 10) ?? '          '}  ${terminalSafe(item.title ?? '')}\n`)
    out.write(`              ${terminalSafe(item.link ?? '')}\n`)
    const f = item.facts
    if (f === undefined) continue
    const parts = [
      f.organizations.length > 0 ? `organizations: ${f.organizations.join('; ')}` : '',
      f.actors.length > 0 ? `actors: ${f.actors.join('; ')}` : '',
      f.records === null ? '' : `records: ${f.records}`,
      f.dataTypes.length > 0 ? `dataTypes: ${f.dataTypes.join(', ')}` : '',
      f.sector === null ? '' : `sector: ${f.sector}`,
      f.country === null ? '' : `country: ${f.country}`,
    ].filter((p) => p !== '')
    if (parts.length > 0) out.write(`              ${terminalSafe(parts.join(' | '))}\n`)
  }
  if (feed.warning !== undefined) out.write(`Warning: ${terminalSafe(feed.warning)}\n`)
}
