import { describe, expect, it } from 'vitest'
import { validateSelectRules } from '../../src/extract/index.js'
import { parseSelectRule } from '../../src/extract/select-rule.js'

describe('parseSelectRule', () => {
  it.each([
    ['h2 a@href', { selector: 'h2 a', attr: 'href' }],
    ['time@datetime', { selector: 'time', attr: 'datetime' }],
    ['  h2 a  ', { selector: 'h2 a' }],
    ['@href', { selector: '', attr: 'href' }],
    ['img@data-src', { selector: 'img', attr: 'data-src' }],
    ['a[href^="mailto:x@y"]', { selector: 'a[href^="mailto:x@y"]' }],
    ['meta[property="og:x"]@content', { selector: 'meta[property="og:x"]', attr: 'content' }],
  ])('%j', (rule, expected) => {
    expect(parseSelectRule(rule)).toEqual(expected)
  })
})

describe('validateSelectRules', () => {
  it('accepts good rules', () => {
    expect(
      validateSelectRules({
        item: 'article',
        title: 'h2 a',
        link: 'h2 a@href',
        date: 'time@datetime',
        summary: 'p',
        author: '.by',
        category: '.tag',
      }),
    ).toBeNull()
    expect(validateSelectRules({ item: 'a.card', title: '', link: '@href' })).toBeNull()
  })

  it.each([
    [{ item: 'article[', title: 'h2', link: 'a' }, /^select\.item: invalid CSS selector "article\["/],
    [{ item: 'article', title: 'h2 >> a', link: 'a' }, /^select\.title: invalid CSS selector/],
    [{ item: 'article', title: 'h2', link: 'a:nth-child(' }, /^select\.link: invalid CSS selector/],
    [{ item: 'article', title: 'h2', link: 'a', date: 'time[datetime@datetime' }, /^select\.date: invalid CSS selector/],
    [{ item: 'article', title: 'h2', link: 'a', category: ':nosuchpseudo' }, /^select\.category: invalid CSS selector/],
    [{ item: 'article@href', title: 'h2', link: 'a' }, /^select\.item: "@href"/],
    [{ item: '  ', title: 'h2', link: 'a' }, /^select\.item: empty selector/],
  ])('%j', (rules, message) => {
    expect(validateSelectRules(rules)).toMatch(message)
  })
})
