// One `map` value → what it reads from a row: a column ("Individuals Affected"), a constant
// ("=US"), or a template ("{Name of Covered Entity} reports a breach"; "{{" and "}}" are braces).
// Compiled once per source; the config check and the reader share it, so both agree.

import { DATA_TYPES, SECTORS } from '../../facts/types.js'
import type { TabularMap } from '../../types.js'
import { isCountryCode } from './vocabulary.js'

export type FieldSpec =
  | { kind: 'column'; column: string }
  | { kind: 'constant'; value: string }
  | { kind: 'template'; parts: (string | { column: string })[] }

export type MapField = keyof TabularMap

export const MAP_FIELDS: readonly MapField[] = [
  'title',
  'link',
  'date',
  'summary',
  'organizations',
  'actors',
  'records',
  'dataTypes',
  'sector',
  'country',
]

/** Fields a template may fill (the others take one cell's value). */
const TEMPLATE_FIELDS: readonly MapField[] = ['title', 'link', 'summary']

function parseTemplate(text: string): FieldSpec | string {
  const parts: (string | { column: string })[] = []
  let literal = ''
  let i = 0
  while (i < text.length) {
    const ch = text[i] as string
    if ((ch === '{' || ch === '}') && text[i + 1] === ch) {
      literal += ch
      i += 2
      continue
    }
    if (ch === '}') return `unmatched "}" at character ${i + 1} (write "}}" for a brace)`
    if (ch !== '{') {
      literal += ch
      i += 1
      continue
    }
    const close = text.indexOf('}', i + 1)
    if (close < 0) return `unclosed "{" at character ${i + 1}`
    const column = text.slice(i + 1, close).trim()
    if (column === '') return `empty "{}" at character ${i + 1}: name a column inside the braces`
    if (literal !== '') parts.push(literal)
    literal = ''
    parts.push({ column })
    i = close + 1
  }
  if (literal !== '') parts.push(literal)
  return { kind: 'template', parts }
}

/** Why a constant is no value of the field's vocabulary, or null when it is fine. */
function checkConstant(field: MapField, value: string): string | null {
  switch (field) {
    case 'records':
      return /^\d+$/.test(value) ? null : `"=${value}": a constant record count must be a whole number`
    case 'dataTypes': {
      const bad = value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => !(DATA_TYPES as readonly string[]).includes(v))
      return bad.length === 0 ? null : `"${bad[0]}" is not a data type (one of: ${DATA_TYPES.join(', ')})`
    }
    case 'sector':
      return (SECTORS as readonly string[]).includes(value) ? null : `"${value}" is not a sector (one of: ${SECTORS.join(', ')})`
    case 'country':
      return isCountryCode(value) ? null : `"${value}" is not an ISO 3166-1 alpha-2 country code (like "US", "GB")`
    case 'date':
      return 'a date must come from a column, not a constant'
    default:
      return value === '' ? 'empty constant after "="' : null
  }
}

/** The spec of one map value, or a message saying what is wrong with it. */
export function compileField(field: MapField, value: string): FieldSpec | string {
  const text = value.trim()
  if (text === '') return 'column name expected'
  if (text.startsWith('=')) {
    const constant = text.slice(1).trim()
    const problem = checkConstant(field, constant)
    return problem ?? { kind: 'constant', value: constant }
  }
  if (text.includes('{') || text.includes('}')) {
    if (!TEMPLATE_FIELDS.includes(field))
      return field === 'date' ? 'column name expected' : 'column name or "=constant" expected (templates are for title, link and summary)'
    return parseTemplate(text)
  }
  return { kind: 'column', column: text }
}

/** The columns a spec reads. */
export function specColumns(spec: FieldSpec): string[] {
  if (spec.kind === 'column') return [spec.column]
  if (spec.kind === 'constant') return []
  return spec.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.column]))
}

export type CompiledMap = Partial<Record<MapField, FieldSpec>>

/** Every field of a map compiled; `problems` gets "map.<field>: <message>" for each bad one. */
export function compileMap(map: TabularMap, problems: string[] = []): CompiledMap {
  const out: CompiledMap = {}
  for (const field of MAP_FIELDS) {
    const value = map[field]
    if (value === undefined) continue
    const spec = compileField(field, value)
    if (typeof spec === 'string') problems.push(`map.${field}: ${spec}`)
    else out[field] = spec
  }
  return out
}
