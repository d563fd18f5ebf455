// HTML → plain text with htmlparser2's streaming parser (no DOM, so it stays fast).
// Entities are decoded exactly once; script/style and other non-text elements are dropped;
// block elements and <br> become spaces so words from adjacent paragraphs never run together.

import { Parser } from 'htmlparser2'
import { stripBadCodeUnits } from './unicode.js'

/** Elements whose content is never reader-visible text. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'textarea',
  'select',
  'option',
  'button',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'map',
])

/** Elements that separate words. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'img',
  'caption',
  'center',
])

// C0/C1 controls other than whitespace; invisible characters (soft hyphen, zero-width space,
// joiners, word joiner, BOM); bidi embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069), which reorder what follows them (`‮txt.exe` shows as `exe.txt`) and can
// leak past the end of a title into the page around it. LRM/RLM (U+200E/U+200F) stay: they
// only mark direction, and right-to-left text needs them.
const INVISIBLE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g

/** Whitespace runs (including no-break and other Unicode spaces) → one space, trimmed; invisible and unstorable code units dropped. */
export function collapseWhitespace(text: string): string {
  return stripBadCodeUnits(text.replace(INVISIBLE, '')).replace(/\s+/g, ' ').trim()
}

/** Reader-visible text gathered from htmlparser2 events, so a pass that does other work (the sanitizer) yields it too. */
export interface TextCollector {
  onopentag(name: string): void
  ontext(text: string): void
  onclosetag(name: string): void
  /** The text so far, whitespace collapsed. */
  text(): string
}

/** Collects text as extractHtmlText reads it: skipped elements dropped, blocks as spaces. */
export function createTextCollector(): TextCollector {
  const parts: string[] = []
  let skipDepth = 0
  return {
    onopentag(name) {
      if (SKIPPED.has(name)) skipDepth++
      else if (BLOCKS.has(name)) parts.push(' ')
    },
    ontext(text) {
      if (skipDepth === 0) parts.push(text)
    },
    onclosetag(name) {
      if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1)
      else if (BLOCKS.has(name)) parts.push(' ')
    },
    text: () => collapseWhitespace(parts.join('')),
  }
}

/** Plain text of an HTML fragment, entities decoded once, whitespace collapsed. */
export function extractHtmlText(html: string): string {
  if (html === '') return ''
  if (!/[<&]/.test(html)) return collapseWhitespace(html)
  const collector = createTextCollector()
  const parser = new Parser(collector, { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true })
  parser.write(html)
  parser.end()
  return collector.text()
}

/**
 * Decodes HTML character references in text that is not markup (`AT&amp;T` → `AT&T`), once.
 * A '<' stays a '<'.
 */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text
  const parts: string[] = []
  const parser = new Parser({ ontext: (t) => parts.push(t) }, { decodeEntities: true })
  parser.write(text.replace(/</g, '&lt;'))
  parser.end()
  return parts.join('')
}
