import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { ConfigError } from '../../src/errors.js'

const feed = { id: 'databreaches', url: 'https://databreaches.net/feed/' }
const csv = {
  id: 'hhs-ocr',
  type: 'csv',
  url: 'https://ocrportal.example/export.csv',
  map: {
    title: '{Name of Covered Entity} reports breach affecting {Individuals Affected} people',
    date: 'Breach Submission Date',
    records: 'Individuals Affected',
    country: '=US',
  },
  identity: ['Name of Covered Entity', 'Breach Submission Date'],
  dateFormat: 'MM/DD/YYYY',
  timeZone: 'America/New_York',
}

/** The message of validating a config whose third source is `source` (the contract's sources[2] example). */
function messageOf(source: Record<string, unknown>): string {
  try {
    validateConfig({ sources: [feed, { id: 'b', url: 'https://b.example/feed' }, source] }, 'feeds.json')
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('validateConfig: tabular sources', () => {
  it('accepts the three shapes and keeps their fields', () => {
    const cfg = validateConfig(
      {
        sources: [
          csv,
          {
            id: 'hibp',
            type: 'json',
            url: 'https://hibp.example/breaches',
            rows: '',
            map: { title: 'Title', dataTypes: 'DataClasses' },
            identity: ['Name'],
          },
          {
            id: 'ag',
            type: 'table',
            url: 'https://ag.example/',
            table: ' table.notices ',
            map: { title: 'Organization Name', link: 'Organization Name@href' },
            identity: [' Organization Name ', 'Date Reported'],
          },
        ],
      },
      'feeds.json',
    )
    expect(cfg.sources[0]).toEqual({ ...csv, tags: [], enabled: true, republish: 'full' })
    expect(cfg.sources[1]).toMatchObject({ type: 'json', rows: '', identity: ['Name'] })
    expect(cfg.sources[1]?.dateFormat).toBeUndefined()
    expect(cfg.sources[2]).toMatchObject({ type: 'table', table: 'table.notices', identity: ['Organization Name', 'Date Reported'] })
  })

  const cases: [string, Record<string, unknown>, string][] = [
    ['date a number', { ...csv, map: { ...csv.map, date: 3 } }, 'feeds.json: sources[2].map.date: column name expected, got 3'],
    [
      'date a template',
      { ...csv, map: { ...csv.map, date: '{Breach Submission Date}' } },
      'feeds.json: sources[2].map.date: column name expected',
    ],
    ['date empty', { ...csv, map: { ...csv.map, date: ' ' } }, 'feeds.json: sources[2].map.date: column name expected'],
    [
      'date a constant',
      { ...csv, map: { ...csv.map, date: '=2025-01-01' } },
      'feeds.json: sources[2].map.date: a date must come from a column, not a constant',
    ],
    [
      'template on a fact',
      { ...csv, map: { ...csv.map, records: '{Individuals Affected} people' } },
      'feeds.json: sources[2].map.records: column name or "=constant" expected (templates are for title, link and summary)',
    ],
    [
      'unclosed template',
      { ...csv, map: { ...csv.map, title: '{Name of Covered Entity reports' } },
      'feeds.json: sources[2].map.title: unclosed "{" at character 1',
    ],
    [
      'empty braces',
      { ...csv, map: { ...csv.map, title: 'x {} y' } },
      'feeds.json: sources[2].map.title: empty "{}" at character 3: name a column inside the braces',
    ],
    [
      'bad country constant',
      { ...csv, map: { ...csv.map, country: '=USA' } },
      'feeds.json: sources[2].map.country: "USA" is not an ISO 3166-1 alpha-2 country code (like "US", "GB")',
    ],
    [
      'bad sector constant',
      { ...csv, map: { ...csv.map, sector: '=health' } },
      'feeds.json: sources[2].map.sector: "health" is not a sector (one of: healthcare, education, government, finance, retail, technology, telecom, energy, manufacturing, transportation, hospitality, legal, nonprofit, media, other)',
    ],
    [
      'bad dataTypes constant',
      { ...csv, map: { ...csv.map, dataTypes: '=health, emails' } },
      'feeds.json: sources[2].map.dataTypes: "emails" is not a data type (one of: ssn, government-id, dob, contact, financial, payment-card, health, credentials, biometric, genetic, location, communications)',
    ],
    [
      'bad records constant',
      { ...csv, map: { ...csv.map, records: '=many' } },
      'feeds.json: sources[2].map.records: "=many": a constant record count must be a whole number',
    ],
    [
      'misspelt map key',
      { ...csv, map: { ...csv.map, organisations: 'X' } },
      'feeds.json: sources[2].map.organisations: unknown key (did you mean "organizations"?)',
    ],
    [
      'map without title',
      { ...csv, map: { date: 'Breach Submission Date' } },
      'feeds.json: sources[2].map.title: required: a column name or a template like "{Name} reports a breach"',
    ],
    [
      'map missing',
      { ...csv, map: undefined },
      'feeds.json: sources[2].map: required: which column feeds the title, date and facts ({ "title": "{Name} …", "date": "Date", … })',
    ],
    ['map an array', { ...csv, map: ['Name'] }, 'feeds.json: sources[2].map: expected an object of column names, got an array'],
    [
      'identity missing',
      { ...csv, identity: undefined },
      'feeds.json: sources[2].identity: required when type is "csv": the columns that together identify a row (["Name", "Date"])',
    ],
    [
      'identity empty',
      { ...csv, identity: [] },
      'feeds.json: sources[2].identity: expected a non-empty array of column names, got an array',
    ],
    [
      'identity a string',
      { ...csv, identity: 'Name' },
      'feeds.json: sources[2].identity: expected a non-empty array of column names, got "Name"',
    ],
    ['identity twice', { ...csv, identity: ['A', 'A'] }, 'feeds.json: sources[2].identity[1]: "A" is listed twice'],
    ['identity blank', { ...csv, identity: ['A', ''] }, 'feeds.json: sources[2].identity[1]: column name expected, got ""'],
    [
      'bad timeZone',
      { ...csv, timeZone: 'America/New_Yrok' },
      'feeds.json: sources[2].timeZone: expected an IANA time zone like "America/New_York" or "UTC", got "America/New_Yrok"',
    ],
    [
      'timeZone a number',
      { ...csv, timeZone: -5 },
      'feeds.json: sources[2].timeZone: expected an IANA time zone like "America/New_York" or "UTC", got -5',
    ],
    [
      'bad dateFormat',
      { ...csv, dateFormat: 'M/D/YY' },
      'feeds.json: sources[2].dateFormat: expected one of "MM/DD/YYYY", "DD/MM/YYYY", "YYYY-MM-DD", "MMMM D, YYYY", "ISO", got "M/D/YY"',
    ],
    [
      'json without rows',
      { ...csv, type: 'json' },
      'feeds.json: sources[2].rows: required when type is "json": the dotted path to the array of rows ("data.items"; "" for a top-level array)',
    ],
    [
      'json rows bad path',
      { ...csv, type: 'json', rows: 'data..items' },
      'feeds.json: sources[2].rows: expected a dotted path like "data.items" ("" for a top-level array), got "data..items"',
    ],
    ['rows on csv', { ...csv, rows: 'data' }, 'feeds.json: sources[2].rows: only used when type is "json"'],
    [
      'table without selector',
      { ...csv, type: 'table' },
      'feeds.json: sources[2].table: required when type is "table": the CSS selector of the <table>',
    ],
    [
      'table selector broken',
      { ...csv, type: 'table', table: 'table[' },
      /^feeds\.json: sources\[2\]\.table: invalid CSS selector "table\[": .+/.source,
    ],
    ['table on json', { ...csv, type: 'json', rows: '', table: 'table' }, 'feeds.json: sources[2].table: only used when type is "table"'],
    [
      'map on a feed',
      { ...feed, id: 'c', map: { title: 'x' } },
      'feeds.json: sources[2].map: only used when type is "csv", "json" or "table"',
    ],
    [
      'identity on html',
      { id: 'h', type: 'html', url: 'https://h.example/', select: { item: 'a', title: 'a', link: 'a@href' }, identity: ['x'] },
      'feeds.json: sources[2].identity: only used when type is "csv", "json" or "table"',
    ],
    [
      'select on csv',
      { ...csv, select: { item: 'a', title: 'a', link: 'a' } },
      'feeds.json: sources[2].select: only used when type is "html"',
    ],
    [
      'unknown type',
      { ...csv, type: 'xlsx' },
      'feeds.json: sources[2].type: expected "feed", "html", "csv", "json" or "table", got "xlsx"',
    ],
  ]
  it.each(cases)('%s', (_name, source, expected) => {
    const message = messageOf(source)
    if (expected.startsWith('^')) expect(message).toMatch(new RegExp(expected))
    else expect(message).toBe(expected)
  })

  it('reports every problem of a tabular source together', () => {
    const message = messageOf({ ...csv, map: { title: 'T', date: 5 }, identity: undefined, timeZone: 'Mars/Olympus' })
    expect(message.split('\n')).toEqual([
      'feeds.json: sources[2].map.date: column name expected, got 5',
      'feeds.json: sources[2].identity: required when type is "csv": the columns that together identify a row (["Name", "Date"])',
      'feeds.json: sources[2].timeZone: expected an IANA time zone like "America/New_York" or "UTC", got "Mars/Olympus"',
    ])
  })
})
