import { describe, expect, it } from 'vitest'
import { ConfigErrorList, defaultSettings, validateConfig } from '../../src/config/index.js'
import { ConfigError } from '../../src/errors.js'

const good = { id: 'databreaches', url: 'https://databreaches.net/feed/' }

function messageOf(raw: unknown): string {
  try {
    validateConfig(raw, 'feeds.json')
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('validateConfig: one bad field, one exact message', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', [], 'feeds.json: expected a JSON object with "settings" and "sources", got an array'],
    ['sources missing', {}, 'feeds.json: sources: required: a list of sources (it may be empty: [])'],
    ['sources not an array', { sources: {} }, 'feeds.json: sources: expected an array, got an object'],
    [
      'url not a URL',
      { sources: [good, { id: 'b', url: 'b' }, { id: 'c', url: 'https://c.example/' }, { id: 'd', url: 'not a url' }] },
      'feeds.json: sources[1].url: not a URL\nfeeds.json: sources[3].url: not a URL',
    ],
    [
      'url ftp',
      { sources: [{ id: 'a', url: 'ftp://x.example/feed' }] },
      'feeds.json: sources[0].url: expected an http or https URL, got "ftp"',
    ],
    ['url missing', { sources: [{ id: 'a' }] }, 'feeds.json: sources[0].url: required'],
    ['url a number', { sources: [{ id: 'a', url: 5 }] }, 'feeds.json: sources[0].url: expected a URL string, got 5'],
    [
      'duplicate id',
      { sources: [good, { id: 'x', url: 'https://x.example/' }, { id: 'databreaches', url: 'https://y.example/' }] },
      'feeds.json: sources[2].id: duplicate id "databreaches" (also sources[0])',
    ],
    ['id missing', { sources: [{ url: 'https://x.example/' }] }, 'feeds.json: sources[0].id: required'],
    [
      'id not a slug',
      { sources: [{ id: 'Data Breaches', url: 'https://x.example/' }] },
      'feeds.json: sources[0].id: expected a slug (lowercase letters, digits, ".", "_", "-"; starting with a letter or digit), got "Data Breaches"',
    ],
    [
      'id starts with dash',
      { sources: [{ id: '-x', url: 'https://x.example/' }] },
      'feeds.json: sources[0].id: expected a slug (lowercase letters, digits, ".", "_", "-"; starting with a letter or digit), got "-x"',
    ],
    [
      'concurrency 0',
      { settings: { concurrency: 0 }, sources: [] },
      'feeds.json: settings.concurrency: expected an integer from 1 to 64, got 0',
    ],
    [
      'concurrency 2.5',
      { settings: { concurrency: 2.5 }, sources: [] },
      'feeds.json: settings.concurrency: expected an integer from 1 to 64, got 2.5',
    ],
    [
      'concurrency string',
      { settings: { concurrency: '8' }, sources: [] },
      'feeds.json: settings.concurrency: expected an integer from 1 to 64, got "8"',
    ],
    [
      'perHost 65',
      { settings: { perHostConcurrency: 65 }, sources: [] },
      'feeds.json: settings.perHostConcurrency: expected an integer from 1 to 64, got 65',
    ],
    [
      'timeout 0',
      { settings: { timeoutSeconds: 0 }, sources: [] },
      'feeds.json: settings.timeoutSeconds: expected a number of seconds from 0.1 to 600, got 0',
    ],
    [
      'maxBytes small',
      { settings: { maxBytes: 10 }, sources: [] },
      'feeds.json: settings.maxBytes: expected an integer from 1024 to 1073741824, got 10',
    ],
    [
      'retention negative',
      { settings: { retentionDays: -1 }, sources: [] },
      'feeds.json: settings.retentionDays: expected an integer from 0 (never prune) to 36500, got -1',
    ],
    [
      'allowPrivateNetworks string',
      { settings: { allowPrivateNetworks: 'yes' }, sources: [] },
      'feeds.json: settings.allowPrivateNetworks: expected true or false, got "yes"',
    ],
    [
      'userAgent multi-line',
      { settings: { userAgent: 'a\nb' }, sources: [] },
      'feeds.json: settings.userAgent: expected a non-empty single-line string, got "a\\nb"',
    ],
    [
      'bad global cron',
      { settings: { schedule: 'every 15 minutes' }, sources: [] },
      'feeds.json: settings.schedule: not a valid cron expression: "every 15 minutes"',
    ],
    [
      'bad source cron',
      { sources: [{ ...good, schedule: '61 * * * *' }] },
      'feeds.json: sources[0].schedule: not a valid cron expression: "61 * * * *"',
    ],
    [
      'html without select',
      { sources: [good, { id: 'h', type: 'html', url: 'https://h.example/' }] },
      'feeds.json: sources[1].select: required when type is "html"',
    ],
    [
      'select on a feed',
      { sources: [{ ...good, select: { item: 'a', title: 'b', link: 'c' } }] },
      'feeds.json: sources[0].select: only used when type is "html"',
    ],
    [
      'select missing link',
      { sources: [{ id: 'h', type: 'html', url: 'https://h.example/', select: { item: 'article', title: 'h2' } }] },
      'feeds.json: sources[0].select.link: required',
    ],
    [
      'select misspelt key',
      {
        sources: [
          { id: 'h', type: 'html', url: 'https://h.example/', select: { item: 'article', title: 'h2', link: 'a@href', sumary: 'p' } },
        ],
      },
      'feeds.json: sources[0].select.sumary: unknown key (did you mean "summary"?)',
    ],
    [
      'unknown type',
      { sources: [{ ...good, type: 'rss' }] },
      'feeds.json: sources[0].type: expected "feed", "html", "csv", "json" or "table", got "rss"',
    ],
    [
      'tags not strings',
      { sources: [{ ...good, tags: ['breach', 3] }] },
      'feeds.json: sources[0].tags[1]: expected a non-empty string, got 3',
    ],
    [
      'tags not an array',
      { sources: [{ ...good, tags: 'breach' }] },
      'feeds.json: sources[0].tags: expected an array of strings, got "breach"',
    ],
    ['enabled string', { sources: [{ ...good, enabled: 'true' }] }, 'feeds.json: sources[0].enabled: expected true or false, got "true"'],
    [
      'republish bad',
      { sources: [{ ...good, republish: 'summary' }] },
      'feeds.json: sources[0].republish: expected "full" or "excerpt", got "summary"',
    ],
    [
      'homepage bad',
      { sources: [{ ...good, homepage: 'javascript:alert(1)' }] },
      'feeds.json: sources[0].homepage: expected an http or https URL, got "javascript"',
    ],
    ['title empty', { sources: [{ ...good, title: '  ' }] }, 'feeds.json: sources[0].title: expected a non-empty string, got "  "'],
    ['misspelt source key', { sources: [{ ...good, tittle: 'x' }] }, 'feeds.json: sources[0].tittle: unknown key (did you mean "title"?)'],
    [
      'misspelt settings key',
      { settings: { concurency: 2 }, sources: [] },
      'feeds.json: settings.concurency: unknown key (did you mean "concurrency"?)',
    ],
    ['misspelt top key', { setings: {}, sources: [] }, 'feeds.json: setings: unknown key (did you mean "settings"?)'],
    [
      'unrelated key',
      { sources: [{ ...good, zzzzzz: 1 }] },
      'feeds.json: sources[0].zzzzzz: unknown key (known keys: id, title, url, type, homepage, tags, enabled, select, schedule, republish, map, identity, dateFormat, timeZone, rows, table)',
    ],
    [
      'source not an object',
      { sources: ['https://x.example/'] },
      'feeds.json: sources[0]: expected an object with "id" and "url", got "https://x.example/"',
    ],
  ]
  it.each(cases)('%s', (_name, raw, expected) => {
    expect(messageOf(raw)).toBe(expected)
  })
})

describe('validateConfig: all problems together', () => {
  it('reports every problem, one per line, and exposes them as a list', () => {
    const raw = {
      settings: { concurrency: 0, schedule: 'nope' },
      sources: [
        { id: 'a', url: 'not a url' },
        { id: 'a', url: 'https://a.example/' },
        { id: 'h', type: 'html', url: 'https://h.example/' },
      ],
    }
    let caught: unknown
    try {
      validateConfig(raw, 'my/feeds.json')
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(ConfigErrorList)
    const list = caught as ConfigErrorList
    expect(list.message.split('\n')).toEqual([
      'my/feeds.json: settings.schedule: not a valid cron expression: "nope"',
      'my/feeds.json: settings.concurrency: expected an integer from 1 to 64, got 0',
      'my/feeds.json: sources[0].url: not a URL',
      'my/feeds.json: sources[2].select: required when type is "html"',
    ])
    expect(list.errors).toHaveLength(4)
    expect(list.path).toBe('my/feeds.json: settings.schedule')
  })

  it('reports a duplicate even when the first of the pair is valid and the second has other problems too', () => {
    const raw = { sources: [good, { id: 'databreaches', url: 'https://x.example/', enabled: 1 }] }
    expect(messageOf(raw).split('\n')).toEqual(['feeds.json: sources[1].enabled: expected true or false, got 1'])
  })
})

describe('validateConfig: defaults and normalization', () => {
  it('fills in every default setting and per-source default', () => {
    const cfg = validateConfig({ sources: [good] }, 'feeds.json')
    expect(cfg.settings).toEqual({
      schedule: '*/15 * * * *',
      concurrency: 8,
      perHostConcurrency: 2,
      timeoutSeconds: 20,
      maxBytes: 10485760,
      userAgent: expect.stringMatching(/^breachwire\/\d+\.\d+\.\d+ \(\+https?:\/\/\S+\)$/),
      retentionDays: 365,
      keepPerSource: 50,
      maxItemsPerFetch: 1000,
      maxItemsPerSource: 10000,
      allowPrivateNetworks: false,
      categorySynonyms: { Health: ['Healthcare', 'Health Care', 'Health Data'] },
    })
    expect(cfg.settings).toEqual(defaultSettings)
    expect(cfg.sources).toEqual([
      { id: 'databreaches', url: 'https://databreaches.net/feed/', type: 'feed', tags: [], enabled: true, republish: 'full' },
    ])
    expect(cfg.path).toBe('feeds.json')
  })

  it('keeps given values, trims text, dedups tags, accepts html sources and 6-field cron', () => {
    const cfg = validateConfig(
      {
        $schema: './feeds.schema.json',
        settings: { schedule: '*/5 * * * * *', concurrency: 3, allowPrivateNetworks: true, retentionDays: 0 },
        sources: [
          {
            id: 'x.y_z-1',
            title: ' X ',
            url: 'http://x.example',
            tags: ['a', 'a', 'b'],
            enabled: false,
            republish: 'excerpt',
            schedule: '0 * * * *',
          },
          {
            id: 'h',
            type: 'html',
            url: 'https://h.example/news/',
            select: { item: 'article', title: 'h2 a', link: 'h2 a@href', date: 'time@datetime' },
          },
        ],
      },
      'feeds.json',
    )
    expect(cfg.settings.schedule).toBe('*/5 * * * * *')
    expect(cfg.settings.concurrency).toBe(3)
    expect(cfg.settings.retentionDays).toBe(0)
    expect(cfg.sources[0]).toEqual({
      id: 'x.y_z-1',
      title: 'X',
      url: 'http://x.example/',
      type: 'feed',
      tags: ['a', 'b'],
      enabled: false,
      republish: 'excerpt',
      schedule: '0 * * * *',
    })
    expect(cfg.sources[1]?.select).toEqual({ item: 'article', title: 'h2 a', link: 'h2 a@href', date: 'time@datetime' })
  })
})

describe('validateConfig: CSS selectors must compile', () => {
  it('names the rule and the selector', () => {
    const msg = messageOf({
      sources: [{ id: 'h', type: 'html', url: 'https://h.example/', select: { item: 'article', title: 'h2 a[', link: 'a@href' } }],
    })
    expect(msg).toMatch(/^feeds\.json: sources\[0\]\.select\.title: invalid CSS selector "h2 a\[": .+/)
    expect(msg.split('\n')).toHaveLength(1)
  })
})
