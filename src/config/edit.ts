// Adds sources to feeds.json the way a person would: the new entries go at the end of the
// "sources" array, written in the style of the entries already there (indentation, one-line or
// wrapped objects, line endings), and every other byte of the file stays as it was.
// When the text cannot be edited in place (no "sources" array to find), the document is
// re-serialized with its key order kept.

import { chmodSync, existsSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { canonicalizeUrl } from '../lib/canonical-url.js'
import { ConfigError } from '../errors.js'
import type { AppConfig, FeedSource } from '../types.js'
import { parseConfigText, resolveFileLabel } from './load-config.js'
import { validateConfig } from './validate-config.js'

/** A source as it will be written to feeds.json (key order is the order written). */
export type RawSource = Record<string, unknown>

interface Span {
  start: number
  end: number
}

interface SourcesArray {
  open: number
  close: number
  elements: Span[]
}

/** Offset after the whitespace at `pos`. */
function skipSpace(text: string, pos: number): number {
  while (pos < text.length && ' \t\n\r'.includes(text[pos] as string)) pos += 1
  return pos
}

/** Offset after the string starting at `pos` (its opening quote). */
function skipString(text: string, pos: number): number {
  pos += 1
  while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1
  return pos + 1
}

/** Offset after the JSON value starting at `pos`, or -1 when there is none. */
function skipValue(text: string, pos: number): number {
  const ch = text[pos]
  if (ch === '"') return skipString(text, pos)
  if (ch === '{' || ch === '[') {
    let depth = 0
    while (pos < text.length) {
      const c = text[pos] as string
      if (c === '"') {
        pos = skipString(text, pos)
        continue
      }
      if (c === '{' || c === '[') depth += 1
      if (c === '}' || c === ']') {
        depth -= 1
        if (depth === 0) return pos + 1
      }
      pos += 1
    }
    return -1
  }
  const m = /^[^,\]}\s]+/.exec(text.slice(pos, pos + 64))
  return m === null ? -1 : pos + m[0].length
}

/** The "sources" array of the top-level object: its brackets and its elements' spans, or null. */
export function locateSourcesArray(text: string): SourcesArray | null {
  let pos = skipSpace(text, 0)
  if (text[pos] !== '{') return null
  pos += 1
  for (;;) {
    pos = skipSpace(text, pos)
    if (text[pos] !== '"') return null
    const keyEnd = skipString(text, pos)
    const key = safeParse(text.slice(pos, keyEnd))
    pos = skipSpace(text, keyEnd)
    if (text[pos] !== ':') return null
    pos = skipSpace(text, pos + 1)
    if (key === 'sources') return text[pos] === '[' ? readElements(text, pos) : null
    pos = skipValue(text, pos)
    if (pos < 0) return null
    pos = skipSpace(text, pos)
    if (text[pos] !== ',') return null
    pos += 1
  }
}

function readElements(text: string, open: number): SourcesArray | null {
  const elements: Span[] = []
  let pos = skipSpace(text, open + 1)
  if (text[pos] === ']') return { open, close: pos, elements }
  for (;;) {
    pos = skipSpace(text, pos)
    const end = skipValue(text, pos)
    if (end < 0) return null
    elements.push({ start: pos, end })
    pos = skipSpace(text, end)
    if (text[pos] === ']') return { open, close: pos, elements }
    if (text[pos] !== ',') return null
    pos += 1
  }
}

function safeParse(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch {
    return undefined
  }
}

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

/** JSON.stringify with the file's unit, every line after the first shifted right by `indent`. */
function renderPretty(source: RawSource, unit: string, indent: string, eol: string): string {
  return JSON.stringify(source, null, unit)
    .split('\n')
    .map((line, i) => (i === 0 ? line : indent + line))
    .join(eol)
}

/** How the existing entries are written, read from the last one. */
function renderLikeExisting(text: string, array: SourcesArray, last: Span, source: RawSource, unit: string, eol: string): { separator: string; body: string } {
  const lastText = text.slice(last.start, last.end)
  const lineStart = lineStartOf(text, last.start)
  const before = text.slice(lineStart, last.start)
  const ownLine = before.trim() === ''
  const indent = ownLine ? before : ''
  const spaced = /^\{\s/.test(lastText) || !lastText.startsWith('{')
  if (!lastText.includes('\n') && !/":\s/.test(lastText)) {
    // Minified entries: minified too.
    return { separator: ownLine ? `,${eol}${indent}` : ',', body: JSON.stringify(source) }
  }
  if (!lastText.includes('\n')) {
    // One-line entries: one more line like them (or, when they share a line, one more on it).
    return { separator: ownLine ? `,${eol}${indent}` : ', ', body: renderInline(source, spaced) }
  }
  if (/^\{[ \t]*"/.test(lastText)) {
    // Wrapped entries (`{ "id": …, "url": …,\n    "homepage": … }`): the same wrap width and continuation.
    const lines = lastText.split(/\r?\n/)
    const continuation = leadingSpace(lines[1] ?? '') || indent + unit
    // As wide as the widest line among the entries already there.
    const arrayLines = text.slice(lineStartOf(text, array.open), array.close).split(/\r?\n/)
    const width = Math.max(80, ...arrayLines.map((l) => l.length))
    const breakKey = /^\s*"([^"\\]+)"\s*:/.exec(lines[1] ?? '')?.[1]
    return { separator: `,${eol}${indent}`, body: renderWrapped(source, indent.length, { continuation, width, breakKey }, spaced, eol) }
  }
  return { separator: `,${eol}${indent}`, body: renderPretty(source, unit, indent, eol) }
}

/**
 * The feeds.json text with `sources` appended to its "sources" array, nothing else changed.
 * Falls back to re-serializing the parsed document (key order kept) when the text cannot be
 * edited in place. Throws when the text is not a JSON object (callers validate it first).
 */
export function appendSourcesToConfigText(text: string, sources: RawSource[]): string {
  if (sources.length === 0) return text
  const bom = text.startsWith('\ufeff') ? '\ufeff' : ''
  const body = bom === '' ? text : text.slice(1)
  const eol = body.includes('\r\n') ? '\r\n' : '\n'
  const unit = detectIndentUnit(body)
  const located = locateSourcesArray(body)
  let edited: string | null = null
  if (located !== null) {
    const last = located.elements[located.elements.length - 1]
    if (last !== undefined) {
      let insertion = ''
      for (const source of sources) {
        const { separator, body: rendered } = renderLikeExisting(body, located, last, source, unit, eol)
        insertion += separator + rendered
      }
      edited = body.slice(0, last.end) + insertion + body.slice(last.end)
    } else if (!body.includes('\n')) {
      edited = body.slice(0, located.open + 1) + sources.map((s) => JSON.stringify(s)).join(',') + body.slice(located.close)
    } else {
      const keyLine = body.slice(lineStartOf(body, located.open), located.open)
      const outer = leadingSpace(keyLine)
      const inner = outer + unit
      const rendered = sources.map((s) => inner + renderPretty(s, unit, inner, eol)).join(`,${eol}`)
      edited = body.slice(0, located.open + 1) + eol + rendered + eol + outer + body.slice(located.close)
    }
  }
  if (edited !== null && isAppendedCorrectly(body, edited, sources)) return bom + edited
  return bom + reserializeWithSources(body, sources, unit, eol)
}

/** true when the edited text parses to the original document plus the new sources at the end. */
function isAppendedCorrectly(original: string, edited: string, sources: RawSource[]): boolean {
  const before = safeParse(original) as { sources?: unknown } | undefined
  const after = safeParse(edited) as { sources?: unknown } | undefined
  if (before === undefined || after === undefined || !Array.isArray(after.sources)) return false
  const expected = { ...before, sources: [...(Array.isArray(before.sources) ? before.sources : []), ...sources] }
  return JSON.stringify(expected) === JSON.stringify(after)
}

function reserializeWithSources(text: string, sources: RawSource[], unit: string, eol: string): string {
  const doc = JSON.parse(text) as Record<string, unknown>
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('config: feeds.json is not a JSON object')
  const existing = Array.isArray(doc['sources']) ? (doc['sources'] as unknown[]) : []
  doc['sources'] = [...existing, ...sources]
  const trailing = /\r?\n$/.test(text) || text === '' ? eol : ''
  return JSON.stringify(doc, null, unit).split('\n').join(eol) + trailing
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
export function findSourceByUrl(sources: readonly Pick<FeedSource, 'id' | 'url'>[], url: string): { index: number; id: string; url: string } | null {
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
