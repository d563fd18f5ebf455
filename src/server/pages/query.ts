// Building the reader pages' links with query strings.

/** A path with a query string built from the defined, non-empty values. */
export function buildHref(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, value)
  }
  const qs = search.toString()
  return qs === '' ? path : `${path}?${qs}`
}
