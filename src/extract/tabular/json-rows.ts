// A JSON document + a `rows` path → a table: each object of the array at the path is a row, its
// keys the columns. Nested objects become dotted columns ("victim.name"); numbers and booleans
// become text; an array of scalars stays a list (HIBP's "DataClasses").

import { ParseError } from '../../errors.js'
import type { Cell, RawRow, RawTable } from './table-types.js'

/** Nesting deeper than this is not a row's fields any more. */
const MAX_DEPTH = 4

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'boolean') return String(value)
  return undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function flatten(value: Record<string, unknown>, prefix: string, depth: number, out: Map<string, Cell>): void {
  for (const [key, v] of Object.entries(value)) {
    const name = prefix + key
    const text = scalarText(v)
    if (text !== undefined) out.set(name, text)
    else if (Array.isArray(v)) {
      const list = v.map(scalarText).filter((t): t is string => t !== undefined)
      out.set(name, list)
    } else if (isObject(v) && depth < MAX_DEPTH) flatten(v, `${name}.`, depth + 1, out)
  }
}

/** The value at a dotted path ("data.breaches"; "" is the document itself). */
function walk(doc: unknown, path: string): unknown {
  let at = doc
  for (const step of path === '' ? [] : path.split('.')) {
    if (!isObject(at) || !(step in at)) return undefined
    at = at[step]
  }
  return at
}

/**
 * The rows of the array at `rowsPath`. Throws ParseError('malformed') for a body that is not JSON
 * and ParseError('selector_empty') when the path names no array.
 */
export function readJsonRows(text: string, rowsPath: string): RawTable {
  let doc: unknown
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new ParseError('malformed', `extract: not a JSON document: ${err instanceof Error ? err.message : String(err)}`)
  }
  const list = walk(doc, rowsPath)
  const where = rowsPath === '' ? 'the document' : `rows path "${rowsPath}"`
  if (!Array.isArray(list)) {
    const keys = isObject(doc) ? ` (top-level keys: ${Object.keys(doc).slice(0, 20).join(', ') || 'none'})` : ''
    throw new ParseError('selector_empty', `extract: ${where} is not an array${keys}`)
  }
  const columns = new Set<string>()
  const rows: RawRow[] = []
  list.forEach((entry: unknown, index) => {
    const cells = new Map<string, Cell>()
    if (isObject(entry)) flatten(entry, '', 0, cells)
    for (const name of cells.keys()) columns.add(name)
    rows.push({ label: `row ${index + 1}`, cells })
  })
  return { columns: [...columns], rows }
}
