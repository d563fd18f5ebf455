// One synthetic source's feed, in the three formats the field serves: WordPress RSS 2.0 (with
// content:encoded, dc:creator, categories), Atom 1.0 and JSON Feed 1.1. Items report incidents
// drawn from a shared pool, so the same incident shows up in several sources (story matching
// has real work to do) and articles cite the organisation's notice.

import { createRandom, deriveSeed, type Random } from './random.js'
import { authors, categories, type Incident, makeIncident, makeSentence, makeTitle } from './vocabulary.js'

export type DocFormat = 'rss' | 'atom' | 'json'

export interface FeedDocument {
  format: DocFormat
  body: string
  contentType: string
  itemCount: number
}

interface FakeItem {
  guid: string
  link: string
  title: string
  author: string
  date: Date
  categories: string[]
  html: string
  excerpt: string
}

/** Newest item date of every generated feed: fixed, so documents are byte-identical across runs. */
export const CORPUS_EPOCH = Date.UTC(2026, 9, 1, 12, 0, 0)
export const INCIDENT_POOL = 4000

export function pickFormat(index: number): DocFormat {
  const r = index % 20
  return r < 13 ? 'rss' : r < 17 ? 'atom' : 'json'
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function cdata(html: string): string {
  return `<![CDATA[${html.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`
}

function renderArticleHtml(random: Random, incident: Incident, site: string, paragraphs: number): string {
  const parts: string[] = []
  for (let p = 0; p < paragraphs; p++) {
    const sentences: string[] = []
    const n = random.int(3, 6)
    for (let s = 0; s < n; s++) sentences.push(escapeXml(makeSentence(random, incident)))
    if (p === 0) {
      sentences.push(
        `Read <a href="${incident.noticeUrl}?utm_source=feed&amp;utm_medium=rss">the notice</a> filed by ${escapeXml(incident.org)}.`,
      )
    }
    if (random.chance(0.3))
      sentences.push(
        `See also <a href="https://${site}/tag/${random.pick(categories).toLowerCase().replace(/\s+/g, '-')}/" rel="tag">related coverage</a>.`,
      )
    parts.push(`<p>${sentences.join(' ')}</p>`)
    if (p === 1 && random.chance(0.6)) {
      parts.push(
        `<blockquote><p>&#8220;${escapeXml(makeSentence(random, incident))}&#8221;</p><cite>${escapeXml(incident.org)} statement</cite></blockquote>`,
      )
    }
    if (p === 2 && random.chance(0.5)) {
      const img = `https://${site}/wp-content/uploads/2026/10/${incident.slug}`
      parts.push(
        `<figure class="wp-block-image size-large"><img loading="lazy" width="1024" height="576" src="${img}-1024x576.jpg" alt="${escapeXml(incident.org)} notice" srcset="${img}-300x169.jpg 300w, ${img}-1024x576.jpg 1024w" sizes="(max-width: 1024px) 100vw, 1024px" /><figcaption>Screenshot of the notice</figcaption></figure>`,
      )
    }
    if (p === 3 && random.chance(0.4)) {
      parts.push(
        `<h2>What was exposed</h2><ul><li>Names and addresses</li><li>${escapeXml(incident.dataKind)}</li><li>Account numbers</li></ul>`,
      )
    }
  }
  if (random.chance(0.2)) parts.push(`<img src="https://pixel.${site}/t.gif?id=${random.int(1, 1e6)}" width="1" height="1" alt="" />`)
  parts.push(`<p>The post <a href="https://${site}/">${escapeXml(site)}</a> appeared first.</p>`)
  return parts.join('\n')
}

function makeItems(seed: number, sourceIndex: number, count: number, paragraphs: [number, number]): FakeItem[] {
  const random = createRandom(deriveSeed(seed, `source-${sourceIndex}`))
  const site = `news${sourceIndex}.example.net`
  const items: FakeItem[] = []
  let time = CORPUS_EPOCH - random.int(0, 6) * 3_600_000
  for (let i = 0; i < count; i++) {
    // Incidents are drawn from a window that moves with time, so reports of one incident cluster in time.
    const incidentIndex = Math.min(INCIDENT_POOL - 1, Math.floor(i * 1.5) + random.int(0, 40))
    const incident = makeIncident(createRandom(deriveSeed(seed, `incident-${incidentIndex}`)), incidentIndex)
    const slug = `${incident.slug}-${sourceIndex}-${i}`
    const html = renderArticleHtml(random, incident, site, random.int(paragraphs[0], paragraphs[1]))
    items.push({
      guid: `https://${site}/?p=${100000 + i}`,
      link: `https://${site}/2026/10/${slug}/?utm_source=rss&utm_campaign=${slug}`,
      title: makeTitle(random, incident),
      author: random.pick(authors),
      date: new Date(time),
      categories: [random.pick(categories), random.pick(categories), incident.actor],
      html,
      excerpt: `${escapeXml(makeSentence(random, incident))} [&#8230;]`,
    })
    time -= random.int(20, 400) * 60_000
  }
  return items
}

function renderRss(sourceIndex: number, items: FakeItem[]): string {
  const site = `news${sourceIndex}.example.net`
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">',
    '<channel>',
    `\t<title>Breach Desk ${sourceIndex}</title>`,
    `\t<atom:link href="https://${site}/feed/" rel="self" type="application/rss+xml" />`,
    `\t<link>https://${site}</link>`,
    `\t<description>Data breach and privacy news, source ${sourceIndex}</description>`,
    `\t<lastBuildDate>${items[0]?.date.toUTCString() ?? new Date(CORPUS_EPOCH).toUTCString()}</lastBuildDate>`,
    '\t<language>en-US</language>',
    '\t<sy:updatePeriod>hourly</sy:updatePeriod>',
    '\t<sy:updateFrequency>1</sy:updateFrequency>',
    '\t<generator>https://wordpress.org/?v=6.6.2</generator>',
  ]
  for (const item of items) {
    out.push(
      '\t<item>',
      `\t\t<title>${escapeXml(item.title)}</title>`,
      `\t\t<link>${escapeXml(item.link)}</link>`,
      `\t\t<comments>${escapeXml(item.link)}#respond</comments>`,
      `\t\t<dc:creator>${cdata(item.author)}</dc:creator>`,
      `\t\t<pubDate>${item.date.toUTCString().replace('GMT', '+0000')}</pubDate>`,
      ...item.categories.map((c) => `\t\t<category>${cdata(c)}</category>`),
      `\t\t<guid isPermaLink="false">${escapeXml(item.guid)}</guid>`,
      `\t\t<description>${cdata(`<p>${item.excerpt}</p>`)}</description>`,
      `\t\t<content:encoded>${cdata(item.html)}</content:encoded>`,
      `\t\t<wfw:commentRss>${escapeXml(item.link)}feed/</wfw:commentRss>`,
      '\t\t<slash:comments>0</slash:comments>',
      '\t</item>',
    )
  }
  out.push('</channel>', '</rss>', '')
  return out.join('\n')
}

function renderAtom(sourceIndex: number, items: FakeItem[]): string {
  const site = `atom${sourceIndex}.example.org`
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `  <title type="text">Privacy Watch ${sourceIndex}</title>`,
    `  <id>tag:${site},2026:feed</id>`,
    `  <link rel="alternate" type="text/html" href="https://${site}/"/>`,
    `  <link rel="self" type="application/atom+xml" href="https://${site}/feed.atom"/>`,
    `  <updated>${items[0]?.date.toISOString() ?? new Date(CORPUS_EPOCH).toISOString()}</updated>`,
  ]
  for (const item of items) {
    out.push(
      '  <entry>',
      `    <title type="html">${escapeXml(item.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(item.link)}"/>`,
      `    <id>${escapeXml(item.guid)}</id>`,
      `    <published>${item.date.toISOString()}</published>`,
      `    <updated>${item.date.toISOString()}</updated>`,
      `    <author><name>${escapeXml(item.author)}</name></author>`,
      ...item.categories.map((c) => `    <category term="${escapeXml(c)}"/>`),
      `    <summary type="html">${escapeXml(item.excerpt)}</summary>`,
      `    <content type="html" xml:base="https://${site}/2026/10/">${escapeXml(item.html)}</content>`,
      '  </entry>',
    )
  }
  out.push('</feed>', '')
  return out.join('\n')
}

function renderJsonFeed(sourceIndex: number, items: FakeItem[]): string {
  const site = `json${sourceIndex}.example.com`
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: `Leak Tracker ${sourceIndex}`,
      home_page_url: `https://${site}/`,
      feed_url: `https://${site}/feed.json`,
      language: 'en',
      items: items.map((item) => ({
        id: item.guid,
        url: item.link,
        title: item.title,
        content_html: item.html,
        summary: item.excerpt,
        date_published: item.date.toISOString(),
        authors: [{ name: item.author }],
        tags: item.categories,
      })),
    },
    null,
    2,
  )
}

const contentTypes: Record<DocFormat, string> = {
  rss: 'application/rss+xml; charset=UTF-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

/** The feed of source `sourceIndex` (format chosen by index), `itemCount` items of `paragraphs` paragraphs. */
export function makeFeedDocument(seed: number, sourceIndex: number, itemCount: number, paragraphs: [number, number]): FeedDocument {
  const format = pickFormat(sourceIndex)
  const items = makeItems(seed, sourceIndex, itemCount, paragraphs)
  const body =
    format === 'rss'
      ? renderRss(sourceIndex, items)
      : format === 'atom'
        ? renderAtom(sourceIndex, items)
        : renderJsonFeed(sourceIndex, items)
  return { format, body, contentType: contentTypes[format], itemCount }
}

export function extensionOf(format: DocFormat): string {
  return format === 'rss' ? 'xml' : format === 'atom' ? 'atom' : 'json'
}
