// Bytes → string. The charset comes from, in order: a byte-order mark (it cannot lie about UTF-16,
// and WHATWG sniffing lets it win over the HTTP header), the HTTP Content-Type charset, the XML
// declaration's encoding (or an HTML page's <meta charset>, for extract/), then UTF-8. Labels map
// the way browsers map them (ISO-8859-1 and US-ASCII are windows-1252, GB2312 is GBK); an unknown
// label means the next source is asked, and finally UTF-8. Never throws.
// Repairs (as feedparser and browsers do): bytes labelled (or defaulted to) UTF-8 that are not
// valid UTF-8 are windows-1252 (smart quotes from a CMS that lies about its charset), and
// double-encoded UTF-8 (`â€¦` for `…`) in a UTF-8 document is decoded once more (mojibake.ts).

import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'
import { repairMojibake } from './mojibake.js'

export type CharsetSource = 'bom' | 'http' | 'xml' | 'default'

export interface DecodedBody {
  text: string
  /** The iconv-lite name actually used. */
  charset: string
  source: CharsetSource
}

const labelAliases: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
}

/** Maps a charset label onto an iconv-lite encoding name, or undefined when unknown. */
export function normalizeCharset(label: string | undefined): string | undefined {
  if (!label) return undefined
  const clean = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase()
  if (clean === '') return undefined
  const mapped = labelAliases[clean] ?? clean
  return iconv.encodingExists(mapped) ? mapped : undefined
}

/** The charset parameter of a Content-Type header value. */
export function readHttpCharset(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType)
  return match?.[2]
}

function detectBom(body: Buffer): { charset: string; length: number } | undefined {
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { charset: 'utf-8', length: 3 }
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return { charset: 'utf-16le', length: 2 }
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return { charset: 'utf-16be', length: 2 }
  return undefined
}

/** UTF-16 without a BOM still shows `<?` as 3C 00 3F 00 (LE) or 00 3C 00 3F (BE). */
function detectBomlessUtf16(body: Buffer): string | undefined {
  if (body.length < 4) return undefined
  if (body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x3f && body[3] === 0x00) return 'utf-16le'
  if (body[0] === 0x00 && body[1] === 0x3c && body[2] === 0x00 && body[3] === 0x3f) return 'utf-16be'
  return undefined
}

/** The encoding="…" of an XML declaration at the very start of an 8-bit document. */
function readXmlDeclEncoding(head: string): string | undefined {
  const match = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)
  return match?.[1]
}

/** The charset of an HTML `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">`. */
function readMetaCharset(head: string): string | undefined {
  const match = /<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head)
  return match?.[1]
}

/** Removes the encoding from the XML declaration, so nothing downstream decodes the string again. */
function removeXmlDeclEncoding(text: string): string {
  return text.replace(/^(\s*<\?xml\s[^>]*?)\s+encoding\s*=\s*["'][^"']*["']/, '$1')
}

function decodeWith(body: Buffer, charset: string): string {
  return iconv.decode(body, charset, { stripBOM: true })
}

/** An 8-bit body said to be UTF-8: windows-1252 when it is not valid UTF-8, mojibake repaired when it is. */
function decodeUtf8Label(body: Buffer, source: CharsetSource): DecodedBody {
  if (!isUtf8(body)) return { text: removeXmlDeclEncoding(decodeWith(body, 'windows-1252')), charset: 'windows-1252', source }
  // Valid UTF-8: Node's own decoder, twice as fast as iconv's streaming one on a big feed (one
  // synchronous step the web server waits for under `start`). A BOM was handled before.
  return { text: repairMojibake(removeXmlDeclEncoding(body.toString('utf8'))), charset: 'utf-8', source }
}

/** Decodes a feed body to a string, never throwing on an unknown or lying label. */
export function decodeBody(body: Buffer | string, contentType?: string): DecodedBody {
  if (typeof body === 'string') {
    return { text: removeXmlDeclEncoding(body.replace(/^\uFEFF/, '')), charset: 'string', source: 'default' }
  }
  const bom = detectBom(body)
  if (bom) {
    return { text: removeXmlDeclEncoding(decodeWith(body, bom.charset)), charset: bom.charset, source: 'bom' }
  }
  const bomless = detectBomlessUtf16(body)
  if (bomless) return { text: removeXmlDeclEncoding(decodeWith(body, bomless)), charset: bomless, source: 'xml' }

  const http = normalizeCharset(readHttpCharset(contentType))
  if (http === 'utf-8') return decodeUtf8Label(body, 'http')
  if (http && !http.startsWith('utf-16') && !http.startsWith('utf16')) {
    return { text: removeXmlDeclEncoding(decodeWith(body, http)), charset: http, source: 'http' }
  }
  // 8-bit document (no UTF-16 signature): a declared UTF-16 is a lie, read as UTF-8 below.
  const head = body.subarray(0, 1024).toString('latin1')
  const declared = normalizeCharset(readXmlDeclEncoding(head) ?? readMetaCharset(head))
  if (declared === 'utf-8') return decodeUtf8Label(body, 'xml')
  if (declared && !declared.startsWith('utf-16') && !declared.startsWith('utf16')) {
    return { text: removeXmlDeclEncoding(decodeWith(body, declared)), charset: declared, source: 'xml' }
  }
  return decodeUtf8Label(body, 'default')
}
