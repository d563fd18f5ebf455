// The rules of the second tuning round (docs/facts.md): the lede's subject, headline openers
// capitalized by position, reports that say there was no breach, state subsets of a count, and the
// sector a victim's own name gives.
import { describe, expect, it } from 'vitest'
import { extractFacts } from '../../src/facts/index.js'

describe('victims named in the lede', () => {
  it('takes the opening sentence subject before a place, an appositive or a reporting verb', () => {
    expect(
      extractFacts({
        title: 'Kansas school district says student data stolen',
        summary: 'Harbor Ridge School District in Kansas said hackers copied student records in a December intrusion.',
      }).organizations,
    ).toEqual(['Harbor Ridge School District'])
    expect(
      extractFacts({
        title: 'Data of riders leaked',
        summary: 'RideGo, a Pune-based bike taxi startup, said a developer left a database with rider data open.',
      }).organizations,
    ).toEqual(['RideGo'])
    expect(
      extractFacts({
        title: 'Midwest health system struggles after ransomware attack',
        summary: 'Lakemont Health is still working without its electronic health records.',
      }).organizations,
    ).toEqual(['Lakemont Health'])
  })

  it('leaves openers, experts and lists alone', () => {
    expect(
      extractFacts({
        title: 'Ransomware attack disrupts county',
        summary: 'On Monday the county said systems were down after a cyberattack.',
      }).organizations,
    ).toEqual([])
    expect(
      extractFacts({
        title: 'Payroll breach hits employers',
        summary: 'BBC, British Airways and Boots said staff data was stolen through a payroll provider.',
      }).organizations,
    ).not.toContain('BBC and Boots')
  })

  it('does not read a sentence-case opener as a name', () => {
    expect(
      extractFacts({
        title: 'Car parts maker stalls after crims crash its network',
        summary: 'Ashby Components expects production to restart within days after the cyberattack.',
      }).organizations,
    ).toEqual(['Ashby Components'])
  })
})

describe('reports that say there was no breach', () => {
  it('names no victim, count or sector', () => {
    for (const input of [
      {
        title: 'Portal outage was not a hack, university says',
        summary: 'Rutgers University says the outage was caused by a power failure, not a cyberattack.',
      },
      { title: 'Apple patches zero-day exploited in attacks', summary: 'Apple released updates to fix a WebKit bug exploited in attacks.' },
      {
        title: 'Ransomware attacks on hospitals rose 300%, study finds',
        summary: 'Attacks exposed data of 42 million patients between 2016 and 2021.',
      },
      {
        title: 'Hackers stole data of 9 million bank customers? Unverified',
        summary: 'No bank has confirmed a breach; the sample appeared to be recycled from older leaks.',
      },
    ]) {
      const facts = extractFacts(input)
      expect({ title: input.title, orgs: facts.organizations, records: facts.records, sector: facts.sector }).toEqual({
        title: input.title,
        orgs: [],
        records: null,
        sector: null,
      })
    }
  })

  it('keeps a denied gang claim as breach news', () => {
    expect(
      extractFacts({
        title: 'BianLian lists Air Canada? Airline says no',
        summary: 'The BianLian gang listed Air Canada on its leak site, but the airline says the listing relates to an earlier incident.',
      }).organizations,
    ).toEqual(['Air Canada'])
  })
})

describe('counts and sectors', () => {
  it("does not take one state's residents for the total", () => {
    expect(
      extractFacts({
        title: 'Hertz confirms customer data stolen',
        summary: 'Hertz told Maine regulators that 3,409 people in the state were affected by the breach.',
      }).records,
    ).toBeNull()
    expect(
      extractFacts({
        title: 'Jail healthcare vendor breach',
        summary: 'Wellpath says a breach exposed medical information of 5,400 inmates in Texas county jails.',
      }).records,
    ).toBe(5400)
  })

  it("reads the sector from the victim's own name when the report says nothing else", () => {
    expect(
      extractFacts({
        title: 'Lakeshore Orthopedics confirms ransomware attack',
        summary: 'Lakeshore Orthopedics said files were encrypted.',
      }).sector,
    ).toBe('healthcare')
    expect(
      extractFacts({ title: 'Hackers claim theft of 3TB from Kingsport Law Group', summary: 'Kingsport Law Group is investigating.' })
        .sector,
    ).toBe('legal')
  })
})
