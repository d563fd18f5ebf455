// Cursor pagination for the reader pages. "Older posts" always links with the store's cursor,
// so a page never skips or repeats an item when new ones arrive. ?page=N (the contract's form
// for /) is turned into a cursor by walking the first N-1 pages in large steps: cheap, and
// only the entry point is positional; every link after it is a cursor again.
import type { ItemPage, ItemQuery } from '../../types.js'
import { buildHref } from './query.js'

export const PAGE_SIZE = 20
/** The largest page the walk asks the store for (the API's own maximum). */
const WALK_STEP = 200
/** Pages beyond this are not walked (a 404 instead of a long scan). */
export const MAX_PAGE_NUMBER = 500

export interface PaginationView {
  newerHref: string | null
  olderHref: string | null
  newerText: string
  olderText: string
}

export interface PaginationLabels {
  newer: string
  older: string
}

const postLabels: PaginationLabels = { newer: '← Newest posts', older: 'Older posts →' }

/** Reads a page of the river (hydrated items: what listItems gives). */
export type FetchListPage = (query: Pick<ItemQuery, 'limit' | 'cursor'>) => ItemPage

/** Skips `count` entries by their keys alone; the cursor after them, or null when no entry follows. */
export type SkipListEntries = (count: number) => string | null

/**
 * The cursor that starts page `page` (1-based): undefined for page 1, null when the list ends
 * before that page. With `skip` (a store that walks keys only: ids and sort keys) the walk is
 * one index scan; else it reads the pages before in steps of WALK_STEP hydrated items.
 */
export function resolvePageCursor(
  fetchPage: FetchListPage,
  page: number,
  pageSize = PAGE_SIZE,
  skip?: SkipListEntries,
): string | undefined | null {
  const count = (page - 1) * pageSize
  if (count <= 0) return undefined
  if (skip !== undefined) return skip(count)
  let remaining = count
  let cursor: string | undefined
  while (remaining > 0) {
    const limit = Math.min(remaining, WALK_STEP)
    const result = fetchPage(cursor === undefined ? { limit } : { limit, cursor })
    if (result.nextCursor === null) return null
    cursor = result.nextCursor
    remaining -= limit
  }
  return cursor
}

/** Links to the first page (when not on it) and to the next older page (when there is one). */
export function buildPagination(
  path: string,
  params: Record<string, string | undefined>,
  onFirstPage: boolean,
  nextCursor: string | null,
  labels: PaginationLabels = postLabels,
): PaginationView {
  return {
    newerHref: onFirstPage ? null : buildHref(path, params),
    olderHref: nextCursor === null ? null : buildHref(path, { ...params, cursor: nextCursor }),
    newerText: labels.newer,
    olderText: labels.older,
  }
}
