// Short, stable content hashes: the first hex digits of a SHA-256.
// 16 hex digits = 64 bits, plenty to tell items apart within one source.

import { createHash } from 'node:crypto'

/** Hex SHA-256 of `text`, cut to `length` hex digits (default 16, at most 64). */
export function hashText(text: string, length = 16): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length)
}

/**
 * Hash of several fields. Each field is length-prefixed, so ['ab', 'c'] and ['a', 'bc'] differ,
 * and null/undefined differ from ''.
 */
export function hashFields(fields: readonly (string | null | undefined)[], length = 16): string {
  const hash = createHash('sha256')
  for (const field of fields) {
    if (field === null || field === undefined) hash.update('-\u0000')
    else hash.update(`${field.length}:`).update(field, 'utf8').update('\u0000')
  }
  return hash.digest('hex').slice(0, length)
}
