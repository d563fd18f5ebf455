// feeds.json (already parsed) → AppConfig. Every problem is collected, each naming the file, the
// source and the field (`feeds.json: sources[3].url: not a URL`), and thrown together.
import cron from 'node-cron'
import { ConfigError } from '../errors.js'
import type { AppConfig, FeedSource, SelectRules, Settings, SourceType } from '../types.js'
import { readCategorySynonyms } from './category-synonyms.js'
import { ConfigErrorList, describeValue } from './config-errors.js'
import { defaultSettings } from './defaults.js'
import { suggestKey } from './did-you-mean.js'
import { parsePublicUrl } from './public-url.js'
import { checkSelectRules } from './select-rules.js'
import { checkTabularFields, TABULAR_KEYS } from './tabular-rules.js'
import { ALERT_SETTING_KEYS, readAlertSettings, readWatches } from './watch-rules.js'

const topKeys = ['$schema', 'settings', 'sources', 'watches'] as const
// publicUrl has no default (the server's own address), so it is not among defaultSettings' keys.
const settingKeys: readonly string[] = [...Object.keys(defaultSettings), 'publicUrl', ...ALERT_SETTING_KEYS]
const sourceKeys = [
  'id',
  'title',
  'url',
  'type',
  'homepage',
  'tags',
  'enabled',
  'select',
  'schedule',
  'republish',
  ...TABULAR_KEYS,
] as const
const sourceTypes: readonly SourceType[] = ['feed', 'html', 'csv', 'json', 'table']
const idPattern = /^[a-z0-9][a-z0-9._-]*$/
const maxIdLength = 64

type Json = Record<string, unknown>

/** Collects problems as `<file>: <field path>: <message>`. */
class Problems {
  readonly errors: ConfigError[] = []
  readonly fileLabel: string
  constructor(fileLabel: string) {
    this.fileLabel = fileLabel
  }
  add(field: string, message: string): void {
    this.errors.push(new ConfigError(field === '' ? this.fileLabel : `${this.fileLabel}: ${field}`, message))
  }
}

/**
 * Checks a parsed feeds.json and fills in the defaults. Throws a ConfigError listing every problem
 * (one per line) when there is any. `fileLabel` names the file in messages ("feeds.json").
 */
export function validateConfig(raw: unknown, fileLabel: string): AppConfig {
  const problems = new Problems(fileLabel)
  if (!isObject(raw)) {
    problems.add('', `expected a JSON object with "settings" and "sources", got ${describeValue(raw)}`)
    throw new ConfigErrorList(problems.errors)
  }
  checkUnknownKeys(raw, topKeys, '', problems)
  const settings = readSettings(raw['settings'], problems)
  const sources = readSources(raw['sources'], problems)
  const report = (field: string, message: string): void => problems.add(field, message)
  const alerts = readAlertSettings(raw['settings'], report)
  const smtpGiven = isObject(raw['settings']) && raw['settings']['smtp'] != null
  const watches = readWatches(raw['watches'], alerts, smtpGiven, report)
  if (problems.errors.length > 0) throw new ConfigErrorList(problems.errors)
  return { path: fileLabel, settings, sources, watches, alerts }
}

function readSettings(value: unknown, problems: Problems): Settings {
  const settings: Settings = { ...defaultSettings }
  if (value === undefined) return settings
  if (!isObject(value)) {
    problems.add('settings', `expected an object, got ${describeValue(value)}`)
    return settings
  }
  checkUnknownKeys(value, settingKeys, 'settings', problems)
  const field = (key: string): string => `settings.${key}`

  if (value['schedule'] !== undefined) {
    const schedule = readCron(value['schedule'], field('schedule'), problems)
    if (schedule !== undefined) settings.schedule = schedule
  }
  const integer = (
    key: 'concurrency' | 'perHostConcurrency' | 'maxBytes' | 'retentionDays' | 'keepPerSource' | 'maxItemsPerFetch' | 'maxItemsPerSource',
    min: number,
    max: number,
    note = '',
  ): void => {
    const v = value[key]
    if (v === undefined) return
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      problems.add(field(key), `expected an integer from ${min}${note} to ${max}, got ${describeValue(v)}`)
      return
    }
    settings[key] = v
  }
  integer('concurrency', 1, 64)
  integer('perHostConcurrency', 1, 64)
  integer('maxBytes', 1024, 1_073_741_824)
  integer('retentionDays', 0, 36_500, ' (never prune)')
  integer('keepPerSource', 0, 1_000_000)
  integer('maxItemsPerFetch', 1, 1_000_000)
  integer('maxItemsPerSource', 1, 10_000_000)

  const timeout = value['timeoutSeconds']
  if (timeout !== undefined) {
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0.1 || timeout > 600) {
      problems.add(field('timeoutSeconds'), `expected a number of seconds from 0.1 to 600, got ${describeValue(timeout)}`)
    } else {
      settings.timeoutSeconds = timeout
    }
  }
  const userAgent = value['userAgent']
  if (userAgent !== undefined) {
    if (typeof userAgent !== 'string' || userAgent.trim() === '' || /[\r\n\0]/.test(userAgent)) {
      problems.add(field('userAgent'), `expected a non-empty single-line string, got ${describeValue(userAgent)}`)
    } else {
      settings.userAgent = userAgent.trim()
    }
  }
  if (value['categorySynonyms'] !== undefined) {
    const synonyms = readCategorySynonyms(value['categorySynonyms'], (path, message) => problems.add(path, message))
    if (synonyms !== undefined) settings.categorySynonyms = synonyms
  }
  const publicUrl = value['publicUrl']
  if (publicUrl !== undefined) {
    const parsed =
      typeof publicUrl === 'string' ? parsePublicUrl(publicUrl) : { error: `expected a URL string, got ${describeValue(publicUrl)}` }
    if ('error' in parsed) problems.add(field('publicUrl'), parsed.error)
    else settings.publicUrl = parsed.url
  }
  const allow = value['allowPrivateNetworks']
  if (allow !== undefined) {
    if (typeof allow !== 'boolean') problems.add(field('allowPrivateNetworks'), `expected true or false, got ${describeValue(allow)}`)
    else settings.allowPrivateNetworks = allow
  }
  return settings
}

function readSources(value: unknown, problems: Problems): FeedSource[] {
  if (value === undefined) {
    problems.add('sources', 'required: a list of sources (it may be empty: [])')
    return []
  }
  if (!Array.isArray(value)) {
    problems.add('sources', `expected an array, got ${describeValue(value)}`)
    return []
  }
  const sources: FeedSource[] = []
  const firstIndexOfId = new Map<string, number>()
  value.forEach((entry: unknown, index) => {
    const source = readSource(entry, `sources[${index}]`, problems)
    if (source === null) return
    const earlier = firstIndexOfId.get(source.id)
    if (earlier !== undefined) {
      problems.add(`sources[${index}].id`, `duplicate id ${JSON.stringify(source.id)} (also sources[${earlier}])`)
      return
    }
    firstIndexOfId.set(source.id, index)
    sources.push(source)
  })
  return sources
}

/** One source, or null when it is unusable (its problems are recorded). */
function readSource(value: unknown, at: string, problems: Problems): FeedSource | null {
  if (!isObject(value)) {
    problems.add(at, `expected an object with "id" and "url", got ${describeValue(value)}`)
    return null
  }
  const before = problems.errors.length
  checkUnknownKeys(value, sourceKeys, at, problems)
  const field = (key: string): string => `${at}.${key}`

  const id = value['id']
  if (id === undefined) problems.add(field('id'), 'required')
  else if (typeof id !== 'string') problems.add(field('id'), `expected a string, got ${describeValue(id)}`)
  else if (id.length > maxIdLength) problems.add(field('id'), `at most ${maxIdLength} characters, got ${id.length}`)
  else if (!idPattern.test(id)) {
    problems.add(
      field('id'),
      `expected a slug (lowercase letters, digits, ".", "_", "-"; starting with a letter or digit), got ${describeValue(id)}`,
    )
  }

  const url = readHttpUrl(value['url'], field('url'), true, problems)

  let type: SourceType = 'feed'
  const rawType = value['type']
  if (rawType !== undefined) {
    if (sourceTypes.includes(rawType as SourceType)) type = rawType as SourceType
    else problems.add(field('type'), `expected "feed", "html", "csv", "json" or "table", got ${describeValue(rawType)}`)
  }

  const title = readOptionalText(value['title'], field('title'), problems)
  const homepage = readHttpUrl(value['homepage'], field('homepage'), false, problems)

  const tags: string[] = []
  const rawTags = value['tags']
  if (rawTags !== undefined) {
    if (!Array.isArray(rawTags)) problems.add(field('tags'), `expected an array of strings, got ${describeValue(rawTags)}`)
    else {
      rawTags.forEach((tag: unknown, i) => {
        if (typeof tag !== 'string' || tag.trim() === '') {
          problems.add(`${field('tags')}[${i}]`, `expected a non-empty string, got ${describeValue(tag)}`)
        } else if (!tags.includes(tag.trim())) tags.push(tag.trim())
      })
    }
  }

  let enabled = true
  const rawEnabled = value['enabled']
  if (rawEnabled !== undefined) {
    if (typeof rawEnabled === 'boolean') enabled = rawEnabled
    else problems.add(field('enabled'), `expected true or false, got ${describeValue(rawEnabled)}`)
  }

  let republish: FeedSource['republish'] = 'full'
  const rawRepublish = value['republish']
  if (rawRepublish !== undefined) {
    if (rawRepublish === 'full' || rawRepublish === 'excerpt') republish = rawRepublish
    else problems.add(field('republish'), `expected "full" or "excerpt", got ${describeValue(rawRepublish)}`)
  }

  const schedule = value['schedule'] === undefined ? undefined : readCron(value['schedule'], field('schedule'), problems)

  let select: SelectRules | undefined
  const rawSelect = value['select']
  if (type === 'html' && rawSelect === undefined) problems.add(field('select'), 'required when type is "html"')
  else if (type !== 'html' && rawSelect !== undefined) problems.add(field('select'), 'only used when type is "html"')
  else if (rawSelect !== undefined) {
    select = checkSelectRules(rawSelect, field('select'), (f, m) => problems.add(f, m)) ?? undefined
  }

  // With an unknown type the tabular fields cannot be judged: the type's own message says enough.
  const typeKnown = rawType === undefined || type === rawType
  const tabular = typeKnown ? checkTabularFields(value, type, at, (f, m) => problems.add(f, m)) : {}

  if (problems.errors.length > before || typeof id !== 'string' || url === undefined) return null
  const source: FeedSource = { id, url, type, tags, enabled, republish, ...tabular }
  if (title !== undefined) source.title = title
  if (homepage !== undefined) source.homepage = homepage
  if (select !== undefined) source.select = select
  if (schedule !== undefined) source.schedule = schedule
  return source
}

function readHttpUrl(value: unknown, field: string, required: boolean, problems: Problems): string | undefined {
  if (value === undefined) {
    if (required) problems.add(field, 'required')
    return undefined
  }
  if (typeof value !== 'string') {
    problems.add(field, `expected a URL string, got ${describeValue(value)}`)
    return undefined
  }
  let parsed: URL
  try {
    parsed = new URL(value.trim())
  } catch {
    problems.add(field, 'not a URL')
    return undefined
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    problems.add(field, `expected an http or https URL, got ${JSON.stringify(parsed.protocol.replace(/:$/, ''))}`)
    return undefined
  }
  return parsed.href
}

function readOptionalText(value: unknown, field: string, problems: Problems): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(field, `expected a non-empty string, got ${describeValue(value)}`)
    return undefined
  }
  return value.trim()
}

function readCron(value: unknown, field: string, problems: Problems): string | undefined {
  if (typeof value !== 'string') {
    problems.add(field, `expected a cron expression string, got ${describeValue(value)}`)
    return undefined
  }
  const expression = value.trim().replace(/\s+/g, ' ')
  if (expression === '' || !cron.validate(expression)) {
    problems.add(field, `not a valid cron expression: ${describeValue(value)}`)
    return undefined
  }
  return expression
}

function checkUnknownKeys(value: Json, known: readonly string[], at: string, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue
    const suggestion = suggestKey(
      key,
      known.filter((k) => k !== '$schema'),
    )
    const field = at === '' ? key : `${at}.${key}`
    problems.add(
      field,
      suggestion === null
        ? `unknown key (known keys: ${known.filter((k) => k !== '$schema').join(', ')})`
        : `unknown key (did you mean "${suggestion}"?)`,
    )
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
