// Reading the reader pages' query parameters. Express hands over string | string[] | object;
// these helpers take the first plain string and never throw.

/** The first string value of a query parameter, or undefined. */
export function readQueryString(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.find((v): v is string => typeof v === 'string')
  return undefined
}

/** ?page=N as a whole number ≥ 1, undefined when absent, null when present but not a page number. */
export function readPageNumber(value: unknown): number | null | undefined {
  const raw = readQueryString(value)
  if (raw === undefined || raw === '') return undefined
  if (!/^\d{1,6}$/.test(raw)) return null
  const n = Number(raw)
  return n >= 1 ? n : null
}

/** A path with a query string built from the defined, non-empty values. */
export function buildHref(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, value)
  }
  const qs = search.toString()
  return qs === '' ? path : `${path}?${qs}`
}
