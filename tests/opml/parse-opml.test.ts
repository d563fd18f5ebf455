// OPML in: the outlines real exports write, and the ways they get it wrong.
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { OpmlError, parseOpml, planOpmlImport, resolveFeedScheme } from '../../src/opml/index.js'

const wrap = (body: string, version = '2.0'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="${version}"><head><title>Subs</title></head><body>${body}</body></opml>`

describe('parseOpml', () => {
  it('reads OPML 1.0 flat lists with lowercase attribute names and no title', () => {
    const parsed = parseOpml(
      wrap(
        '<outline text="A" type="rss" xmlurl="https://a.example/rss" htmlurl="https://a.example/"/><outline xmlUrl="https://b.example/atom"/>',
        '1.0',
      ),
    )
    expect(parsed.title).toBe('Subs')
    expect(parsed.feeds).toEqual([
      { title: 'A', xmlUrl: 'https://a.example/rss', htmlUrl: 'https://a.example/', type: 'rss', tags: [], position: 1 },
      { xmlUrl: 'https://b.example/atom', tags: [], position: 2 },
    ])
  })

  it('turns nested folders into tags, outermost first, plus OPML 2.0 category paths', () => {
    const parsed = parseOpml(
      wrap(
        '<outline title="News" text="ignored when title is set"><outline text="Breaches">' +
          '<outline text="A" xmlUrl="https://a.example/rss" category="/Health,/Regions/EU"/></outline>' +
          '<outline text="B" xmlUrl="https://b.example/rss"/></outline><outline text="Empty folder"/>',
      ),
    )
    expect(parsed.feeds.map((f) => [f.title, f.tags])).toEqual([
      ['A', ['News', 'Breaches', 'Health', 'EU']],
      ['B', ['News']],
    ])
    expect(parsed.skipped).toEqual([])
  })

  it('decodes entities and survives a raw "&" in an attribute', () => {
    const parsed = parseOpml(wrap('<outline text="Tom &amp; Jerry&#8217;s &eacute; Blog" xmlUrl="https://a.example/rss?a=1&b=2"/>'))
    expect(parsed.feeds[0]?.xmlUrl).toBe('https://a.example/rss?a=1&b=2')
    expect(parsed.feeds[0]?.title).toMatch(/^Tom & Jerry’s /)
  })

  it('reads the encoding the XML declaration names', () => {
    const text =
      '<?xml version="1.0" encoding="windows-1252"?><opml version="2.0"><body><outline text="Caf\u00e9 \u2013 News" xmlUrl="https://c.example/rss"/></body></opml>'
    expect(parseOpml(iconv.encode(text, 'windows-1252')).feeds[0]?.title).toBe('Caf\u00e9 \u2013 News')
  })

  it('skips outlines that are not subscriptions, with the reason', () => {
    const parsed = parseOpml(
      wrap(
        '<outline text="Blogroll link" type="link" url="https://x.example/"/><outline text="More" type="include" url="https://x.example/more.opml"/><outline text="Scraped" type="HTML+XPath" xmlUrl="https://x.example/news/"/>',
      ),
    )
    expect(parsed.feeds).toEqual([])
    expect(parsed.skipped).toEqual([
      { title: 'Blogroll link', position: 1, reason: 'outline of type "link" has no xmlUrl' },
      { title: 'More', position: 2, reason: 'outline of type "include" has no xmlUrl' },
      { title: 'Scraped', position: 3, reason: 'outline type "html+xpath" is not a feed subscription' },
    ])
  })

  it.each([
    ['', 'empty', 'opml: the file is empty'],
    ['<rss version="2.0"><channel/></rss>', 'not_opml', 'opml: not an OPML document (its root element is <rss>, expected <opml>)'],
    ['just text', 'not_opml', 'opml: not an OPML document (its root element is no XML element, expected <opml>)'],
  ])('refuses what is not OPML: %j', (input, code, message) => {
    let caught: unknown
    try {
      parseOpml(input)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(OpmlError)
    expect((caught as OpmlError).code).toBe(code)
    expect((caught as OpmlError).message).toBe(message)
  })

  it.each([
    ['feed://a.example/rss', 'http://a.example/rss'],
    ['feed:https://a.example/rss', 'https://a.example/rss'],
    ['FEED://a.example/rss', 'http://a.example/rss'],
    ['https://a.example/rss', 'https://a.example/rss'],
  ])('resolveFeedScheme(%j) = %j', (input, expected) => {
    expect(resolveFeedScheme(input)).toBe(expected)
  })
})

describe('planOpmlImport', () => {
  const existing = validateConfig(
    {
      sources: [
        { id: 'krebs-on-security', url: 'https://krebsonsecurity.com/feed/' },
        { id: 'taken', url: 'https://t.example/feed' },
      ],
    },
    'feeds.json',
  ).sources

  it('slugs ids from titles (unique against the file and each other), falls back to the host, and skips duplicates', () => {
    const { feeds } = parseOpml(
      wrap(
        '<outline text="Krebs on Security" xmlUrl="http://www.krebsonsecurity.com/feed"/>' +
          '<outline text="Krebs on Security" xmlUrl="https://krebsonsecurity.com/comments/feed/"/>' +
          '<outline text="Taken" xmlUrl="https://other.example/feed"/>' +
          '<outline text="Taken" xmlUrl="https://third.example/feed"/>' +
          '<outline text="https://www.nameless.example/rss" xmlUrl="https://www.nameless.example/rss"/>' +
          '<outline text="日本語" xmlUrl="https://jp.example/rss"/>',
      ),
    )
    const plan = planOpmlImport(feeds, existing, 'feeds.json')
    expect(plan.add.map((s) => [s['id'], s['title']])).toEqual([
      ['krebs-on-security-2', 'Krebs on Security'],
      ['taken-2', 'Taken'],
      ['taken-3', 'Taken'],
      ['nameless-example', undefined],
      ['jp-example', '日本語'],
    ])
    expect(plan.skipped).toEqual([
      {
        title: 'Krebs on Security',
        url: 'http://www.krebsonsecurity.com/feed',
        position: 1,
        reason: 'duplicate: http://www.krebsonsecurity.com/feed is already in feeds.json as "krebs-on-security"',
      },
    ])
    // What is planned passes the same validation as feeds.json.
    expect(() => validateConfig({ sources: [...existing.map((s) => ({ id: s.id, url: s.url })), ...plan.add] }, 'feeds.json')).not.toThrow()
  })

  it("refuses an outline that fails feeds.json validation with validateConfig's message, naming the outline and its attribute", () => {
    const { feeds } = parseOpml(
      wrap(
        '<outline text="Ok" xmlUrl="https://ok.example/rss"/><outline text="FTP" xmlUrl="ftp://files.example/rss"/><outline text="Relative" xmlUrl="/rss.xml"/>',
      ),
    )
    const plan = planOpmlImport(feeds, existing, 'feeds.json')
    expect(plan.add.map((s) => s['id'])).toEqual(['ok'])
    expect(plan.skipped.map((s) => [s.position, s.title, s.reason])).toEqual([
      [2, 'FTP', 'xmlUrl: expected an http or https URL, got "ftp"'],
      [3, 'Relative', 'xmlUrl: not a URL'],
    ])
  })
})
