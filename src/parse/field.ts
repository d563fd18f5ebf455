// Field readers for untrusted wire values: each returns a usable value or undefined, never throws.

/** A trimmed non-empty string, or undefined for anything else. */
export function readString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

/** The first usable string among the candidates. */
export function readFirstString(...values: unknown[]): string | undefined {
  for (const value of values) {
    const found = readString(value)
    if (found !== undefined) return found
  }
  return undefined
}

/** Unique non-empty strings, in order; undefined when there are none. */
export function readStringList(values: unknown[]): string[] | undefined {
  const seen = new Set<string>()
  for (const value of values) {
    const found = readString(value)
    if (found !== undefined) seen.add(found)
  }
  return seen.size === 0 ? undefined : [...seen]
}

/**
 * Plain text → HTML that shows the same text. Not lib/html's escapeHtml: `'` stays as it is, and
 * the reviewed golden outputs (tests/parse/golden) depend on that.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Drops undefined fields, so results compare cleanly and serialize small. */
export function compactObject<T extends object>(value: T): T {
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue
    out[key] = field
  }
  return out as T
}
