import { describe, expect, it } from 'vitest'
import { normalizeAuthor } from '../../src/clean/author.js'
import { CATEGORIES_MAX, normalizeCategories } from '../../src/clean/categories.js'
import { normalizeDates } from '../../src/clean/dates.js'

const now = new Date('2024-08-10T12:00:00.000Z')

describe('normalizeDates', () => {
  it.each([
    [{ published: 'Mon, 05 Aug 2024 14:03:00 +0200' }, '2024-08-05T12:03:00.000Z', false, null],
    [{ published: '2024-08-05T14:03:00Z', updated: '2024-08-06T00:00:00Z' }, '2024-08-05T14:03:00.000Z', false, '2024-08-06T00:00:00.000Z'],
    [{ updated: '2024-08-06T00:00:00Z' }, '2024-08-06T00:00:00.000Z', false, '2024-08-06T00:00:00.000Z'],
    [{ published: 'garbage', updated: '2024-08-06' }, '2024-08-06T00:00:00.000Z', false, '2024-08-06T00:00:00.000Z'],
    [{}, '2024-08-10T12:00:00.000Z', true, null],
    [{ published: 'not a date' }, '2024-08-10T12:00:00.000Z', true, null],
    // Within the skew: believed.
    [{ published: '2024-08-10T12:05:00Z' }, '2024-08-10T12:05:00.000Z', false, null],
    // Beyond it: clamped to now and treated as a fallback.
    [{ published: '2024-09-01T00:00:00Z' }, '2024-08-10T12:00:00.000Z', true, null],
    [{ published: '2024-08-01T00:00:00Z', updated: '2030-01-01T00:00:00Z' }, '2024-08-01T00:00:00.000Z', false, null],
  ])('%j', (item, publishedAt, dateIsFallback, updatedAt) => {
    expect(normalizeDates(item, now)).toEqual({ publishedAt, dateIsFallback, updatedAt })
  })
})

describe('normalizeAuthor', () => {
  it.each([
    ['Jane Doe', 'Jane Doe'],
    ['  Jane   Doe  ', 'Jane Doe'],
    ['jane@example.com (Jane Doe)', 'Jane Doe'],
    ['Jane Doe <jane@example.com>', 'Jane Doe'],
    ['"Jane Doe" <jane@example.com>', 'Jane Doe'],
    ['jane@example.com', 'jane@example.com'],
    ['noreply@blogger.com (Unknown)', null],
    ['By Jane Doe', 'Jane Doe'],
    ['Smith &amp; Jones', 'Smith & Jones'],
    ['<b>Jane</b>', 'Jane'],
    ['', null],
    ['   ', null],
    [undefined, null],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeAuthor(raw)).toBe(expected)
  })
})

describe('normalizeCategories', () => {
  it('trims, decodes, drops empties and dedupes case-insensitively', () => {
    expect(normalizeCategories([' Breach ', 'breach', 'Privacy &amp; Security', '', '  ', 'BREACH', 'Ransomware'])).toEqual([
      'Breach',
      'Privacy & Security',
      'Ransomware',
    ])
  })

  it('caps the count and ignores non-strings', () => {
    const many = Array.from({ length: 50 }, (_, i) => `c${i}`)
    expect(normalizeCategories(many)).toHaveLength(CATEGORIES_MAX)
    expect(normalizeCategories([1, null, 'ok'] as unknown[])).toEqual(['ok'])
    expect(normalizeCategories(undefined)).toEqual([])
  })
})
