// A PostgreSQL server for a test file, with throwaway databases on it.
// - BREACHWIRE_TEST_DATABASE_URL set: databases are created (uniquely named) on that server and
//   dropped afterwards; the database in the URL itself is never touched.
// - else Debian's binaries: a throwaway cluster in a temp dir (initdb refuses root, so as the
//   postgres user via runuser), listening on 127.0.0.1 and a free port, its socket in the temp dir.
// - else the group is skipped (and fails under CI=true): tests/helpers/tools.ts decides.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { probePostgres, requireTools } from './tools.js'

export interface TestPostgres {
  /** Creates an empty database and returns its URL; dropped by stop(). */
  createDatabase(): Promise<string>
  /** Empties every table of the store (ids restart at 1) but keeps the schema and the change counter. */
  truncateStore(url: string): Promise<void>
  stop(): Promise<void>
}

/** The server for this file, or undefined when the group is skipped (see tools.ts). */
export async function startTestPostgres(group: string): Promise<TestPostgres | undefined> {
  if (!(await requireTools(group, ['postgres']))) return undefined
  const probe = await probePostgres()
  if (probe.kind === 'missing') return undefined
  if (probe.kind === 'url') return onServer(probe.url, async () => {})
  const cluster = await startCluster(probe.binDir)
  return onServer(cluster.url, cluster.stop)
}

function onServer(adminUrl: string, stopServer: () => Promise<void>): TestPostgres {
  const created: string[] = []
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>, url = adminUrl): Promise<T> => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      return await fn(client)
    } finally {
      await client.end()
    }
  }
  return {
    async createDatabase() {
      const name = `bw_test_${process.pid}_${randomBytes(4).toString('hex')}`
      await admin((c) => c.query(`create database ${name}`))
      created.push(name)
      const url = new URL(adminUrl)
      url.pathname = `/${name}`
      return url.toString()
    },
    async truncateStore(url) {
      await admin(async (c) => {
        const tables = await c.query<{ name: string }>(
          `select quote_ident(tablename) as name from pg_tables
           where schemaname = current_schema() and tablename not in ('schema_migrations', 'store_changes')`,
        )
        if (tables.rows.length > 0) await c.query(`truncate ${tables.rows.map((t) => t.name).join(', ')} restart identity cascade`)
      }, url)
    },
    async stop() {
      try {
        for (const name of created.splice(0)) await admin((c) => c.query(`drop database if exists ${name} with (force)`))
      } finally {
        await stopServer()
      }
    },
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** Runs a PostgreSQL binary, as the postgres user when we are root (initdb and postgres refuse root). */
function runPg(binDir: string, program: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir, program), ...args]] : [join(binDir, program), args]
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 })
  if (result.status !== 0)
    throw new Error(`${program} failed (${result.status}): ${result.stderr || result.stdout || result.error?.message}`)
}

async function startCluster(binDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-pg-'))
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim())
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim())
    chownSync(dir, uid, gid)
  }
  chmodSync(dir, 0o700)
  const data = join(dir, 'data')
  const port = await freePort()
  try {
    runPg(binDir, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
    // fsync off: a test cluster that crashes is thrown away anyway.
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
    runPg(binDir, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start'])
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        runPg(binDir, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
