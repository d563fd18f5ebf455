// Query-string validation for the feeds and the API. The raw query is decoded here (not by
// Express) so malformed %-encoding and repeated scalar parameters are refused with a 400, and the
// result is normalized so equal queries share one cache entry and one self link.
//
// Limits: `limit` defaults to 50; values above 200 are clamped to 200 (the contract's max);
// anything that is not a positive integer is refused. Unknown parameters are ignored.
import { BadQueryError } from '../errors.js'
import type { EntryUnit, ItemQuery, SearchSort, StoryOrder } from '../types.js'
import { appendFactsFilter, readFactsFilter } from './facts-query.js'

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 200
export const MAX_Q_LENGTH = 200
export const MAX_CATEGORY_LENGTH = 200
export const MAX_SOURCES = 50
export const MAX_CURSOR_LENGTH = 512

/** Each parameter name with every value it was given, in order. */
export type RawQuery = Map<string, string[]>

export interface ItemQueryOptions {
  /** Whether `id` names a source (configured or still holding items); may ask the store. */
  isKnownSource: (id: string) => boolean | Promise<boolean>
  /** Whether `cursor` is read (the API pages; the feeds do not). */
  allowCursor: boolean
}

/** The query string of a request URL (`/feed.xml?a=1` → `a=1`). */
export function extractSearch(url: string): string {
  const at = url.indexOf('?')
  return at === -1 ? '' : url.slice(at + 1)
}

/** Decodes `a=1&b=x%20y&a=2`. Throws BadQueryError on malformed %-encoding. */
export function parseRawQuery(search: string): RawQuery {
  const out: RawQuery = new Map()
  if (search === '') return out
  for (const pair of search.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq))
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1))
    const values = out.get(name)
    if (values) values.push(value)
    else out.set(name, [value])
  }
  return out
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch {
    throw new BadQueryError('malformed percent-encoding in the query string')
  }
}

/** The validated ItemQuery for `source`, `category`, `q`, the facts filters, `limit` and (optionally) `cursor`. */
export async function readItemQuery(raw: RawQuery, opts: ItemQueryOptions): Promise<ItemQuery> {
  const query: ItemQuery = { limit: readLimit(readScalar(raw, 'limit')) }
  const sources = await readSources(raw, opts.isKnownSource)
  if (sources.length > 0) query.sources = sources
  const category = readScalar(raw, 'category')?.trim()
  if (category) query.category = checkLength('category', category, MAX_CATEGORY_LENGTH)
  const q = readScalar(raw, 'q')?.trim()
  if (q) query.q = checkLength('q', q, MAX_Q_LENGTH)
  const order = readOrder(readScalar(raw, 'order'))
  if (order !== undefined) query.order = order
  const each = readChoice('each', readScalar(raw, 'each'), ENTRY_UNITS)
  if (each !== undefined && each !== 'story') query.each = each
  const sort = readChoice('sort', readScalar(raw, 'sort'), SEARCH_SORTS)
  if (sort === 'date') query.sort = sort
  Object.assign(query, readFactsFilter(raw, readScalar))
  if (opts.allowCursor) {
    const cursor = readScalar(raw, 'cursor')
    if (cursor) query.cursor = checkLength('cursor', cursor, MAX_CURSOR_LENGTH)
  }
  return query
}

/** A scalar parameter's value; '' counts as absent; a second value is refused. */
export function readScalar(raw: RawQuery, name: string): string | undefined {
  const values = raw.get(name)
  if (values === undefined) return undefined
  if (values.length > 1) throw new BadQueryError(`Expected \`${name}\` at most once, got it ${values.length} times`)
  return values[0] === '' ? undefined : values[0]
}

/** `limit`: a positive integer, clamped to MAX_LIMIT; DEFAULT_LIMIT when absent. */
export function readLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT
  const n = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new BadQueryError(`Expected \`limit\` to be an integer from 1 to ${MAX_LIMIT}, got \`${quoteForMessage(value)}\``)
  }
  return Math.min(n, MAX_LIMIT)
}

const STORY_ORDERS: readonly StoryOrder[] = ['activity', 'first']
const ENTRY_UNITS: readonly EntryUnit[] = ['story', 'report']
const SEARCH_SORTS: readonly SearchSort[] = ['relevance', 'date']

/** `order`: 'activity' (the default: newest report first) or 'first' (first reported). */
export function readOrder(value: string | undefined): StoryOrder | undefined {
  return readChoice('order', value, STORY_ORDERS)
}

/** A parameter that takes one of a closed set of words. */
function readChoice<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (!(choices as readonly string[]).includes(value)) {
    throw new BadQueryError(`Expected \`${name}\` to be one of ${choices.join(', ')}, got \`${quoteForMessage(value)}\``)
  }
  return value as T
}

async function readSources(raw: RawQuery, isKnownSource: ItemQueryOptions['isKnownSource']): Promise<string[]> {
  const ids = [...new Set((raw.get('source') ?? []).map((id) => id.trim()).filter((id) => id !== ''))]
  if (ids.length > MAX_SOURCES) throw new BadQueryError(`Expected at most ${MAX_SOURCES} \`source\` values, got ${ids.length}`)
  for (const id of ids) {
    if (!(await isKnownSource(id))) throw new BadQueryError(`unknown source "${quoteForMessage(id)}"`)
  }
  return ids.sort()
}

function checkLength(name: string, value: string, max: number): string {
  if (value.length > max) throw new BadQueryError(`Expected \`${name}\` to be at most ${max} characters, got ${value.length}`)
  return value
}

/** Echoed input is shortened so an error message stays a short line. */
function quoteForMessage(value: string): string {
  const oneLine = value.replace(/[\u0000-\u001F\u007F]/g, '?')
  return oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine
}

/** The query in a canonical `a=1&b=2` form (sorted sources, fixed order) for cache keys and self links. */
export function formatItemQuery(query: ItemQuery, opts: { includeLimit?: boolean } = {}): string {
  const params = new URLSearchParams()
  for (const id of query.sources ?? []) params.append('source', id)
  if (query.category !== undefined) params.append('category', query.category)
  if (query.q !== undefined) params.append('q', query.q)
  if (query.order !== undefined && query.order !== 'activity') params.append('order', query.order)
  if (query.each === 'report') params.append('each', 'report')
  if (query.sort === 'date') params.append('sort', 'date')
  appendFactsFilter(query, params)
  if (opts.includeLimit !== false && query.limit !== DEFAULT_LIMIT) params.append('limit', String(query.limit))
  if (query.cursor !== undefined) params.append('cursor', query.cursor)
  return params.toString()
}
