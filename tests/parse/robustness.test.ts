// Every cut of real fixtures either parses or fails with a ParseError: never another exception.

import { describe, expect, it } from 'vitest'
import { ParseError } from '../../src/errors.js'
import { parseFeed } from '../../src/parse/index.js'
import { readFixture } from './helpers.js'

describe('robustness', () => {
  it.each(['wordpress-rss2.xml', 'atom-xml-base.xml', 'rss1-rdf.xml', 'atom-03.xml', 'json-feed-1.1.json'])(
    'every prefix of %s parses or throws ParseError',
    async (name) => {
      const bytes = readFixture(name)
      for (let cut = 0; cut <= bytes.length; cut += 53) {
        const outcome = await parseFeed(bytes.subarray(0, cut), { url: 'https://feeds.example/x' }).then(
          (feed) => feed,
          (err: unknown) => err,
        )
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(ParseError)
        else expect(Array.isArray((outcome as { items: unknown }).items)).toBe(true)
      }
    },
  )

  it('reads RSS 0.91 and RSS without a version attribute', async () => {
    const item = '<item><title>Old &amp; gold</title><link>https://old.example/1</link><description>d</description></item>'
    for (const open of ['<rss version="0.91">', '<rss>']) {
      const feed = await parseFeed(`${open}<channel><title>Old</title><link>https://old.example/</link>${item}</channel></rss>`, {
        url: 'https://old.example/rss',
      })
      expect(feed.items).toEqual([{ link: 'https://old.example/1', title: 'Old & gold', titleType: 'html', summary: 'd', content: 'd' }])
    }
  })

  it('resolves RSS channel and item xml:base, relative to the feed URL', async () => {
    const xml =
      '<rss version="2.0"><channel xml:base="/news/"><title>B</title><item xml:base="2024/"><link>story.html</link><title>t</title></item><item><link>other.html</link></item></channel></rss>'
    const feed = await parseFeed(xml, { url: 'https://base.example/feeds/rss.xml' })
    expect(feed.items.map((item) => [item.link, item.baseUrl])).toEqual([
      ['https://base.example/news/2024/story.html', 'https://base.example/news/2024/'],
      ['https://base.example/news/other.html', 'https://base.example/news/'],
    ])
  })
})
