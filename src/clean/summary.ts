// The plain-text summary shown in lists and search results.

import { extractHtmlText } from './html-text.js'
import { truncateText } from './text-limit.js'

export const SUMMARY_MAX = 600

/** Boilerplate tails feed generators append (WordPress, Blogger, Medium, news CMSes). */
const MORE = '(?:(?:Continue|Keep) reading|Read (?:more|the (?:full|rest of (?:the|this)) (?:story|article|post)))'
const QUOTED_OR_SHORT = String.raw`(?:\s+(?:“[^”]{0,200}”|"[^"]{0,200}"|[^.!?]{0,120}?))?`
const TAILS: RegExp[] = [
  /\s*The post .{1,400}? appeared first on .{1,200}?\.?$/i,
  // "Continue reading “Title” →", "Read more »": only with an arrow or ellipsis at the very end…
  new RegExp(String.raw`\s*${MORE}${QUOTED_OR_SHORT}\s*(?:→|»|›|\.\.\.|…)$`, 'i'),
  // …or alone as the last words.
  new RegExp(String.raw`\s*${MORE}\.?$`, 'i'),
  /\s*\(?(?:more|read more)…?\)?\s*(?:→|»)$/i,
]

/** Cut-off markers that mean "there is more": shown as a plain ellipsis. */
const ELLIPSIS_TAIL = /\s*\[\s*(?:…|\.\.\.|&hellip;)\s*\]$/

/** Removes generator boilerplate from the end of a text. */
export function stripBoilerplate(text: string): string {
  let out = text
  for (let pass = 0; pass < 3; pass++) {
    const before = out
    for (const tail of TAILS) out = out.replace(tail, '')
    if (ELLIPSIS_TAIL.test(out)) out = `${out.replace(ELLIPSIS_TAIL, '')}…`
    out = out.trim()
    if (out === before) break
  }
  return out
}

/**
 * Plain-text summary of an item from the text of its summary, else of its content (tags dropped,
 * script and style text with them, entities decoded once, whitespace collapsed, as
 * extractHtmlText gives it): boilerplate tails removed, at most SUMMARY_MAX characters cut at a
 * word boundary with '…'.
 */
export function summarizeText(text: string): string {
  // A tail is at most ~700 characters, so in a longer text the cut below removes it anyway.
  const kept = text.length <= SUMMARY_MAX + 700 ? stripBoilerplate(text) : text
  return truncateText(kept, SUMMARY_MAX)
}

/** The summary of an item with this summary and content HTML (normalizeItems gets the same from one pass). */
export function summarizeItem(summary: string | undefined, content: string | undefined): string {
  const text = typeof summary === 'string' ? extractHtmlText(summary) : ''
  return summarizeText(text === '' && typeof content === 'string' ? extractHtmlText(content) : text)
}
