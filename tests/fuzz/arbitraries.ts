// fast-check generators of hostile feed documents:
//   mutatedFixture   real feeds from tests/fixtures/feeds (and the hostile kitchen sink) with byte
//                    flips, truncations, deletions, duplications and hostile snippets spliced in
//   generatedRss     well-formed RSS whose fields carry hostile values (escaped or in CDATA), so the
//                    hostile HTML reaches the sanitizer instead of dying in the XML parser
//   generatedAtom    the same for Atom (type="html" content, xml:base, link rel)
//   generatedJson    JSON Feed objects with hostile values in every field
//   randomBytes      noise, bare or behind an XML/RSS prologue
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { hostileHtml, hostileRaw, hostileValues } from './hostile-snippets.js'

const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')

function loadDir(dir: string): { name: string; bytes: Buffer }[] {
  return readdirSync(path.join(fixturesDir, dir))
    .filter((name) => /\.(xml|json|html)$/.test(name))
    .sort()
    .map((name) => ({ name: `${dir}/${name}`, bytes: readFileSync(path.join(fixturesDir, dir, name)) }))
}

/** The seeds: every real-world feed fixture plus the hostile ones. */
export const seedFeeds = [...loadDir('feeds'), ...loadDir('hostile')]

export type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'truncate'; at: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'insertAfterTag'; nth: number; text: string }
  | { op: 'replaceLink'; nth: number; text: string }

const position = fc.nat({ max: 1 << 20 })

const randomText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('<', '>', '&', ';', '"', "'", '/', '=', '!', '[', ']', '-', '?', ' ', 'a', '#', 'x'), maxLength: 30 }),
)

const hostileSnippet = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileRaw) },
  { weight: 3, arbitrary: fc.constantFrom(...hostileHtml).map(escapeXml) },
  { weight: 2, arbitrary: fc.constantFrom(...hostileHtml).map(wrapCdata) },
  { weight: 1, arbitrary: fc.constantFrom(...hostileValues).map(escapeXml) },
  { weight: 2, arbitrary: randomText },
)

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
  fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ op: fc.constant('insert' as const), at: position, text: hostileSnippet }),
  fc.record({ op: fc.constant('insertAfterTag' as const), nth: fc.nat({ max: 200 }), text: hostileSnippet }),
  fc.record({ op: fc.constant('replaceLink' as const), nth: fc.nat({ max: 20 }), text: fc.constantFrom(...hostileValues).map(escapeXml) }),
)

/** Where the nth match of re starts (nth wraps around); -1 when there is none. */
function nthMatchEnd(text: string, re: RegExp, nth: number): { start: number; end: number } | null {
  const matches = [...text.matchAll(re)]
  if (matches.length === 0) return null
  const m = matches[nth % matches.length]!
  return { start: m.index!, end: m.index! + m[0].length }
}

export function applyMutation(bytes: Buffer, m: Mutation): Buffer {
  const len = bytes.length
  switch (m.op) {
    case 'flip': {
      if (len === 0) return bytes
      const out = Buffer.from(bytes)
      const at = m.at % len
      out[at] = out[at]! ^ (1 << m.bit)
      return out
    }
    case 'truncate':
      return bytes.subarray(0, len === 0 ? 0 : m.at % len)
    case 'delete': {
      const at = len === 0 ? 0 : m.at % len
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)])
    }
    case 'duplicate': {
      const at = len === 0 ? 0 : m.at % len
      const piece = bytes.subarray(at, at + m.length)
      return Buffer.concat([bytes.subarray(0, at), piece, piece, bytes.subarray(at + m.length)])
    }
    case 'insert': {
      const at = m.at % (len + 1)
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text, 'utf8'), bytes.subarray(at)])
    }
    case 'insertAfterTag': {
      // Right after a '>' lands in element text or between elements: where real payloads sit.
      const text = bytes.toString('latin1')
      const hit = nthMatchEnd(text, />/g, m.nth)
      if (hit === null) return applyMutation(bytes, { op: 'insert', at: m.nth, text: m.text })
      return Buffer.concat([bytes.subarray(0, hit.end), Buffer.from(m.text, 'utf8'), bytes.subarray(hit.end)])
    }
    case 'replaceLink': {
      const text = bytes.toString('latin1')
      const hit = nthMatchEnd(text, /<link>[^<]*<\/link>|href="[^"]*"|"url"\s*:\s*"[^"]*"|<guid[^>]*>[^<]*<\/guid>/g, m.nth)
      if (hit === null) return bytes
      const found = text.slice(hit.start, hit.end)
      const replaced = found.startsWith('<link>')
        ? `<link>${m.text}</link>`
        : found.startsWith('href=')
          ? `href="${m.text.replace(/"/g, '&quot;')}"`
          : found.startsWith('<guid')
            ? found.replace(/>[^<]*</, `>${m.text}<`)
            : `"url": ${JSON.stringify(m.text)}`
      return Buffer.concat([bytes.subarray(0, hit.start), Buffer.from(replaced, 'utf8'), bytes.subarray(hit.end)])
    }
  }
}

export interface MutatedDoc {
  seed: string
  mutations: Mutation[]
  bytes: Buffer
}

export const mutatedFixture: fc.Arbitrary<MutatedDoc> = fc
  .tuple(fc.nat({ max: seedFeeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([index, mutations]) => {
    const seed = seedFeeds[index]!
    let bytes = seed.bytes
    for (const m of mutations) bytes = applyMutation(bytes, m)
    return { seed: seed.name, mutations, bytes }
  })

// ───────────── well-formed documents with hostile fields ─────────────

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** A CDATA section holding value, split where value contains the terminator. */
export function wrapCdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`
}

const htmlField = fc.oneof(
  fc.constantFrom(...hostileHtml),
  fc
    .array(fc.constantFrom(...hostileHtml, '<p>text</p>', 'plain & simple', '<a href="/rel">rel</a>'), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join('')),
  randomText,
)
const valueField = fc.oneof(fc.constantFrom(...hostileValues), fc.webUrl({ withQueryParameters: true, withFragments: true }), randomText)
const dateField = fc.oneof(
  fc.constantFrom(...hostileValues),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  randomText,
)

const itemFields = fc.record({
  title: fc.oneof(htmlField, valueField),
  link: valueField,
  guid: fc.option(valueField, { nil: undefined }),
  date: dateField,
  html: htmlField,
  category: fc.option(fc.oneof(valueField, htmlField), { nil: undefined }),
  cdata: fc.boolean(),
})

type ItemFields = typeof itemFields extends fc.Arbitrary<infer T> ? T : never

function rssItem(f: ItemFields): string {
  const html = f.cdata ? wrapCdata(f.html) : escapeXml(f.html)
  return [
    '<item>',
    `<title>${escapeXml(f.title)}</title>`,
    `<link>${escapeXml(f.link)}</link>`,
    f.guid === undefined ? '' : `<guid isPermaLink="false">${escapeXml(f.guid)}</guid>`,
    `<pubDate>${escapeXml(f.date)}</pubDate>`,
    `<description>${html}</description>`,
    `<content:encoded>${html}</content:encoded>`,
    f.category === undefined ? '' : `<category>${escapeXml(f.category)}</category>`,
    '</item>',
  ].join('')
}

export const generatedRss = fc
  .array(itemFields, { minLength: 1, maxLength: 5 })
  .map(
    (items) =>
      '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">' +
      `<channel><title>Fuzz</title><link>https://feed.example/</link>${items.map(rssItem).join('\n')}</channel></rss>`,
  )

function atomEntry(f: ItemFields): string {
  return [
    '<entry>',
    `<title type="html">${escapeXml(f.title)}</title>`,
    `<link rel="alternate" href="${escapeXml(f.link)}"/>`,
    `<id>${escapeXml(f.guid ?? f.link)}</id>`,
    `<updated>${escapeXml(f.date)}</updated>`,
    `<content type="html" xml:base="${escapeXml(f.category ?? '/base/')}">${escapeXml(f.html)}</content>`,
    '</entry>',
  ].join('')
}

export const generatedAtom = fc
  .array(itemFields, { minLength: 1, maxLength: 5 })
  .map(
    (items) =>
      '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://feed.example/">' +
      `<title>Fuzz</title><id>urn:fuzz</id><updated>2026-01-01T00:00:00Z</updated>${items.map(atomEntry).join('\n')}</feed>`,
  )

export const generatedJson = fc.array(itemFields, { minLength: 1, maxLength: 5 }).map((items) =>
  JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Fuzz',
    home_page_url: 'https://feed.example/',
    items: items.map((f) => ({
      id: f.guid ?? f.link,
      url: f.link,
      title: f.title,
      content_html: f.html,
      summary: f.cdata ? f.html : undefined,
      date_published: f.date,
      tags: f.category === undefined ? undefined : [f.category],
      authors: [{ name: f.title }],
    })),
  }),
)

export const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
  fc
    .uint8Array({ maxLength: 1024 })
    .map((a) => Buffer.concat([Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><item><description>'), Buffer.from(a)])),
  fc
    .uint8Array({ maxLength: 1024 })
    .map((a) => Buffer.concat([Buffer.from('{"version":"https://jsonfeed.org/version/1.1","items":[{"url":"'), Buffer.from(a)])),
)
