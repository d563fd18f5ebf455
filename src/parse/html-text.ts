// A short HTML fragment (a feed title typed "html") reduced to text: tags dropped, references decoded.

import { decodeNumericReference, lookupHtmlEntity } from './html-entities.js'

const xmlEntityChars: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeReference(match: string, body: string): string {
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? decodeNumericReference(code) : match
  }
  return xmlEntityChars[body] ?? lookupHtmlEntity(body) ?? match
}

/** Text of an HTML fragment (script and style content dropped), whitespace collapsed. */
export function reduceHtmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/g, decodeReference)
    .replace(/\s+/g, ' ')
    .trim()
}
