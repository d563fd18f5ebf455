// The combined feed over real HTTP: every format read by independent parsers (structure in
// JavaScript always, conformance by outside validators when tests/helpers/tools.ts finds them),
// identity and origin kept, filters applied the same way in all three formats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveAtomEntryId } from '../../src/feed-export/entry-id.js'
import { stripIllegalXmlChars } from '../../src/feed-export/xml.js'
import { setLogLevel } from '../../src/lib/log.js'
import type { ItemPage } from '../../src/types.js'
import {
  checkWellFormed,
  evaluateXpath,
  parseWithFeedparserAll,
  parseWithRssParser,
  validateAtomSchemas,
  validateJsonFeed,
} from '../feed-export/validators.js'
import { requireTools } from '../helpers/tools.js'
import { buildNewsroom, HOSTILE_TITLE, HOSTILE_URL } from './fixtures.js'
import { json, type Running, send, startApp } from './harness.js'

let run: Running

beforeAll(async () => {
  setLogLevel('silent')
  const { store, config } = await buildNewsroom()
  run = await startApp(store, config)
})
afterAll(async () => run.close())

const conformance = await requireTools('served feeds conformance (tests/server/feeds)', ['xmllint', 'feedparser', 'jing'])

async function expectedTitles(search: string): Promise<string[]> {
  const page = json<ItemPage>(await send(run.base, `/api/items${search}`))
  return page.items.map((item) => stripIllegalXmlChars(item.title))
}

/** Every format of one query, read by rss-parser and the JSON Feed rules; returns each format's entry titles. */
async function fetchAllFormats(search: string): Promise<{ rss: string[]; atom: string[]; json: string[]; xml: Record<string, string> }> {
  const rss = await send(run.base, `/feed.xml${search}`)
  const atom = await send(run.base, `/feed.atom${search}`)
  const jsonFeed = await send(run.base, `/feed.json${search}`)
  for (const res of [rss, atom, jsonFeed]) expect(res.status).toBe(200)
  const jsonChecked = validateJsonFeed(jsonFeed.text)
  expect(jsonChecked.problems).toBe('')
  return {
    rss: (await parseWithRssParser(rss.text)).items.map((i) => i.title ?? ''),
    atom: (await parseWithRssParser(atom.text)).items.map((i) => i.title ?? ''),
    json: jsonChecked.titles,
    xml: { rss: rss.text, atom: atom.text, json: jsonFeed.text },
  }
}

/** XPath over an Atom document, whose elements are in the Atom namespace. */
const entry = (n: number, path: string): string =>
  `//*[local-name()="entry"][${n}]/${path.replace(/(^|\/)(\w+)/g, '$1*[local-name()="$2"]')}`

const filters: [string, string[]][] = [
  ['?source=beta', ['Regulator opens GDPR inquiry', 'Acme hit by ransomware']],
  ['?source=beta&source=alpha&limit=2', ['Regulator opens GDPR inquiry', 'Acme hit by ransomware']],
  ['?category=ransomware', ['Acme ransomware attack exposes 2M records']],
  ['?q=globex', ['Globex fined for leaking customer data']],
  ['?limit=1', [stripIllegalXmlChars(HOSTILE_TITLE)]],
  ['?category=nothing-here', []],
]

describe('GET /feed.xml, /feed.atom, /feed.json', () => {
  it('serve the river (one entry per story) in all three formats, each valid', async () => {
    const titles = await expectedTitles('')
    expect(titles).toHaveLength(5)
    const got = await fetchAllFormats('')
    expect(got.rss).toEqual(titles)
    expect(got.atom).toEqual(titles)
    expect(got.json).toEqual(titles)
  })

  it('send the right Content-Type for each format', async () => {
    expect((await send(run.base, '/feed.xml')).headers['content-type']).toBe('application/rss+xml; charset=utf-8')
    expect((await send(run.base, '/feed.atom')).headers['content-type']).toBe('application/atom+xml; charset=utf-8')
    expect((await send(run.base, '/feed.json')).headers['content-type']).toBe('application/feed+json; charset=utf-8')
    expect((await send(run.base, '/opml')).headers['content-type']).toBe('text/x-opml; charset=utf-8')
  })

  it.each(filters)('apply the filters %s the same way in every format and in the API', async (search, titles) => {
    expect(await expectedTitles(search)).toEqual(titles)
    const got = await fetchAllFormats(search)
    expect(got.rss).toEqual(titles)
    expect(got.atom).toEqual(titles)
    expect(got.json).toEqual(titles)
  })

  it('keep each entry’s identity and origin', async () => {
    const { xml } = await fetchAllFormats('?source=alpha')
    expect(evaluateXpath(xml.rss!, 'string(//item[1]/guid)')).toBe('https://alpha.example/?p=101')
    expect(evaluateXpath(xml.rss!, 'string(//item[2]/guid)')).toBe('4711')
    expect(evaluateXpath(xml.rss!, 'string(//item[1]/source/@url)')).toBe('https://alpha.example/feed.xml')
    expect(evaluateXpath(xml.rss!, 'string(//item[1]/source)')).toBe('Alpha News')
    expect(evaluateXpath(xml.atom!, `count(//*[local-name()="entry"])`)).toBe('2')
    expect(evaluateXpath(xml.atom!, `string(${entry(1, 'id')})`)).toBe('https://alpha.example/?p=101')
    expect(evaluateXpath(xml.atom!, `string(${entry(2, 'id')})`)).toBe(resolveAtomEntryId('alpha', '4711'))
    expect(evaluateXpath(xml.atom!, `string(${entry(1, 'author/name')})`)).toBe('Jane')
    expect(evaluateXpath(xml.atom!, `count(${entry(1, 'category')})`)).toBe('1')
    expect(evaluateXpath(xml.atom!, `string(${entry(1, 'category')}/@term)`)).toBe('ransomware')
    const feed = JSON.parse(xml.json!) as {
      feed_url: string
      items: { id: string; _breachwire: { source: { id: string; homepage: string } } }[]
    }
    expect(feed.items.map((i) => i.id)).toEqual(['https://alpha.example/?p=101', '4711'])
    expect(feed.items[0]?._breachwire.source).toMatchObject({ id: 'alpha', homepage: 'https://alpha.example/' })
    expect(feed.feed_url).toBe(`${run.base}/feed.json?source=alpha`)
  })

  it('name the other sources of a merged story in every format', async () => {
    const { xml } = await fetchAllFormats('?category=ransomware')
    const rssContent = evaluateXpath(xml.rss!, 'string(//item[1]/*[local-name()="encoded"])')
    const atomContent = evaluateXpath(xml.atom!, `string(${entry(1, 'content')})`)
    for (const content of [rssContent, atomContent]) {
      expect(content).toContain('Also reported by')
      expect(content).toContain('https://beta.example/acme')
    }
    const feed = JSON.parse(xml.json!) as { items: { content_html: string; _breachwire: { also_reported_by: unknown[] } }[] }
    expect(feed.items[0]?.content_html).toContain('Beta Privacy')
    expect(feed.items[0]?._breachwire.also_reported_by).toEqual([
      { source: { id: 'beta', title: 'Beta Privacy' }, url: 'https://beta.example/acme' },
    ])
  })

  it('republish only an excerpt for a source configured "republish": "excerpt"', async () => {
    const { xml } = await fetchAllFormats('?source=beta')
    for (const doc of Object.values(xml)) {
      expect(doc).not.toContain('FULL BETA')
      expect(doc).toContain('A regulator opened an inquiry.')
    }
  })

  it('carry hostile upstream strings as valid documents', async () => {
    const { xml } = await fetchAllFormats('?source=evil')
    const rss = await parseWithRssParser(xml.rss!)
    expect(rss.items[0]?.link).toBe(HOSTILE_URL)
    expect(rss.items[0]?.title).toBe(stripIllegalXmlChars(HOSTILE_TITLE))
    expect(evaluateXpath(xml.atom!, `string(${entry(1, 'link')}[@rel="alternate"]/@href)`)).toBe(HOSTILE_URL)
    for (const doc of Object.values(xml)) expect(doc).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/)
  })

  it('use a self link built from the normalized query', async () => {
    const res = await send(run.base, '/feed.xml?limit=50&source=beta&source=alpha&utm_source=x')
    expect(res.text).toContain(`<atom:link href="${run.base}/feed.xml?source=alpha&amp;source=beta" rel="self"`)
  })
})

describe.runIf(conformance)('the outside validators', () => {
  const searches = ['', '?source=alpha', '?source=evil', ...filters.map(([search]) => search)]
  let served: Awaited<ReturnType<typeof fetchAllFormats>>[]
  beforeAll(async () => {
    served = await Promise.all(searches.map(fetchAllFormats))
  })

  it('xmllint finds every RSS document and the OPML well-formed', async () => {
    for (const [i, { xml }] of served.entries()) expect(checkWellFormed(xml.rss!), searches[i]).toBe('')
    expect(checkWellFormed((await send(run.base, '/opml')).text)).toBe('')
  })

  it('jing finds every Atom document valid against the RFC 4287 schema', () => {
    // Problems name the document as atom-<index in searches>.xml.
    expect(validateAtomSchemas(served.map(({ xml }) => xml.atom!))).toBe('')
  })

  it('feedparser reads every RSS and Atom document without error, with the titles rss-parser saw', () => {
    const rss = parseWithFeedparserAll(served.map(({ xml }) => xml.rss!))
    const atom = parseWithFeedparserAll(served.map(({ xml }) => xml.atom!))
    for (const [i, got] of served.entries()) {
      expect({ bozo: rss[i]?.bozoException, version: rss[i]?.version, titles: rss[i]?.entries.map((e) => e.title) }, searches[i]).toEqual({
        bozo: null,
        version: 'rss20',
        titles: got.rss,
      })
      expect(
        { bozo: atom[i]?.bozoException, version: atom[i]?.version, titles: atom[i]?.entries.map((e) => e.title) },
        searches[i],
      ).toEqual({
        bozo: null,
        version: 'atom10',
        titles: got.atom,
      })
    }
  })
})

describe('GET /opml', () => {
  it('lists the enabled sources, grouped by first tag, and HTML sources through breachwire’s own feed', async () => {
    const res = await send(run.base, '/opml')
    expect(res.status).toBe(200)
    expect(evaluateXpath(res.text, 'string(/opml/@version)')).toBe('2.0')
    expect(evaluateXpath(res.text, 'count(//outline[@type="rss"])')).toBe('4')
    expect(evaluateXpath(res.text, 'count(/opml/body/outline[@text="breach"]/outline)')).toBe('2')
    expect(evaluateXpath(res.text, 'string(//outline[@text="Alpha News"]/@xmlUrl)')).toBe('https://alpha.example/feed.xml')
    expect(evaluateXpath(res.text, 'string(//outline[@text="HTML Only"]/@xmlUrl)')).toBe(`${run.base}/feed.xml?source=pages`)
    expect(evaluateXpath(res.text, 'string(//outline[@text="Evil & <Co>"]/@xmlUrl)')).toBe('https://evil.example/feed?x=1&y=2')
  })
})
