// parseFeed, one case per gap rss-parser leaves open, with exact expected fields.

import { describe, expect, it } from 'vitest'
import { ParseError } from '../../src/errors.js'
import { parseFeed } from '../../src/parse/index.js'
import { contentTypeFor, feedUrlFor, readFixture } from './helpers.js'

const parseFixture = (name: string, contentType = contentTypeFor(name)) =>
  parseFeed(readFixture(name), { url: feedUrlFor(name), contentType })

async function expectParseError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ParseError)
  expect((err as ParseError).code).toBe(code)
  expect((err as ParseError).message).toMatch(message)
}

describe('RSS 2.0 (WordPress)', () => {
  it('reads content:encoded, dc:creator, every category, guid, raw pubDate and ttl', async () => {
    const feed = await parseFixture('wordpress-rss2.xml')
    expect(feed.format).toBe('rss')
    expect(feed.title).toBe('DataBreaches.Net')
    expect(feed.homepage).toBe('https://databreaches.example/')
    expect(feed.ttlMinutes).toBe(60)
    expect(feed.items).toHaveLength(3)
    const [first, second, third] = feed.items
    expect(first).toMatchObject({
      guid: 'https://databreaches.example/?p=148213',
      link: 'https://databreaches.example/2024/10/08/regional-hospital-network-confirms-ransomware-attack-patient-data-exfiltrated/?utm_source=rss&utm_medium=rss',
      title: 'Regional hospital network confirms ransomware attack; patient data exfiltrated',
      titleType: 'html',
      author: 'Dissent',
      published: 'Tue, 08 Oct 2024 14:05:12 +0000',
      categories: ['Health Data', 'Ransomware', 'U.S.'],
    })
    expect(first?.content).toContain('<blockquote><p>&#8220;We have no evidence')
    expect(first?.summary).toMatch(/^A regional hospital network says/)
    expect(second?.title).toBe('Ed-tech vendor\u2019s misconfigured bucket exposed 1.2M student records')
    expect(third?.categories).toEqual(['Breach Incidents', 'Lawsuits', 'MOVEit'])
  })

  it('keeps items without guid, and without link', async () => {
    const feed = await parseFixture('missing-guid.xml')
    expect(feed.items.map((item) => [item.guid, item.link, item.title])).toEqual([
      [undefined, 'https://county.example/news/it-systems-restored', 'County IT systems restored after cyber incident'],
      [undefined, undefined, 'Notice of data security incident'],
    ])
    expect(feed.items[1]?.author).toBe('clerk@county.example (County Clerk)')
  })
})

describe('charsets', () => {
  it('decodes windows-1252 bytes declared in the XML declaration', async () => {
    const bytes = readFixture('legacy-1252.xml')
    expect(bytes.includes(Buffer.from([0x80]))).toBe(true) // € really is one 1252 byte
    const feed = await parseFixture('legacy-1252.xml')
    expect(feed.title).toBe('Caf\u00e9 S\u00e9curit\u00e9 \u2013 Datenschutz-Nachrichten')
    expect(feed.items[0]?.title).toBe('\u201cWe take your privacy seriously\u201d: caf\u00e9 chain fined \u20ac250,000')
    expect(feed.items[0]?.summary).toBe('The regulator said the chain\u2019s loyalty app kept r\u00e9sum\u00e9s and IDs \u2026 for years.')
    expect(feed.items[0]?.categories).toEqual(['Fines \u2022 GDPR'])
  })

  it('takes ISO-8859-1 from the HTTP header alone, read as windows-1252', async () => {
    const feed = await parseFixture('iso-8859-1-http-only.xml')
    expect(feed.title).toBe('Privacidad y Protecci\u00f3n de Datos')
    expect(feed.items[0]?.title).toBe('Hospital espa\u00f1ol notifica una filtraci\u00f3n \u201cgrave\u201d \u00a9 2024')
  })

  it('without the header, bytes that are not UTF-8 are read as windows-1252 rather than shown as U+FFFD', async () => {
    const feed = await parseFixture('iso-8859-1-http-only.xml', 'application/rss+xml')
    expect(feed.title).toBe('Privacidad y Protecci\u00f3n de Datos')
  })

  it('reads UTF-16LE with a BOM', async () => {
    const feed = await parseFixture('utf-16-bom.xml')
    expect(feed.title).toBe('\u30bb\u30ad\u30e5\u30ea\u30c6\u30a3\u30cb\u30e5\u30fc\u30b9 (UTF-16)')
    expect(feed.items[0]?.title).toBe('\u500b\u4eba\u60c5\u5831\u6f0f\u3048\u3044: 5\u4e07\u4ef6 \u2014 r\u00e9sum\u00e9 \ud83d\udd12')
    expect(feed.items[0]?.guid).toBe('utf16-leak-2024-10')
  })

  it('accepts an already decoded string', async () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>R\u00e9seau</title></channel></rss>'
    const feed = await parseFeed(xml, { url: 'https://x.example/' })
    expect(feed.title).toBe('R\u00e9seau')
  })
})

describe('XML repair', () => {
  it('escapes bare ampersands, maps HTML entities, drops &#0;, leaves CDATA alone', async () => {
    const feed = await parseFixture('unescaped-ampersand.xml')
    expect(feed.title).toBe('Telecom & Privacy Roundup')
    expect(feed.homepage).toBe('https://roundup.example/?feed=rss&section=privacy')
    const item = feed.items[0]
    expect(item?.title).toBe('AT&T says data of "nearly all" customers was copied from cloud platform')
    expect(item?.link).toBe('https://roundup.example/story?id=771&ref=rss')
    expect(item?.author).toBe('R&D Desk')
    expect(item?.categories).toEqual(['Telecom & ISPs'])
    expect(item?.summary).toBe(
      'Call & text records from 2022 were downloaded \u2014 the carrier says content was not. Caf\u00e9 Wi-Fi \u00a9 & more \u201cquoted\u201d \u2014 &bogus;  and a CDATA & section with &amp; kept end.',
    )
    expect(feed.items[1]?.title).toBe('Second story with no ampersand')
  })

  it('strips control characters XML forbids, keeping tab and newline', async () => {
    const feed = await parseFixture('control-chars.xml')
    expect(feed.title).toBe('Control Characters Weekly')
    expect(feed.items[0]?.title).toBe('Insurers portal leaked policyholders claims')
    expect(feed.items[0]?.summary).toBe('Tab\tand newline\nstay; the rest go.')
  })
})

describe('Atom', () => {
  it('resolves xml:base on feed, entry (relative and absolute) and content', async () => {
    const feed = await parseFixture('atom-xml-base.xml')
    expect(feed.format).toBe('atom')
    expect(feed.title).toBe('PogoWasRight & Friends')
    expect(feed.homepage).toBe('https://privacy.example/blog/')
    const [first, second, third] = feed.items
    expect(first?.link).toBe('https://privacy.example/blog/2024/10/court-rules-geofence-warrants')
    expect(first?.baseUrl).toBe('https://privacy.example/media/')
    expect(second?.link).toBe('https://privacy.example/blog/2024/10/health-app-shared-symptoms')
    expect(second?.baseUrl).toBe('https://privacy.example/blog/')
    expect(third?.link).toBe('https://mirror.example/archive/att-settlement.html')
    expect(third?.baseUrl).toBe('https://mirror.example/archive/')
  })

  it('types titles and turns text/html/xhtml content into HTML', async () => {
    const feed = await parseFixture('atom-xml-base.xml')
    const [first, second, third] = feed.items
    expect(first).toMatchObject({ title: 'Court rules <em>geofence</em> warrants need particularity', titleType: 'html' })
    expect(first?.summary).toBe('A federal appeals court said a warrant for location data must name a place &amp; time.')
    expect(first?.content).toBe('<p>The ruling cites <a href="opinion.pdf">the opinion</a>.</p><p><img src="map.png" alt="map"/></p>')
    expect(second).toMatchObject({ title: 'Health app shared <symptoms> with ad networks, regulator says', titleType: 'text' })
    expect(second?.content).toBe(
      '<p>The regulator found the app sent <b>symptom searches</b> to <a href="../../tags/adtech">ad-tech</a> partners &amp; analytics firms.</p>',
    )
    expect(third).toMatchObject({ title: 'Plain title with AT&T in it', titleType: 'text' })
    expect(third?.content).toBe('Text content with &lt;tags&gt; &amp; an ampersand.')
  })

  it('prefers rel=alternate, reads author (inherited from the feed), categories by label, raw dates', async () => {
    const feed = await parseFixture('atom-xml-base.xml')
    const [first, second, third] = feed.items
    expect(first).toMatchObject({
      guid: 'tag:privacy.example,2024:post-9101',
      author: 'Dissent',
      published: '2024-10-08T09:30:00-04:00',
      updated: '2024-10-08T11:02:17-04:00',
      categories: ['Surveillance', 'Fourth Amendment'],
    })
    expect(second?.author).toBe('Guest Contributor')
    expect(second?.categories).toEqual(['health-privacy'])
    expect(third?.author).toBe('Dissent')
  })

  it('keeps an entry whose date is prose, with the raw string', async () => {
    const feed = await parseFixture('bad-atom-date.xml')
    expect(feed.items.map((item) => [item.title, item.published, item.updated])).toEqual([
      ['Vendor patches auth bypass in patient portal', 'Tuesday, 8 October 2024, 9am Eastern', '2024-10-08T13:00:00Z'],
      ['Payroll provider breach affects 30 employers', undefined, '2024-10-07T13:00:00Z'],
    ])
  })

  it('reads Atom 0.3: issued/modified as dates, escaped and MIME-typed content', async () => {
    const feed = await parseFixture('atom-03.xml')
    expect(feed.format).toBe('atom')
    expect(feed.title).toBe('Legacy Privacy Blog')
    const [first, second] = feed.items
    expect(first).toMatchObject({
      link: 'https://legacy-privacy.example/2005/03/retailer-loses-backup-tapes.html',
      title: 'Retailer <b>loses</b> backup tapes with 150,000 card numbers',
      titleType: 'html',
      author: 'J. Archivist',
      published: '2005-03-14T10:15:00-05:00',
      updated: '2005-03-14T18:20:00Z',
      summary: 'Backup tapes lost in transit held unencrypted card data &amp; addresses.',
      content: '<p>Backup tapes lost in transit held <em>unencrypted</em> card data.</p>',
    })
    expect(second).toMatchObject({ published: '2005-03-11T09:00:00Z', updated: '2005-03-12T09:30:00Z', author: 'Guest Writer' })
  })
})

describe('RSS 1.0 / RDF', () => {
  it('reads rdf:about as guid, dc:date, dc:creator, dc:subject and content:encoded', async () => {
    const feed = await parseFixture('rss1-rdf.xml')
    expect(feed.format).toBe('rdf')
    expect(feed.title).toBe('Breach Log (RSS 1.0)')
    expect(feed.items[0]).toMatchObject({
      guid: 'https://breachlog.example/notices/2024-1187',
      link: 'https://breachlog.example/notices/2024-1187',
      title: 'Dental group reports phishing incident affecting 12,400',
      author: 'Breach Log Staff',
      published: '2024-10-04T16:00:00Z',
      categories: ['Phishing', 'Health Data'],
    })
    expect(feed.items[1]?.content).toBe('<p>A former employee accessed member records <strong>without a business need</strong>.</p>')
  })
})

describe('JSON Feed', () => {
  it('reads 1.1: authors, tags, external_url, content_text escaped, numeric id', async () => {
    const feed = await parseFixture('json-feed-1.1.json')
    expect(feed).toMatchObject({ format: 'json', title: 'Breach Watch', homepage: 'https://breachwatch.example/' })
    const [first, second, third] = feed.items
    expect(first).toMatchObject({
      guid: 'https://breachwatch.example/2024/10/telecom-sim-swap',
      title: 'Telecom says <b>SIM-swap</b> fraud ring used insider credentials',
      titleType: 'text',
      author: 'Ana Reyes',
      published: '2024-10-08T07:30:00-04:00',
      updated: '2024-10-08T09:00:00-04:00',
      summary: 'Insider credentials &amp; SIM swaps',
      categories: ['Telecom', 'Insider', 'Fraud'],
    })
    expect(second).toMatchObject({
      link: 'https://regulator.example/press/2024/fine-adtech',
      author: 'Breach Watch Desk',
      content: 'The broker sold location data that could reveal visits to clinics &amp; shelters.\nIt must delete the data.',
    })
    expect(third).toMatchObject({ guid: '20241006', link: '/2024/10/school-district-leak' })
    expect(third?.title).toBeUndefined()
  })

  it('reads 1.0: item and feed author', async () => {
    const feed = await parseFixture('json-feed-1.0.json')
    expect(feed.items.map((item) => item.author)).toEqual(['Lee Park', 'PrivacyWire Editors'])
    expect(feed.items[1]?.content).toBe("Driver's license scans were reachable without logging in.")
  })

  it('rejects JSON that is not a JSON Feed, and broken JSON Feed', async () => {
    await expectParseError(parseFeed('{"items": []}', { url: 'https://x.example/' }), 'unrecognized_format', /not a JSON Feed/)
    await expectParseError(
      parseFeed('{"version": "https://jsonfeed.org/version/1.1", "items": [', { url: 'https://x.example/' }),
      'malformed',
      /^parse: invalid JSON Feed/,
    )
  })
})

describe('failures', () => {
  it('an HTML error page is unrecognized_format, named as HTML', async () => {
    await expectParseError(parseFixture('html-error-page.html'), 'unrecognized_format', /^parse: the document is an HTML page, not a feed$/)
  })

  it('an empty or blank body is empty', async () => {
    await expectParseError(parseFixture('empty.xml'), 'empty', /^parse: the document is empty$/)
    await expectParseError(parseFeed(Buffer.from(' \n\t '), { url: 'https://x.example/' }), 'empty', /empty/)
  })

  it('other XML is unrecognized_format', async () => {
    await expectParseError(
      parseFeed('<opml version="2.0"><body/></opml>', { url: 'https://x.example/' }),
      'unrecognized_format',
      /not RSS, Atom, RDF or JSON Feed/,
    )
  })

  it("XML no reader can read is malformed, with the first reader's reason", async () => {
    await expectParseError(
      parseFeed('<rss version="2.0"><channel><title>x</title><item><title>a</item></channel></rss>', { url: 'https://x.example/' }),
      'malformed',
      /^parse: the rss document is malformed: /,
    )
  })

  it('an unterminated document keeps its channel even when no item arrived whole', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><title>Caf&#233; news</title><link>https://x.example/</link><item><title>half',
      { url: 'https://x.example/' },
    )
    expect(feed).toEqual({ format: 'rss', title: 'Café news', homepage: 'https://x.example/', items: [] })
  })

  it('a truncated feed keeps its complete items only', async () => {
    const feed = await parseFixture('truncated.xml')
    expect(feed.items.map((item) => item.guid)).toEqual([
      'https://databreaches.example/?p=148213',
      'https://databreaches.example/?p=148190',
    ])
    expect(feed.items[1]?.categories).toEqual(['Education Sector', 'Exposure'])
  })

  it('a feed with no items is a feed', async () => {
    const feed = await parseFeed('<rss version="2.0"><channel><title>Quiet</title></channel></rss>', { url: 'https://x.example/' })
    expect(feed).toEqual({ format: 'rss', title: 'Quiet', items: [] })
  })
})
