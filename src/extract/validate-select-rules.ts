// Checks that every selector of a `select` block compiles, before any page is fetched.

import { load } from 'cheerio'
import type { SelectRules } from '../types.js'
import { parseSelectRule } from './select-rule.js'

const RULE_KEYS = ['item', 'title', 'link', 'date', 'summary', 'author', 'category'] as const

let probe: ReturnType<typeof load> | undefined

/**
 * null when every rule compiles, else a message naming the first bad one
 * (`select.title: invalid CSS selector "h2 a[": Expected name, found `).
 */
export function validateSelectRules(select: Partial<SelectRules>): string | null {
  probe ??= load('<html><body><p></p></body></html>')
  for (const key of RULE_KEYS) {
    const rule = select[key]
    if (rule === undefined) continue
    if (typeof rule !== 'string') return `select.${key}: expected a CSS selector string`
    const { selector, attr } = parseSelectRule(rule)
    if (key === 'item' && attr !== undefined) return `select.item: "@${attr}" makes no sense here; item selects elements`
    if (selector === '') {
      if (key === 'item') return 'select.item: empty selector'
      continue // '@attr' alone reads the item element itself
    }
    try {
      probe('body').find(selector)
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      return `select.${key}: invalid CSS selector "${selector}": ${reason}`
    }
  }
  return null
}
