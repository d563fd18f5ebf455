// Poller leases: several `start --role poller` processes on one database share the sources.
// A claim runs in its own transaction under an advisory lock (claimers queue, so the per-host
// counts they read are exact), takes the due rows with FOR UPDATE SKIP LOCKED (a row some write
// holds is skipped, not waited for), and stamps each with lease_until (the database's clock) and
// the next lease_token. Claims do not bump the change counter: nothing a reader sees changed.
//
// Fencing: a leased poll writes through fenced(lease), whose every write transaction, after the
// counter bump that serializes writers, locks the source row and compares its token. A poller
// that was paused past its lease while another claimed the source finds a newer token and its
// writes are refused (StoreError 'fenced'): it can never overwrite the newer poll's state. A
// poller that dies (or is paused) stops renewing: its sources are due again when lease_until passes.
//
// Renewal (the scheduler's heartbeat, src/poller/lease-heartbeat.ts) moves lease_until only while
// the token is still the holder's, so a healthy slow poll keeps its sources and a lease taken over
// stays taken. It skips rows a write has locked rather than wait (a renewal never queues behind
// a writer or deadlocks with one); those are renewed on the next beat.
import type pg from 'pg'
import { StoreError } from '../../errors.js'
import type { SourceLease, SourceLeases, Store } from '../../types.js'
import type { PgContext } from './context.js'
import { withStoreErrors as guard } from './pg-errors.js'

/** Key of pg_advisory_xact_lock held by a claim ("bwls" in ASCII). */
const CLAIM_LOCK_KEY = 0x62776c73

/** The host a source is fetched from, as the per-host limit counts it (lower-cased, no port). */
const hostOf = `lower(substring(fetch_url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/]*@)?([^/:?#]+)'))`

interface LeaseRow {
  id: string
  lease_token: number
  lease_until: Date
}

export function createLeases(pool: pg.Pool, ctx: PgContext, build: (ctx: PgContext) => Store): SourceLeases {
  return {
    claim: (request) => guard(() => claim(pool, request)),
    fenced: (lease) => build(fencedContext(ctx, lease)),
    release: (lease) =>
      guard(async () => {
        await ctx.query('update sources set lease_until = null where id = $1 and lease_token = $2', [lease.sourceId, lease.token])
      }),
    renew: (held, leaseMs) => guard(() => renew(ctx, held, leaseMs)),
  }
}

const renewLeases = `
  with held as (select * from unnest($1::text[], $2::bigint[]) as h (id, token)),
  renewed as (
    update sources set lease_until = now() + make_interval(secs => $3::double precision / 1000)
    where id in (select s.id from sources s join held h on s.id = h.id and s.lease_token = h.token for update of s skip locked)
    returning id, lease_until)
  select h.id, h.token, s.lease_token is distinct from h.token as lost, r.lease_until
  from held h left join sources s on s.id = h.id left join renewed r on r.id = h.id`

async function renew(ctx: PgContext, held: SourceLease[], leaseMs: number): Promise<{ renewed: SourceLease[]; lost: SourceLease[] }> {
  const renewed: SourceLease[] = []
  const lost: SourceLease[] = []
  if (held.length === 0) return { renewed, lost }
  const byId = new Map(held.map((l) => [l.sourceId, l]))
  const rows = await ctx.query<{ id: string; token: number; lost: boolean; lease_until: Date | null }>(renewLeases, [
    held.map((l) => l.sourceId),
    held.map((l) => l.token),
    leaseMs,
  ])
  for (const row of rows) {
    if (row.lost) lost.push(byId.get(row.id)!)
    else if (row.lease_until !== null) renewed.push({ sourceId: row.id, token: row.token, until: row.lease_until.toISOString() })
  }
  return { renewed, lost }
}

async function claim(pool: pg.Pool, request: Parameters<SourceLeases['claim']>[0]): Promise<SourceLease[]> {
  if (request.sourceIds.length === 0 || request.limit <= 0) return []
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query('begin')
    await client.query('select pg_advisory_xact_lock($1)', [CLAIM_LOCK_KEY])
    const due = await client.query<{ id: string; host: string | null }>(
      `select id, ${hostOf} as host from sources
       where id = any($1::text[]) and enabled and disabled_reason is null
         and (next_run_at is null or next_run_at <= $2)
         and (lease_until is null or lease_until <= now())
       order by next_run_at nulls first, position, id
       for update skip locked`,
      [request.sourceIds, request.now],
    )
    const held = await client.query<{ host: string | null; n: number }>(
      `select ${hostOf} as host, count(*)::integer as n from sources where lease_until > now() group by 1`,
    )
    const perHost = new Map(held.rows.map((row) => [row.host ?? '', row.n]))
    const picked: string[] = []
    for (const row of due.rows) {
      if (picked.length >= request.limit) break
      const host = row.host ?? ''
      const n = perHost.get(host) ?? 0
      if (n >= request.perHost) continue
      perHost.set(host, n + 1)
      picked.push(row.id)
    }
    const leased = await client.query<LeaseRow>(
      `update sources set lease_until = now() + make_interval(secs => $2::double precision / 1000), lease_token = lease_token + 1
       where id = any($1::text[]) returning id, lease_token, lease_until`,
      [picked, request.leaseMs],
    )
    await client.query('commit')
    const order = new Map(picked.map((id, i) => [id, i]))
    return leased.rows
      .map((row) => ({ sourceId: row.id, token: Number(row.lease_token), until: row.lease_until.toISOString() }))
      .sort((a, b) => (order.get(a.sourceId) ?? 0) - (order.get(b.sourceId) ?? 0))
  } catch (err) {
    await client.query('rollback').catch((rollbackErr: Error) => {
      broken = rollbackErr
    })
    throw err
  } finally {
    client.release(broken)
  }
}

/** ctx, with every write transaction refused unless the lease's token is still the source's. */
function fencedContext(ctx: PgContext, lease: SourceLease): PgContext {
  return {
    inTransaction: false,
    query: (sql, values) => ctx.query(sql, values),
    write: (fn) =>
      ctx.write(async (tx) => {
        const [row] = await tx.query<{ lease_token: number }>('select lease_token from sources where id = $1 for update', [lease.sourceId])
        if (row === undefined || Number(row.lease_token) !== lease.token) {
          throw new StoreError(
            'fenced',
            `store: source ${lease.sourceId}: lease ${lease.token} was taken over (current ${row?.lease_token ?? 'none'}); this poll's writes are refused`,
          )
        }
        return fn(tx)
      }),
  }
}
