// Pre-repair of an XML document before any parser sees it. Each step is linear in the input:
// - the DOCTYPE (and its internal subset) goes, so no entity can ever be declared or expanded
//   (billion laughs) and no external entity can be read (XXE);
// - C0 control characters XML forbids go (tab, LF and CR stay);
// - a `&` that does not start a reference becomes `&amp;` (`AT&T`); undeclared HTML names become
//   numeric references (`&eacute;` → `&#233;`, the full HTML5 table), unknown names are escaped;
//   numeric references in 128–159 become the windows-1252 characters browsers show for them. CDATA, comments and
//   processing instructions are copied untouched.

import { decodeNumericReference, lookupHtmlEntity } from './html-entities.js'

const xmlEntities = new Set(['amp', 'lt', 'gt', 'quot', 'apos'])

/** Runs every repair step. */
export function sanitizeXml(text: string): string {
  return repairAmpersands(stripControlChars(stripDoctype(text)))
}

/** Removes `<!DOCTYPE …>` with its internal subset, wherever it sits in the prolog. */
export function stripDoctype(text: string): string {
  const start = text.search(/<!DOCTYPE/i)
  if (start < 0) return text
  // Only a DOCTYPE before the root element counts; later ones are text or junk for the parser.
  const root = text.slice(0, start).search(/<[A-Za-z_]/)
  if (root >= 0) return text
  let index = start + 9
  let subset = false
  let quote = ''
  for (; index < text.length; index++) {
    const ch = text[index]
    if (quote) {
      if (ch === quote) quote = ''
    } else if (ch === '"' || ch === "'") {
      quote = ch
    } else if (ch === '[') {
      subset = true
    } else if (ch === ']') {
      subset = false
    } else if (ch === '>' && !subset) {
      break
    }
  }
  return text.slice(0, start) + text.slice(index + 1)
}

/** Removes the C0 controls, U+FFFE and U+FFFF, which XML 1.0 forbids. */
export function stripControlChars(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}

function repairReference(ref: string | undefined): string {
  if (ref === undefined) return '&amp;'
  const name = ref.slice(0, -1)
  if (name.startsWith('#')) {
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    if (!Number.isFinite(code) || !isXmlChar(code)) return ''
    return code >= 0x80 && code <= 0x9f ? toNumericReferences(decodeNumericReference(code)) : `&${ref}`
  }
  if (xmlEntities.has(name)) return `&${ref}`
  const chars = lookupHtmlEntity(name)
  return chars === undefined ? `&amp;${ref}` : toNumericReferences(chars)
}

/** `&#233;` for each code point (a few HTML names stand for two). */
function toNumericReferences(chars: string): string {
  let out = ''
  for (const char of chars) out += `&#${char.codePointAt(0)};`
  return out
}

const referenceAt = /&(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z_][A-Za-z0-9._-]{0,31};)?/y

const sectionEnds: Record<string, string> = { '<![CDATA[': ']]>', '<!--': '-->', '<?': '?>' }

/** Escapes bare ampersands and fixes references outside CDATA, comments and PIs (one linear pass). */
export function repairAmpersands(text: string): string {
  if (!text.includes('&')) return text
  const token = /<!\[CDATA\[|<!--|<\?|&/g
  const out: string[] = []
  let copied = 0
  let match: RegExpExecArray | null
  while ((match = token.exec(text)) !== null) {
    const at = match.index
    const end = sectionEnds[match[0]]
    if (end !== undefined) {
      const close = text.indexOf(end, at + match[0].length)
      if (close < 0) break
      token.lastIndex = close + end.length
      continue
    }
    referenceAt.lastIndex = at
    const found = referenceAt.exec(text)
    const original = found?.[0] ?? '&'
    const repaired = repairReference(found?.[1])
    if (repaired !== original) {
      out.push(text.slice(copied, at), repaired)
      copied = at + original.length
    }
    token.lastIndex = at + original.length
  }
  out.push(text.slice(copied))
  return out.join('')
}
