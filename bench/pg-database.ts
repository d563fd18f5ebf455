// A throwaway PostgreSQL database for a benchmark, on the server of BREACHWIRE_BENCH_DATABASE_URL
// (else BREACHWIRE_TEST_DATABASE_URL): created uniquely named, dropped afterwards. The database
// named in the URL itself is only used to connect. Without either variable the PG benches skip.
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface BenchDatabase {
  url: string
  drop(): Promise<void>
}

export function benchServerUrl(): string | undefined {
  return process.env['BREACHWIRE_BENCH_DATABASE_URL'] ?? process.env['BREACHWIRE_TEST_DATABASE_URL']
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

export async function createBenchDatabase(serverUrl: string, label: string): Promise<BenchDatabase> {
  const name = `bw_bench_${label}_${randomBytes(4).toString('hex')}`
  await admin(serverUrl, `create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(serverUrl, `drop database if exists ${name} with (force)`) }
}
