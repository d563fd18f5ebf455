// Facts as story evidence ('same_org'): the same victim within the window, alias-aware, unless a
// fact or the headline says it is another incident. Facts are given explicitly here (the extractor
// has its own tests), so each case states exactly what the matcher weighs.
import { describe, expect, it } from 'vitest'
import { collectEvidence } from '../../src/dedup/evidence.js'
import { encodeFactKeys, splitEvidenceTokens } from '../../src/dedup/fact-evidence.js'
import { matchStory, OFFICIAL_WINDOW_HOURS, TITLE_WINDOW_HOURS } from '../../src/dedup/match.js'
import { OrgAliases } from '../../src/dedup/org-aliases.js'
import type { Facts } from '../../src/facts/index.js'
import type { NormalizedItem, StoryCandidate, StoryEvidence } from '../../src/types.js'

let nextId = 1
const T0 = '2025-04-22T12:00:00Z'
const hoursLater = (h: number) => new Date(Date.parse(T0) + h * 3_600_000).toISOString()

interface Report {
  title: string
  at?: string
  orgs: string[]
  records?: number | null
  actors?: string[]
  official?: boolean
}

function evidenceOf(r: Report): StoryEvidence {
  const id = nextId++
  const url = `https://outlet${id}.example/story-${id}`
  const facts: Facts = {
    organizations: r.orgs,
    actors: r.actors ?? [],
    records: r.records ?? null,
    dataTypes: [],
    sector: null,
    country: null,
  }
  const item: NormalizedItem = {
    sourceId: `s${id}`,
    identityKey: String(id),
    guid: null,
    url,
    title: r.title,
    author: null,
    publishedAt: r.at ?? T0,
    dateIsFallback: false,
    updatedAt: null,
    summaryText: '',
    contentHtml: '',
    categories: [],
    contentHash: 'h',
    ...(r.official ? { facts: { ...facts, origin: 'official' as const } } : {}),
  }
  return collectEvidence(item, { url: new URL('/feed', url).href, homepage: new URL('/', url).href }, facts)
}

function candidate(ev: StoryEvidence, storyId = 1): StoryCandidate {
  return { itemId: nextId++, storyId, sourceId: 'stored', evidence: ev }
}

const reasonOf = (ev: StoryEvidence, stored: StoryEvidence, aliases?: OrgAliases) =>
  matchStory(ev, [candidate(stored)], 'new', aliases)?.reason ?? null

describe('same_org: the same victim is the same story', () => {
  it('joins two headlines with no word in common when they name the same victim (initials: M&S = Marks & Spencer)', () => {
    const stored = evidenceOf({ title: 'Marks & Spencer pauses online orders after cyber incident', orgs: ['Marks & Spencer'] })
    const ev = evidenceOf({ title: 'M&S says customer data was taken', at: hoursLater(30), orgs: ['M&S'] })
    expect(matchStory(ev, [candidate(stored)], 'new')).toMatchObject({ reason: 'same_org', score: 0.8 })
  })

  it('needs the window: three days for news, thirty when one of the two is an official record', () => {
    const stored = evidenceOf({ title: 'Lakeside Regional Medical Center hit by cyberattack', orgs: ['Lakeside Regional Medical Center'] })
    const late = evidenceOf({
      title: 'Ohio hospital notifies patients',
      at: hoursLater(TITLE_WINDOW_HOURS + 2),
      orgs: ['Lakeside Regional'],
    })
    expect(reasonOf(late, stored)).toBeNull()
    const row = evidenceOf({
      title: 'Lakeside Regional Medical Center reports breach affecting 212,418 people',
      at: hoursLater(24 * 20),
      orgs: ['Lakeside Regional Medical Center'],
      records: 212_418,
      official: true,
    })
    expect(reasonOf(row, stored)).toBe('same_org')
    const tooLate = evidenceOf({
      title: 'Lakeside Regional Medical Center',
      at: hoursLater(OFFICIAL_WINDOW_HOURS + 1),
      orgs: ['Lakeside Regional Medical Center'],
      official: true,
    })
    expect(reasonOf(tooLate, stored)).toBeNull()
  })

  it('refuses when the record counts are an order of magnitude apart, and accepts a rounded count', () => {
    const stored = evidenceOf({ title: 'Acme Dental breach', orgs: ['Acme Dental'], records: 18_500 })
    expect(reasonOf(evidenceOf({ title: 'Dentist chain notifies patients', orgs: ['Acme Dental'], records: 2_000_000 }), stored)).toBeNull()
    expect(reasonOf(evidenceOf({ title: 'Dentist chain notifies patients', orgs: ['Acme Dental'], records: 20_000 }), stored)).toBe(
      'same_org',
    )
  })

  it('refuses when both name actors and none in common', () => {
    const stored = evidenceOf({ title: 'Ransomware hits Ohio lender', orgs: ['Fairview Bank'], actors: ['LockBit'] })
    expect(reasonOf(evidenceOf({ title: 'Gang lists Fairview Bank', orgs: ['Fairview Bank'], actors: ['Akira'] }), stored)).toBeNull()
    expect(reasonOf(evidenceOf({ title: 'Gang lists Fairview Bank', orgs: ['Fairview Bank'], actors: ['LockBit'] }), stored)).toBe(
      'same_org',
    )
    expect(reasonOf(evidenceOf({ title: 'Fairview Bank confirms outage', orgs: ['Fairview Bank'] }), stored)).toBe('same_org')
  })

  it('keeps a lawsuit, a fine or a second breach at the same victim apart (the headline guards)', () => {
    const stored = evidenceOf({ title: 'Harbor Health Plan discloses data breach', orgs: ['Harbor Health Plan'] })
    for (const title of [
      'Class action filed against Harbor Health Plan',
      'Harbor Health Plan fined $1.2 million by regulator',
      'Harbor Health Plan suffers second data breach',
    ]) {
      expect({ title, reason: reasonOf(evidenceOf({ title, at: hoursLater(5), orgs: ['Harbor Health Plan'] }), stored) }).toEqual({
        title,
        reason: null,
      })
    }
  })

  it('ignores roundups naming more than two victims, and a different first victim', () => {
    const stored = evidenceOf({ title: 'Ticketmaster confirms data theft', orgs: ['Ticketmaster'] })
    const roundup = evidenceOf({ title: 'Snowflake customers hit', orgs: ['Ticketmaster', 'Santander', 'AT&T'] })
    expect(reasonOf(roundup, stored)).toBeNull()
    expect(reasonOf(evidenceOf({ title: 'Santander data stolen', orgs: ['Santander', 'Ticketmaster'] }), stored)).toBeNull()
  })

  it('joins learned aliases only once a merge on other evidence taught them', () => {
    const stored = evidenceOf({ title: 'Royal Mail hit by ransomware', orgs: ['Royal Mail'] })
    const ev = evidenceOf({
      title: 'International Distributions Services confirms incident',
      at: hoursLater(6),
      orgs: ['International Distributions Services'],
    })
    const aliases = new OrgAliases()
    expect(reasonOf(ev, stored, aliases)).toBeNull()
    aliases.learn('royal mail', 'international distributions services')
    expect(reasonOf(ev, stored, aliases)).toBe('same_org')
    expect(aliases.aliasesOf('royal mail')).toEqual(['international distributions services'])
  })
})

describe('fact keys', () => {
  it('round-trip through title tokens and never look like a title token', () => {
    const keys = encodeFactKeys({ organizations: ['Marks & Spencer'], records: 9_400, actors: ['Scattered Spider'] }, true)
    const split = splitEvidenceTokens(['marks', 'spencer', ...keys])
    expect(split.titleTokens).toEqual(['marks', 'spencer'])
    expect(split.facts).toEqual({ orgs: ['marks and spencer'], records: 9_400, actors: ['scattered spider'], official: true })
    expect(keys).toContain('~orgi:ms')
    expect(encodeFactKeys({ organizations: ['M&S'], records: null, actors: [] }, false)).toContain('~orgi:ms')
  })
})
