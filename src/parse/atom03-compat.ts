// Atom 0.3 spelled the way feedsmith reads it, before it reads it:
// - `mode="base64"` carries the text base64-encoded (feedparser decodes it; feedsmith hands the
//   base64 through): the text is decoded and re-escaped as XML, and the mode attribute goes.
//   mode="escaped" and "xml" need nothing here.
// - `<created>` becomes `<dcterms:created>` (the same meaning): feedsmith folds created into
//   published, which would put it ahead of `<modified>` (docs/parsing.md: published > updated > created).

const base64Element =
  /<((?:[\w.-]+:)?(?:title|summary|content|tagline|info|subtitle))((?:\s[^>]*?)?)\smode\s*=\s*["']base64["']([^>]*)>([^<]*)<\/\1\s*>/g

function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

const createdTag = /<(\/?)created(?=[\s>/])/g

/** The Atom 0.3 document in the shape the Atom reader expects. */
export function adaptAtom03(xml: string): string {
  return decodeBase64Modes(xml).replace(createdTag, '<$1dcterms:created')
}

/** The document with base64-mode text constructs decoded; the same string when there are none. */
function decodeBase64Modes(xml: string): string {
  if (!xml.includes('base64')) return xml
  return xml.replace(base64Element, (whole, name: string, before: string, after: string, body: string) => {
    const compact = body.replace(/\s+/g, '')
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return whole
    return `<${name}${before}${after}>${escapeXmlText(Buffer.from(compact, 'base64').toString('utf8'))}</${name}>`
  })
}
