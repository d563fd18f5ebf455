// Date formats the feed formats ask for. Inputs are ISO strings from the store; a value that does
// not parse becomes null, so a bad date drops the element instead of breaking the document.

/** A Date for an ISO string, or null when it does not parse. */
export function parseIsoDate(iso: string | null | undefined): Date | null {
  if (iso === null || iso === undefined || iso === '') return null
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** RFC 822 / RFC 1123 (`Sat, 28 Nov 2026 21:24:39 GMT`), as RSS 2.0 and OPML want. */
export function formatRfc822(iso: string | null | undefined): string | null {
  return parseIsoDate(iso)?.toUTCString() ?? null
}

/** RFC 3339 in UTC (`2026-11-28T21:24:39Z`), as Atom and JSON Feed want. */
export function formatRfc3339(iso: string | null | undefined): string | null {
  const date = parseIsoDate(iso)
  if (date === null) return null
  return date.toISOString().replace(/\.000Z$/, 'Z')
}
