import { describe, expect, it } from 'vitest'
import { ParseError } from '../../src/errors.js'
import { readCsv } from '../../src/extract/tabular/csv.js'
import { readHtmlTable } from '../../src/extract/tabular/html-table.js'
import { readJsonRows } from '../../src/extract/tabular/json-rows.js'
import { readCount } from '../../src/extract/tabular/numbers.js'

const cellsOf = (rows: { cells: Map<string, unknown> }[]) => rows.map((r) => Object.fromEntries(r.cells))

describe('readCsv (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes, line breaks inside quotes and CRLF', () => {
    const table = readCsv('a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",\r\n')
    expect(table.columns).toEqual(['a', 'b', 'c'])
    expect(cellsOf(table.rows)).toEqual([
      { a: '1', b: 'x, y', c: 'say "hi"' },
      { a: '2', b: 'two\r\nlines', c: '' },
    ])
    expect(table.rows.map((r) => r.label)).toEqual(['row 1 (line 2)', 'row 2 (line 3)'])
  })

  it('accepts LF and CR line ends, a BOM, a file without a final newline and trims header names', () => {
    const table = readCsv('\uFEFF Name , Count\n"A",1\rB,2')
    expect(table.columns).toEqual(['Name', 'Count'])
    expect(cellsOf(table.rows)).toEqual([
      { Name: 'A', Count: '1' },
      { Name: 'B', Count: '2' },
    ])
  })

  it('skips blank and comma-only lines but keeps line numbers right', () => {
    const table = readCsv('a,b\n\n1,2\n,,\n3,4\n')
    expect(cellsOf(table.rows)).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ])
    expect(table.rows.map((r) => r.label)).toEqual(['row 1 (line 3)', 'row 2 (line 5)'])
  })

  it('keeps a stray quote inside an unquoted field, and leaves short rows short', () => {
    const table = readCsv('a,b,c\n5" disk,x\n')
    expect(cellsOf(table.rows)).toEqual([{ a: '5" disk', b: 'x' }])
  })

  it('counts lines inside a quoted field for the next record', () => {
    const table = readCsv('a,b\n"1\n2\n3",x\ny,z\n')
    expect(table.rows[1]?.label).toBe('row 2 (line 5)')
  })

  it('names the line of a quote that never closes, and an empty document', () => {
    expect(() => readCsv('a,b\n1,"open\n2,3\n')).toThrow(/quote opened on line 2 is never closed/)
    expect(() => readCsv('')).toThrow(ParseError)
    expect(() => readCsv('\n\n')).toThrow(/no header row/)
  })
})

describe('readJsonRows', () => {
  it('reads the array at a dotted path; nested objects become dotted columns; arrays stay lists', () => {
    const doc = JSON.stringify({ data: { items: [{ Name: 'A', Count: 12, ok: true, tags: ['x', 2, null], who: { name: 'N' } }, 'junk'] } })
    const table = readJsonRows(doc, 'data.items')
    expect(table.columns).toEqual(['Name', 'Count', 'ok', 'tags', 'who.name'])
    expect(cellsOf(table.rows)).toEqual([{ Name: 'A', Count: '12', ok: 'true', tags: ['x', '2'], 'who.name': 'N' }, {}])
  })

  it('reads a top-level array with the empty path', () => {
    expect(readJsonRows('[{"a":"1"}]', '').rows).toHaveLength(1)
  })

  it('names what is wrong with the document or the path', () => {
    expect(() => readJsonRows('{not json', '')).toThrow(/not a JSON document/)
    expect(() => readJsonRows('{"data":{"rows":[]}}', 'data.items')).toThrow(
      'extract: rows path "data.items" is not an array (top-level keys: data)',
    )
    expect(() => readJsonRows('{"a":1}', '')).toThrow('extract: the document is not an array (top-level keys: a)')
  })
})

describe('readHtmlTable', () => {
  const page = `<html><head><base href="https://ag.example/notices/"></head><body>
    <table id="layout"><tr><td>menu</td></tr></table>
    <table class="breaches">
      <tr><th>Org</th><th colspan="2">When</th><th>Count</th></tr>
      <tr><td><a href="letters/a.pdf">Acme  Corp</a></td><td>01/02/2025</td><td>x</td><td>1,000</td></tr>
      <tr><td>Beta</td><td>01/03/2025</td><td>y</td><td>
        <table><tr><th>nested</th></tr><tr><td>ignored</td></tr></table>20</td></tr>
    </table></body></html>`

  it('takes headers from <th>, follows colspan, reads links as "<column>@href" and ignores nested tables', () => {
    const table = readHtmlTable(page, 'table.breaches', 'https://ag.example/notices/list')
    expect(table.columns).toEqual(['Org', 'When', 'Count', 'Org@href'])
    expect(cellsOf(table.rows)).toEqual([
      { Org: 'Acme Corp', 'Org@href': 'https://ag.example/notices/letters/a.pdf', When: '01/02/2025', Count: '1,000' },
      { Org: 'Beta', When: '01/03/2025', Count: 'nestedignored20' },
    ])
  })

  it('says when the selector matches nothing, no table, or a table without <th> header', () => {
    expect(() => readHtmlTable(page, 'table.missing', 'https://ag.example/')).toThrow(
      'extract: table "table.missing" matched nothing on https://ag.example/',
    )
    expect(() => readHtmlTable(page, 'body', 'https://ag.example/')).toThrow(
      /matched 1 element\(s\) on https:\/\/ag.example\/, none of them a <table>/,
    )
    expect(() => readHtmlTable(page, '#layout', 'https://ag.example/')).toThrow(/has no header row of <th> cells/)
  })
})

describe('readCount', () => {
  const cases: [string, number | null | 'error'][] = [
    ['212,418', 212418],
    ['212 418', 212418],
    ['1.234.567', 1234567],
    ['18500', 18500],
    ['48211.0', 48211],
    ['1.2 million', 1_200_000],
    ['3.5M', 3_500_000],
    ['~500', 500],
    ['10,000+', 10000],
    ['', null],
    ['Unknown', null],
    ['N/A', null],
    ['n/a?', 'error'],
    ['12,34', 'error'],
    ['1,234.567', 'error'],
    ['-5', 'error'],
    ['99999999999999999999', 'error'],
  ]
  it.each(cases)('%j → %j', (text, expected) => {
    const reading = readCount(text)
    if (expected === 'error') expect(reading.ok).toBe(false)
    else expect(reading).toEqual({ ok: true, value: expected })
  })
})
