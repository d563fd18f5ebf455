import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { normalizeItems } from '../../src/clean/index.js'
import { ParseError } from '../../src/errors.js'
import { extractItems } from '../../src/extract/index.js'
import type { SelectRules } from '../../src/types.js'

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/html/${name}`, import.meta.url)), 'utf8')

const pageUrl = 'https://newsroom.example.com/notices'
const rules: SelectRules = {
  item: 'main article.notice',
  title: 'h2 a',
  link: 'h2 a@href',
  date: 'time@datetime',
  summary: '.summary',
  author: '.byline',
  category: '.tag',
}

describe('extractItems on newsroom.html', () => {
  const feed = extractItems(fixture('newsroom.html'), rules, pageUrl)

  it('reads the page as an html feed', () => {
    expect(feed.format).toBe('html')
    expect(feed.title).toBe('Security Notices | Acme Corp Newsroom')
    expect(feed.homepage).toBe(pageUrl)
    expect(feed.items).toHaveLength(4)
  })

  it('reads titles as text and resolves links', () => {
    expect(feed.items.map((i) => [i.title, i.titleType, i.link])).toEqual([
      [
        'Notice of Data Security Incident',
        'text',
        'https://newsroom.example.com/notices/2024/acme-data-security-incident?utm_source=newsroom&utm_medium=list',
      ],
      ['Update on Third-Party Vendor Incident – Payroll Data', 'text', 'https://newsroom.example.com/notices/2024/vendor-incident-update'],
      [
        'Advisory: Phishing Emails Impersonating Acme Support',
        'text',
        'https://newsroom.example.com/notices/2024/phishing-advisory?fbclid=IwAR0abc',
      ],
      ['Credential Stuffing Attempts Against Customer Accounts', 'text', 'https://newsroom.example.com/notices/2023/credential-stuffing'],
    ])
  })

  it('reads attributes, text, summaries and categories', () => {
    const [first, , third, fourth] = feed.items
    expect(first?.published).toBe('2024-08-05T14:03:00+02:00')
    expect(first?.author).toBe('Acme Privacy Office')
    expect(first?.categories).toEqual(['Breach', 'Customers'])
    expect(first?.summary).toContain('<strong>unauthorized access</strong>')
    expect(first?.baseUrl).toBe(pageUrl)
    expect(third?.author).toBeUndefined()
    expect(fourth?.published).toBeUndefined()
    expect(fourth?.categories).toBeUndefined()
  })

  it('feeds clean/ to give absolute, tracking-free items', () => {
    const result = normalizeItems(
      feed,
      { id: 'acme', url: pageUrl, type: 'html', tags: [], enabled: true, republish: 'full' },
      { feedUrl: pageUrl, now: new Date('2024-08-10T00:00:00.000Z') },
    )
    expect(result.dropped).toBe(0)
    expect(result.items.map((i) => [i.url, i.publishedAt, i.dateIsFallback])).toEqual([
      ['https://newsroom.example.com/notices/2024/acme-data-security-incident', '2024-08-05T12:03:00.000Z', false],
      ['https://newsroom.example.com/notices/2024/vendor-incident-update', '2024-07-22T00:00:00.000Z', false],
      ['https://newsroom.example.com/notices/2024/phishing-advisory', '2024-06-30T09:00:00.000Z', false],
      ['https://newsroom.example.com/notices/2023/credential-stuffing', '2024-08-10T00:00:00.000Z', true],
    ])
    expect(result.items[0]?.contentHtml).toContain(
      '<a href="https://newsroom.example.com/notices/2024/acme-data-security-incident#faq" rel="noopener noreferrer">Read the FAQ</a>',
    )
  })
})

describe('extractItems rules', () => {
  const page = (body: string, head = ''): string => `<html><head>${head}<title>T</title></head><body>${body}</body></html>`

  it('defaults link to the href of an <a>, or of the first <a> inside the element', () => {
    const html = page('<div class="i"><a class="t" href="/one">One</a></div><div class="i"><h3 class="t"><a href="/two">Two</a></h3></div>')
    const feed = extractItems(html, { item: '.i', title: '.t', link: '.t' }, 'https://x.example/list/')
    expect(feed.items.map((i) => i.link)).toEqual(['https://x.example/one', 'https://x.example/two'])
  })

  it('reads the item element itself with a bare @attr', () => {
    const html = page('<a class="card" href="p/1" data-date="2024-08-01">Card one</a>')
    const feed = extractItems(
      html,
      { item: 'a.card', title: '', link: '@href', date: '@data-date' } as SelectRules,
      'https://x.example/news/',
    )
    expect(feed.items[0]?.link).toBe('https://x.example/news/p/1')
    expect(feed.items[0]?.published).toBe('2024-08-01')
  })

  it('honours <base href>', () => {
    const html = page('<article><h2><a href="story">S</a></h2></article>', '<base href="https://cdn.example.org/site/">')
    const feed = extractItems(html, { item: 'article', title: 'h2', link: 'h2 a@href' }, 'https://x.example/news/')
    expect(feed.items[0]?.link).toBe('https://cdn.example.org/site/story')
    expect(feed.homepage).toBe('https://x.example/news/')
  })

  it('drops unusable links but keeps the item when it has a title', () => {
    const html = page('<article><h2><a href="javascript:void(0)">Only a title</a></h2></article><article><h2>No link</h2></article>')
    const feed = extractItems(html, { item: 'article', title: 'h2', link: 'h2 a@href' }, 'https://x.example/')
    expect(feed.items.map((i) => [i.title, i.link])).toEqual([
      ['Only a title', undefined],
      ['No link', undefined],
    ])
  })

  it('escapes an attribute used as summary', () => {
    const html = page('<article data-s="a <b> & c"><h2><a href="/x">X</a></h2></article>')
    const feed = extractItems(html, { item: 'article', title: 'h2', link: 'h2 a', summary: '@data-s' }, 'https://x.example/')
    expect(feed.items[0]?.summary).toBe('<p>a &lt;b&gt; &amp; c</p>')
  })
})

describe('extractItems errors', () => {
  it('throws selector_empty naming the rule and page when select.item matches nothing', () => {
    let error: unknown
    try {
      extractItems(fixture('no-match.html'), rules, pageUrl)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ParseError)
    expect((error as ParseError).code).toBe('selector_empty')
    expect((error as ParseError).message).toBe(`extract: select.item "main article.notice" matched nothing on ${pageUrl}`)
  })

  it('throws selector_empty naming title and link when items yield neither', () => {
    const html = fixture('no-match.html')
    let error: unknown
    try {
      extractItems(html, { item: 'div.card', title: 'h2', link: 'h2 a@href' }, pageUrl)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ParseError)
    expect((error as ParseError).code).toBe('selector_empty')
    expect((error as ParseError).message).toMatch(
      /^extract: select\.item "div\.card" matched 2 element\(s\) .*select\.title "h2" and select\.link "h2 a@href"/,
    )
  })

  it('throws malformed for a selector that does not compile', () => {
    expect(() => extractItems('<p></p>', { item: 'article[', title: 'h2', link: 'a' }, pageUrl)).toThrow(ParseError)
    expect(() => extractItems('<p></p>', { item: 'article', title: 'h2 a[', link: 'a' }, pageUrl)).toThrow(
      /^extract: select\.title: invalid CSS selector/,
    )
  })

  it('throws selector_empty on an empty document', () => {
    expect(() => extractItems('', rules, pageUrl)).toThrow(/matched nothing/)
  })
})
