// A tabular source's document (already decoded to text) → ParsedFeed: the csv, json or table
// reader gives a RawTable, and the source's map turns its rows into items.

import { ParseError } from '../../errors.js'
import type { FeedSource, ParsedFeed, TabularType } from '../../types.js'
import { readCsv } from './csv.js'
import { readHtmlTable } from './html-table.js'
import { readJsonRows } from './json-rows.js'
import { mapRows } from './map-rows.js'
import type { RawTable } from './table-types.js'

function readTable(text: string, source: FeedSource & { type: TabularType }, pageUrl: string): RawTable {
  switch (source.type) {
    case 'csv':
      return readCsv(text)
    case 'json':
      return readJsonRows(text, source.rows ?? '')
    case 'table':
      if (source.table === undefined) throw new ParseError('malformed', 'extract: a table source needs a "table" CSS selector')
      return readHtmlTable(text, source.table, pageUrl)
  }
}

/** true for the source types read through a `map`. */
export function isTabular(source: FeedSource): source is FeedSource & { type: TabularType } {
  return source.type === 'csv' || source.type === 'json' || source.type === 'table'
}

/**
 * The items of a csv, json or table source. `pageUrl` is where the document was fetched from
 * (after redirects): the base for relative links and, without a homepage, for row anchors.
 */
export function readTabular(text: string, source: FeedSource & { type: TabularType }, pageUrl: string): ParsedFeed {
  return mapRows(readTable(text, source, pageUrl), source, pageUrl)
}
