// GET /api/items.csv: the reports /api/items lists (same filters, one row per story unless
// ?source= is given), with their facts, as CSV (csv.ts). An export wants more than a page: it
// reads up to `limit` rows (default 1,000, at most 10,000) through the store's pages.
import { BadQueryError } from '../../errors.js'
import type { ApiItem, ItemQuery } from '../../types.js'
import type { AppContext } from '../context.js'
import { type CsvCell, formatCsv, joinCsvList } from '../csv.js'
import { resolveCacheMaxAges } from '../http-cache.js'
import type { DescribeAnswer } from '../middleware/cached-answer.js'
import { findNewestItemDate, isKnownSource, loadItems } from '../middleware/read-items.js'
import { extractSearch, formatItemQuery, MAX_LIMIT, parseRawQuery, readItemQuery, readScalar } from '../query.js'

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present'
export const CSV_DEFAULT_ROWS = 1_000
export const CSV_MAX_ROWS = 10_000

export const ITEM_CSV_HEADER = [
  'id',
  'published',
  'updated',
  'source',
  'sourceTitle',
  'title',
  'url',
  'organizations',
  'actors',
  'records',
  'dataTypes',
  'sector',
  'country',
  'categories',
  'alsoReportedBy',
  'summary',
] as const

export function describeItemsCsv(ctx: AppContext): DescribeAnswer {
  return async (req) => {
    const config = ctx.getConfig()
    const raw = parseRawQuery(extractSearch(req.originalUrl))
    const rows = readRowLimit(readScalar(raw, 'limit'))
    raw.delete('limit')
    const query = await readItemQuery(raw, { isKnownSource: (id) => isKnownSource(ctx.store, config, id), allowCursor: false })
    return {
      variant: `items-csv\u0000${formatItemQuery(query)}\u0000${rows}`,
      maxAgeSeconds: resolveCacheMaxAges(config).apiSeconds,
      render: async () => {
        const items = await loadRows(ctx, query, rows)
        const { limit: _limit, cursor: _cursor, ...filters } = query
        return {
          body: formatCsv(ITEM_CSV_HEADER, items.map(toItemRow)),
          contentType: CSV_CONTENT_TYPE,
          lastModified: findNewestItemDate(items) ?? (await ctx.store.newestItemDate(filters)),
        }
      },
    }
  }
}

function readRowLimit(value: string | undefined): number {
  if (value === undefined) return CSV_DEFAULT_ROWS
  const n = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN
  if (!(n >= 1 && n <= CSV_MAX_ROWS)) {
    throw new BadQueryError(`Expected \`limit\` to be an integer from 1 to ${CSV_MAX_ROWS}, got \`${value.slice(0, 40)}\``)
  }
  return n
}

/** Up to `rows` items, newest first (best match first with ?q=), page after page. */
async function loadRows(ctx: AppContext, query: ItemQuery, rows: number): Promise<ApiItem[]> {
  const items: ApiItem[] = []
  let cursor: string | undefined
  do {
    const page = await loadItems(ctx.store, { ...query, limit: Math.min(MAX_LIMIT, rows - items.length), cursor })
    items.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined && items.length < rows)
  return items
}

function toItemRow(item: ApiItem): CsvCell[] {
  const { facts } = item
  return [
    item.id,
    item.published,
    item.updated,
    item.source.id,
    item.source.title,
    item.title,
    item.url,
    joinCsvList(facts.organizations),
    joinCsvList(facts.actors),
    facts.records,
    joinCsvList(facts.dataTypes),
    facts.sector,
    facts.country,
    joinCsvList(item.categories),
    joinCsvList(item.alsoReportedBy.map((other) => other.source.id)),
    item.summary,
  ]
}
