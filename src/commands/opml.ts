// breachwire import-opml FILE / export-opml: subscriptions in and out of feeds.json as OPML.
// Import merges: URLs already present (same canonical URL) are skipped, ids are slugs of the
// titles made unique, folders and categories become tags, and the file is only written when the result passes
// the validation that loads feeds.json. Export prints OPML 2.0 (feed-export's renderOpml).
import { readFileSync } from 'node:fs'
import { buildEditedConfig, type EditableConfig, readEditableConfig, writeConfigFile } from '../config/edit.js'
import { ConfigError, describeError } from '../errors.js'
import { type OpmlSource, renderOpml } from '../feed-export/index.js'
import { terminalSafe } from '../lib/terminal-text.js'
import { OpmlError, parseOpml, planOpmlImport } from '../opml/index.js'
import type { CliContext, Command } from './command.js'

export const importOpmlCommand: Command = {
  summary: 'merge the feeds of an OPML file into feeds.json',
  usage: 'import-opml FILE [--config F]',
  help: `Reads an OPML 1.0 or 2.0 file (as Miniflux, FreshRSS, Feedly, NetNewsWire, Inoreader
export them) and appends its feeds to feeds.json, keeping the file's order and formatting.
Folders and OPML 2.0 categories become tags; an outline marked breachwire:enabled="false"
(as export-opml writes a disabled source) is added disabled. A feed whose URL is already in feeds.json (same canonical URL), or listed
twice, is skipped; so is an outline that is not a feed or that fails feeds.json validation (the
message says why). Prints what was added and skipped. --dry-run prints the same and writes nothing.
Exit 0 when the file was read (even if everything was skipped), 1 otherwise.`,
  options: { 'dry-run': { type: 'boolean' } },
  allowPositionals: true,
  run: runImportOpml,
}

export const exportOpmlCommand: Command = {
  summary: 'print the feeds of feeds.json as OPML 2.0',
  usage: 'export-opml [--config F]',
  help: `Prints the feed sources of feeds.json as an OPML 2.0 document on stdout, one folder per
first tag, which Miniflux, FreshRSS and other readers import; every tag is also in the outline's
category attribute, and a disabled source is marked breachwire:enabled="false" (other readers
ignore it), so import-opml brings back the same tags and enabled flags. Sources of type "html" have no feed
another reader could subscribe to and are left out (named on stderr); the running server's /opml
lists them with breachwire's own feed of each. URLs are written as feeds.json has them, credentials
included (a backup of your own config); the public /opml redacts them.`,
  options: {},
  run: runExportOpml,
}

async function runImportOpml(ctx: CliContext): Promise<number> {
  const fail = (message: string): number => {
    ctx.stderr.write(`${terminalSafe(message, { multiline: true })}\n`)
    return 1
  }
  if (ctx.positionals.length !== 1) {
    return fail(
      `breachwire import-opml: expected one OPML file, got ${ctx.positionals.length === 0 ? 'none' : ctx.positionals.length}\n\nusage: breachwire ${importOpmlCommand.usage}`,
    )
  }
  const file = ctx.positionals[0] as string
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return fail(
      `breachwire import-opml: ${file}: ${code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(err)})`}`,
    )
  }
  let editable: EditableConfig
  try {
    editable = readEditableConfig(ctx.configPath)
  } catch (err) {
    return fail(err instanceof ConfigError ? err.message : `breachwire import-opml: ${describeError(err).message}`)
  }
  let parsed: ReturnType<typeof parseOpml>
  try {
    parsed = parseOpml(bytes)
  } catch (err) {
    if (err instanceof OpmlError) return fail(`breachwire import-opml: ${file}: ${err.message}`)
    throw err
  }
  const plan = planOpmlImport(parsed.feeds, editable.config.sources, editable.label)
  const dryRun = ctx.values['dry-run'] === true
  if (plan.add.length > 0 && !dryRun) {
    let text: string
    try {
      text = buildEditedConfig(editable, plan.add).text
    } catch (err) {
      return fail(err instanceof ConfigError ? err.message : `breachwire import-opml: ${describeError(err).message}`)
    }
    writeConfigFile(ctx.configPath, text)
  }

  const verb = dryRun ? 'would add' : 'added'
  const lines: string[] = []
  for (const raw of plan.add) lines.push(`${verb} ${String(raw['id'])}  ${String(raw['url'])}`)
  // Every skip names the OPML file and the outline, in the file's order.
  const skips = [...plan.skipped, ...parsed.skipped].sort((a, b) => a.position - b.position)
  for (const skip of skips) {
    lines.push(
      `skipped ${file}: outline ${skip.position}${skip.title === undefined ? '' : ` (${JSON.stringify(skip.title)})`}: ${skip.reason}`,
    )
  }
  const skipped = plan.skipped.length + parsed.skipped.length
  lines.push(
    `${file}: ${plan.add.length} ${dryRun ? 'to add' : 'added'}, ${skipped} skipped${plan.add.length > 0 && !dryRun ? ` (${editable.label} updated)` : ''}`,
  )
  // Titles and reasons come from the OPML file: escaped for the terminal.
  await writeFully(ctx.stdout, `${lines.map((line) => terminalSafe(line)).join('\n')}\n`)
  return 0
}

async function runExportOpml(ctx: CliContext): Promise<number> {
  let editable: EditableConfig
  try {
    editable = readEditableConfig(ctx.configPath)
  } catch (err) {
    ctx.stderr.write(`${err instanceof ConfigError ? err.message : `breachwire export-opml: ${describeError(err).message}`}\n`)
    return 1
  }
  if (editable.text === null) {
    ctx.stderr.write(`${editable.label}: file not found\n`)
    return 1
  }
  const sources: OpmlSource[] = []
  const left: string[] = []
  for (const source of editable.config.sources) {
    if (source.type === 'html') {
      left.push(source.id)
      continue
    }
    sources.push({
      title: source.title ?? source.id,
      xmlUrl: source.url,
      htmlUrl: source.homepage ?? null,
      tags: source.tags,
      enabled: source.enabled,
    })
  }
  // Wait until the document is handed to the OS: cli.ts exits right after, and a pipe (| xmllint)
  // would otherwise get only its first 64 KB.
  await writeFully(ctx.stdout, renderOpml(sources, { title: 'breachwire sources', ownerName: 'breachwire' }))
  if (left.length > 0) {
    ctx.stderr.write(`breachwire export-opml: left out ${left.length} html source(s) without a feed: ${left.join(', ')}\n`)
  }
  return 0
}

/** Resolves once `text` has been handed to the OS (or the stream failed), so exiting next loses nothing. */
function writeFully(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(text, () => resolve())
  })
}
