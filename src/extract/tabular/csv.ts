// RFC 4180 CSV → header + rows. Commas separate fields; CRLF, LF or CR end records; a quoted
// field may hold commas, line breaks and "" for a quote. Lenient where exports are sloppy: a quote
// inside an unquoted field is kept as text, and short or long records are left for the caller.

import { ParseError } from '../../errors.js'
import type { RawTable } from './table-types.js'

interface Record {
  cells: string[]
  /** 1-based line where the record starts. */
  line: number
}

function readRecords(text: string): Record[] {
  const records: Record[] = []
  let cells: string[] = []
  let field = ''
  let line = 1
  let recordLine = 1
  let i = 0
  // Whether the current field has begun (a character, or an opening quote). A line break with no
  // field begun and no cell before it (a blank line, the file's final newline) ends no record.
  let fieldStarted = false
  const endRecord = (): void => {
    if (fieldStarted || cells.length > 0) {
      cells.push(field)
      records.push({ cells, line: recordLine })
    }
    cells = []
    field = ''
    fieldStarted = false
  }
  while (i < text.length) {
    const ch = text[i] as string
    if (ch === '"' && field === '' && !fieldStarted) {
      // A quoted field: runs to the quote not followed by another quote.
      const openedAt = line
      i += 1
      fieldStarted = true
      for (;;) {
        if (i >= text.length) throw new ParseError('malformed', `extract: CSV quote opened on line ${openedAt} is never closed`)
        const c = text[i] as string
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i += 1
          break
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line += 1
        field += c
        i += 1
      }
      continue
    }
    if (ch === ',') {
      cells.push(field)
      field = ''
      fieldStarted = false
      i += 1
      continue
    }
    if (ch === '\r' || ch === '\n') {
      endRecord()
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
      line += 1
      recordLine = line
      continue
    }
    field += ch
    fieldStarted = true
    i += 1
  }
  endRecord()
  return records
}

/**
 * The table in a CSV document: the first record is the header (names trimmed; of a repeated name
 * the first column counts), each later record a row. Throws ParseError('empty') when there is no header.
 */
export function readCsv(text: string): RawTable {
  const records = readRecords(text.replace(/^\uFEFF/, ''))
  const [head, ...body] = records
  if (head === undefined || head.cells.every((c) => c.trim() === '')) {
    throw new ParseError('empty', 'extract: the CSV document has no header row')
  }
  const columns = head.cells.map((c) => c.trim())
  // A line of bare commas or spaces (spreadsheets pad exports with them) is no row.
  const filled = body.filter((record) => record.cells.some((c) => c.trim() !== ''))
  return {
    columns: [...new Set(columns.filter((c) => c !== ''))],
    rows: filled.map((record, index) => {
      const cells = new Map<string, string>()
      columns.forEach((name, col) => {
        const value = record.cells[col]
        if (name !== '' && value !== undefined && !cells.has(name)) cells.set(name, value)
      })
      return { label: `row ${index + 1} (line ${record.line})`, cells }
    }),
  }
}
