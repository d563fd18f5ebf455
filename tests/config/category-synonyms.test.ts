// settings.categorySynonyms: validated with path-qualified messages, merged over the defaults,
// and applied to an item's categories by their folded keys.
import { describe, expect, it } from 'vitest'
import { DEFAULT_CATEGORY_SYNONYMS, resolveCategories } from '../../src/config/category-synonyms.js'
import { ConfigErrorList, validateConfig } from '../../src/config/index.js'

function settingsOf(categorySynonyms: unknown) {
  return validateConfig({ settings: { categorySynonyms }, sources: [] }, 'feeds.json').settings
}

function problemsOf(categorySynonyms: unknown): string {
  try {
    settingsOf(categorySynonyms)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigErrorList)
    return (err as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('settings.categorySynonyms', () => {
  it('defaults to merging Health, Healthcare and Health Data', () => {
    const settings = validateConfig({ sources: [] }, 'feeds.json').settings
    expect(settings.categorySynonyms).toEqual(DEFAULT_CATEGORY_SYNONYMS)
    expect(resolveCategories(DEFAULT_CATEGORY_SYNONYMS, ['healthcare', 'Health-Data', 'HEALTH', 'Ransomware'])).toEqual([
      'Health',
      'Ransomware',
    ])
  })

  it('merges the given table over the defaults; an entry for a default name replaces it', () => {
    const merged = settingsOf({ Ransomware: ['Ransom ware', 'ransomware attack'] }).categorySynonyms!
    expect(merged).toEqual({ Health: ['Healthcare', 'Health Care', 'Health Data'], Ransomware: ['Ransom ware', 'ransomware attack'] })
    expect(resolveCategories(merged, ['Ransomware Attack', 'ransom-ware', 'Health Data'])).toEqual(['Ransomware', 'Health'])
    const off = settingsOf({ health: [] }).categorySynonyms!
    expect(resolveCategories(off, ['Healthcare', 'Health'])).toEqual(['Healthcare', 'Health'])
  })

  it('refuses bad tables with messages naming the path', () => {
    expect(problemsOf(['Health'])).toMatch(/feeds\.json: settings\.categorySynonyms: expected an object/)
    expect(problemsOf({ Health: 'Healthcare' })).toMatch(
      /feeds\.json: settings\.categorySynonyms\["Health"\]: expected a list of category names, got/,
    )
    expect(problemsOf({ Privacy: ['GDPR', 3] })).toMatch(
      /feeds\.json: settings\.categorySynonyms\["Privacy"\]\[1\]: expected a category name/,
    )
    expect(problemsOf({ '!!!': ['x'] })).toMatch(/settings\.categorySynonyms\["!!!"\]: expected a category name with a letter or digit/)
    // A name filed under two names, or under a name of its own.
    expect(problemsOf({ Medical: ['Healthcare'] })).toMatch(
      /settings\.categorySynonyms\["Medical"\]: "Healthcare" is already a synonym of "Health"/,
    )
    expect(problemsOf({ Privacy: ['Data Protection'], 'Data-Protection': ['GDPR'] })).toMatch(
      /"Data Protection" is already a name of its own/,
    )
  })
})
