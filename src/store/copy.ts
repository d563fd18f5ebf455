// `breachwire copy`: moves an install from its SQLite file to an empty PostgreSQL database, ids
// kept. Every SQLite table is copied except what PostgreSQL derives (the FTS5 index, SQLite's
// own bookkeeping), in an order that satisfies the foreign keys, each in rowid order (so the
// generated ids of item_categories and item_links keep the written order), inside ONE
// transaction: a failed copy leaves the target empty. Columns are matched by name; a SQLite
// column with no PostgreSQL column is an error rather than silent loss. Afterwards the identity
// sequences continue past the copied ids (past SQLite's AUTOINCREMENT counters too, so ids of
// deleted rows are never handed out again), and both sides are counted table by table.
import pg from 'pg'
import { StoreError } from '../errors.js'
import type { Db } from './context.js'
import { openDatabase } from './open.js'
import { migrate } from './postgres/migrations.js'
import { withStoreErrors as guard } from './postgres/pg-errors.js'
import { SEARCH_EXTRA_SQL } from './postgres/search-index.js'

export interface CopyCount {
  table: string
  sqlite: number
  postgres: number
}

/** Parents before children; tables not listed here (added by later migrations) follow in name order. */
const tableOrder = [
  'sources',
  'stories',
  'items',
  'item_categories',
  'tombstones',
  'story_members',
  'item_links',
  'item_evidence',
  'item_tokens',
]

/** SQLite columns that only serve SQLite (item_evidence.revision keys a per-connection cache). */
const sqliteOnlyColumns = new Set(['item_evidence.revision'])

/** Tables PostgreSQL has that must be empty before a copy (the rest are derived or bookkeeping). */
const mustBeEmpty = ['sources', 'stories', 'items', 'tombstones']

/** Rows per insert statement: well under PostgreSQL's 65535 bound parameters for the widest table. */
const batchRows = 500

interface PgColumn {
  name: string
  /** 'boolean', 'ARRAY', 'bigint', 'text', … (information_schema data_type). */
  type: string
  identity: boolean
}

/** Copies the SQLite file at `from` into the PostgreSQL database at `to` (migrated first) and resolves to the verified counts. */
export async function copySqliteToPostgres(from: string, to: string): Promise<CopyCount[]> {
  const db = openDatabase(from, { readonly: true })
  const pool = new pg.Pool({ connectionString: to, max: 1, application_name: 'breachwire copy' })
  pool.on('error', () => {})
  try {
    await guard(() => migrate(pool))
    const tables = listSqliteTables(db)
    const client = await guard(() => pool.connect())
    try {
      await guard(async () => {
        await client.query('begin')
        await refuseNonEmpty(client)
        for (const table of tables) await copyTable(db, client, table)
        await continueSequences(db, client, tables)
        // search_extra has no SQLite counterpart: derive it, as the store does when it writes an item.
        await client.query(`update items i set search_extra = ${SEARCH_EXTRA_SQL}`)
        // Stores listening elsewhere see one change (their caches start over).
        await client.query(
          `with bumped as (update store_changes set generation = generation + 1 returning generation)
           select pg_notify('breachwire_changes', generation::text) from bumped`,
        )
        await client.query('commit')
      }).catch(async (err: unknown) => {
        await client.query('rollback').catch(() => {})
        throw err
      })
      return await guard(() => countBoth(db, client, tables))
    } finally {
      client.release()
    }
  } finally {
    db.close()
    await pool.end().catch(() => {})
  }
}

function listSqliteTables(db: Db): string[] {
  const names = (
    db
      .prepare(
        `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'items_fts%' order by name`,
      )
      .all() as { name: string }[]
  ).map((row) => row.name)
  const known = tableOrder.filter((name) => names.includes(name))
  return [...known, ...names.filter((name) => !tableOrder.includes(name))]
}

async function refuseNonEmpty(client: pg.PoolClient): Promise<void> {
  const counts: string[] = []
  for (const table of mustBeEmpty) {
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${table}`)
    const n = Number(rows[0]?.n ?? 0)
    if (n > 0) counts.push(`${n} ${table}`)
  }
  if (counts.length > 0) {
    throw new StoreError('other', `store: the target database is not empty (${counts.join(', ')}); copy into a new, empty database`)
  }
}

async function pgColumns(client: pg.PoolClient, table: string): Promise<Map<string, PgColumn>> {
  const { rows } = await client.query<{ column_name: string; data_type: string; is_identity: string; is_generated: string }>(
    `select column_name, data_type, is_identity, is_generated from information_schema.columns
     where table_schema = current_schema() and table_name = $1`,
    [table],
  )
  if (rows.length === 0) throw new StoreError('other', `store: table ${table} has no counterpart in the PostgreSQL schema`)
  const columns = new Map<string, PgColumn>()
  for (const row of rows) {
    if (row.is_generated !== 'NEVER') continue
    columns.set(row.column_name, { name: row.column_name, type: row.data_type, identity: row.is_identity === 'YES' })
  }
  return columns
}

function sqliteColumns(db: Db, table: string): string[] {
  return (db.prepare(`select name from pragma_table_info(?) order by cid`).all(table) as { name: string }[]).map((row) => row.name)
}

/** A SQLite value as its PostgreSQL column takes it: 0/1 as booleans, JSON arrays as arrays. */
function convert(value: unknown, column: PgColumn): unknown {
  if (value === null || value === undefined) return null
  if (column.type === 'boolean') return value === 1 || value === 1n || value === true
  if (column.type === 'ARRAY' && typeof value === 'string') return JSON.parse(value) as unknown
  return value
}

async function copyTable(db: Db, client: pg.PoolClient, table: string): Promise<void> {
  const target = await pgColumns(client, table)
  const columns: PgColumn[] = []
  for (const name of sqliteColumns(db, table)) {
    const column = target.get(name)
    if (column !== undefined) columns.push(column)
    else if (!sqliteOnlyColumns.has(`${table}.${name}`)) {
      throw new StoreError('other', `store: column ${table}.${name} has no counterpart in the PostgreSQL schema; nothing was copied`)
    }
  }
  const overriding = columns.some((c) => c.identity) ? ' overriding system value' : ''
  const names = columns.map((c) => `"${c.name}"`).join(', ')
  // WITHOUT ROWID tables (tombstones, item_tokens) have no rowid: their key order is as stable.
  const order = hasRowid(db, table) ? 'rowid' : '1'
  const select = db.prepare(`select ${columns.map((c) => `"${c.name}"`).join(', ')} from "${table}" order by ${order}`).raw(true)
  let batch: unknown[][] = []
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return
    const values: unknown[] = []
    const placeholder = (value: unknown, i: number): string => {
      values.push(convert(value, columns[i] as PgColumn))
      return `$${values.length}`
    }
    const tuples = batch.map((row) => `(${row.map(placeholder).join(', ')})`)
    await client.query(`insert into ${table} (${names})${overriding} values ${tuples.join(', ')}`, values)
    batch = []
  }
  for (const row of select.iterate() as IterableIterator<unknown[]>) {
    batch.push(row)
    if (batch.length >= batchRows) await flush()
  }
  await flush()
}

function hasRowid(db: Db, table: string): boolean {
  const sql =
    (db.prepare(`select sql from sqlite_master where type = 'table' and name = ?`).get(table) as { sql: string } | undefined)?.sql ?? ''
  return !/without\s+rowid/i.test(sql)
}

/** Every identity sequence of a copied table continues after the larger of its max id and SQLite's AUTOINCREMENT counter. */
async function continueSequences(db: Db, client: pg.PoolClient, tables: string[]): Promise<void> {
  const counters = new Map(
    (db.prepare(`select name, seq from sqlite_sequence`).all() as { name: string; seq: number }[]).map((row) => [
      row.name,
      Number(row.seq),
    ]),
  )
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns
     where table_schema = current_schema() and is_identity = 'YES' and table_name = any($1::text[])`,
    [tables],
  )
  for (const { table_name: table, column_name: column } of rows) {
    const { rows: max } = await client.query<{ n: string | null }>(`select max("${column}") as n from ${table}`)
    const next = Math.max(Number(max[0]?.n ?? 0), counters.get(table) ?? 0) + 1
    await client.query(`select setval(pg_get_serial_sequence($1, $2), $3, false)`, [table, column, next])
  }
}

async function countBoth(db: Db, client: pg.PoolClient, tables: string[]): Promise<CopyCount[]> {
  const counts: CopyCount[] = []
  for (const table of tables) {
    const sqlite = Number((db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n)
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${table}`)
    counts.push({ table, sqlite, postgres: Number(rows[0]?.n ?? 0) })
  }
  return counts
}
