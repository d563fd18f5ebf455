// The small pieces, table-driven: charset choice, format sniffing, XML repair, xml:base.

import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeBody, normalizeCharset, readHttpCharset } from '../../src/parse/decode.js'
import { detectFormat } from '../../src/parse/detect.js'
import { lookupHtmlEntity } from '../../src/parse/html-entities.js'
import { repairAmpersands, sanitizeXml, stripControlChars, stripDoctype } from '../../src/parse/sanitize-xml.js'
import { resolveXmlBase } from '../../src/parse/xml-base.js'

const decl = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?>`

describe('decodeBody', () => {
  const cases: { name: string; body: Buffer; contentType?: string; text: string; source: string }[] = [
    {
      name: 'HTTP charset wins over the declaration',
      body: iconv.encode(`${decl('utf-8')}<t>\u00e9</t>`, 'latin1'),
      contentType: 'text/xml; charset=ISO-8859-1',
      text: '<?xml version="1.0"?><t>\u00e9</t>',
      source: 'http',
    },
    {
      name: 'quoted HTTP charset',
      body: iconv.encode('<t>\u0416</t>', 'koi8-r'),
      contentType: 'application/xml; charset="KOI8-R"',
      text: '<t>\u0416</t>',
      source: 'http',
    },
    {
      name: 'declaration when HTTP has none',
      body: iconv.encode(`${decl('ISO-8859-15')}<t>\u20ac</t>`, 'iso-8859-15'),
      text: '<?xml version="1.0"?><t>\u20ac</t>',
      source: 'xml',
    },
    {
      name: 'Shift_JIS declaration',
      body: iconv.encode(`${decl('Shift_JIS')}<t>\u65e5\u672c</t>`, 'shift_jis'),
      text: '<?xml version="1.0"?><t>\u65e5\u672c</t>',
      source: 'xml',
    },
    {
      name: 'GB2312 read as GBK',
      body: iconv.encode(`${decl('gb2312')}<t>\u4e2d\u6587</t>`, 'gbk'),
      text: '<?xml version="1.0"?><t>\u4e2d\u6587</t>',
      source: 'xml',
    },
    {
      name: 'unknown HTTP label falls through to the declaration',
      body: iconv.encode(`${decl('windows-1252')}<t>\u2019</t>`, 'windows-1252'),
      contentType: 'text/xml; charset=x-bogus',
      text: '<?xml version="1.0"?><t>\u2019</t>',
      source: 'xml',
    },
    {
      name: 'unknown labels everywhere mean UTF-8',
      body: Buffer.from(`${decl('x-klingon')}<t>\u00e9</t>`),
      text: '<?xml version="1.0"?><t>\u00e9</t>',
      source: 'default',
    },
    {
      name: 'UTF-8 BOM beats a wrong header',
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<t>\u00e9</t>')]),
      contentType: 'text/xml; charset=iso-8859-1',
      text: '<t>\u00e9</t>',
      source: 'bom',
    },
    {
      name: 'UTF-16BE BOM',
      body: Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(`${decl('UTF-16')}<t>\u00e9</t>`, 'utf-16be')]),
      text: '<?xml version="1.0"?><t>\u00e9</t>',
      source: 'bom',
    },
    {
      name: 'UTF-16LE without BOM',
      body: iconv.encode(`${decl('UTF-16')}<t>\u00e9</t>`, 'utf-16le'),
      text: '<?xml version="1.0"?><t>\u00e9</t>',
      source: 'xml',
    },
    {
      name: 'declared UTF-16 on 8-bit bytes is a lie: UTF-8',
      body: Buffer.from(`${decl('UTF-16')}<t>\u00e9</t>`),
      text: '<?xml version="1.0"?><t>\u00e9</t>',
      source: 'default',
    },
  ]
  it.each(cases)('$name', ({ body, contentType, text, source }) => {
    const decoded = decodeBody(body, contentType)
    expect(decoded.text).toBe(text)
    expect(decoded.source).toBe(source)
  })

  it('maps labels like browsers do', () => {
    expect(normalizeCharset('ISO-8859-1')).toBe('windows-1252')
    expect(normalizeCharset('US-ASCII')).toBe('windows-1252')
    expect(normalizeCharset('GB2312')).toBe('gbk')
    expect(normalizeCharset('nonsense')).toBeUndefined()
    expect(readHttpCharset('text/html;charset=UTF-8')).toBe('UTF-8')
    expect(readHttpCharset('application/rss+xml')).toBeUndefined()
  })
})

describe('detectFormat', () => {
  const cases: [string, string][] = [
    ['<?xml version="1.0"?>\n<!-- generator --><rss version="2.0"><channel/></rss>', 'rss'],
    ['<rss version="0.91"><channel/></rss>', 'rss'],
    ['<?xml-stylesheet href="s.xsl"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>', 'rdf'],
    ['<RDF:RDF xmlns:RDF="x"></RDF:RDF>', 'rdf'],
    ['<feed xmlns="http://www.w3.org/2005/Atom"></feed>', 'atom'],
    ['<feed version="0.3" xmlns="http://purl.org/atom/ns#"></feed>', 'atom03'],
    ['  \n{"version": "https://jsonfeed.org/version/1.1", "items": []}', 'json'],
    ['{"version": "https://jsonfeed.org/version/1", "items": []}', 'json'],
    ['{"items": []}', 'json-other'],
    ['[1, 2]', 'json-other'],
    ['<!DOCTYPE html><html><body>503</body></html>', 'html'],
    ['<!doctype HTML>\n<title>x</title>', 'html'],
    ['<html lang="en"><head></head></html>', 'html'],
    ['<opml version="2.0"/>', 'unknown'],
    ['plain text', 'unknown'],
  ]
  it.each(cases)('%s → %s', (text, format) => {
    expect(detectFormat(text)).toBe(format)
  })
})

describe('XML repair', () => {
  const ampCases: [string, string][] = [
    ['AT&T', 'AT&amp;T'],
    ['a && b', 'a &amp;&amp; b'],
    ['&amp; &lt; &gt; &quot; &apos;', '&amp; &lt; &gt; &quot; &apos;'],
    ['&#8217; &#x2014; &#X41;', '&#8217; &#x2014; &#X41;'],
    ['&#0; &#x1; &#xFFFE; &#99999999;', '   &amp;#99999999;'],
    ['caf&eacute; &nbsp; &hellip; &euro;', 'caf&#233; &#160; &#8230; &#8364;'],
    ['&alpha; &there4; &crarr; &fjlig;', '&#945; &#8756; &#8629; &#102;&#106;'],
    ['&#150; &#x92; &#x81; &#128;', '&#8211; &#8217; &#129; &#8364;'],
    ['&lol9; &unknown;', '&amp;lol9; &amp;unknown;'],
    ['<a href="?a=1&b=2">', '<a href="?a=1&amp;b=2">'],
    ['<![CDATA[ AT&T &nbsp; ]]> &', '<![CDATA[ AT&T &nbsp; ]]> &amp;'],
    ['<!-- a & b --> c & d', '<!-- a & b --> c &amp; d'],
    ['<?pi a & b?>&', '<?pi a & b?>&amp;'],
    ['x <![CDATA[ unterminated & ', 'x <![CDATA[ unterminated & '],
  ]
  it.each(ampCases)('repairAmpersands(%s)', (input, output) => {
    expect(repairAmpersands(input)).toBe(output)
  })

  it('strips forbidden controls only', () => {
    expect(stripControlChars('a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg\t\n\rh\uffffi')).toBe('abcdefg\t\n\rhi')
  })

  it('strips a DOCTYPE with an internal subset, quoted brackets included', () => {
    expect(stripDoctype('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "]>x">]><rss/>')).toBe('<?xml version="1.0"?><rss/>')
    expect(stripDoctype('<!DOCTYPE rss SYSTEM "http://x/y.dtd"><rss/>')).toBe('<rss/>')
    expect(stripDoctype('<rss><t>&lt;!DOCTYPE</t><!DOCTYPE x></rss>')).toBe('<rss><t>&lt;!DOCTYPE</t><!DOCTYPE x></rss>')
  })

  it('stays linear on hostile input (would take minutes if quadratic)', () => {
    const many = (unit: string) => unit.repeat(200_000)
    for (const doc of [many('<![CDATA['), many('&'), many('<!--'), `${many('<a>')}&`, many('&#x') + many('<?')]) {
      const started = Date.now()
      sanitizeXml(doc)
      expect(Date.now() - started).toBeLessThan(10_000)
    }
  })

  it('knows the whole HTML5 entity table, and nothing else', () => {
    expect(lookupHtmlEntity('nbsp')).toBe('\u00a0')
    expect(lookupHtmlEntity('yuml')).toBe('ÿ')
    expect(lookupHtmlEntity('there4')).toBe('∴')
    expect(lookupHtmlEntity('crarr')).toBe('↵')
    expect(lookupHtmlEntity('fjlig')).toBe('fj')
    expect(lookupHtmlEntity('semi')).toBe(';')
    expect(lookupHtmlEntity('notanentity')).toBeUndefined()
    expect(lookupHtmlEntity('Alpha')).toBe('Α')
    expect(lookupHtmlEntity('ALPHA')).toBeUndefined()
  })
})

describe('resolveXmlBase', () => {
  const cases: [string[], string | undefined][] = [
    [[], undefined],
    [['https://a.example/blog/'], 'https://a.example/blog/'],
    [['https://a.example/blog/', '2024/10/'], 'https://a.example/blog/2024/10/'],
    [['https://a.example/blog/', '/root/'], 'https://a.example/root/'],
    [['https://a.example/blog/', 'https://b.example/x/'], 'https://b.example/x/'],
    [['sub/'], 'https://feeds.example/dir/sub/'],
  ]
  it.each(cases)('%j → %s', (bases, expected) => {
    expect(resolveXmlBase('https://feeds.example/dir/feed.xml', bases)).toBe(expected)
  })
})

describe('decodeBody on HTML pages (for extract/)', () => {
  it('reads <meta charset> and http-equiv when the header has none', () => {
    const page = (meta: string) =>
      iconv.encode(`<!DOCTYPE html><html><head>${meta}</head><body>Caf\u00e9 \u20ac</body></html>`, 'windows-1252')
    expect(decodeBody(page('<meta charset="windows-1252">')).text).toContain('Caf\u00e9 \u20ac')
    expect(decodeBody(page('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')).text).toContain('Caf\u00e9 \u20ac')
    // The header wins over the meta for bytes that are UTF-8…
    const utf8Page = Buffer.from('<!DOCTYPE html><html><head><meta charset="windows-1252"></head><body>Caf\u00e9</body></html>')
    expect(decodeBody(utf8Page, 'text/html; charset=utf-8').text).toContain('Caf\u00e9<')
    // …and bytes labelled UTF-8 that are not are read as windows-1252, as browsers and feedparser do.
    expect(decodeBody(page('<meta charset="windows-1252">'), 'text/html; charset=utf-8')).toMatchObject({
      charset: 'windows-1252',
      source: 'http',
    })
  })
})
