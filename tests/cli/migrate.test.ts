// Engine selection and `breachwire migrate`, in-process through runCli: SQLite by default (the
// --db file), PostgreSQL with --database-url or BREACHWIRE_DATABASE_URL; migrate prints the schema
// versions; poll, serve and sources refuse a schema newer than they know, with the engine's message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli.js'
import { migrations } from '../../src/store/migrations.js'
import { pgMigrations } from '../../src/store/postgres/index.js'
import { startTestPostgres } from '../helpers/postgres.js'

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
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: { BREACHWIRE_LOG: 'silent', ...env } })
  return { code, stdout: out.text(), stderr: err.text() }
}

let dir = ''
let config = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'breachwire-migrate-'))
  config = join(dir, 'feeds.json')
  // One source on a loopback address, which the fetcher refuses (private networks are off):
  // poll opens the store, records the failure there and exits 2, touching no network.
  writeFileSync(config, JSON.stringify({ sources: [{ id: 'a', url: 'http://127.0.0.1:9/feed.xml' }] }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('breachwire migrate on SQLite', () => {
  it('creates and migrates the --db file, then says it is current', async () => {
    const db = join(dir, 'fresh.db')
    expect(await run(['migrate', '--db', db])).toEqual({
      code: 0,
      stdout: `breachwire migrate: SQLite ${db}: schema version 0 -> ${migrations.length}\n`,
      stderr: '',
    })
    expect(await run(['migrate', '--db', db])).toEqual({
      code: 0,
      stdout: `breachwire migrate: SQLite ${db}: already at schema version ${migrations.length}\n`,
      stderr: '',
    })
  })

  it('refuses a newer schema in migrate, poll, serve and sources', async () => {
    const db = join(dir, 'newer.db')
    await run(['migrate', '--db', db])
    const raw = new Database(db)
    raw.pragma(`user_version = ${migrations.length + 4}`)
    raw.close()
    const message = `store: the database schema is version ${migrations.length + 4}, newer than this breachwire knows (${migrations.length}); upgrade breachwire\n`
    for (const command of ['migrate', 'poll', 'serve', 'sources']) {
      expect(await run([command, '--config', config, '--db', db]), command).toEqual({
        code: 1,
        stdout: '',
        stderr: `breachwire ${command}: ${message}`,
      })
    }
  })

  it('rejects a database URL that is not PostgreSQL before opening anything', async () => {
    expect(await run(['migrate', '--database-url', 'sqlite:///x.db'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'breachwire migrate: --database-url: expected a postgres:// or postgresql:// URL, got "sqlite:///x.db"\n',
    })
  })
})

const server = await startTestPostgres('breachwire migrate on PostgreSQL')

describe.skipIf(server === undefined)('breachwire migrate on PostgreSQL', () => {
  afterAll(async () => server?.stop())

  it('migrates the database of BREACHWIRE_DATABASE_URL (and --database-url wins over it), poll then uses it', async () => {
    const url = await server!.createDatabase()
    expect(await run(['migrate'], { BREACHWIRE_DATABASE_URL: url })).toEqual({
      code: 0,
      stdout: `breachwire migrate: PostgreSQL: schema version 0 -> ${pgMigrations.length}\n`,
      stderr: '',
    })
    const other = await server!.createDatabase()
    expect((await run(['migrate', '--database-url', other], { BREACHWIRE_DATABASE_URL: url })).stdout).toBe(
      `breachwire migrate: PostgreSQL: schema version 0 -> ${pgMigrations.length}\n`,
    )
    // poll records the source's failure in PostgreSQL, and sources reads it back from there.
    expect((await run(['poll', '--config', config, '--database-url', url])).code).toBe(2)
    const sources = await run(['sources', '--config', config, '--json', '--database-url', url])
    expect(sources.code).toBe(0)
    expect(JSON.parse(sources.stdout)).toEqual([
      expect.objectContaining({ id: 'a', consecutiveFailures: 1, lastError: expect.any(String) }),
    ])
  })

  it('refuses a newer schema in migrate, poll, serve and sources', async () => {
    const url = await server!.createDatabase()
    await run(['migrate', '--database-url', url])
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await client.query(`insert into schema_migrations (version, name) values (${pgMigrations.length + 6}, 'm_from_the_future')`)
    } finally {
      await client.end()
    }
    const message = `store: the database schema is version ${pgMigrations.length + 6}, newer than this breachwire knows (${pgMigrations.length}); upgrade breachwire\n`
    for (const command of ['migrate', 'poll', 'serve', 'sources']) {
      expect(await run([command, '--config', config, '--database-url', url]), command).toEqual({
        code: 1,
        stdout: '',
        stderr: `breachwire ${command}: ${message}`,
      })
    }
  })
})
