// The fields of a csv, json or table source: `map` (which column feeds which field), `identity`
// (the columns that identify a row), `dateFormat`, `timeZone`, `rows` (json) and `table` (table).
// Map values are compiled with extract's own compileField, so config and reader agree.

import type { MapField } from '../extract/index.js'
import { compileField, DATE_FORMATS, isValidTimeZone, MAP_FIELDS, validateSelectRules } from '../extract/index.js'
import type { FeedSource, SourceType, TabularDateFormat, TabularMap } from '../types.js'
import { describeValue } from './config-errors.js'
import { suggestKey } from './did-you-mean.js'

export const TABULAR_KEYS = ['map', 'identity', 'dateFormat', 'timeZone', 'rows', 'table'] as const

export type TabularFields = Pick<FeedSource, 'map' | 'identity' | 'dateFormat' | 'timeZone' | 'rows' | 'table'>

type Report = (field: string, message: string) => void

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkMap(value: unknown, at: string, report: Report): TabularMap | undefined {
  if (value === undefined) {
    report(at, 'required: which column feeds the title, date and facts ({ "title": "{Name} …", "date": "Date", … })')
    return undefined
  }
  if (!isObject(value)) {
    report(at, `expected an object of column names, got ${describeValue(value)}`)
    return undefined
  }
  let ok = true
  const fields: readonly string[] = MAP_FIELDS
  for (const key of Object.keys(value)) {
    if (fields.includes(key)) continue
    const suggestion = suggestKey(key, fields)
    report(
      `${at}.${key}`,
      suggestion === null ? `unknown key (known keys: ${fields.join(', ')})` : `unknown key (did you mean "${suggestion}"?)`,
    )
    ok = false
  }
  const map: Partial<Record<MapField, string>> = {}
  for (const field of MAP_FIELDS) {
    const v = value[field]
    if (v === undefined) {
      if (field === 'title') {
        report(`${at}.title`, 'required: a column name or a template like "{Name} reports a breach"')
        ok = false
      }
      continue
    }
    const spec = typeof v === 'string' ? compileField(field, v) : 'column name expected'
    if (typeof spec === 'string') {
      report(`${at}.${field}`, typeof v === 'string' ? spec : `${spec}, got ${describeValue(v)}`)
      ok = false
      continue
    }
    map[field] = (v as string).trim()
  }
  return ok ? (map as TabularMap) : undefined
}

function checkIdentity(value: unknown, at: string, type: SourceType, report: Report): string[] | undefined {
  if (value === undefined) {
    report(at, `required when type is "${type}": the columns that together identify a row (["Name", "Date"])`)
    return undefined
  }
  if (!Array.isArray(value) || value.length === 0) {
    report(at, `expected a non-empty array of column names, got ${describeValue(value)}`)
    return undefined
  }
  const columns: string[] = []
  let ok = true
  value.forEach((v: unknown, i) => {
    if (typeof v !== 'string' || v.trim() === '') {
      report(`${at}[${i}]`, `column name expected, got ${describeValue(v)}`)
      ok = false
    } else if (columns.includes(v.trim())) {
      report(`${at}[${i}]`, `${JSON.stringify(v.trim())} is listed twice`)
      ok = false
    } else columns.push(v.trim())
  })
  return ok ? columns : undefined
}

/**
 * The tabular fields of a source, checked for its type: required ones for csv/json/table, and
 * none of them on a feed or html source. Each problem goes to `report(field, message)`.
 */
export function checkTabularFields(raw: Record<string, unknown>, type: SourceType, at: string, report: Report): TabularFields {
  const field = (key: string): string => `${at}.${key}`
  const out: TabularFields = {}
  if (type === 'feed' || type === 'html') {
    for (const key of TABULAR_KEYS) {
      if (raw[key] !== undefined)
        report(
          field(key),
          key === 'rows'
            ? 'only used when type is "json"'
            : key === 'table'
              ? 'only used when type is "table"'
              : 'only used when type is "csv", "json" or "table"',
        )
    }
    return out
  }

  const map = checkMap(raw['map'], field('map'), report)
  if (map !== undefined) out.map = map
  const identity = checkIdentity(raw['identity'], field('identity'), type, report)
  if (identity !== undefined) out.identity = identity

  const dateFormat = raw['dateFormat']
  if (dateFormat !== undefined) {
    if (typeof dateFormat === 'string' && (DATE_FORMATS as readonly string[]).includes(dateFormat))
      out.dateFormat = dateFormat as TabularDateFormat
    else
      report(
        field('dateFormat'),
        `expected one of ${DATE_FORMATS.map((f) => JSON.stringify(f)).join(', ')}, got ${describeValue(dateFormat)}`,
      )
  }
  const timeZone = raw['timeZone']
  if (timeZone !== undefined) {
    if (typeof timeZone === 'string' && timeZone.trim() !== '' && isValidTimeZone(timeZone.trim())) out.timeZone = timeZone.trim()
    else report(field('timeZone'), `expected an IANA time zone like "America/New_York" or "UTC", got ${describeValue(timeZone)}`)
  }

  const rows = raw['rows']
  if (type !== 'json') {
    if (rows !== undefined) report(field('rows'), 'only used when type is "json"')
  } else if (rows === undefined)
    report(field('rows'), 'required when type is "json": the dotted path to the array of rows ("data.items"; "" for a top-level array)')
  else if (typeof rows !== 'string' || /^\.|\.$|\.\./.test(rows.trim()))
    report(field('rows'), `expected a dotted path like "data.items" ("" for a top-level array), got ${describeValue(rows)}`)
  else out.rows = rows.trim()

  const table = raw['table']
  if (type !== 'table') {
    if (table !== undefined) report(field('table'), 'only used when type is "table"')
  } else if (table === undefined) report(field('table'), 'required when type is "table": the CSS selector of the <table>')
  else if (typeof table !== 'string' || table.trim() === '')
    report(field('table'), `expected a CSS selector string, got ${describeValue(table)}`)
  else {
    // extract's selector check, read as if the selector were an item rule.
    const invalid = validateSelectRules({ item: table.trim() })
    if (invalid === null) out.table = table.trim()
    else report(field('table'), invalid.replace(/^select\.item: /, ''))
  }
  return out
}
