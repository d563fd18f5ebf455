// mergeFacts: one story's facts from its reports' facts.
import { describe, expect, it } from 'vitest'
import { type Facts, formatRecordsHistory, mergeFacts, type ReportFacts } from '../../src/facts/index.js'

const facts = (over: Partial<Facts>): Facts => ({
  organizations: [],
  actors: [],
  records: null,
  dataTypes: [],
  sector: null,
  country: null,
  ...over,
})
const report = (id: string, date: string | null, over: Partial<Facts>): ReportFacts => ({ id, date, facts: facts(over) })

describe('mergeFacts', () => {
  it('keeps the organizations most reports agree on, alias-aware, most-cited first, in the commonest spelling', () => {
    const story = mergeFacts([
      report('a', '2024-05-01', { organizations: ['Ascension', 'Acme Vendor'] }),
      report('b', '2024-05-02', { organizations: ['Ascension Health'] }),
      report('c', '2024-05-03', { organizations: ['Ascension', 'Lurie'] }),
      report('d', '2024-05-04', { organizations: ["Lurie Children's Hospital", 'Ascension'] }),
    ])
    expect(story.organizations).toEqual(['Ascension', 'Lurie'])
  })

  it('keeps every organization of a single report', () => {
    expect(mergeFacts([report('a', null, { organizations: ['Acme', 'Beta'] })]).organizations).toEqual(['Acme', 'Beta'])
  })

  it('takes the union of data types in vocabulary order and of actors, most cited first', () => {
    const story = mergeFacts([
      report('a', '2024-01-01', { dataTypes: ['health', 'ssn'], actors: ['LockBit'] }),
      report('b', '2024-01-02', { dataTypes: ['contact'], actors: ['ALPHV', 'LockBit'] }),
    ])
    expect(story.dataTypes).toEqual(['ssn', 'contact', 'health'])
    expect(story.actors).toEqual(['LockBit', 'ALPHV'])
  })

  it('takes the largest record count and keeps who said what, in date order', () => {
    const story = mergeFacts([
      report('late', '2024-03-10', { records: 1_200_000 }),
      report('first', '2024-03-01', { records: 100_000 }),
      report('again', '2024-03-05', { records: 100_000 }),
      report('none', '2024-03-06', {}),
    ])
    expect(story.records).toBe(1_200_000)
    expect(story.recordsHistory).toEqual([
      { records: 100_000, reportId: 'first', date: '2024-03-01' },
      { records: 1_200_000, reportId: 'late', date: '2024-03-10' },
    ])
    expect(formatRecordsHistory(story.recordsHistory)).toBe('100,000 → 1.2 million')
  })

  it('takes sector and country by majority, a tie going to the earliest report', () => {
    const story = mergeFacts([
      report('b', '2024-02-02', { sector: 'technology', country: 'GB' }),
      report('a', '2024-02-01', { sector: 'healthcare', country: 'US' }),
      report('c', '2024-02-03', { sector: 'healthcare', country: null }),
    ])
    expect(story.sector).toBe('healthcare')
    expect(story.country).toBe('US')
  })

  it('gives empty facts for no reports', () => {
    expect(mergeFacts([])).toEqual({ ...facts({}), recordsHistory: [] })
  })
})
