// Format sniffing from the content (never the Content-Type, which servers get wrong): a small
// table of rules over the document's head, first match wins.

export type DetectedFormat = 'rss' | 'rdf' | 'atom' | 'atom03' | 'json' | 'html' | 'json-other' | 'unknown'

interface Head {
  /** First non-space character. */
  first: string
  /** Root element name as written, lowercased (`rss`, `rdf:rdf`, `feed`, `html`), or ''. */
  root: string
  /** The root element's start tag. */
  rootTag: string
  /** The first 4 KB. */
  text: string
}

interface Rule {
  format: DetectedFormat
  test: (head: Head) => boolean
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1)

const rules: Rule[] = [
  { format: 'json', test: (h) => h.first === '{' && /https?:\/\/jsonfeed\.org\/version\/1/i.test(h.text) },
  { format: 'json-other', test: (h) => h.first === '{' || h.first === '[' },
  { format: 'rss', test: (h) => localName(h.root) === 'rss' },
  { format: 'rdf', test: (h) => localName(h.root) === 'rdf' },
  {
    format: 'atom03',
    test: (h) => localName(h.root) === 'feed' && (/\bversion\s*=\s*["']0\.3["']/.test(h.rootTag) || /purl\.org\/atom\/ns#/.test(h.rootTag)),
  },
  { format: 'atom', test: (h) => localName(h.root) === 'feed' },
  { format: 'html', test: (h) => h.root === 'html' || /^<!doctype\s+html/i.test(h.text.trimStart()) || /^\s*<(head|body)\b/i.test(h.text) },
]

function readHead(text: string): Head {
  const slice = text.slice(0, 4096)
  const trimmed = slice.trimStart()
  // Skip the declaration, PIs, comments and a DOCTYPE, then take the first start tag.
  const prolog = trimmed.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, (m) => ' '.repeat(m.length))
  const tag = /<([A-Za-z_][\w.:-]*)[^>]*>?/.exec(prolog)
  return {
    first: trimmed.charAt(0),
    root: tag?.[1]?.toLowerCase() ?? '',
    rootTag: tag ? trimmed.slice(tag.index, tag.index + tag[0].length) : '',
    text: slice,
  }
}

/** Names the feed format of a decoded document. */
export function detectFormat(text: string): DetectedFormat {
  const head = readHead(text)
  return rules.find((rule) => rule.test(head))?.format ?? 'unknown'
}
