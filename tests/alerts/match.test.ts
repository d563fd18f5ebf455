// The in-memory matcher against the parsed /search query, and each facts filter, table-driven.
import { describe, expect, it } from 'vitest'
import { compileQuery, matchesQuery, prepareMatchText } from '../../src/alerts/match-query.js'
import { compileWatch, matchesWatch, prepareSubject } from '../../src/alerts/match-watch.js'
import type { Watch } from '../../src/alerts/types.js'

function matches(query: string, title: string, summary = ''): boolean {
  const compiled = compileQuery(query)
  if (compiled === null) throw new Error(`empty query ${query}`)
  return matchesQuery(compiled, prepareMatchText(title, summary))
}

describe('a watch query matches as /search does', () => {
  const cases: [string, string, string, boolean][] = [
    ['acme', 'ACME Corp hit by ransomware', '', true],
    ['acme', 'Acmeville council', '', false],
    ['acme*', 'Acmeville council', '', true],
    ['"acme corp"', 'Acme Corp. confirms breach', '', true],
    ['"acme corp"', 'Corp of Acme', '', false],
    ['"acme corp"', 'Acme', 'Corp says…', false], // a phrase never spans title and summary
    ['breached', 'Hospital breach exposes records', '', true],
    ['leaks', 'Data leaked from clinic', '', true],
    ['ransomware hospital', 'Ransomware gang hits hospital', '', true],
    ['ransomware hospital', 'Ransomware gang hits school', '', false],
    ['ransomware AND hospital', 'Hospital', 'ransomware attack', true],
    ['clinic OR hospital', 'Clinic data stolen', '', true],
    ['clinic OR hospital', 'School data stolen', '', false],
    ['breach -test', 'Breach test run', '', false],
    ['breach NOT test', 'Breach at Acme', '', true],
    ['société', 'Societe Generale breach', '', true],
  ]
  for (const [query, title, summary, expected] of cases) {
    it(`${JSON.stringify(query)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(title)}`, () => {
      expect(matches(query, title, summary)).toBe(expected)
    })
  }

  it('has no positive term in "" or "-word"', () => {
    expect(compileQuery('""')).toBeNull()
    expect(compileQuery('-word')).toBeNull()
  })
})

function watch(overrides: Partial<Watch>): Watch {
  return {
    id: 'w',
    title: 'w',
    query: null,
    org: null,
    actor: null,
    sector: null,
    country: null,
    dataType: null,
    minRecords: null,
    on: 'story',
    notify: [],
    ...overrides,
  }
}

describe('facts filters', () => {
  const report = prepareSubject({
    title: 'Clop ransomware gang claims breach at St. Mary Hospital',
    summaryText:
      'St. Mary Hospital in Ohio said the Cl0p gang stole the names, Social Security numbers and medical records of 120,000 patients.',
    contentHtml: '',
  })
  const cases: [Partial<Watch>, boolean][] = [
    [{ actor: 'Cl0p' }, true],
    [{ actor: 'LockBit' }, false],
    [{ minRecords: 100_000 }, true],
    [{ minRecords: 200_000 }, false],
    [{ dataType: 'ssn' }, true],
    [{ dataType: 'payment-card' }, false],
    [{ org: 'Acme Corp' }, false],
    [{ org: 'St. Mary Hospital' }, true],
    [{ query: 'ransomware', actor: 'Clop', minRecords: 1000 }, true],
    [{ query: 'ransomware', actor: 'LockBit' }, false],
  ]
  for (const [filters, expected] of cases) {
    it(`${JSON.stringify(filters)} ${expected ? 'matches' : 'does not match'}`, () => {
      expect(matchesWatch(compileWatch(watch(filters)), report)).toBe(expected)
    })
  }
})
