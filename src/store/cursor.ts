// Opaque page cursors: base64url of a small JSON array [kind, key…, check]. The check is a short
// hash of the rest, so an edited or truncated cursor is refused instead of silently misread.
// (It guards against accidents, not adversaries: a forged cursor only selects a different page.)
import { createHash } from 'node:crypto'
import { BadQueryError } from '../errors.js'

/** Newest-first item lists: the last item's (published_at, id). */
export interface ListCursor {
  publishedAt: string
  id: number
}

/** Search pages: the last hit's (rank, id); rank ascending (bm25: lower is better), then id descending. */
export interface SearchCursor {
  rank: number
  id: number
}

function checksum(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 8)
}

function encode(parts: (string | number)[]): string {
  const body = JSON.stringify(parts)
  return Buffer.from(JSON.stringify([...parts, checksum(body)]), 'utf8').toString('base64url')
}

function decode(cursor: string, kind: string): unknown[] {
  const invalid = new BadQueryError('cursor is not valid')
  if (cursor.length === 0 || cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalid
  }
  if (!Array.isArray(value) || value.length < 2 || value[0] !== kind) throw invalid
  const parts = value.slice(0, -1)
  if (value[value.length - 1] !== checksum(JSON.stringify(parts))) throw invalid
  return parts
}

function isItemId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

export function encodeListCursor(key: ListCursor): string {
  return encode(['list', key.publishedAt, key.id])
}

export function decodeListCursor(cursor: string): ListCursor {
  const [, publishedAt, id, ...rest] = decode(cursor, 'list')
  if (typeof publishedAt !== 'string' || publishedAt.length > 64 || !isItemId(id) || rest.length > 0) {
    throw new BadQueryError('cursor is not valid')
  }
  return { publishedAt, id }
}

export function encodeSearchCursor(key: SearchCursor): string {
  return encode(['search', key.rank, key.id])
}

export function decodeSearchCursor(cursor: string): SearchCursor {
  const [, rank, id, ...rest] = decode(cursor, 'search')
  if (typeof rank !== 'number' || !Number.isFinite(rank) || !isItemId(id) || rest.length > 0) {
    throw new BadQueryError('cursor is not valid')
  }
  return { rank, id }
}
