// XML text helpers shared by the RSS, Atom and OPML writers. Everything that reaches a feed came
// from upstream and is untrusted: characters XML 1.0 forbids are dropped, markup is escaped.

// C0 controls except tab/newline/carriage return, U+FFFE/U+FFFF, and surrogates without their pair.
const illegalXmlChars =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** The string with every character that XML 1.0 does not allow removed. */
export function stripIllegalXmlChars(text: string): string {
  return text.replace(illegalXmlChars, '')
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** Text or attribute value, escaped (quotes included, so one function serves both). */
export function escapeXml(text: string): string {
  return stripIllegalXmlChars(text).replace(/[&<>"']/g, (ch) => escapes[ch] ?? ch)
}

/** A CDATA section holding `text`; a `]]>` inside is split across two sections. */
export function wrapCdata(text: string): string {
  return `<![CDATA[${stripIllegalXmlChars(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}

/** `<name attr="…">text</name>`, or '' when text is empty (optional elements are left out). */
export function renderElement(name: string, text: string | null | undefined, attrs: Record<string, string> = {}): string {
  if (text === null || text === undefined || text === '') return ''
  return `<${name}${renderAttributes(attrs)}>${escapeXml(text)}</${name}>`
}

/** ` a="1" b="2"`, skipping empty values. */
export function renderAttributes(attrs: Record<string, string | null | undefined>): string {
  let out = ''
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === '') continue
    out += ` ${key}="${escapeXml(value)}"`
  }
  return out
}
