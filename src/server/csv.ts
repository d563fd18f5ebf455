// CSV as RFC 4180 writes it (UTF-8, one header row, CRLF line ends, fields with a comma, quote or
// line break quoted, quotes doubled), made safe for spreadsheets: a cell starting with =, +, -,
// @, tab or CR gets a leading apostrophe, so Excel, LibreOffice and Sheets show it as text
// instead of running it as a formula (OWASP's CSV injection advice).
export type CsvCell = string | number | null

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

export function formatCsvCell(value: CsvCell): string {
  let text = value === null ? '' : String(value)
  if (FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** The whole document: the header row, then one row per record, each line ended by CRLF. */
export function formatCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(formatCsvCell).join(',')}\r\n`).join('')
}

/** A list in one cell: "a; b; c". */
export function joinCsvList(values: readonly string[]): string {
  return values.join('; ')
}
