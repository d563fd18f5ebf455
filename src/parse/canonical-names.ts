// Element names as the readers expect them. Feeds in the wild write `<TITLE>`, `<PubDate>`, put a
// prefix on every RSS element (`<rss:item>` with xmlns:rss bound to the RSS namespace), or bind
// Dublin Core to another prefix (`xmlns:dublin=…` then `<dublin:date>`). feedparser reads names
// case-insensitively and by namespace URI; rss-parser and feedsmith match literal names. This step
// rewrites the tag names (never text, attributes, CDATA or comments) to the canonical spelling:
// namespaces by URI onto their usual prefix, known names by case-insensitive match. It runs only
// when the document shows a reason to (an upper-case start of a name, a known namespace on an
// unusual prefix), so well-formed common feeds pay one regex test.

import type { DetectedFormat } from './detect.js'

/** Namespace URI → the prefix the readers know ('' for the format's own elements). */
const prefixByUri: Record<string, string> = {
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
}

/** Atom's own namespaces: mapped to '' only in an Atom document (an RSS feed's atom:link must stay). */
const atomUris = new Set(['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#'])

/** Names whose canonical spelling is not all lower case, by lower-cased qualified name. */
const mixedCase: Record<string, string> = {
  pubdate: 'pubDate',
  lastbuilddate: 'lastBuildDate',
  managingeditor: 'managingEditor',
  webmaster: 'webMaster',
  skiphours: 'skipHours',
  skipdays: 'skipDays',
  textinput: 'textInput',
  'rdf:rdf': 'rdf:RDF',
  'itunes:newfeedurl': 'itunes:new-feed-url',
}

const prefixDeclaration = /\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g

/** Prefix as written → canonical prefix, from the declarations in the document's head. */
function readPrefixMap(xml: string, format: DetectedFormat): Map<string, string> {
  const map = new Map<string, string>()
  const head = xml.slice(0, 8192)
  for (const match of head.matchAll(prefixDeclaration)) {
    const [, prefix = '', uri = ''] = match
    const canonical = prefixByUri[uri.trim()] ?? (atomUris.has(uri.trim()) && (format === 'atom' || format === 'atom03') ? '' : undefined)
    if (canonical !== undefined && canonical !== prefix) map.set(prefix, canonical)
  }
  return map
}

/** true when some element name may need rewriting. */
function needsRewrite(xml: string, prefixes: Map<string, string>): boolean {
  return prefixes.size > 0 || /<\/?[A-Z]/.test(xml)
}

function canonicalName(name: string, prefixes: Map<string, string>): string {
  const colon = name.indexOf(':')
  let prefix = colon < 0 ? '' : name.slice(0, colon)
  const local = colon < 0 ? name : name.slice(colon + 1)
  prefix = prefixes.get(prefix) ?? prefix.toLowerCase()
  const qualified = (prefix === '' ? '' : `${prefix}:`) + local
  const lower = qualified.toLowerCase()
  return mixedCase[lower] ?? (/[A-Z]/.test(local.charAt(0)) || local === local.toUpperCase() ? lower : qualified)
}

const token = /<!\[CDATA\[|<!--|<\?|<(\/?)([A-Za-z_][\w.:-]*)/g
const sectionEnds: Record<string, string> = { '<![CDATA[': ']]>', '<!--': '-->', '<?': '?>' }

/** The document with canonical element names; the same string when nothing needs it. */
export function canonicalizeNames(xml: string, format: DetectedFormat): string {
  const prefixes = readPrefixMap(xml, format)
  if (!needsRewrite(xml, prefixes)) return xml
  const out: string[] = []
  let copied = 0
  token.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = token.exec(xml)) !== null) {
    const end = sectionEnds[match[0]]
    if (end !== undefined) {
      const close = xml.indexOf(end, match.index + match[0].length)
      if (close < 0) break
      token.lastIndex = close + end.length
      continue
    }
    const name = match[2] ?? ''
    const canonical = canonicalName(name, prefixes)
    if (canonical === name) continue
    const start = match.index + 1 + (match[1]?.length ?? 0)
    out.push(xml.slice(copied, start), canonical)
    copied = start + name.length
  }
  out.push(xml.slice(copied))
  return out.join('')
}
