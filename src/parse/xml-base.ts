// xml:base (XML Base, RFC 3986 resolution). A base may itself be relative: it resolves against the
// enclosing base, and the outermost against the document's own URL (the feed URL).

/**
 * `ref` resolved against `base`; `ref` unchanged when it cannot be resolved. Unlike lib/url's
 * resolveUrl it keeps any scheme and never drops a value: clean/ decides what is usable.
 */
function resolveReference(ref: string, base: string | undefined): string {
  if (!base) return ref
  try {
    return new URL(ref, base).href
  } catch {
    return ref
  }
}

/**
 * The effective base after a chain of xml:base attributes (outermost first), or undefined when none
 * of them is set: then links stay as found and clean/ resolves them against the feed URL.
 */
export function resolveXmlBase(documentUrl: string, bases: (string | undefined)[]): string | undefined {
  let current: string | undefined
  let any = false
  for (const base of bases) {
    const value = base?.trim()
    if (!value) continue
    any = true
    current = resolveReference(value, current ?? readAbsolute(documentUrl))
  }
  return any ? current : undefined
}

function readAbsolute(url: string): string | undefined {
  try {
    return new URL(url).href
  } catch {
    return undefined
  }
}

/** A link resolved against an effective base (undefined base leaves it as found). */
export function resolveLink(link: string | undefined, base: string | undefined): string | undefined {
  if (link === undefined) return undefined
  return resolveReference(link, base)
}
