// What every PostgreSQL store file works with: a way to run a statement and a way to write.
// Statements are named after a hash of their text, so pg prepares each shape once per connection
// and later calls only bind and execute (the dynamic filters have a handful of shapes).
//
// Write transactions start by bumping the one-row change counter. That row lock is held to the
// commit, so writers queue one behind the other, as they do on SQLite (one writer at a time),
// and every statement of a write sees the rows the previous writer committed. The bump also
// queues NOTIFY breachwire_changes, which PostgreSQL delivers on commit (see generation.ts).
//
// Within one process, writes also queue in memory (FIFO, write-lock.ts) before they take a
// connection: only one transaction per process waits on the counter row at a time. Without it a
// poller with 16 polls finishing at once parked 16 connections on that row lock, and under load
// the last ones ran past lock_timeout ('busy') although nothing was wrong.
import { createHash } from 'node:crypto'
import type pg from 'pg'
import { createWriteLock } from '../write-lock.js'

export interface PgContext {
  /** Runs one statement with positional parameters ($1…) and resolves to its rows. */
  query<R>(sql: string, values?: readonly unknown[]): Promise<R[]>
  /** Runs fn in a write transaction (joining the open one) that bumps the change counter. */
  write<T>(fn: (ctx: PgContext) => Promise<T>): Promise<T>
  /** true on a transaction's connection. */
  readonly inTransaction: boolean
}

export const CHANGES_CHANNEL = 'breachwire_changes'

const names = new Map<string, string>()

function statementName(sql: string): string {
  let name = names.get(sql)
  if (name === undefined) {
    name = `bw_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`
    names.set(sql, name)
  }
  return name
}

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>

async function run<R>(target: Queryable, sql: string, values: readonly unknown[] = []): Promise<R[]> {
  const result = await (target as pg.Pool).query({ name: statementName(sql), text: sql, values: values as unknown[] })
  return result.rows as R[]
}

const bumpSql = `with bumped as (update store_changes set generation = generation + 1 returning generation)
                 select generation, pg_notify('${CHANGES_CHANNEL}', generation::text) from bumped`

/** The context of a pool: each statement on whichever connection is free; writes on one of their own. */
export function createPoolContext(pool: pg.Pool, onCommit: (generation: number) => void): PgContext {
  const writeLock = createWriteLock()
  return {
    inTransaction: false,
    query: (sql, values) => run(pool, sql, values),
    async write(fn) {
      const unlock = await writeLock.acquire()
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (err) {
        unlock()
        throw err
      }
      let broken: Error | undefined
      // The server may end the session mid-transaction (idle_in_transaction_session_timeout after
      // a pause, a restart): pg emits that on the checked-out client, and unheard it would crash
      // the process. The transaction's next statement fails with it instead.
      const onError = (err: Error): void => {
        broken = err
      }
      client.on('error', onError)
      try {
        await client.query('begin')
        const [row] = await run<{ generation: number }>(client, bumpSql)
        const result = await fn(createClientContext(client))
        await client.query('commit')
        if (row !== undefined) onCommit(row.generation)
        return result
      } catch (err) {
        try {
          await client.query('rollback')
        } catch (rollbackErr) {
          // The connection is unusable: the pool must drop it rather than hand it out again.
          broken = rollbackErr as Error
        }
        throw err
      } finally {
        client.off('error', onError)
        client.release(broken)
        unlock()
      }
    },
  }
}

/** The context of a transaction's connection: writes join the open transaction. */
function createClientContext(client: pg.PoolClient): PgContext {
  const ctx: PgContext = {
    inTransaction: true,
    query: (sql, values) => run(client, sql, values),
    write: (fn) => fn(ctx),
  }
  return ctx
}
