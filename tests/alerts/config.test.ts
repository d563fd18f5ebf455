// Watches in feeds.json: validation messages naming file, watch and field; and the watch
// command editing the file in place (format kept, validated before writing).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli.js'
import { parseConfigText, validateConfig } from '../../src/config/index.js'
import { writeTempConfig } from '../helpers/run-cli.js'
import { startReceiver } from './receiver.js'

function problems(raw: unknown): string[] {
  try {
    validateConfig(raw, 'feeds.json')
  } catch (err) {
    return (err as Error).message.split('\n')
  }
  return []
}

describe('watches in feeds.json', () => {
  it('fills in the defaults', () => {
    const config = validateConfig(
      { sources: [], watches: [{ id: 'acme', org: 'Acme Corp', notify: [{ type: 'webhook', url: 'https://hooks.example/x' }] }] },
      'feeds.json',
    )
    expect(config.watches).toEqual([
      {
        id: 'acme',
        title: 'acme',
        query: null,
        org: 'Acme Corp',
        actor: null,
        sector: null,
        country: null,
        dataType: null,
        minRecords: null,
        on: 'story',
        notify: [{ type: 'webhook', url: 'https://hooks.example/x', format: 'json' }],
      },
    ])
    expect(config.alerts).toEqual({ smtp: null, maxPerHour: 20, sendBacklog: false, timeoutSeconds: 10 })
  })

  it('names the file, the watch and the field of every problem', () => {
    expect(
      problems({
        settings: { smtp: { host: 'mail.example', port: 70000 }, alerts: { maxPerHour: 0, sendBacklgo: true } },
        sources: [],
        watches: [
          { id: 'Acme!', query: '""', on: 'always', sector: 'banks', country: 'USA', minRecords: -1 },
          { id: 'b', notify: [{ type: 'webhook', url: 'ftp://x' }, { type: 'email', to: ['not-an-address'] }, { type: 'pager' }] },
          { id: 'c', org: 'Acme', notify: [{ type: 'webhook', url: 'https://h.example/', secretEnv: 'has space' }] },
          { id: 'd', org: 'Acme' },
          { id: 'd', org: 'Acme' },
          { id: 'e', notify: [] },
        ],
      }),
    ).toEqual([
      'feeds.json: settings.smtp.port: expected an integer from 1 to 65535, got 70000',
      'feeds.json: settings.smtp.from: required: the sender address',
      'feeds.json: settings.alerts.sendBacklgo: unknown key (did you mean "sendBacklog"?)',
      'feeds.json: settings.alerts.maxPerHour: expected an integer from 1 to 10000, got 0',
      'feeds.json: watches[0].id: expected a slug (lowercase letters, digits, ".", "_", "-"; at most 64), got "Acme!"',
      'feeds.json: watches[0].query: has no word to search for: "\\"\\""',
      'feeds.json: watches[0].sector: expected "healthcare", "education", "government", "finance", "retail", "technology", "telecom", "energy", "manufacturing", "transportation", "hospitality", "legal", "nonprofit", "media", "other", got "banks"',
      'feeds.json: watches[0].country: expected an ISO 3166-1 alpha-2 code ("US"), got "USA"',
      'feeds.json: watches[0].minRecords: expected a positive integer, got -1',
      'feeds.json: watches[0].on: expected "story", "report", got "always"',
      'feeds.json: watches[1].notify[0].url: expected an http or https URL, got "ftp"',
      'feeds.json: watches[1].notify[1].to[0]: expected an email address, got "not-an-address"',
      'feeds.json: watches[1].notify[2].type: expected "webhook" or "email", got "pager"',
      'feeds.json: watches[2].notify[0].secretEnv: expected the name of an environment variable (letters, digits, "_"), got "has space"',
      'feeds.json: watches[4].id: duplicate id "d" (also watches[3])',
      'feeds.json: watches[5]: needs a "query" or at least one filter (org, actor, sector, country, dataType, minRecords)',
    ])
    expect(problems({ sources: [], watches: [{ id: 'm', query: 'x', notify: [{ type: 'email', to: ['a@b.example'] }] }] })).toEqual([
      'feeds.json: watches[0].notify[0]: an email target needs settings.smtp (host, port, from)',
    ])
  })
})

function io() {
  const out = { stdout: '', stderr: '' }
  return {
    out,
    io: {
      stdout: {
        write: (s: string) => {
          out.stdout += s
          return true
        },
      } as unknown as NodeJS.WriteStream,
      stderr: {
        write: (s: string) => {
          out.stderr += s
          return true
        },
      } as unknown as NodeJS.WriteStream,
      env: {},
    },
  }
}

describe('breachwire watch', () => {
  it('adds and removes watches, keeping the rest of the file as written', async () => {
    const original = '{\n    "sources": [\n        { "id": "a", "url": "https://a.example/feed" }\n    ]\n}\n'
    const file = writeTempConfig(original)
    const add = io()
    const code = await runCli(
      [
        'watch',
        'add',
        'acme',
        '--config',
        file,
        '--org',
        'Acme Corp',
        '--on',
        'report',
        '--webhook',
        'https://hooks.example/x',
        '--format',
        'slack',
        '--secret-env',
        'ACME_SECRET',
      ],
      add.io,
    )
    expect(add.out.stderr).toBe('')
    expect(code).toBe(0)
    const text = readFileSync(file, 'utf8')
    expect(text.startsWith('{\n    "sources": [\n        { "id": "a", "url": "https://a.example/feed" }\n    ],')).toBe(true)
    expect(parseConfigText(text, 'feeds.json').watches?.[0]).toMatchObject({
      id: 'acme',
      org: 'Acme Corp',
      on: 'report',
      notify: [{ type: 'webhook', url: 'https://hooks.example/x', format: 'slack', secretEnv: 'ACME_SECRET' }],
    })

    const bad = io()
    expect(await runCli(['watch', 'add', 'x', '--config', file, '--sector', 'banks'], bad.io)).toBe(1)
    expect(bad.out.stderr).toContain('watches[1].sector: expected "healthcare"')
    expect(readFileSync(file, 'utf8')).toBe(text)
    const twice = io()
    expect(await runCli(['watch', 'add', 'acme', '--config', file, '--query', 'acme'], twice.io)).toBe(1)
    expect(twice.out.stderr).toContain('already has a watch "acme"')

    const list = io()
    expect(await runCli(['watch', 'list', '--config', file, '--db', `${file}.db`], list.io)).toBe(0)
    expect(list.out.stdout).toContain('acme  acme\n  matches org "Acme Corp" (once per report)\n  notifies webhook https://hooks.example/x')
    expect(list.out.stdout).toContain('0 matched, 0 sent, 0 pending, 0 failed')

    expect(await runCli(['watch', 'remove', 'acme', '--config', file], io().io)).toBe(0)
    expect(parseConfigText(readFileSync(file, 'utf8'), 'feeds.json').watches).toEqual([])
    const missing = io()
    expect(await runCli(['watch', 'remove', 'acme', '--config', file], missing.io)).toBe(1)
    expect(missing.out.stderr).toContain('has no watch "acme"')
  })

  it('test sends one sample to each target and says how each went', async () => {
    const receiver = await startReceiver('test-secret')
    process.env['BW_TEST_WATCH_SECRET'] = 'test-secret'
    try {
      const file = writeTempConfig(
        JSON.stringify({
          settings: { allowPrivateNetworks: true, alerts: { timeoutSeconds: 2 } },
          sources: [],
          watches: [
            {
              id: 'acme',
              org: 'Acme Corp',
              notify: [
                { type: 'webhook', url: receiver.url, format: 'teams', secretEnv: 'BW_TEST_WATCH_SECRET' },
                { type: 'webhook', url: 'http://127.0.0.1:9/down' },
              ],
            },
          ],
        }),
      )
      const run = io()
      expect(await runCli(['watch', 'test', 'acme', '--config', file, '--db', `${file}.db`], run.io)).toBe(2)
      expect(run.out.stdout).toContain(`webhook ${receiver.url}: ok`)
      expect(run.out.stdout).toMatch(/webhook http:\/\/127\.0\.0\.1:9\/down: failed: webhook: .*ECONNREFUSED/)
      expect(receiver.accepted).toHaveLength(1)
      expect(receiver.accepted[0]).toMatchObject({ event: 'watch.test', signatureValid: true })
      expect(receiver.accepted[0]?.body).toMatchObject({ '@type': 'MessageCard', title: 'acme: Test alert for the watch "acme"' })
    } finally {
      delete process.env['BW_TEST_WATCH_SECRET']
      await receiver.close()
    }
  })
})
