import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { log, resolveLogFormat, setLogFormat, setLogLevel, setLogSink } from '../../src/lib/log.js'

describe('log formats', () => {
  let lines: string[]
  let previous: (line: string) => void
  beforeEach(() => {
    lines = []
    previous = setLogSink((line) => lines.push(line))
    setLogLevel('info')
  })
  afterEach(() => {
    setLogSink(previous)
    setLogFormat('json')
    setLogLevel('silent')
  })

  it('json: one object per line with time, level, msg and the fields', () => {
    setLogFormat('json')
    log.warn('Source poll failed', { source_id: 'a', status: null }, 'a  failed: fetch: no')
    const entry = JSON.parse(lines[0] as string) as Record<string, unknown>
    expect(entry).toMatchObject({ level: 'warn', msg: 'Source poll failed', source_id: 'a', status: null })
    expect(Date.parse(entry['time'] as string)).not.toBeNaN()
  })

  it('human: time, level and the short line; without one, msg and key=value fields (nulls left out, spaces quoted)', () => {
    setLogFormat('human')
    log.warn('Source poll failed', { source_id: 'a' }, 'a  failed: fetch: no')
    log.info('Listening', { url: 'http://127.0.0.1:3000', note: 'two words', gone: null, n: 3 })
    log.debug('not shown at info')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d WARN {2}a {2}failed: fetch: no$/)
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d INFO {2}Listening url=http:\/\/127\.0\.0\.1:3000 note="two words" n=3$/)
  })
})

describe('resolveLogFormat', () => {
  it.each([
    ['flag wins over env and terminal', 'json', 'human', true, { format: 'json' }],
    ['env wins over the terminal', undefined, 'json', true, { format: 'json' }],
    ['human on a terminal', undefined, undefined, true, { format: 'human' }],
    ['json when stderr is not a terminal', undefined, '  ', false, { format: 'json' }],
    ['a bad flag', 'pretty', undefined, true, { error: '--log-format: expected "human" or "json", got "pretty"' }],
    ['a bad env value', undefined, 'yaml', false, { error: 'BREACHWIRE_LOG_FORMAT: expected "human" or "json", got "yaml"' }],
  ] as const)('%s', (_name, flag, env, terminal, expected) => {
    expect(resolveLogFormat(flag, env, terminal)).toEqual(expected)
  })
})
