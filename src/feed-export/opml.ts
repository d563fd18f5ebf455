// OPML 2.0 writer for the source list. Sources are grouped into one folder per first tag, the
// shape Miniflux and FreshRSS turn into categories on import; untagged sources sit at the top level.
// Every tag is also written to the OPML 2.0 `category` attribute ("/breach,/health"), so a reader
// (and breachwire's own import) gets them all back, not only the folder. A disabled source carries
// breachwire:enabled="false" (namespace declared only when used); other readers ignore it.
import { formatRfc822 } from './dates.js'
import { renderAttributes, renderElement } from './xml.js'

export const OPML_CONTENT_TYPE = 'text/x-opml; charset=utf-8'

/** The namespace of breachwire's own OPML attributes (`breachwire:enabled`). */
export const BREACHWIRE_OPML_NAMESPACE = 'https://github.com/breachwire/breachwire#opml'

export interface OpmlSource {
  /** Shown by readers as the subscription's name. */
  title: string
  /** The feed to subscribe to. */
  xmlUrl: string
  htmlUrl?: string | null
  /** The first tag names the folder; all of them go to `category`. */
  tags?: string[]
  /** Optional free text (OPML 2.0 `description`). */
  description?: string | null
  /** false writes breachwire:enabled="false"; absent or true writes nothing. */
  enabled?: boolean
}

export interface OpmlOptions {
  title?: string
  /** ISO date for <dateCreated>; omitted when absent. */
  dateCreated?: string | null
  ownerName?: string
}

/** The sources as an OPML 2.0 document (UTF-8). */
export function renderOpml(sources: OpmlSource[], opts: OpmlOptions = {}): string {
  const folders = new Map<string, OpmlSource[]>()
  const loose: OpmlSource[] = []
  for (const source of sources) {
    const folder = source.tags?.[0]?.trim()
    if (!folder) loose.push(source)
    else folders.set(folder, [...(folders.get(folder) ?? []), source])
  }
  const body: string[] = []
  for (const [folder, members] of folders) {
    body.push(`<outline${renderAttributes({ text: folder, title: folder })}>`)
    for (const source of members) body.push(`  ${renderOutline(source)}`)
    body.push('</outline>')
  }
  for (const source of loose) body.push(renderOutline(source))
  const head = [
    renderElement('title', opts.title ?? 'breachwire sources'),
    renderElement('dateCreated', formatRfc822(opts.dateCreated)),
    renderElement('ownerName', opts.ownerName),
    '<docs>http://opml.org/spec2.opml</docs>',
  ].filter((line) => line !== '')
  const namespace = sources.some((source) => source.enabled === false)
    ? renderAttributes({ 'xmlns:breachwire': BREACHWIRE_OPML_NAMESPACE })
    : ''
  return `${[
    '<?xml version="1.0" encoding="utf-8"?>',
    `<opml version="2.0"${namespace}>`,
    `<head>\n${head.join('\n')}\n</head>`,
    '<body>',
    ...body,
    '</body>',
    '</opml>',
  ].join('\n')}\n`
}

function renderOutline(source: OpmlSource): string {
  const name = source.title || source.xmlUrl
  return `<outline${renderAttributes({
    type: 'rss',
    text: name,
    title: name,
    xmlUrl: source.xmlUrl,
    htmlUrl: source.htmlUrl,
    description: source.description,
    category: renderCategory(source.tags ?? []),
    'breachwire:enabled': source.enabled === false ? 'false' : null,
  })}/>`
}

/**
 * The OPML 2.0 category value: each tag as a one-level path, comma-separated ("/breach,/news").
 * The format has no escape, so a tag holding "," or "/" cannot be written and is left out.
 */
function renderCategory(tags: string[]): string {
  return tags
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '' && !/[,/]/.test(tag))
    .map((tag) => `/${tag}`)
    .join(',')
}
