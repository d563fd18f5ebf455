// feeds.json "watches", settings.smtp and settings.alerts (docs/alerts.md): checked with the same
// path-qualified messages as the sources (`feeds.json: watches[0].notify[1].url: not a URL`).

import { compileQuery } from '../alerts/match-query.js'
import type { AlertSettings, NotifyTarget, SmtpSettings, Watch } from '../alerts/types.js'
import { DATA_TYPES, SECTORS } from '../facts/index.js'
import { describeValue } from './config-errors.js'
import { suggestKey } from './did-you-mean.js'

type Report = (field: string, message: string) => void
type Json = Record<string, unknown>

export const ALERT_SETTING_KEYS = ['smtp', 'alerts'] as const

const watchKeys = ['id', 'title', 'query', 'org', 'actor', 'sector', 'country', 'dataType', 'minRecords', 'on', 'notify'] as const
const webhookKeys = ['type', 'url', 'format', 'secretEnv'] as const
const emailKeys = ['type', 'to', 'digest', 'digestAt'] as const
const smtpKeys = ['host', 'port', 'secure', 'user', 'passwordEnv', 'from'] as const
const alertKeys = ['maxPerHour', 'sendBacklog', 'timeoutSeconds'] as const
const idPattern = /^[a-z0-9][a-z0-9._-]{0,63}$/
const envPattern = /^[A-Za-z_][A-Za-z0-9_]*$/
// Deliberately loose: one @, something on each side, no spaces or angle brackets (SMTP says the rest).
const emailPattern = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/

export const defaultAlertSettings: Readonly<AlertSettings> = Object.freeze({
  smtp: null,
  maxPerHour: 20,
  sendBacklog: false,
  timeoutSeconds: 10,
})

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkKeys(value: Json, known: readonly string[], at: string, report: Report): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue
    const suggestion = suggestKey(key, known)
    report(
      `${at}.${key}`,
      suggestion === null ? `unknown key (known keys: ${known.join(', ')})` : `unknown key (did you mean "${suggestion}"?)`,
    )
  }
}

/** A string, or null / absent (null). */
function readNullableText(value: unknown, at: string, report: Report): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string' || value.trim() === '') {
    report(at, `expected a non-empty string or null, got ${describeValue(value)}`)
    return null
  }
  return value.trim()
}

function readUrl(value: unknown, at: string, report: Report): string | null {
  if (typeof value !== 'string') {
    report(at, value === undefined ? 'required' : `expected a URL string, got ${describeValue(value)}`)
    return null
  }
  try {
    const url = new URL(value.trim())
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href
    report(at, `expected an http or https URL, got ${JSON.stringify(url.protocol.replace(/:$/, ''))}`)
  } catch {
    report(at, 'not a URL')
  }
  return null
}

function readEnvName(value: unknown, at: string, report: Report): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string' || !envPattern.test(value)) {
    report(at, `expected the name of an environment variable (letters, digits, "_"), got ${describeValue(value)}`)
    return null
  }
  return value
}

function readChoice<T extends string>(value: unknown, choices: readonly T[], fallback: T, at: string, report: Report): T {
  if (value === undefined) return fallback
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T
  report(at, `expected ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${describeValue(value)}`)
  return fallback
}

/** settings.smtp and settings.alerts (the rest of settings is validate-config's). */
export function readAlertSettings(settings: unknown, report: Report): AlertSettings {
  const result: AlertSettings = { ...defaultAlertSettings }
  if (!isObject(settings)) return result
  const smtp = settings['smtp']
  if (smtp !== undefined && smtp !== null) result.smtp = readSmtp(smtp, 'settings.smtp', report)
  const alerts = settings['alerts']
  if (alerts === undefined) return result
  if (!isObject(alerts)) {
    report('settings.alerts', `expected an object, got ${describeValue(alerts)}`)
    return result
  }
  checkKeys(alerts, alertKeys, 'settings.alerts', report)
  const max = alerts['maxPerHour']
  if (max !== undefined) {
    if (typeof max === 'number' && Number.isInteger(max) && max >= 1 && max <= 10_000) result.maxPerHour = max
    else report('settings.alerts.maxPerHour', `expected an integer from 1 to 10000, got ${describeValue(max)}`)
  }
  const backlog = alerts['sendBacklog']
  if (backlog !== undefined) {
    if (typeof backlog === 'boolean') result.sendBacklog = backlog
    else report('settings.alerts.sendBacklog', `expected true or false, got ${describeValue(backlog)}`)
  }
  const timeout = alerts['timeoutSeconds']
  if (timeout !== undefined) {
    if (typeof timeout === 'number' && Number.isFinite(timeout) && timeout >= 0.1 && timeout <= 120) result.timeoutSeconds = timeout
    else report('settings.alerts.timeoutSeconds', `expected a number of seconds from 0.1 to 120, got ${describeValue(timeout)}`)
  }
  return result
}

function readSmtp(value: unknown, at: string, report: Report): SmtpSettings | null {
  if (!isObject(value)) {
    report(at, `expected an object with "host" and "from", got ${describeValue(value)}`)
    return null
  }
  const before = { count: 0 }
  const note: Report = (f, m) => {
    before.count++
    report(f, m)
  }
  checkKeys(value, smtpKeys, at, note)
  const host = value['host']
  if (typeof host !== 'string' || host.trim() === '')
    note(`${at}.host`, host === undefined ? 'required' : `expected a host name, got ${describeValue(host)}`)
  let secure = false
  if (value['secure'] !== undefined) {
    if (typeof value['secure'] === 'boolean') secure = value['secure']
    else note(`${at}.secure`, `expected true or false, got ${describeValue(value['secure'])}`)
  }
  let port = secure ? 465 : 587
  const rawPort = value['port']
  if (rawPort !== undefined) {
    if (typeof rawPort === 'number' && Number.isInteger(rawPort) && rawPort >= 1 && rawPort <= 65535) port = rawPort
    else note(`${at}.port`, `expected an integer from 1 to 65535, got ${describeValue(rawPort)}`)
  }
  const from = value['from']
  if (typeof from !== 'string' || !emailPattern.test(from.replace(/^.*<([^>]*)>\s*$/, '$1').trim())) {
    note(`${at}.from`, from === undefined ? 'required: the sender address' : `expected an email address, got ${describeValue(from)}`)
  }
  const user = readNullableText(value['user'], `${at}.user`, note)
  const passwordEnv = readEnvName(value['passwordEnv'], `${at}.passwordEnv`, note)
  if (before.count > 0 || typeof host !== 'string' || typeof from !== 'string') return null
  return { host: host.trim(), port, secure, user, passwordEnv, from: from.trim() }
}

/** feeds.json "watches": each watch, ids unique, email targets only with settings.smtp. */
export function readWatches(value: unknown, alerts: AlertSettings, smtpGiven: boolean, report: Report): Watch[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    report('watches', `expected an array, got ${describeValue(value)}`)
    return []
  }
  const watches: Watch[] = []
  const firstIndexOfId = new Map<string, number>()
  value.forEach((entry: unknown, index) => {
    const at = `watches[${index}]`
    const watch = readWatch(entry, at, report)
    if (watch === null) return
    const earlier = firstIndexOfId.get(watch.id)
    if (earlier !== undefined) {
      report(`${at}.id`, `duplicate id ${JSON.stringify(watch.id)} (also watches[${earlier}])`)
      return
    }
    firstIndexOfId.set(watch.id, index)
    watch.notify.forEach((target, i) => {
      // An invalid settings.smtp is reported there; only its absence is this target's problem.
      if (target.type === 'email' && alerts.smtp === null && !smtpGiven) {
        report(`${at}.notify[${i}]`, 'an email target needs settings.smtp (host, port, from)')
      }
    })
    watches.push(watch)
  })
  return watches
}

function readWatch(value: unknown, at: string, report: Report): Watch | null {
  if (!isObject(value)) {
    report(at, `expected an object with "id" and a "query" or a filter, got ${describeValue(value)}`)
    return null
  }
  let problems = 0
  const note: Report = (f, m) => {
    problems++
    report(f, m)
  }
  checkKeys(value, watchKeys, at, note)
  const id = value['id']
  if (id === undefined) note(`${at}.id`, 'required')
  else if (typeof id !== 'string' || !idPattern.test(id)) {
    note(`${at}.id`, `expected a slug (lowercase letters, digits, ".", "_", "-"; at most 64), got ${describeValue(id)}`)
  }
  const title = readNullableText(value['title'], `${at}.title`, note)
  const query = readNullableText(value['query'], `${at}.query`, note)
  if (query !== null && compileQuery(query) === null) note(`${at}.query`, `has no word to search for: ${describeValue(query)}`)
  const org = readNullableText(value['org'], `${at}.org`, note)
  const actor = readNullableText(value['actor'], `${at}.actor`, note)
  const sector = value['sector'] == null ? null : readChoice(value['sector'], SECTORS, 'other', `${at}.sector`, note)
  let country: string | null = null
  const rawCountry = value['country']
  if (rawCountry != null) {
    if (typeof rawCountry === 'string' && /^[A-Za-z]{2}$/.test(rawCountry)) country = rawCountry.toUpperCase()
    else note(`${at}.country`, `expected an ISO 3166-1 alpha-2 code ("US"), got ${describeValue(rawCountry)}`)
  }
  const dataType = value['dataType'] == null ? null : readChoice(value['dataType'], DATA_TYPES, 'contact', `${at}.dataType`, note)
  let minRecords: number | null = null
  const rawMin = value['minRecords']
  if (rawMin != null) {
    if (typeof rawMin === 'number' && Number.isInteger(rawMin) && rawMin >= 1) minRecords = rawMin
    else note(`${at}.minRecords`, `expected a positive integer, got ${describeValue(rawMin)}`)
  }
  const on = readChoice(value['on'], ['story', 'report'] as const, 'story', `${at}.on`, note)
  const notify = readTargets(value['notify'], `${at}.notify`, note)
  const filters = [query, org, actor, sector, country, dataType, minRecords]
  if (problems === 0 && filters.every((f) => f === null)) {
    note(at, 'needs a "query" or at least one filter (org, actor, sector, country, dataType, minRecords)')
  }
  if (problems > 0 || typeof id !== 'string') return null
  return { id, title: title ?? id, query, org, actor, sector, country, dataType, minRecords, on, notify }
}

function readTargets(value: unknown, at: string, report: Report): NotifyTarget[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    report(at, `expected an array of targets, got ${describeValue(value)}`)
    return []
  }
  const targets: NotifyTarget[] = []
  value.forEach((entry: unknown, i) => {
    const target = readTarget(entry, `${at}[${i}]`, report)
    if (target !== null) targets.push(target)
  })
  return targets
}

function readTarget(value: unknown, at: string, report: Report): NotifyTarget | null {
  if (!isObject(value)) {
    report(at, `expected an object with "type": "webhook" or "email", got ${describeValue(value)}`)
    return null
  }
  const type = value['type']
  if (type === 'webhook') {
    checkKeys(value, webhookKeys, at, report)
    const url = readUrl(value['url'], `${at}.url`, report)
    const format = readChoice(value['format'], ['json', 'slack', 'teams'] as const, 'json', `${at}.format`, report)
    const secretEnv = readEnvName(value['secretEnv'], `${at}.secretEnv`, report)
    if (url === null) return null
    return secretEnv === null ? { type, url, format } : { type, url, format, secretEnv }
  }
  if (type === 'email') {
    checkKeys(value, emailKeys, at, report)
    const to = value['to']
    const list = typeof to === 'string' ? [to] : to
    let ok = true
    if (!Array.isArray(list) || list.length === 0) {
      report(
        `${at}.to`,
        to === undefined ? 'required: a list of addresses' : `expected a list of email addresses, got ${describeValue(to)}`,
      )
      ok = false
    } else {
      list.forEach((address: unknown, i) => {
        if (typeof address !== 'string' || !emailPattern.test(address.trim())) {
          report(`${at}.to[${i}]`, `expected an email address, got ${describeValue(address)}`)
          ok = false
        }
      })
    }
    const digest = readChoice(value['digest'], ['immediate', 'daily'] as const, 'immediate', `${at}.digest`, report)
    let digestAt = '08:00'
    const rawAt = value['digestAt']
    if (rawAt !== undefined) {
      if (typeof rawAt === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(rawAt)) digestAt = rawAt
      else {
        report(`${at}.digestAt`, `expected a UTC time "HH:MM", got ${describeValue(rawAt)}`)
        ok = false
      }
    }
    if (!ok || !Array.isArray(list)) return null
    return { type, to: (list as string[]).map((a) => a.trim()), digest, digestAt }
  }
  report(`${at}.type`, type === undefined ? 'required: "webhook" or "email"' : `expected "webhook" or "email", got ${describeValue(type)}`)
  return null
}
