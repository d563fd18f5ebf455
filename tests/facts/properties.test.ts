// extractFacts on any input: never throws, stays inside the vocabularies, records is a
// non-negative integer or null, and the same input gives the same facts.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DATA_TYPES, extractFacts, type FactsInput, SECTORS } from '../../src/facts/index.js'

const words = [
  'breach',
  'Acme',
  'Health',
  'ransomware',
  'LockBit',
  'million',
  '1,200',
  '$5',
  'patients',
  'Texas',
  'UK',
  'of',
  'the',
  'at',
  'attack',
  'on',
  'Social Security numbers',
  'said',
  ',',
  '.',
  '<b>',
  '&amp;',
  "'s",
  'Inc.',
  '2024',
]
const wordy = fc.array(fc.constantFrom(...words), { maxLength: 40 }).map((w) => w.join(' '))
const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 120 }), wordy)
const input: fc.Arbitrary<FactsInput> = fc.record({
  title: fc.option(text, { nil: undefined }),
  summary: fc.option(text, { nil: null }),
  content: fc.option(text, { nil: undefined }),
})

describe('extractFacts properties', () => {
  it('never throws, and every field keeps to its shape and vocabulary', () => {
    fc.assert(
      fc.property(input, (i) => {
        const f = extractFacts(i)
        expect(f.records === null || (Number.isSafeInteger(f.records) && f.records >= 0)).toBe(true)
        for (const t of f.dataTypes) expect(DATA_TYPES).toContain(t)
        if (f.sector !== null) expect(SECTORS).toContain(f.sector)
        if (f.country !== null) expect(f.country).toMatch(/^[A-Z]{2}$/)
        expect(f.organizations.every((o) => typeof o === 'string' && o.trim() === o && o !== '')).toBe(true)
        expect(new Set(f.actors).size).toBe(f.actors.length)
      }),
      { numRuns: 400 },
    )
  })

  it('is deterministic', () => {
    fc.assert(
      fc.property(input, (i) => {
        expect(extractFacts(i)).toEqual(extractFacts({ ...i }))
      }),
      { numRuns: 200 },
    )
  })
})
