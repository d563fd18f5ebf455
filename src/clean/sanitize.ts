// Allow-list HTML sanitizer for item content (sanitize-html, htmlparser2 underneath, no DOM).
//
// Kept: text structure (p, lists, quotes, pre/code, headings demoted by two levels, tables,
// figures, images, inline emphasis). Everything else is unwrapped (its text kept) or, for
// script/style/iframe/object/svg/form controls/media and the like, dropped with its content.
// Attributes: a handful per tag, never event handlers, style, class or id.
// URLs: href (http/https/mailto), src/srcset/cite (http/https) are made absolute against the
// item's base and lose tracking parameters; anything else removes the attribute, and an <a>
// without a usable href or an <img> without a usable src is unwrapped/dropped.
// Every <a> gets rel="noopener noreferrer" and no target: readers open links as they like.
// Tracking pixels (width or height ≤ 1, known tracker hosts) are removed.

import sanitizeHtml from 'sanitize-html'
import { cleanUrl } from '../lib/url.js'
import { isTrackerLink, isTrackerImage } from './trackers.js'

const ALLOWED_TAGS = [
  'p', 'br', 'a', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong', 'b', 'i', 'u', 's',
  'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup',
  'col', 'img', 'figure', 'figcaption', 'hr', 'sup', 'sub', 'dl', 'dt', 'dd', 'abbr', 'cite', 'q',
  'time', 'span', 'div', 'small', 'mark', 'del', 'ins', 'kbd', 'samp', 'var',
]

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'srcset', 'alt', 'title', 'width', 'height'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  abbr: ['title'],
  time: ['datetime'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  col: ['span'],
  colgroup: ['span'],
}

/** Elements dropped together with everything inside them. */
const DROPPED_WITH_CONTENT = [
  'script', 'style', 'noscript', 'template', 'head', 'title', 'textarea', 'select', 'option', 'button',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'canvas', 'audio', 'video',
  'map', 'form', 'input', 'link', 'meta', 'base', 'param', 'source', 'track', 'dialog',
]

/** Block containers shown as <div>, so adjacent blocks keep apart once their attributes are gone. */
const AS_DIV = ['section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'center', 'details', 'summary', 'address', 'hgroup']

const DEMOTED: Record<string, string> = { h1: 'h3', h2: 'h4', h3: 'h5', h4: 'h6', h5: 'h6', h6: 'h6' }

const MAILTO = /^mailto:[^\s<>"'`]+$/i

function cleanHref(raw: string | undefined, base: string): string | undefined {
  if (raw === undefined) return undefined
  // Browsers ignore control characters and spaces around and inside the scheme.
  // eslint-disable-next-line no-control-regex
  const compact = raw.replace(/[\u0000-\u0020]+/g, '')
  if (/^mailto:/i.test(compact)) return MAILTO.test(compact) ? compact : undefined
  return cleanUrl(raw, base)
}

function cleanSrcset(raw: string | undefined, base: string): string | undefined {
  if (raw === undefined) return undefined
  const candidates: string[] = []
  for (const part of raw.split(/,\s+|,(?=\S+\s+\d)/)) {
    const [href, ...descriptor] = part.trim().split(/\s+/)
    const url = href === undefined ? undefined : cleanUrl(href.replace(/,$/, ''), base)
    if (url === undefined || isTrackerImage(url)) continue
    const desc = descriptor.join(' ')
    if (desc !== '' && !/^\d+(?:\.\d+)?[wx]$/.test(desc)) continue
    candidates.push(desc === '' ? url : `${url} ${desc}`)
  }
  return candidates.length > 0 ? candidates.join(', ') : undefined
}

function pickDimension(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  const value = raw.trim().replace(/px$/i, '')
  return /^\d{1,5}$/.test(value) ? value : undefined
}

function buildTransforms(base: string): Record<string, sanitizeHtml.Transformer> {
  const transforms: Record<string, sanitizeHtml.Transformer> = {
    a(_tag, attribs) {
      const href = cleanHref(attribs['href'], base)
      // No href left: exclusiveFilter unwraps the <a>, keeping its text.
      if (href === undefined || isTrackerLink(href)) return { tagName: 'a', attribs: {} }
      const out: sanitizeHtml.Attributes = { href, rel: 'noopener noreferrer' }
      if (attribs['title'] !== undefined) out['title'] = attribs['title']
      return { tagName: 'a', attribs: out }
    },
    img(_tag, attribs) {
      // Lazy-loading markup keeps the real image in data-src.
      const rawSrc = attribs['src'] ?? attribs['data-src'] ?? attribs['data-lazy-src']
      const src = cleanUrl(rawSrc, base)
      const width = pickDimension(attribs['width'])
      const height = pickDimension(attribs['height'])
      // No src left: exclusiveFilter drops the <img>.
      if (src === undefined || isTrackerImage(src, width, height)) return { tagName: 'img', attribs: {} }
      const out: sanitizeHtml.Attributes = { src }
      const srcset = cleanSrcset(attribs['srcset'] ?? attribs['data-srcset'], base)
      if (srcset !== undefined) out['srcset'] = srcset
      for (const name of ['alt', 'title'] as const) {
        const value = attribs[name]
        if (value !== undefined) out[name] = value
      }
      if (width !== undefined) out['width'] = width
      if (height !== undefined) out['height'] = height
      return { tagName: 'img', attribs: out }
    },
  }
  const cite: sanitizeHtml.Transformer = (tag, attribs) => {
    const url = cleanUrl(attribs['cite'], base)
    const out: sanitizeHtml.Attributes = { ...attribs }
    delete out['cite']
    if (url !== undefined) out['cite'] = url
    return { tagName: tag, attribs: out }
  }
  for (const tag of ['blockquote', 'q', 'del', 'ins']) transforms[tag] = cite
  for (const [from, to] of Object.entries(DEMOTED)) transforms[from] = sanitizeHtml.simpleTransform(to, {}, false)
  for (const tag of AS_DIV) transforms[tag] = sanitizeHtml.simpleTransform('div', {}, false)
  return transforms
}

/**
 * Runs when an element closes, after its attributes were filtered. Renaming a tag to a disallowed
 * name would be simpler but leaks a closing tag for void elements in sanitize-html 2.17, so the
 * transforms strip the URL and this removes what is left.
 */
function filterElement(frame: sanitizeHtml.IFrame): boolean | 'excludeTag' {
  if (frame.tag === 'img') return frame.attribs['src'] === undefined
  if (frame.tag === 'a') return frame.attribs['href'] === undefined ? 'excludeTag' : false
  return false
}

const BASE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'], blockquote: ['http', 'https'], q: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: DROPPED_WITH_CONTENT,
  parseStyleAttributes: false,
  enforceHtmlBoundary: false,
  parser: { decodeEntities: true, lowerCaseTags: true },
  exclusiveFilter: filterElement,
}

/**
 * Sanitized HTML of an item's content or summary, with URLs made absolute against `baseUrl`.
 * Never throws; a fragment with nothing worth keeping gives ''.
 */
export function sanitizeContent(html: string | undefined, baseUrl: string): string {
  if (typeof html !== 'string' || html.trim() === '') return ''
  try {
    const out = sanitizeHtml(html, { ...BASE_OPTIONS, transformTags: buildTransforms(baseUrl) })
    return out.trim()
  } catch {
    // sanitize-html has no known throwing path on strings; if one appears, fail closed.
    return ''
  }
}
