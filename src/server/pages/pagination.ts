// Cursor pagination for the reader pages. "Older posts" always links with the store's cursor,
// so a page never skips or repeats an item when new ones arrive. ?page=N (the contract's form
// for /, also taken by the source, category and search pages) is turned into a cursor by
// skipping the first N-1 pages: only the entry point is positional; every link after it is a
// cursor again.
import { buildHref } from './query.js'

export const PAGE_SIZE = 20
/** The largest page the walk asks the store for (the API's own maximum). */
const WALK_STEP = 200
/** Pages beyond this are not walked: a river longer than that is read through its cursor links. */
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

/** Reads a page of a list (hydrated items: what listItems or searchItems give). */
export type FetchListPage = (query: { limit: number; cursor?: string }) => Promise<{ nextCursor: string | null }>

/** Skips `count` entries; the cursor after them, or null when no entry follows. */
export type SkipListEntries = (count: number) => Promise<string | null>

/** Where ?page=N starts a list. */
export type PageStart =
  /** Page 1 (cursor undefined) or the cursor that starts page N. */
  | { kind: 'page'; cursor: string | undefined }
  /** ?page= is not a whole number from 1 up. */
  | { kind: 'invalid'; raw: string }
  /** The list ends before page N. */
  | { kind: 'past-end'; page: number }
  /** Page N is beyond MAX_PAGE_NUMBER and the list is longer than that. */
  | { kind: 'too-deep'; page: number }

/**
 * Reads ?page=N (absent, empty or 1: the first page) into the cursor that starts it. `skip`
 * walks the list: by keys alone where the store can (the river, a source, a category), else
 * skipByWalking. A page past MAX_PAGE_NUMBER is only told apart from one past the end.
 */
export async function resolvePageStart(raw: string | undefined, skip: SkipListEntries, pageSize = PAGE_SIZE): Promise<PageStart> {
  if (raw === undefined || raw === '') return { kind: 'page', cursor: undefined }
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) return { kind: 'invalid', raw }
  const page = Number(raw)
  if (page === 1) return { kind: 'page', cursor: undefined }
  if (page > MAX_PAGE_NUMBER)
    return (await skip(MAX_PAGE_NUMBER * pageSize)) === null ? { kind: 'past-end', page } : { kind: 'too-deep', page }
  const cursor = await skip((page - 1) * pageSize)
  return cursor === null ? { kind: 'past-end', page } : { kind: 'page', cursor }
}

/** A skip for lists the store cannot walk by keys (search results): reads pages of WALK_STEP items. */
export function skipByWalking(fetchPage: FetchListPage): SkipListEntries {
  return async (count) => {
    let remaining = count
    let cursor: string | undefined
    while (remaining > 0) {
      const limit = Math.min(remaining, WALK_STEP)
      const result = await fetchPage(cursor === undefined ? { limit } : { limit, cursor })
      if (result.nextCursor === null) return null
      cursor = result.nextCursor
      remaining -= limit
    }
    return cursor ?? null
  }
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
