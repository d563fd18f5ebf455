// Turns the demo's sample data into the documents a real site would serve: RSS 2.0 (WordPress
// style), Atom 1.0, JSON Feed 1.1, an HTML newsroom page without a feed, and article pages.
// Dates are computed from `now` at request time.
import type { DemoItem, DemoSource } from './sample-data.js'

export interface DemoDocument {
  contentType: string
  body: string
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

function publishedAt(item: DemoItem, now: Date): Date {
  return new Date(now.getTime() - item.hoursAgo * 3_600_000)
}

function articleUrl(base: string, source: DemoSource, item: DemoItem): string {
  return `${base}/${source.id}/${item.slug}/`
}

/** The article body as HTML: paragraphs, with the cited document linked where it is named. */
export function renderArticleHtml(item: DemoItem): string {
  return item.paragraphs
    .map((p) => {
      let html = escapeXml(p)
      if (item.cites) {
        const text = escapeXml(item.cites.text)
        const link = `<a href="${escapeXml(item.cites.url)}">${text}</a>`
        html = html.includes(text) ? html.replace(text, link) : `${html} (See <a href="${escapeXml(item.cites.url)}">source</a>.)`
      }
      return `<p>${html}</p>`
    })
    .join('\n')
}

function renderRss(source: DemoSource, base: string, now: Date): string {
  const home = `${base}/${source.id}/`
  const items = source.items
    .map((item) => {
      const url = articleUrl(base, source, item)
      const cats = item.categories.map((c) => `      <category><![CDATA[${c}]]></category>`).join('\n')
      return `    <item>
      <title>${escapeXml(item.title)}</title>
      <link>${escapeXml(url)}?utm_source=rss&amp;utm_medium=rss</link>
      <dc:creator><![CDATA[${item.author ?? ''}]]></dc:creator>
      <pubDate>${publishedAt(item, now).toUTCString()}</pubDate>
${cats}
      <guid isPermaLink="false">${escapeXml(`${source.id}-${item.slug}`)}</guid>
      <description><![CDATA[${item.paragraphs[0] ?? ''}]]></description>
      <content:encoded><![CDATA[${renderArticleHtml(item)}]]></content:encoded>
    </item>`
    })
    .join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(source.title)}</title>
    <atom:link href="${escapeXml(`${base}/${source.id}/feed/`)}" rel="self" type="application/rss+xml"/>
    <link>${escapeXml(home)}</link>
    <description>${escapeXml(source.description)}</description>
    <lastBuildDate>${now.toUTCString()}</lastBuildDate>
    <language>en-US</language>
${items}
  </channel>
</rss>
`
}

function renderAtom(source: DemoSource, base: string, now: Date): string {
  const home = `${base}/${source.id}/`
  const entries = source.items
    .map((item) => {
      const url = articleUrl(base, source, item)
      const date = publishedAt(item, now).toISOString()
      const cats = item.categories.map((c) => `    <category term="${escapeXml(c)}"/>`).join('\n')
      return `  <entry>
    <id>tag:therecord.demo,2026:${escapeXml(item.slug)}</id>
    <title type="text">${escapeXml(item.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
    <published>${date}</published>
    <updated>${date}</updated>
    <author><name>${escapeXml(item.author ?? '')}</name></author>
${cats}
    <summary type="text">${escapeXml(item.paragraphs[0] ?? '')}</summary>
    <content type="html">${escapeXml(renderArticleHtml(item))}</content>
  </entry>`
    })
    .join('\n')
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${escapeXml(source.title)}</title>
  <subtitle>${escapeXml(source.description)}</subtitle>
  <link rel="alternate" type="text/html" href="${escapeXml(home)}"/>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${base}/${source.id}/feed.atom`)}"/>
  <id>${escapeXml(home)}</id>
  <updated>${now.toISOString()}</updated>
${entries}
</feed>
`
}

function renderJsonFeed(source: DemoSource, base: string, now: Date): string {
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: source.title,
      home_page_url: `${base}/${source.id}/`,
      feed_url: `${base}/${source.id}/feed.json`,
      description: source.description,
      language: 'en',
      items: source.items.map((item) => ({
        id: `https://www.hipaajournal.demo/?p=${item.slug}`,
        url: articleUrl(base, source, item),
        title: item.title,
        summary: item.paragraphs[0] ?? '',
        content_html: renderArticleHtml(item),
        date_published: publishedAt(item, now).toISOString(),
        authors: item.author ? [{ name: item.author }] : [],
        tags: item.categories,
      })),
    },
    null,
    2,
  )
}

/** A newsroom page without a feed; read with the select rules in `newsroomSelectRules`. */
function renderNewsroom(source: DemoSource, base: string, now: Date): string {
  const articles = source.items
    .map((item) => {
      const date = publishedAt(item, now)
      return `    <article class="notice">
      <h2><a href="/${source.id}/${item.slug}/">${escapeXml(item.title)}</a></h2>
      <p class="meta">Reported <time datetime="${date.toISOString()}">${date.toUTCString()}</time> · <span class="sector">${escapeXml(item.categories[0] ?? '')}</span></p>
      <p class="summary">${escapeXml(item.paragraphs[0] ?? '')}</p>
    </article>`
    })
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(source.title)}</title>
<base href="${escapeXml(base)}/"></head>
<body>
  <header><h1>${escapeXml(source.title)}</h1><p>${escapeXml(source.description)}</p></header>
  <main>
${articles}
  </main>
</body></html>
`
}

export const newsroomSelectRules = {
  item: 'article.notice',
  title: 'h2 a',
  link: 'h2 a@href',
  date: 'time@datetime',
  summary: 'p.summary',
  category: '.sector',
}

/** The path of a source's feed (or page) on the demo server. */
export function feedPath(source: DemoSource): string {
  switch (source.format) {
    case 'rss':
      return `/${source.id}/feed/`
    case 'atom':
      return `/${source.id}/feed.atom`
    case 'json':
      return `/${source.id}/feed.json`
    case 'html':
      return `/${source.id}/notices/`
  }
}

export function renderFeedDocument(source: DemoSource, base: string, now: Date): DemoDocument {
  switch (source.format) {
    case 'rss':
      return { contentType: 'application/rss+xml; charset=utf-8', body: renderRss(source, base, now) }
    case 'atom':
      return { contentType: 'application/atom+xml; charset=utf-8', body: renderAtom(source, base, now) }
    case 'json':
      return { contentType: 'application/feed+json; charset=utf-8', body: renderJsonFeed(source, base, now) }
    case 'html':
      return { contentType: 'text/html; charset=utf-8', body: renderNewsroom(source, base, now) }
  }
}

/** A plain article page, so links in the demo lead somewhere without a network. */
export function renderArticlePage(source: DemoSource, item: DemoItem, now: Date): DemoDocument {
  const date = publishedAt(item, now)
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(item.title)} – ${escapeXml(source.title)}</title></head>
<body>
<p><a href="/${source.id}/">${escapeXml(source.title)}</a> (sample article served by the breachwire demo)</p>
<h1>${escapeXml(item.title)}</h1>
<p>Posted on ${escapeXml(date.toUTCString())}${item.author ? ` by ${escapeXml(item.author)}` : ''}</p>
${renderArticleHtml(item)}
</body></html>
`
  return { contentType: 'text/html; charset=utf-8', body }
}

/** A source's home page on the demo server: its title and its articles. */
export function renderSourceHome(source: DemoSource): DemoDocument {
  const links = source.items.map((i) => `<li><a href="/${source.id}/${i.slug}/">${escapeXml(i.title)}</a></li>`).join('\n')
  return {
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(source.title)}</title></head>
<body><h1>${escapeXml(source.title)}</h1><p>${escapeXml(source.description)} (sample site served by the breachwire demo)</p><ul>${links}</ul></body></html>
`,
  }
}
