// An HTML page + a CSS selector → the table it picks: column names from the header's <th> cells,
// each later <tr> of <td> cells a row. A cell holding a link also gives "<column>@href", the link
// made absolute (state AG tables link each notice's letter).

import type { Cheerio, CheerioAPI } from 'cheerio'
import { load } from 'cheerio'
import type { AnyNode, Element } from 'domhandler'
import { ParseError } from '../../errors.js'
import { resolveUrl } from '../../lib/url.js'
import type { Cell, RawRow, RawTable } from './table-types.js'

function cellText($: CheerioAPI, el: Element): string {
  return $(el).text().replace(/\s+/g, ' ').trim()
}

/** How many columns a cell spans (colspan, 1 when absent or nonsense). */
function span($: CheerioAPI, el: Element): number {
  const n = Number($(el).attr('colspan') ?? '1')
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : 1
}

/** The header row: the first row of <thead>, else the first row made only of <th> cells. */
function findHeaderRow($: CheerioAPI, rows: Cheerio<Element>): Element | undefined {
  const inHead = rows.filter((_, tr) => $(tr).parent().is('thead')).first()
  if (inHead.length > 0) return inHead.get(0)
  return rows
    .filter((_, tr) => $(tr).children('th').length > 0 && $(tr).children('td').length === 0)
    .first()
    .get(0)
}

/** The rows of the table, not of tables nested inside it. */
function ownRows($: CheerioAPI, table: Cheerio<AnyNode>): Cheerio<Element> {
  return table.find('tr').filter((_, tr) => $(tr).closest('table').is(table))
}

/**
 * The table `selector` picks on the page (the first, when several match). Throws
 * ParseError('selector_empty') when it matches no <table>, or the table has no header of <th> cells.
 */
export function readHtmlTable(html: string, selector: string, pageUrl: string): RawTable {
  const $ = load(html)
  const table = $(selector).filter('table').first()
  if (table.length === 0) {
    const any = $(selector).length
    throw new ParseError(
      'selector_empty',
      any === 0
        ? `extract: table "${selector}" matched nothing on ${pageUrl}`
        : `extract: table "${selector}" matched ${any} element(s) on ${pageUrl}, none of them a <table>`,
    )
  }
  const base = resolveUrl($('base[href]').first().attr('href'), pageUrl) ?? pageUrl
  const rows = ownRows($, table)
  const header = findHeaderRow($, rows)
  if (header === undefined)
    throw new ParseError('selector_empty', `extract: table "${selector}" on ${pageUrl} has no header row of <th> cells`)

  const names: string[] = []
  $(header)
    .children('th, td')
    .each((_, th) => {
      const name = cellText($, th)
      for (let i = 0; i < span($, th); i += 1) names.push(name)
    })
  const columns = new Set(names.filter((n) => n !== ''))
  const out: RawRow[] = []
  rows.each((_, tr) => {
    if (tr === header || $(tr).children('td').length === 0) return
    const cells = new Map<string, Cell>()
    let col = 0
    $(tr)
      .children('td, th')
      .each((_, td) => {
        const name = names[col]
        col += span($, td)
        if (name === undefined || name === '' || cells.has(name)) return
        cells.set(name, cellText($, td))
        const href = resolveUrl($(td).find('a[href]').first().attr('href'), base)
        if (href !== undefined) {
          cells.set(`${name}@href`, href)
          columns.add(`${name}@href`)
        }
      })
    out.push({ label: `row ${out.length + 1}`, cells })
  })
  return { columns: [...columns], rows: out }
}
