// GET /api/items.csv and /api/stories.csv: what /api/items and /api/stories list (the same
// filters), with their facts, as CSV (csv.ts): a report per row, or a story per row with its
// merged facts and count history. An export wants more than a page: each reads up to `limit`
// rows (default 1,000, at most 10,000) through the store's pages.
import { BadQueryError } from '../../errors.js'
import { formatRecordsHistory } from '../../facts/index.js'
import type { ApiItem, ApiStorySummary, ItemQuery } from '../../types.js'
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

export const STORY_CSV_HEADER = [
  'id',
  'title',
  'url',
  'firstPublished',
  'lastActivity',
  'organizations',
  'actors',
  'records',
  'recordsHistory',
  'dataTypes',
  'sector',
  'country',
  'reports',
  'sources',
] as const

export function describeItemsCsv(ctx: AppContext): DescribeAnswer {
  return async (req) => {
    const { query, rows } = await readCsvQuery(ctx, req.originalUrl)
    return {
      variant: `items-csv\u0000${formatItemQuery(query)}\u0000${rows}`,
      maxAgeSeconds: resolveCacheMaxAges(ctx.getConfig()).apiSeconds,
      render: async () => {
        const items = await readAll(rows, async (limit, cursor) => {
          const page = await loadItems(ctx.store, { ...query, limit, cursor })
          return { entries: page.items, nextCursor: page.nextCursor }
        })
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

export function describeStoriesCsv(ctx: AppContext): DescribeAnswer {
  return async (req) => {
    const { query, rows } = await readCsvQuery(ctx, req.originalUrl)
    return {
      variant: `stories-csv\u0000${formatItemQuery(query)}\u0000${rows}`,
      maxAgeSeconds: resolveCacheMaxAges(ctx.getConfig()).apiSeconds,
      render: async () => {
        const stories = await readAll(rows, async (limit, cursor) => {
          const page = await ctx.store.listStories({ ...query, limit, cursor })
          return { entries: page.stories, nextCursor: page.nextCursor }
        })
        let newest: string | null = null
        for (const story of stories) if (newest === null || story.lastActivity > newest) newest = story.lastActivity
        return { body: formatCsv(STORY_CSV_HEADER, stories.map(toStoryRow)), contentType: CSV_CONTENT_TYPE, lastModified: newest }
      },
    }
  }
}

/** The /api/items filters (no cursor: an export starts at the top) and the export's own row limit. */
async function readCsvQuery(ctx: AppContext, url: string): Promise<{ query: ItemQuery; rows: number }> {
  const config = ctx.getConfig()
  const raw = parseRawQuery(extractSearch(url))
  const rows = readRowLimit(readScalar(raw, 'limit'))
  raw.delete('limit')
  const query = await readItemQuery(raw, { isKnownSource: (id) => isKnownSource(ctx.store, config, id), allowCursor: false })
  return { query, rows }
}

function readRowLimit(value: string | undefined): number {
  if (value === undefined) return CSV_DEFAULT_ROWS
  const n = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN
  if (!(n >= 1 && n <= CSV_MAX_ROWS)) {
    throw new BadQueryError(`Expected \`limit\` to be an integer from 1 to ${CSV_MAX_ROWS}, got \`${value.slice(0, 40)}\``)
  }
  return n
}

type ReadPage<T> = (limit: number, cursor: string | undefined) => Promise<{ entries: T[]; nextCursor: string | null }>

/** Up to `rows` entries in the list's order, page after page. */
async function readAll<T>(rows: number, readPage: ReadPage<T>): Promise<T[]> {
  const entries: T[] = []
  let cursor: string | undefined
  do {
    const page = await readPage(Math.min(MAX_LIMIT, rows - entries.length), cursor)
    entries.push(...page.entries)
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined && entries.length < rows)
  return entries
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

function toStoryRow(story: ApiStorySummary): CsvCell[] {
  const { facts } = story
  const lead = story.reports.find((report) => report.reason === null) ?? story.reports[0]
  return [
    story.id,
    story.title,
    lead?.url ?? null,
    story.firstPublished,
    story.lastActivity,
    joinCsvList(facts.organizations),
    joinCsvList(facts.actors),
    facts.records,
    formatRecordsHistory(story.recordsHistory),
    joinCsvList(facts.dataTypes),
    facts.sector,
    facts.country,
    story.reports.length,
    joinCsvList([...new Set(story.reports.map((report) => report.source.id))]),
  ]
}
