// breachwire add URL: find the feed of a site (or take a feed URL as it is), prove it works by
// fetching and parsing it, show its title and latest items, and append it to feeds.json in the
// file's own style. With --type html and --select-* rules, a page without a feed is added the
// same way; with --type csv|json|table and --map/--identity, a table of breaches, previewing its
// first rows with their facts (add-tabular.ts). Duplicates (same canonical URL, or the same id)
// are refused; nothing is written unless the edited file passes the same validation that loads
// feeds.json.
import {
  buildEditedConfig,
  chooseUniqueId,
  type EditableConfig,
  findSourceByUrl,
  type RawSource,
  readEditableConfig,
  slugifySource,
  writeConfigFile,
} from '../config/edit.js'
import { DiscoverError, type DiscoveredFeed, discoverFeeds } from '../discover/index.js'
import { summarizeFeed } from '../discover/summarize-feed.js'
import { ConfigError, describeError, FetchError, ParseError } from '../errors.js'
import { extractItems } from '../extract/index.js'
import { type FetchSourceOptions, fetchSource } from '../fetch/index.js'
import { terminalSafe } from '../lib/terminal-text.js'
import { checkSource } from '../opml/index.js'
import { decodeBody } from '../parse/index.js'
import type { AppConfig, ParsedFeed, SelectRules, SourceType } from '../types.js'
import {
  hasTabularFlags,
  previewTabularSource,
  printRows,
  readTabularFlags,
  tabularFlags,
  tabularHelp,
  tabularTypes,
} from './add-tabular.js'
import type { CliContext, Command } from './command.js'

const selectKeys = ['item', 'title', 'link', 'date', 'summary', 'author', 'category'] as const
const previewSize = 5

export const addCommand: Command = {
  summary: 'discover the feed of a site or feed URL, check it, append it to feeds.json',
  usage: 'add URL [--config F] [--id ID] [--title T]',
  help: `Fetches URL. A feed is taken as it is; a web page is searched for its feed
(<link rel="alternate">, then the usual paths: /feed/, /rss.xml, /atom.xml, /feed.json, ...).
The feed is parsed to prove it works, its title and latest items are shown, and it is appended
to feeds.json (the file's order and formatting are kept). The id is a slug of the title, made
unique, unless --id is given. A URL already in feeds.json (same canonical URL) or an id already
used is refused. Exit 0 when added, 1 otherwise.

  --id ID          the source's id (a slug: a-z, 0-9, ".", "_", "-")
  --title T        the source's title (default: the feed's own)
  --config F       the feeds.json to add to (default ./feeds.json, env BREACHWIRE_CONFIG)
  --tag T          a tag (repeatable)
  --type html      a page without a feed, read with CSS selectors:
  --select-item S --select-title S --select-link S   (required with --type html)
  --select-date S --select-summary S --select-author S --select-category S
                   ("selector@attr" reads an attribute, e.g. --select-link "h2 a@href")
${tabularHelp}`,
  options: {
    id: { type: 'string' },
    title: { type: 'string' },
    tag: { type: 'string', multiple: true },
    type: { type: 'string' },
    ...Object.fromEntries(selectKeys.map((k) => [`select-${k}`, { type: 'string' as const }])),
    ...tabularFlags,
  },
  allowPositionals: true,
  run: runAdd,
}

type Out = CliContext['stdout']

async function runAdd(ctx: CliContext): Promise<number> {
  const fail = (message: string): number => {
    ctx.stderr.write(`${terminalSafe(message, { multiline: true })}\n`)
    return 1
  }
  if (ctx.positionals.length !== 1) {
    return fail(
      `breachwire add: expected one URL, got ${ctx.positionals.length === 0 ? 'none' : ctx.positionals.length}\n\nusage: breachwire ${addCommand.usage}`,
    )
  }
  const url = normalizeInputUrl(ctx.positionals[0] as string)
  const rawType = ctx.values['type'] ?? 'feed'
  if (rawType !== 'feed' && rawType !== 'html' && !tabularTypes.includes(rawType as never)) {
    return fail(`breachwire add: --type: expected "feed", "html", "csv", "json" or "table", got ${JSON.stringify(rawType)}`)
  }
  const type = rawType as SourceType
  const select = readSelectFlags(ctx.values)
  if (type !== 'html' && select !== undefined) return fail('breachwire add: --select-* rules are only used with --type html')
  const isTable = tabularTypes.includes(type as never)
  if (!isTable && hasTabularFlags(ctx.values))
    return fail(
      'breachwire add: --map, --identity, --rows, --table, --date-format and --time-zone are only used with --type csv, json or table',
    )
  const tabular = isTable ? readTabularFlags(ctx.values) : {}
  if (typeof tabular === 'string') return fail(tabular)

  let editable: EditableConfig
  try {
    editable = readEditableConfig(ctx.configPath)
  } catch (err) {
    return fail(err instanceof ConfigError ? err.message : `breachwire add: ${describeError(err).message}`)
  }
  const { config, label } = editable
  const wantedId = typeof ctx.values['id'] === 'string' ? ctx.values['id'] : undefined
  const wantedTitle = typeof ctx.values['title'] === 'string' ? ctx.values['title'] : undefined
  const tags = (ctx.values['tag'] as string[] | undefined) ?? []
  const index = config.sources.length

  // Everything that can be refused without the network is refused first.
  const clash = wantedId === undefined ? undefined : config.sources.findIndex((s) => s.id === wantedId)
  if (clash !== undefined && clash >= 0) {
    const other = config.sources[clash]
    return fail(
      `breachwire add: id ${JSON.stringify(wantedId)} is already used in ${label} by sources[${clash}] (${other?.url}); choose another with --id`,
    )
  }
  const early = checkSource(
    buildRawSource({ id: wantedId ?? 'new-source', title: wantedTitle, url, type, select, tabular, tags }),
    index,
    label,
  )
  if (early.length > 0) return fail(early.join('\n'))
  const sameUrl = findSourceByUrl(config.sources, url)
  if (sameUrl !== null) return fail(describeDuplicate(url, sameUrl, label))

  const fetchOptions = buildFetchOptions(config)
  let found: DiscoveredFeed[]
  let rows: ParsedFeed | undefined
  try {
    if (isTable) {
      const preview = await previewTabularSource(buildRawSource({ id: wantedId ?? 'new-source', url, type, tabular, tags }), fetchOptions)
      found = [preview.discovered]
      rows = preview.feed
    } else {
      found =
        type === 'html' && select !== undefined
          ? [await previewHtmlSource(url, select, fetchOptions)]
          : await discoverFeeds(url, { fetch: fetchOptions, previewSize })
    }
  } catch (err) {
    if (err instanceof FetchError || err instanceof DiscoverError || err instanceof ParseError) return fail(err.message)
    throw err
  }
  const chosen = found[0] as DiscoveredFeed
  const duplicate = findSourceByUrl(config.sources, chosen.url)
  if (duplicate !== null) {
    printPreview(ctx.stdout, chosen)
    return fail(describeDuplicate(chosen.url, duplicate, label))
  }

  const title = wantedTitle ?? chosen.title
  const id = wantedId ?? chooseUniqueId(slugifySource(title, chosen.url), new Set(config.sources.map((s) => s.id)))
  const homepage = chosen.homepage ?? (chosen.via === 'direct' ? undefined : siteHomepage(url))
  const raw = buildRawSource({ id, title, url: chosen.url, type, select, tabular, tags, homepage })
  let edited: { text: string; config: AppConfig }
  try {
    edited = buildEditedConfig(editable, [raw])
  } catch (err) {
    return fail(err instanceof ConfigError ? err.message : `breachwire add: ${describeError(err).message}`)
  }
  writeConfigFile(ctx.configPath, edited.text)

  printPreview(ctx.stdout, chosen)
  if (rows !== undefined) printRows(ctx.stdout, rows, previewSize)
  for (const other of found.slice(1)) {
    ctx.stdout.write(`${terminalSafe(`Also found: ${other.url}${other.title ? ` (${other.title})` : ''}`)}\n`)
  }
  ctx.stdout.write(`Added "${id}" to ${label} as sources[${index}]${editable.text === null ? ' (new file)' : ''}.\n`)
  return 0
}

/** A URL as people type it: "example.com" means https://example.com/, feed:// means http://. */
function normalizeInputUrl(input: string): string {
  const text = input.trim()
  if (/^feed:\/\//i.test(text)) return `http://${text.slice(7)}`
  if (/^feed:https?:/i.test(text)) return text.slice(5)
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text) && /^[^\s/]+\.[^\s/]+/.test(text)) return `https://${text}`
  return text
}

function readSelectFlags(values: CliContext['values']): SelectRules | undefined {
  const rules: Record<string, string> = {}
  for (const key of selectKeys) {
    const v = values[`select-${key}`]
    if (typeof v === 'string') rules[key] = v
  }
  return Object.keys(rules).length === 0 ? undefined : (rules as unknown as SelectRules)
}

interface SourceFields {
  id: string
  title?: string | undefined
  url: string
  type: SourceType
  select?: SelectRules | undefined
  /** map, identity, rows, table, dateFormat, timeZone of a csv, json or table source. */
  tabular?: RawSource | undefined
  tags: string[]
  homepage?: string | undefined
}

/** The source as written to feeds.json, keys in the shipped file's order. */
function buildRawSource(f: SourceFields): RawSource {
  const raw: RawSource = { id: f.id }
  if (f.title !== undefined) raw['title'] = f.title
  if (f.type !== 'feed') raw['type'] = f.type
  raw['url'] = f.url
  if (f.homepage !== undefined) raw['homepage'] = f.homepage
  if (f.tags.length > 0) raw['tags'] = f.tags
  if (f.type === 'html') raw['select'] = f.select ?? {}
  Object.assign(raw, f.tabular)
  raw['enabled'] = true
  return raw
}

function buildFetchOptions(config: AppConfig): FetchSourceOptions {
  const { settings } = config
  return {
    timeoutMs: Math.round(settings.timeoutSeconds * 1000),
    maxBytes: settings.maxBytes,
    userAgent: settings.userAgent,
    allowPrivateNetworks: settings.allowPrivateNetworks,
  }
}

/** The site's front page for a source found from a page URL. */
function siteHomepage(pageUrl: string): string | undefined {
  try {
    return new URL(pageUrl).href
  } catch {
    return undefined
  }
}

/** Fetches a page and reads it with the rules, as the poller will. */
async function previewHtmlSource(url: string, select: SelectRules, fetchOptions: FetchSourceOptions): Promise<DiscoveredFeed> {
  const result = await fetchSource({ url, unconditional: true }, fetchOptions)
  if (result.kind !== 'fetched')
    throw new FetchError('empty_body', `fetch: ${url} answered 304 Not Modified to a request without validators`, { url })
  const { text } = decodeBody(result.body, result.contentType)
  const feed = extractItems(text, select, result.finalUrl)
  const kept = result.permanentRedirectTo ?? result.requestedUrl
  const preview = summarizeFeed(feed, { url: kept, via: 'direct', fetchedFrom: result.finalUrl }, { now: new Date(), previewSize })
  delete preview.homepage
  return preview
}

function describeDuplicate(url: string, existing: { index: number; id: string; url: string }, label: string): string {
  const same = existing.url === url ? '' : ` (${existing.url}, the same canonical URL)`
  return `breachwire add: ${url} is already in ${label} as "${existing.id}" (sources[${existing.index}])${same}; nothing added`
}

const formatNames: Record<string, string> = {
  rss: 'RSS',
  atom: 'Atom',
  rdf: 'RSS 1.0 (RDF)',
  json: 'JSON Feed',
  html: 'HTML page',
  tabular: 'table',
}

function printPreview(out: Out, feed: DiscoveredFeed): void {
  const how = feed.via === 'link' ? ' (announced by the page)' : feed.via === 'guess' ? ' (at a usual feed path)' : ''
  const title = feed.title === undefined ? '(untitled)' : JSON.stringify(feed.title)
  out.write(
    `${terminalSafe(`Found ${formatNames[feed.format] ?? feed.format} ${title} at ${feed.url}${how}: ${feed.itemCount} item(s)`)}\n`,
  )
  for (const item of feed.latestItems) {
    out.write(`  ${item.published === null ? '          ' : item.published.slice(0, 10)}  ${terminalSafe(item.title)}\n`)
  }
}
