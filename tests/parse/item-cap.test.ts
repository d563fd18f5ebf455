// The items-per-megabyte cap: documents cut before the first item over it, through parseFeed too.
import { describe, expect, it } from 'vitest'
import { parseFeed } from '../../src/parse/index.js'
import { capJsonFeedItems, capXmlItems, MAX_ITEMS_PER_MEGABYTE, MIN_ITEM_CAP, measureItemCap } from '../../src/parse/item-cap.js'

const rss = (items: string) => `<rss version="2.0"><channel><title>T</title>${items}</channel></rss>`
const jsonFeed = (items: string) =>
  `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[${items}],"home_page_url":"https://x.example/"}`

describe('measureItemCap', () => {
  it('is the floor for small documents and grows with the size', () => {
    expect(measureItemCap(0)).toBe(MIN_ITEM_CAP)
    expect(measureItemCap(10 * 1024 * 1024)).toBe(10 * MAX_ITEMS_PER_MEGABYTE)
  })
})

describe('capXmlItems', () => {
  it('cuts before the first item over the cap and closes the root', () => {
    const xml = rss('<item><title>a</title></item><item/><item x="1"><title>c</title></item><itemize/>')
    expect(capXmlItems(xml, 'rss', 2)).toEqual({ text: rss('<item><title>a</title></item><item/>'), cut: 1 })
  })

  it('leaves a document within the cap alone', () => {
    const xml = rss('<item/><item/>')
    expect(capXmlItems(xml, 'rss', 2)).toEqual({ text: xml, cut: 0 })
  })

  it('closes RDF and Atom the way they close', () => {
    expect(capXmlItems('<rdf:RDF><channel/><item/><item/></rdf:RDF>', 'rdf', 1).text).toBe('<rdf:RDF><channel/><item/></rdf:RDF>')
    expect(capXmlItems('<feed><entry/><entry>b</entry></feed>', 'atom', 1).text).toBe('<feed><entry/></feed>')
  })
})

describe('capJsonFeedItems', () => {
  it('keeps the first items and the rest of the document', () => {
    const text = jsonFeed('{},{"title":"b"},{"title":"c"}')
    const capped = capJsonFeedItems(text, 1)
    expect(capped.cut).toBe(2)
    expect(JSON.parse(capped.text)).toEqual({ ...JSON.parse(jsonFeed('{}')), items: [{}] })
  })

  it('is not fooled by brackets, commas and escaped quotes inside strings, nor by nested arrays', () => {
    const text = jsonFeed('{"title":"a, [b] \\"{\\" ,"},{"tags":["x","y"],"title":"]"},{"title":"c"}')
    const capped = capJsonFeedItems(text, 2)
    expect(capped.cut).toBe(1)
    expect((JSON.parse(capped.text) as { items: { title: string }[] }).items.map((i) => i.title)).toEqual(['a, [b] "{" ,', ']'])
  })

  it('counts only the root object\'s "items" and leaves invalid JSON to JSON.parse', () => {
    const nested = '{"version":"https://jsonfeed.org/version/1","x":{"items":[1,2,3]},"items":[{}]}'
    expect(capJsonFeedItems(nested, 1)).toEqual({ text: nested, cut: 0 })
    expect(capJsonFeedItems('{"items":[{},{}', 1).cut).toBe(0)
    expect(capJsonFeedItems(jsonFeed(''), 1)).toEqual({ text: jsonFeed(''), cut: 0 })
  })
})

describe('parseFeed with the cap', () => {
  it('reads at most the cap of empty RSS items and says how many it left out', async () => {
    const count = MIN_ITEM_CAP + 250
    const feed = await parseFeed(rss('<item/>'.repeat(count)), { url: 'https://x.example/feed' })
    expect(feed.items).toHaveLength(MIN_ITEM_CAP)
    expect(feed.overItemCap).toBe(250)
  })

  it('does the same for JSON Feed `{}` items', async () => {
    const count = MIN_ITEM_CAP + 3
    const feed = await parseFeed(jsonFeed(Array(count).fill('{}').join(',')), { url: 'https://x.example/feed' })
    expect(feed.items).toHaveLength(MIN_ITEM_CAP)
    expect(feed.overItemCap).toBe(3)
    expect(feed.homepage).toBe('https://x.example/')
  })

  it('sets nothing when the document is within the cap', async () => {
    const feed = await parseFeed(rss('<item><title>a</title></item>'), { url: 'https://x.example/feed' })
    expect(feed.overItemCap).toBeUndefined()
  })
})
