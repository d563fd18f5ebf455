// A table + the source's map → ParsedFeed. Each row becomes one item, or is skipped with a
// problem that names it ("row 7 (line 8): Individuals Affected: not a number: "n/a?""); the rest
// still load. A map that can match nothing (a column the table lacks, no rows, no row that maps)
// fails the whole source with a ParseError naming the columns that exist.
//
// Identity: rows carry no guid or link, so the guid is made from the `identity` columns' values
// (trimmed, whitespace collapsed, lower-cased, in the order `identity` lists them):
//   guid = "<source id>:row-<first 16 hex of SHA-256 over the length-prefixed values>"
// A re-published table then maps to the same guids (nothing new), and a corrected cell outside
// the identity (a revised count) updates the item in place.

import { ParseError } from '../../errors.js'
import { hashFields } from '../../lib/hash.js'
import { resolveUrl } from '../../lib/url.js'
import type { FeedSource, ParsedFeed, ParsedItem, StatedFacts, TabularMap } from '../../types.js'
import { parseTabularDate } from './dates.js'
import { type CompiledMap, compileMap, type FieldSpec, MAP_FIELDS, type MapField, specColumns } from './map-spec.js'
import { readCount } from './numbers.js'
import type { Cell, RawRow, RawTable } from './table-types.js'
import { toCountry, toDataTypes, toSector } from './vocabulary.js'

/** Problems named in the warning; the count covers the rest. */
const MAX_NAMED_PROBLEMS = 3
/** Rows read from one table at most (the newest come first in every official table seen). */
const MAX_ROWS = 5000

/** A row that fails the map: the message says which row and why. */
class RowProblem extends Error {}

function cellText(cell: Cell | undefined): string {
  if (cell === undefined) return ''
  return (Array.isArray(cell) ? cell.join(', ') : cell).replace(/\s+/g, ' ').trim()
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

interface Context {
  source: FeedSource
  map: CompiledMap
  identity: string[]
  /** Where rows without a link point: the source's home page, else the page or file read. */
  page: string
}

/** The text a spec gives for a row; `encode` URL-encodes the cells a template puts into a link. */
function render(spec: FieldSpec, row: RawRow, encode = false): string {
  if (spec.kind === 'constant') return spec.value
  if (spec.kind === 'column') return cellText(row.cells.get(spec.column))
  return spec.parts
    .map((p) => {
      if (typeof p === 'string') return p
      const text = cellText(row.cells.get(p.column))
      return encode ? encodeURIComponent(text) : text
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

function columnLabel(spec: FieldSpec, field: MapField): string {
  return spec.kind === 'column' ? spec.column : `map.${field}`
}

/** A one-cell fact as a list: a JSON array's items, else the cell's text (names keep their commas). */
function names(spec: FieldSpec | undefined, row: RawRow): string[] {
  if (spec === undefined) return []
  const cell = spec.kind === 'column' ? row.cells.get(spec.column) : undefined
  if (Array.isArray(cell)) return cell.map((c) => c.trim()).filter((c) => c !== '')
  const text = render(spec, row)
  return text === '' ? [] : [text]
}

function readFacts(ctx: Context, row: RawRow): StatedFacts {
  const { map } = ctx
  let records: number | null = null
  if (map.records !== undefined) {
    const text = render(map.records, row)
    const count = readCount(text)
    if (!count.ok) throw new RowProblem(`${columnLabel(map.records, 'records')}: not a number: ${JSON.stringify(text)}`)
    records = count.value
  }
  const dataCell =
    map.dataTypes?.kind === 'column'
      ? row.cells.get(map.dataTypes.column)
      : map.dataTypes?.kind === 'constant'
        ? map.dataTypes.value
        : undefined
  const sector = map.sector === undefined ? '' : render(map.sector, row)
  const country = map.country === undefined ? '' : render(map.country, row)
  return {
    origin: 'official',
    organizations: names(map.organizations, row),
    actors: names(map.actors, row),
    records,
    dataTypes: dataCell === undefined ? [] : toDataTypes(dataCell),
    sector: sector === '' ? null : toSector(sector),
    country: toCountry(country),
  }
}

/** The row's guid and anchor hash from its identity cells; every one must be filled. */
function identify(ctx: Context, row: RawRow): string {
  const values = ctx.identity.map((column) => {
    const text = cellText(row.cells.get(column))
    if (text === '') throw new RowProblem(`identity column ${JSON.stringify(column)} is empty`)
    return text.toLowerCase()
  })
  return hashFields(values)
}

/** A default summary: every filled cell of the row as "Column: value", in column order. */
function describeRow(columns: readonly string[], row: RawRow): string {
  const lines = columns
    .filter((c) => !c.endsWith('@href'))
    .map((c) => [c, cellText(row.cells.get(c))] as const)
    .filter(([, v]) => v !== '')
    .map(([c, v]) => `<li>${escapeHtml(c)}: ${escapeHtml(v)}</li>`)
  return lines.length === 0 ? '' : `<ul>${lines.join('')}</ul>`
}

function mapRow(ctx: Context, columns: readonly string[], row: RawRow): ParsedItem {
  const { map, source } = ctx
  const hash = identify(ctx, row)
  const title = map.title === undefined ? '' : render(map.title, row)
  if (title === '') throw new RowProblem('the title is empty')
  const item: ParsedItem = { guid: `${source.id}:row-${hash}`, title, titleType: 'text' }

  const link = map.link === undefined ? '' : render(map.link, row, map.link.kind === 'template')
  item.link = (link === '' ? undefined : resolveUrl(link, ctx.page)) ?? `${ctx.page.replace(/#.*$/, '')}#row-${hash}`

  if (map.date !== undefined) {
    const text = render(map.date, row)
    if (text !== '') {
      const format = source.dateFormat ?? 'ISO'
      const date = parseTabularDate(text, format, source.timeZone ?? 'UTC')
      if (date === undefined) throw new RowProblem(`${columnLabel(map.date, 'date')}: not a date in ${format}: ${JSON.stringify(text)}`)
      item.published = date
    }
  }
  // A mapped summary is HTML, like a feed's description (HIBP's Description is), and is sanitized later.
  const summary = map.summary === undefined ? describeRow(columns, row) : render(map.summary, row)
  if (summary !== '') item.summary = summary
  item.facts = readFacts(ctx, row)
  return item
}

/** Every column the map and identity name that the table lacks, as "map.records: "X"". */
function missingColumns(map: CompiledMap, identity: readonly string[], columns: ReadonlySet<string>): string[] {
  const missing: string[] = []
  for (const field of MAP_FIELDS) {
    const spec = map[field]
    if (spec === undefined) continue
    for (const column of specColumns(spec)) if (!columns.has(column)) missing.push(`map.${field} names column ${JSON.stringify(column)}`)
  }
  identity.forEach((column, i) => {
    if (!columns.has(column)) missing.push(`identity[${i}] names column ${JSON.stringify(column)}`)
  })
  return missing
}

function listColumns(columns: readonly string[]): string {
  const shown = columns.slice(0, 40).map((c) => JSON.stringify(c))
  return shown.length === 0 ? 'none' : shown.join(', ') + (columns.length > shown.length ? ', …' : '')
}

/**
 * The items of a table under the source's map. `page` is the URL the table was read from (the
 * anchor base when the source has no homepage). Skipped rows are counted in `skippedRows` and the
 * first few named in `warning`.
 */
export function mapRows(table: RawTable, source: FeedSource, page: string): ParsedFeed {
  const problems: string[] = []
  const map = compileMap(source.map ?? ({} as TabularMap), problems)
  if (map.title === undefined) problems.push('map.title: required')
  const identity = source.identity ?? []
  if (identity.length === 0) problems.push('identity: required')
  if (problems.length > 0) throw new ParseError('malformed', `extract: ${problems.join('; ')}`)

  const missing = missingColumns(map, identity, new Set(table.columns))
  if (missing.length > 0) {
    throw new ParseError(
      'selector_empty',
      `extract: ${missing.join('; ')}, which the table does not have (columns: ${listColumns(table.columns)})`,
    )
  }
  if (table.rows.length === 0) throw new ParseError('empty', `extract: the table has no rows (columns: ${listColumns(table.columns)})`)

  const ctx: Context = { source, map, identity, page: source.homepage ?? page }
  const items: ParsedItem[] = []
  const skipped: string[] = []
  for (const row of table.rows.slice(0, MAX_ROWS)) {
    try {
      items.push(mapRow(ctx, table.columns, row))
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err
      skipped.push(`${row.label}: ${err.message}`)
    }
  }
  const named = skipped.slice(0, MAX_NAMED_PROBLEMS).join('; ')
  const more = skipped.length > MAX_NAMED_PROBLEMS ? `; and ${skipped.length - MAX_NAMED_PROBLEMS} more` : ''
  if (items.length === 0) {
    throw new ParseError('selector_empty', `extract: no row fits the map (${skipped.length} skipped: ${named}${more})`)
  }
  const feed: ParsedFeed = { format: 'tabular', homepage: ctx.page, items }
  if (skipped.length > 0) {
    feed.skippedRows = skipped.length
    feed.warning = `${skipped.length} row${skipped.length === 1 ? '' : 's'} skipped: ${named}${more}`
  }
  return feed
}
