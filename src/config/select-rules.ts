// The `select` rules of an html source: an object of CSS selectors, item/title/link required,
// each one compiling (extract's validateSelectRules).
import { validateSelectRules } from '../extract/index.js'
import type { SelectRules } from '../types.js'
import { describeValue } from './config-errors.js'
import { suggestKey } from './did-you-mean.js'

const requiredKeys = ['item', 'title', 'link'] as const
const optionalKeys = ['date', 'summary', 'author', 'category'] as const
const allKeys: readonly string[] = [...requiredKeys, ...optionalKeys]

/** The rules, or null when they are unusable; each problem goes to `report(field, message)`. */
export function checkSelectRules(value: unknown, at: string, report: (field: string, message: string) => void): SelectRules | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report(at, `expected an object of CSS selectors ("item", "title", "link", …), got ${describeValue(value)}`)
    return null
  }
  const raw = value as Record<string, unknown>
  let ok = true
  for (const key of Object.keys(raw)) {
    if (allKeys.includes(key)) continue
    const suggestion = suggestKey(key, allKeys)
    report(
      `${at}.${key}`,
      suggestion === null ? `unknown key (known keys: ${allKeys.join(', ')})` : `unknown key (did you mean "${suggestion}"?)`,
    )
    ok = false
  }
  const rules: Record<string, string> = {}
  for (const key of allKeys) {
    const v = raw[key]
    if (v === undefined) {
      if ((requiredKeys as readonly string[]).includes(key)) {
        report(`${at}.${key}`, 'required')
        ok = false
      }
      continue
    }
    if (typeof v !== 'string' || v.trim() === '') {
      report(`${at}.${key}`, `expected a CSS selector string, got ${describeValue(v)}`)
      ok = false
      continue
    }
    rules[key] = v.trim()
  }
  if (!ok) return null
  const selectRules = rules as unknown as SelectRules
  // Each selector must compile (the extract module's own check, so both agree).
  const invalid = validateSelectRules(selectRules)
  if (invalid !== null) {
    const m = /^select\.(\w+): (.*)$/s.exec(invalid)
    if (m !== null) report(`${at}.${m[1]}`, m[2] as string)
    else report(at, invalid)
    return null
  }
  return selectRules
}
