// OPML 2.0 writer for the source list. Sources are grouped into one folder per first tag, the
// shape Miniflux and FreshRSS turn into categories on import; untagged sources sit at the top level.
import { formatRfc822 } from './dates.js'
import { renderAttributes, renderElement } from './xml.js'

export const OPML_CONTENT_TYPE = 'text/x-opml; charset=utf-8'

export interface OpmlSource {
  /** Shown by readers as the subscription's name. */
  title: string
  /** The feed to subscribe to. */
  xmlUrl: string
  htmlUrl?: string | null
  /** The first tag names the folder. */
  tags?: string[]
  /** Optional free text (OPML 2.0 `description`). */
  description?: string | null
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
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    `<head>\n${head.join('\n')}\n</head>`,
    '<body>',
    ...body,
    '</body>',
    '</opml>',
  ].join('\n') + '\n'
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
  })}/>`
}
