import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { normalizeItems } from '../../src/clean/index.js'
import { ParseError } from '../../src/errors.js'
import { readTabular } from '../../src/extract/index.js'
import type { FeedSource, TabularType } from '../../src/types.js'

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/official/${name}`, import.meta.url)), 'utf8')

type Tabular = FeedSource & { type: TabularType }
const base = { tags: [], enabled: true, republish: 'full' as const }

const hhs: Tabular = {
  ...base,
  id: 'hhs-ocr',
  type: 'csv',
  url: 'https://ocrportal.example/breach/export.csv',
  homepage: 'https://ocrportal.example/breach/breach_report.jsf',
  map: {
    title: '{Name of Covered Entity} reports breach affecting {Individuals Affected} people',
    date: 'Breach Submission Date',
    organizations: 'Name of Covered Entity',
    records: 'Individuals Affected',
    sector: 'Covered Entity Type',
    dataTypes: '=health',
    country: '=US',
  },
  identity: ['Name of Covered Entity', 'Breach Submission Date'],
  dateFormat: 'MM/DD/YYYY',
  timeZone: 'America/New_York',
}

describe('readTabular: an HHS-OCR-style CSV export', () => {
  const feed = readTabular(fixture('hhs-ocr.csv'), hhs, hhs.url)

  it('maps each good row to an item: template title, zoned date, anchored link, official facts', () => {
    expect(feed.format).toBe('tabular')
    expect(feed.items).toHaveLength(4)
    const first = feed.items[0]
    expect(first?.title).toBe('Lakeside Regional Medical Center reports breach affecting 212,418 people')
    expect(first?.published).toBe('2025-03-03T05:00:00.000Z')
    expect(first?.guid).toMatch(/^hhs-ocr:row-[0-9a-f]{16}$/)
    expect(first?.link).toBe(`https://ocrportal.example/breach/breach_report.jsf#${first?.guid?.split(':')[1]}`)
    expect(first?.facts).toEqual({
      origin: 'official',
      organizations: ['Lakeside Regional Medical Center'],
      actors: [],
      records: 212418,
      dataTypes: ['health'],
      sector: 'healthcare',
      country: 'US',
    })
    // A name with a comma stays one organization; "Health Plan" and "Business Associate" are health care.
    expect(feed.items[1]?.facts?.organizations).toEqual(['Harbor Health Plan, Inc.'])
    expect(feed.items.map((i) => i.facts?.sector)).toEqual(['healthcare', 'healthcare', 'healthcare', 'healthcare'])
    expect(feed.items.map((i) => i.facts?.records)).toEqual([212418, 1204, 18500, 3112])
  })

  it('without map.summary, the summary lists every filled cell (so a revised cell changes the item)', () => {
    const summary = feed.items[1]?.summary ?? ''
    expect(summary).toContain('<li>Individuals Affected: 1,204</li>')
    expect(summary).toContain('<li>Web Description: An employee emailed a spreadsheet to the wrong "partner" address.</li>')
    expect(summary).not.toContain('Business Associate Present: </li>')
  })

  it('skips the rows that fail the map, counts them and names them with their rows and lines', () => {
    expect(feed.skippedRows).toBe(2)
    expect(feed.warning).toBe(
      '2 rows skipped: row 4 (line 6): Individuals Affected: not a number: "n/a?"; ' +
        'row 5 (line 7): Breach Submission Date: not a date in MM/DD/YYYY: "2025-02-14"',
    )
  })

  it("gives the same guids on a re-read and keeps a row's guid when a non-identity cell changes", () => {
    const again = readTabular(fixture('hhs-ocr.csv'), hhs, hhs.url)
    expect(again.items.map((i) => i.guid)).toEqual(feed.items.map((i) => i.guid))
    const revised = readTabular(fixture('hhs-ocr.csv').replace('"212,418"', '"250,000"'), hhs, hhs.url)
    expect(revised.items[0]?.guid).toBe(feed.items[0]?.guid)
    expect(revised.items[0]?.facts?.records).toBe(250000)
    expect(revised.items[0]?.title).toContain('250,000')
  })

  it('survives clean/: every item is kept with its anchored url and UTC date', () => {
    const { items, dropped } = normalizeItems(feed, hhs, { feedUrl: hhs.url, now: new Date('2025-03-05T00:00:00Z') })
    expect(dropped).toBe(0)
    expect(new Set(items.map((i) => i.url)).size).toBe(4)
    expect(items[0]?.url).toMatch(/^https:\/\/ocrportal\.example\/breach\/breach_report\.jsf#row-[0-9a-f]{16}$/)
    expect(items[0]?.publishedAt).toBe('2025-03-03T05:00:00.000Z')
    expect(items[0]?.dateIsFallback).toBe(false)
  })

  it('fails the source, naming the column and the columns there are, when the header lacks one', () => {
    const renamed: Tabular = { ...hhs, identity: ['Name of Covered Entity', 'Submission Date'] }
    expect(() => readTabular(fixture('hhs-ocr.csv'), renamed, hhs.url)).toThrow(ParseError)
    expect(() => readTabular(fixture('hhs-ocr.csv'), renamed, hhs.url)).toThrow(
      'extract: identity[1] names column "Submission Date", which the table does not have (columns: "Name of Covered Entity", "State", ' +
        '"Covered Entity Type", "Individuals Affected", "Breach Submission Date", "Type of Breach", "Location of Breached Information", ' +
        '"Business Associate Present", "Web Description")',
    )
    const templated: Tabular = { ...hhs, map: { ...hhs.map, title: '{Entity} breach' } }
    expect(() => readTabular(fixture('hhs-ocr.csv'), templated, hhs.url)).toThrow(/map\.title names column "Entity"/)
  })

  it('fails the source when there are no rows, or no row fits', () => {
    const headerOnly = `${fixture('hhs-ocr.csv').split('\r\n')[0]}\r\n`
    expect(() => readTabular(headerOnly, hhs, hhs.url)).toThrow(/^extract: the table has no rows \(columns: "Name of Covered Entity"/)
    const badDates: Tabular = { ...hhs, dateFormat: 'MMMM D, YYYY' }
    expect(() => readTabular(fixture('hhs-ocr.csv'), badDates, hhs.url)).toThrow(
      /^extract: no row fits the map \(6 skipped: row 1 \(line 2\): Breach Submission Date: not a date in MMMM D, YYYY: "03\/03\/2025"; .*; and 3 more\)$/,
    )
  })
})

describe('readTabular: a state-AG-style HTML table', () => {
  const ag: Tabular = {
    ...base,
    id: 'wa-ag',
    type: 'table',
    url: 'https://ag.example/data-breach-notifications',
    table: 'table.breach-notices',
    map: {
      title: '{Organization Name}: data breach notice ({Number of Washingtonians Affected} Washingtonians)',
      link: 'Organization Name@href',
      date: 'Date Reported',
      organizations: 'Organization Name',
      records: 'Number of Washingtonians Affected',
      dataTypes: 'Information Compromised',
      country: '=US',
    },
    identity: ['Organization Name', 'Date Reported'],
    dateFormat: 'MMMM D, YYYY',
    timeZone: 'America/Los_Angeles',
  }
  const feed = readTabular(fixture('wa-ag-notices.html'), ag, ag.url)

  it('reads the picked table, links each row to its notice and maps the listed data to data types', () => {
    expect(feed.items.map((i) => i.facts?.organizations[0])).toEqual([
      'Evergreen Credit Union',
      'Puget Sound School District',
      'Cascade Health Partners',
    ])
    expect(feed.items[0]?.link).toBe('https://ag.example/sites/default/files/2025-03/Evergreen%20Credit%20Union%20notice.pdf')
    expect(feed.items[0]?.published).toBe('2025-03-04T08:00:00.000Z')
    expect(feed.items[0]?.facts?.dataTypes).toEqual(['ssn', 'financial'])
    expect(feed.items[1]?.facts?.dataTypes).toEqual(['government-id', 'dob'])
    expect(feed.items[2]?.facts?.dataTypes).toContain('health')
    expect(feed.items[2]?.facts?.records).toBe(645)
  })

  it('a row whose date is no real day is skipped and named', () => {
    expect(feed.skippedRows).toBe(1)
    expect(feed.warning).toBe('1 row skipped: row 3: Date Reported: not a date in MMMM D, YYYY: "Feb 30, 2025"')
  })

  it('a row without a link of its own points at the page with its anchor', () => {
    const noLinks: Tabular = { ...ag, map: { ...ag.map, title: ag.map?.title ?? '' } }
    delete noLinks.map?.link
    const items = readTabular(fixture('wa-ag-notices.html'), noLinks, ag.url).items
    expect(items[0]?.link).toMatch(/^https:\/\/ag\.example\/data-breach-notifications#row-[0-9a-f]{16}$/)
  })
})

describe('readTabular: an HIBP-style JSON list', () => {
  const hibp: Tabular = {
    ...base,
    id: 'hibp',
    type: 'json',
    url: 'https://hibp.example/api/v3/breaches',
    rows: '',
    map: {
      title: '{Title} breach: {PwnCount} accounts',
      link: 'https://haveibeenpwned.com/PwnedWebsites#{Name}',
      date: 'AddedDate',
      summary: 'Description',
      organizations: 'Title',
      records: 'PwnCount',
      dataTypes: 'DataClasses',
    },
    identity: ['Name'],
    dateFormat: 'ISO',
  }
  const feed = readTabular(fixture('hibp-breaches.json'), hibp, hibp.url)

  it('maps DataClasses onto the vocabulary, keeps the HTML description and builds the link from a template', () => {
    expect(feed.items).toHaveLength(3)
    expect(feed.items[0]?.facts?.dataTypes).toEqual(['contact', 'credentials'])
    expect(feed.items[0]?.facts?.records).toBe(152445165)
    expect(feed.items[0]?.summary).toContain('<em>encrypted</em>')
    expect(feed.items[0]?.published).toBe('2013-12-04T00:00:00.000Z')
    expect(feed.items[2]?.link).toBe('https://haveibeenpwned.com/PwnedWebsites#MedBookClinic')
    // Names and Genders are no data type; dates of birth, health insurance and phone numbers are.
    expect(feed.items[2]?.facts?.dataTypes).toEqual(['dob', 'contact', 'health'])
    expect(feed.items[2]?.facts?.country).toBeNull()
    expect(feed.items[2]?.facts?.sector).toBeNull()
  })

  it('skips the entry with an empty identity', () => {
    expect(feed.warning).toBe('1 row skipped: row 4: identity column "Name" is empty')
  })
})

describe('readTabular: a ransomware-leak-site-tracker-style JSON list', () => {
  const tracker: Tabular = {
    ...base,
    id: 'leak-tracker',
    type: 'json',
    url: 'https://tracker.example/api/victims.json',
    rows: 'data.victims',
    map: {
      title: '{group_name} claims {post_title}',
      date: 'discovered',
      organizations: 'post_title',
      actors: 'group_name',
      sector: 'activity',
      country: 'country',
    },
    identity: ['group_name', 'post_title'],
    dateFormat: 'YYYY-MM-DD',
    timeZone: 'UTC',
  }
  const feed = readTabular(fixture('ransomware-victims.json'), tracker, tracker.url)

  it("maps actors, sectors in the tracker's words and countries given as codes or names", () => {
    expect(feed.items.map((i) => i.title)).toEqual([
      'qilin claims Lakeside Regional Medical Center',
      'akira claims Hanse Logistik GmbH',
      'lockbit3 claims Maple Leaf Credit Services',
    ])
    expect(feed.items.map((i) => i.facts?.actors)).toEqual([['qilin'], ['akira'], ['lockbit3']])
    expect(feed.items.map((i) => i.facts?.sector)).toEqual(['healthcare', 'transportation', 'finance'])
    expect(feed.items.map((i) => i.facts?.country)).toEqual(['US', 'DE', 'CA'])
    expect(feed.items[0]?.published).toBe('2025-03-04T22:41:17.512Z')
    expect(feed.items[0]?.link).toMatch(/^https:\/\/tracker\.example\/api\/victims\.json#row-[0-9a-f]{16}$/)
  })

  it('names the row with an unreadable date', () => {
    expect(feed.warning).toBe('1 row skipped: row 4: discovered: not a date in YYYY-MM-DD: "yesterday"')
  })

  it('a wrong rows path is an error on the source', () => {
    expect(() => readTabular(fixture('ransomware-victims.json'), { ...tracker, rows: 'victims' }, tracker.url)).toThrow(
      'extract: rows path "victims" is not an array (top-level keys: generated, source, data)',
    )
  })
})
