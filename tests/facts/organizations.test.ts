// Organizations: the victims a report names, in display form, and never the gang, the vendor, the
// regulator or the outlet.
import { describe, expect, it } from 'vitest'
import { isSameOrg, normalizeOrgName } from '../../src/facts/org-name.js'
import { extractOrganizations } from '../../src/facts/organizations.js'
import { prepareText } from '../../src/facts/text.js'

const orgs = (title: string, summary = '', content = '') => extractOrganizations(prepareText({ title, summary, content }))

describe('extractOrganizations', () => {
  it.each([
    [
      'the headline subject',
      'Ascension says ransomware attack exposed data of 5.6 million patients',
      'Ascension said the attack exposed data.',
      ['Ascension'],
    ],
    [
      'a subject after descriptors',
      'UK retailer Marks & Spencer confirms customer data stolen',
      'Marks & Spencer said data was taken.',
      ['Marks & Spencer'],
    ],
    [
      'a Title Case subject cut to what the body writes',
      'UK Retailer Marks & Spencer Confirms Data Theft',
      'The retailer Marks & Spencer said data was taken.',
      ['Marks & Spencer'],
    ],
    ['after "attack on"', 'LockBit Claims Attack On City Of Wichita', 'The City of Wichita said systems were down.', ['City of Wichita']],
    ['after "breach at"', 'Data breach at Riverside Medical Group exposes patient data', '', ['Riverside Medical Group']],
    [
      'after a regulator verb',
      'ICO fines Advanced £3 million over ransomware attack',
      'Advanced Computer Software Group was fined.',
      ['Advanced Computer Software Group'],
    ],
    ['a DataBreaches.net prefix', 'TX: Acme Dental notifying 12,345 patients', 'Acme Dental began notifying patients.', ['Acme Dental']],
    [
      'a possessive that continues the name',
      "Texas Children's Hospital investigating data exposure",
      "Texas Children's Hospital said fewer patients were hit.",
      ["Texas Children's Hospital"],
    ],
    ['a possessive that ends it', "Acme's systems breached by hackers", 'Acme said data was stolen.', ['Acme']],
    [
      'a list of victims',
      'Clop Exploits MOVEit: Victims Include BBC, British Airways And Boots',
      'British Airways, the BBC and Boots confirmed the theft.',
      ['BBC', 'British Airways', 'Boots'],
    ],
    ['"were among"', 'Telecoms breached', 'Verizon, AT&T and Lumen were among the affected carriers.', ['Verizon', 'AT&T', 'Lumen']],
    [
      'a notifying body sentence',
      'Dental practice discloses breach',
      'Sunrise Family Dental began notifying 4,112 patients.',
      ['Sunrise Family Dental'],
    ],
    [
      "the body's fuller form",
      'Mondelez says law firm breach exposed employee data',
      'Mondelez International is notifying 51,110 employees.',
      ['Mondelez International'],
    ],
  ])('%s', (_case, title, summary, expected) => {
    expect(orgs(title, summary)).toEqual(expected)
  })

  it.each([
    ['the gang', 'LockBit claims responsibility for attack', 'LockBit posted the claim.'],
    ['the outlet quoted', 'Hospital hit by ransomware', 'BleepingComputer reported the attack first.'],
    ['the vendor product', 'Hackers stole data from its MOVEit Transfer server', ''],
    ['a researcher', 'Researcher finds exposed database', 'Cybersecurity researcher Jeremiah Fowler discovered the database.'],
    ['a regulator', 'HHS OCR settles HIPAA case', 'The Office for Civil Rights confirmed the settlement.'],
    ['a person', 'State agencies shut after attack', 'Governor Joe Lombardo confirmed the attack.'],
    ['a Title Case fragment the body never writes', 'Hackers Steal Data In Massive Attack', 'The attack hit several firms.'],
  ])('never %s', (_case, title, summary) => {
    expect(orgs(title, summary)).toEqual([])
  })
})

describe('organization names', () => {
  it.each([
    ['Acme Corp.', 'acme'],
    ['ACME Corporation', 'acme'],
    ['The Acme Group, Inc.', 'acme'],
    ['Marks & Spencer', 'marks and spencer'],
  ])('normalizes %s', (name, expected) => {
    expect(normalizeOrgName(name)).toBe(expected)
  })

  it.each([
    ['Ascension', 'Ascension Health', true],
    ['City of Wichita', 'Wichita', true],
    ['LAUSD', 'Los Angeles Unified School District', true],
    ['M&S', 'Marks & Spencer', true],
    ['Red Cross', 'International Committee of the Red Cross', true],
    ['Acme Health', 'Beta Health', false],
    ['Change Healthcare', 'UnitedHealth Group', false],
  ])('%s vs %s', (a, b, same) => {
    expect(isSameOrg(a, b)).toBe(same)
  })
})
