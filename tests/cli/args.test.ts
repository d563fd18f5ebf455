// The CLI's argument handling in-process (runCli from src/cli.ts with captured streams):
// usage, unknown commands and flags, --help, and flags > env > defaults.
import { describe, expect, it } from 'vitest'
import { resolveSettings, runCli } from '../../src/cli.js'

function capture(): { stream: NodeJS.WritableStream; text: () => string } {
  let text = ''
  const stream = {
    write: (chunk: string) => {
      text += chunk
      return true
    },
  } as unknown as NodeJS.WritableStream
  return { stream, text: () => text }
}

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = capture()
  const err = capture()
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env })
  return { code, stdout: out.text(), stderr: err.text() }
}

describe('runCli', () => {
  it('no command: usage on stderr, exit 1; --help: usage on stdout, exit 0', async () => {
    const none = await run([])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('breachwire start [--config F] [--db F] [--port N] [--host H]')
    expect(none.stderr).toContain('breachwire sources [--config F] [--db F] [--json]')
    const help = await run(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toBe(none.stderr)
  })

  it('unknown command or flag: exit 1 with the usage', async () => {
    const unknown = await run(['fetch-everything'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/^breachwire: unknown command "fetch-everything"\n\nusage:\n/)
    const flag = await run(['poll', '--verbose'])
    expect(flag.code).toBe(1)
    expect(flag.stderr).toBe(
      "breachwire poll: Unknown option '--verbose'\n\nusage: breachwire poll [--config F] [--db F] [--source ID]... [--log-format human|json]\n",
    )
    const positional = await run(['sources', 'extra'])
    expect(positional.code).toBe(1)
    expect(positional.stderr).toContain("Unexpected argument 'extra'")
    const proto = await run(['__proto__'])
    expect(proto.code).toBe(1)
  })

  it('each command has --help', async () => {
    for (const name of ['start', 'poll', 'serve', 'sources']) {
      const help = await run([name, '--help'])
      expect(help.code).toBe(0)
      expect(help.stdout).toMatch(new RegExp(`^usage: breachwire ${name} \\[--config F\\] \\[--db F\\]`))
    }
  })

  it('a bad port is refused before anything runs', async () => {
    const bad = await run(['serve', '--port', 'http'])
    expect(bad).toEqual({ code: 1, stdout: '', stderr: 'breachwire serve: --port: expected a port number from 0 to 65535, got "http"\n' })
    const badEnv = await run(['start'], { PORT: '70000' })
    expect(badEnv.stderr).toBe('breachwire start: PORT: expected a port number from 0 to 65535, got "70000"\n')
  })

  it('an empty flag value is refused, never read as "use the default"', async () => {
    const db = await run(['poll', '--db', ''])
    expect(db).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^breachwire poll: --db: empty value\n\nusage: breachwire poll /),
    })
    expect((await run(['sources', '--config=  '])).stderr).toMatch(/^breachwire sources: --config: empty value\n/)
    expect((await run(['poll', '--source', 'a', '--source', ''])).stderr).toMatch(/^breachwire poll: --source: empty value\n/)
    expect((await run(['serve', '--host', ''])).stderr).toMatch(/^breachwire serve: --host: empty value\n/)
  })

  it('a bad log format is refused before anything runs', async () => {
    const bad = await run(['poll', '--log-format', 'pretty'])
    expect(bad).toEqual({ code: 1, stdout: '', stderr: 'breachwire poll: --log-format: expected "human" or "json", got "pretty"\n' })
    const badEnv = await run(['serve'], { BREACHWIRE_LOG_FORMAT: 'yaml' })
    expect(badEnv.stderr).toBe('breachwire serve: BREACHWIRE_LOG_FORMAT: expected "human" or "json", got "yaml"\n')
  })

  it('a missing config file: exit 1 naming it', async () => {
    const missing = await run(['poll', '--config', '/nonexistent/feeds.json'])
    expect(missing).toEqual({ code: 1, stdout: '', stderr: '/nonexistent/feeds.json: file not found\n' })
  })
})

describe('resolveSettings: flags > env > defaults', () => {
  const cases: [string, Record<string, string>, Record<string, string>, boolean, ReturnType<typeof resolveSettings>][] = [
    ['defaults', {}, {}, true, { configPath: './feeds.json', dbPath: './data/breachwire.db', port: 3000, host: '127.0.0.1' }],
    [
      'env',
      {},
      { BREACHWIRE_CONFIG: 'e.json', BREACHWIRE_DB: 'e.db', PORT: '8080', HOST: '0.0.0.0' },
      true,
      { configPath: 'e.json', dbPath: 'e.db', port: 8080, host: '0.0.0.0' },
    ],
    [
      'flags beat env',
      { config: 'f.json', db: 'f.db', port: '9000', host: '::1' },
      { BREACHWIRE_CONFIG: 'e.json', BREACHWIRE_DB: 'e.db', PORT: '8080', HOST: '0.0.0.0' },
      true,
      { configPath: 'f.json', dbPath: 'f.db', port: 9000, host: '::1' },
    ],
    [
      'empty env is unset',
      {},
      { BREACHWIRE_CONFIG: '', PORT: ' ' },
      true,
      { configPath: './feeds.json', dbPath: './data/breachwire.db', port: 3000, host: '127.0.0.1' },
    ],
    [
      'PORT ignored by commands without --port',
      {},
      { PORT: 'junk', HOST: 'x' },
      false,
      { configPath: './feeds.json', dbPath: './data/breachwire.db', port: 3000, host: '127.0.0.1' },
    ],
    ['port 0 allowed', { port: '0' }, {}, true, { configPath: './feeds.json', dbPath: './data/breachwire.db', port: 0, host: '127.0.0.1' }],
    [
      'database URL from env',
      {},
      { BREACHWIRE_DATABASE_URL: ' postgres://u@h/db ' },
      false,
      { configPath: './feeds.json', dbPath: './data/breachwire.db', databaseUrl: 'postgres://u@h/db', port: 3000, host: '127.0.0.1' },
    ],
    [
      '--database-url beats env',
      { 'database-url': 'postgresql://f@h/db' },
      { BREACHWIRE_DATABASE_URL: 'postgres://e@h/db' },
      false,
      { configPath: './feeds.json', dbPath: './data/breachwire.db', databaseUrl: 'postgresql://f@h/db', port: 3000, host: '127.0.0.1' },
    ],
    [
      'a database URL that is not postgres',
      { 'database-url': 'mysql://x@h/db' },
      {},
      false,
      '--database-url: expected a postgres:// or postgresql:// URL, got "mysql://x@h/db"',
    ],
    [
      'the same from env',
      {},
      { BREACHWIRE_DATABASE_URL: 'data/x.db' },
      false,
      'BREACHWIRE_DATABASE_URL: expected a postgres:// or postgresql:// URL, got "data/x.db"',
    ],
  ]
  it.each(cases)('%s', (_name, values, env, needsPort, expected) => {
    expect(resolveSettings(values, env, needsPort)).toEqual(expected)
  })
})
