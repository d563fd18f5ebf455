import { describe, expect, it } from 'vitest'
import { toCategoryKey } from '../../src/lib/category-key.js'

describe('toCategoryKey', () => {
  it.each([
    ['Health-Care', 'health care'],
    [' health   care ', 'health care'],
    ['HEALTH_CARE', 'health care'],
    ['HIPAA Breach News', 'hipaa breach news'],
    ['Data & Privacy', 'data privacy'],
    ['Children’s data', 'children s data'],
    ["Children's Data", 'children s data'],
    ['#ransomware', 'ransomware'],
    ['Société Générale', 'société générale'],
    ['C++', 'c++'],
    ['!!!', ''],
  ])('%j → %j', (name, key) => {
    expect(toCategoryKey(name)).toBe(key)
  })
})
