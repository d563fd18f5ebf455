// Actors, country, sector and data types: the lexicon-driven extractors, table by table.
import { describe, expect, it } from 'vitest'
import { canonicalActor, extractActors } from '../../src/facts/actors.js'
import { extractCountry } from '../../src/facts/country.js'
import { extractDataTypes } from '../../src/facts/data-types.js'
import { extractSector } from '../../src/facts/sector.js'
import { prepareText } from '../../src/facts/text.js'

const text = (title: string, summary = '', content = '') => prepareText({ title, summary, content })

describe('actors', () => {
  it.each([
    ['Cl0p claims Cleo attacks', ['Clop']],
    ['BlackCat affiliate hits hospital', ['ALPHV']],
    ['ALPHV/BlackCat leaks data', ['ALPHV']],
    ['LockBit 3.0 claims attack', ['LockBit']],
    ['Octo Tempest, also known as Scattered Spider, hit MGM', ['Scattered Spider']],
    ['Midnight Blizzard breached Microsoft', ['APT29']],
    ['The Play ransomware gang claims Oakland attack', ['Play']],
    ['Akira and Black Basta are the most active gangs', ['Akira', 'Black Basta']],
    ['Lapsus$ member arrested', ['Lapsus$']],
  ])('%s', (title, expected) => {
    expect(extractActors(text(title))).toEqual(expected)
  })

  it.each([['Play the video below'], ['Royal Mail halts exports'], ['Hive of activity at the port'], ['Fog delays flights']])(
    'an ordinary word without gang context is no actor: %s',
    (title) => {
      expect(extractActors(text(title))).toEqual([])
    },
  )

  it('maps an alias to its canonical name', () => {
    expect(canonicalActor('cl0p')).toBe('Clop')
    expect(canonicalActor('Noberus')).toBe('ALPHV')
    expect(canonicalActor('Acme')).toBeNull()
  })
})

describe('country', () => {
  it.each([
    ['Ohio hospital notifies patients', '', 'US'],
    ['UK retailer confirms breach', '', 'GB'],
    ['TX: Acme Dental notifying patients', '', 'US'],
    ['Hospital fined by ICO', "The Information Commissioner's Office said the NHS trust failed.", 'GB'],
    ['Acme Bank breach', 'The Toronto-based bank said Ontario customers were affected.', 'CA'],
    ['Australian telco Optus confirms hack', '', 'AU'],
  ])('%s', (title, summary, expected) => {
    expect(extractCountry(text(title, summary))).toBe(expected)
  })

  it.each([
    ['Russian hackers claim attack on Acme'],
    ['China-linked group breaches Acme'],
    ['North Korean state-sponsored hackers steal crypto'],
    ['Acme breach'],
  ])('no victim country in: %s', (title) => {
    expect(extractCountry(text(title))).toBeNull()
  })

  it('a tie gives null', () => {
    expect(extractCountry(text('French and German firms hit'))).toBeNull()
  })
})

describe('sector', () => {
  it.each([
    ['Health system hit by ransomware', 'The hospital diverted ambulances.', 'healthcare'],
    ['School district closes after attack', 'Students stayed home.', 'education'],
    ['Credit union notifies members', 'The credit union said accounts were safe.', 'finance'],
    ['Retailer confirms breach', 'The fashion retailer said shoppers were affected.', 'retail'],
    ['Law firm hacked', 'The law firm said client files were stolen.', 'legal'],
  ])('%s', (title, summary, expected) => {
    expect(extractSector(text(title, summary))).toBe(expected)
  })

  it('a keyword next to the victim decides: "mortgage lender loanDepot"', () => {
    const t = text('loanDepot says 16.9 million hit', 'Mortgage lender loanDepot said customers and users of its app were affected.')
    expect(extractSector(t, ['loanDepot'])).toBe('finance')
  })

  it('data phrases do not vote: "bank account numbers" at a transit agency', () => {
    expect(extractSector(text('Transit agency breach', 'The transit agency said bank account numbers were accessed.'))).toBe(
      'transportation',
    )
  })

  it('is null without a clear lead', () => {
    expect(extractSector(text('Breach exposes data', 'Patients and students were affected.'))).toBeNull()
  })
})

describe('data types', () => {
  it.each([
    ['names, Social Security numbers and dates of birth', ['ssn', 'dob']],
    ["driver's license numbers and passport numbers", ['government-id']],
    ['email addresses, phone numbers and home addresses', ['contact']],
    ['bank account and routing numbers', ['financial']],
    ['credit card numbers and CVV codes', ['payment-card']],
    ['diagnoses, treatment information and lab results', ['health']],
    ['usernames and hashed passwords', ['credentials']],
    ['fingerprints and facial scans', ['biometric']],
    ['raw genetic data and ancestry reports', ['genetic']],
    ['precise location data', ['location']],
    ['call records and text messages', ['communications']],
  ])('%s', (content, expected) => {
    expect(extractDataTypes(text('', '', content))).toEqual(expected)
  })

  it.each([
    ['The data did not include Social Security numbers.'],
    ['No payment card details were taken.'],
    ['Social Security numbers were not affected.'],
    ['Customers were told to change their passwords.'],
    ['Attackers logged the IP addresses of visitors.'],
  ])('not exposed: %s', (content) => {
    expect(extractDataTypes(text('', '', content))).toEqual([])
  })

  it('a negation covers only its own clause', () => {
    expect(extractDataTypes(text('', '', 'Names and dates of birth were taken, but not Social Security numbers.'))).toEqual(['dob'])
  })
})
