// Adds sources to feeds.json the way a person would: the new entries go at the end of the
// "sources" array, written in the style of the entries already there (indentation, one-line or
// wrapped objects, line endings), and every other byte of the file stays as it was.
// jsonc-parser finds the array and applies the edits; entries written one per line (or wrapped,
// or minified) are rendered here in that style, since its formatter knows only the pretty one.

import { chmodSync, existsSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { applyEdits, type FormattingOptions, findNodeAtLocation, modify, type Node, parseTree } from 'jsonc-parser'
import { ConfigError } from '../errors.js'
import { canonicalizeUrl } from '../lib/canonical-url.js'
import type { AppConfig, FeedSource } from '../types.js'
import { parseConfigText, resolveFileLabel } from './load-config.js'
import { validateConfig } from './validate-config.js'

/** A source as it will be written to feeds.json (key order is the order written). */
export type RawSource = Record<string, unknown>

/** The whitespace a line starts with. */
function leadingSpace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? ''
}

/** The file's indentation unit: the smallest indentation of any indented line (2 spaces when none). */
export function detectIndentUnit(text: string): string {
  let best: string | undefined
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue
    const lead = leadingSpace(line)
    if (lead === '') continue
    if (lead.startsWith('\t')) return '\t'
    if (best === undefined || lead.length < best.length) best = lead
  }
  return best ?? '  '
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1
}

/** A value on one line, in the `{ "a": 1, "b": ["x", "y"] }` style. */
function renderInline(value: unknown, spaced: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => renderInline(v, spaced)).join(', ')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${renderInline(v, spaced)}`)
    if (entries.length === 0) return '{}'
    return spaced ? `{ ${entries.join(', ')} }` : `{${entries.join(', ')}}`
  }
  return JSON.stringify(value)
}

interface WrapStyle {
  /** Whitespace that starts each continuation line. */
  continuation: string
  /** Longest line allowed. */
  width: number
  /** The key the existing entries start their second line with ("homepage"): a new line starts there too. */
  breakKey: string | undefined
}

/** An object on one line, wrapped before `breakKey` and before any key that would pass the width. */
function renderWrapped(source: RawSource, firstIndent: number, style: WrapStyle, spaced: boolean, eol: string): string {
  const { continuation, width, breakKey } = style
  const keys = Object.keys(source)
  const entries = Object.entries(source).map(([k, v]) => `${JSON.stringify(k)}: ${renderInline(v, spaced)}`)
  const open = spaced ? '{ ' : '{'
  const close = spaced ? ' }' : '}'
  const lines: string[] = []
  let line = open
  let column = firstIndent
  entries.forEach((entry, i) => {
    const isFirstOnLine = line === open || line === continuation
    const tail = i === entries.length - 1 ? close : ','
    if (!isFirstOnLine && (keys[i] === breakKey || column + line.length + 1 + entry.length + tail.length > width)) {
      lines.push(line)
      line = continuation
      column = 0
    }
    line += (line === open || line === continuation ? '' : ' ') + entry + (i === entries.length - 1 ? close : ',')
  })
  lines.push(line)
  return lines.join(eol)
}

/**
 * How to write one more entry after `last` like the entries already there: what goes between
 * them and how the entry is rendered. Null for entries pretty-printed over several lines, which
 * jsonc-parser's own formatter writes.
 */
function readEntryStyle(
  text: string,
  array: Node,
  last: Node,
  eol: string,
): { separator: string; render: (s: RawSource) => string } | null {
  const lastText = text.slice(last.offset, last.offset + last.length)
  const before = text.slice(lineStartOf(text, last.offset), last.offset)
  const ownLine = before.trim() === ''
  const indent = ownLine ? before : ''
  const spaced = /^\{\s/.test(lastText) || !lastText.startsWith('{')
  if (!lastText.includes('\n') && !/":\s/.test(lastText)) {
    // Minified entries: minified too.
    return { separator: ownLine ? `,${eol}${indent}` : ',', render: (s) => JSON.stringify(s) }
  }
  if (!lastText.includes('\n')) {
    // One-line entries: one more line like them (or, when they share a line, one more on it).
    return { separator: ownLine ? `,${eol}${indent}` : ', ', render: (s) => renderInline(s, spaced) }
  }
  if (!/^\{[ \t]*"/.test(lastText)) return null
  // Wrapped entries (`{ "id": …, "url": …,\n    "homepage": … }`): the same wrap width and continuation.
  const lines = lastText.split(/\r?\n/)
  const continuation = leadingSpace(lines[1] ?? '') || indent + detectIndentUnit(text)
  // As wide as the widest line among the entries already there.
  const arrayLines = text.slice(lineStartOf(text, array.offset), array.offset + array.length).split(/\r?\n/)
  const width = Math.max(80, ...arrayLines.map((l) => l.length))
  const breakKey = /^\s*"([^"\\]+)"\s*:/.exec(lines[1] ?? '')?.[1]
  return { separator: `,${eol}${indent}`, render: (s) => renderWrapped(s, indent.length, { continuation, width, breakKey }, spaced, eol) }
}

/**
 * The feeds.json text with `sources` appended to its "sources" array (created when missing),
 * nothing else changed. Throws when the text is not a JSON object whose "sources", if present,
 * is an array (callers validate it first).
 */
export function appendSourcesToConfigText(text: string, sources: RawSource[]): string {
  if (sources.length === 0) return text
  const bom = text.startsWith('\ufeff') ? '\ufeff' : ''
  const body = bom === '' ? text : text.slice(1)
  const eol = body.includes('\r\n') ? '\r\n' : '\n'
  const root = parseTree(body)
  if (root?.type !== 'object') throw new Error('config: feeds.json is not a JSON object')
  const array = findNodeAtLocation(root, ['sources'])
  const last = array?.children?.at(-1)
  const style = array === undefined || last === undefined ? null : readEntryStyle(body, array, last, eol)
  if (last !== undefined && style !== null) {
    const content = sources.map((s) => style.separator + style.render(s)).join('')
    return bom + applyEdits(body, [{ offset: last.offset + last.length, length: 0, content }])
  }
  if (array?.type === 'array' && last === undefined && !body.includes('\n')) {
    // An empty array in a one-line file stays on that line.
    return (
      bom +
      applyEdits(body, [{ offset: array.offset + 1, length: array.length - 2, content: sources.map((s) => JSON.stringify(s)).join(',') }])
    )
  }
  const unit = detectIndentUnit(body)
  const formattingOptions: FormattingOptions = { tabSize: unit === '\t' ? 1 : unit.length, insertSpaces: unit !== '\t', eol }
  let edited = body
  for (const source of sources)
    edited = applyEdits(edited, modify(edited, ['sources', -1], source, { isArrayInsertion: true, formattingOptions }))
  return bom + edited
}

/** The text of a new feeds.json holding only `sources`. */
export function createConfigText(sources: RawSource[]): string {
  return appendSourcesToConfigText('{\n  "sources": []\n}\n', sources)
}

// ───────────── choosing ids and refusing duplicates ─────────────

const maxIdLength = 64

/** A feeds.json id from a title: lowercase ASCII letters, digits and "-", at most 64 characters. */
export function slugifyTitle(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  return slug.slice(0, maxIdLength).replace(/-+$/, '')
}

/** A slug for a source: from its title, else its URL's host and path, else "source". */
export function slugifySource(title: string | undefined, url: string): string {
  const fromTitle = title === undefined ? '' : slugifyTitle(title)
  if (fromTitle !== '') return fromTitle
  try {
    const parsed = new URL(url)
    const host = parsed.hostname.replace(/^www\./, '')
    const fromUrl = slugifyTitle(host)
    if (fromUrl !== '') return fromUrl
  } catch {
    // not a URL: fall through
  }
  return 'source'
}

/** `base`, or `base-2`, `base-3`, … : the first one not in `taken`. */
export function chooseUniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`
    const candidate = base.slice(0, maxIdLength - suffix.length).replace(/-+$/, '') + suffix
    if (!taken.has(candidate)) return candidate
  }
}

/** The existing source whose URL has the same canonical form as `url`, with its index. */
export function findSourceByUrl(
  sources: readonly Pick<FeedSource, 'id' | 'url'>[],
  url: string,
): { index: number; id: string; url: string } | null {
  const wanted = canonicalizeUrl(url)
  const index = sources.findIndex((s) => canonicalizeUrl(s.url) === wanted)
  const found = sources[index]
  return found === undefined ? null : { index, id: found.id, url: found.url }
}

// ───────────── reading and writing the file ─────────────

export interface EditableConfig {
  /** The file's text, or null when it does not exist yet (it will be created). */
  text: string | null
  /** The config as loaded (validated); default settings and no sources for a new file. */
  config: AppConfig
  /** The name messages use for the file. */
  label: string
}

/** Reads feeds.json for editing. Throws the same ConfigError loadConfig would for an invalid file. */
export function readEditableConfig(configPath: string): EditableConfig {
  const label = resolveFileLabel(configPath)
  if (!existsSync(configPath)) {
    return { text: null, config: { ...validateConfig({ sources: [] }, label), path: configPath }, label }
  }
  let text: string
  try {
    text = readFileSync(configPath, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new ConfigError(label, code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(err)})`, { cause: err })
  }
  return { text, config: { ...parseConfigText(text, label), path: configPath }, label }
}

/**
 * The new text of the file with `sources` appended, checked by the same validation that loads
 * feeds.json (throws its ConfigError, naming the file, source and field, when it fails).
 */
export function buildEditedConfig(editable: EditableConfig, sources: RawSource[]): { text: string; config: AppConfig } {
  const text = editable.text === null ? createConfigText(sources) : appendSourcesToConfigText(editable.text, sources)
  return { text, config: { ...parseConfigText(text, editable.label), path: editable.config.path } }
}

/** Replaces the file in one step (write a temporary file beside it, then rename), so a watcher never reads half a file. */
export function writeConfigFile(configPath: string, text: string): void {
  let target = configPath
  try {
    target = realpathSync(configPath)
  } catch {
    // a new file: write where asked
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`)
  let mode: number | undefined
  try {
    mode = statSync(target).mode & 0o7777
  } catch {
    mode = undefined
  }
  try {
    writeFileSync(temp, text, 'utf8')
    if (mode !== undefined) chmodSync(temp, mode)
    renameSync(temp, target)
  } catch (err) {
    try {
      unlinkSync(temp)
    } catch {
      // nothing to clean up
    }
    throw err
  }
}
