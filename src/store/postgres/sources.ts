// The sources table on PostgreSQL: the same rules as src/store/sources.ts (see syncSources there).
import type { FeedSource, SourceState, SourceStatePatch } from '../../types.js'
import type { PgContext } from './context.js'
import { type PgSourceRow, toSource } from './rows.js'

const selectSource = `
  select s.*, (select count(*) from items i where i.source_id = s.id) as item_count
  from sources s`

const upsertSource = `
  insert into sources as s (id, position, title, url, fetch_url, homepage, enabled, in_config)
  values ($1, $2, coalesce($3, $1), $4, $4, $5, $6, true)
  on conflict (id) do update set
    position = excluded.position,
    title = coalesce($3, s.title),
    homepage = coalesce($5, s.homepage),
    fetch_url = case when s.url = excluded.url then s.fetch_url else excluded.url end,
    etag = case when s.url = excluded.url then s.etag end,
    last_modified = case when s.url = excluded.url then s.last_modified end,
    disabled_reason = case when s.url = excluded.url then s.disabled_reason end,
    enabled = case when s.url = excluded.url and s.disabled_reason is not null then false else excluded.enabled end,
    url = excluded.url,
    in_config = true`

export async function syncSources(ctx: PgContext, sources: FeedSource[]): Promise<void> {
  await ctx.write(async (tx) => {
    for (const [position, source] of sources.entries()) {
      await tx.query(upsertSource, [source.id, position, source.title ?? null, source.url, source.homepage ?? null, source.enabled])
    }
    await tx.query('update sources set in_config = false where in_config and not (id = any($1::text[]))', [sources.map((s) => s.id)])
  })
}

/** Makes sure a source row exists before items reference it (a source not (yet) in the config). */
export async function ensureSource(ctx: PgContext, sourceId: string): Promise<void> {
  await ctx.query(
    `insert into sources (id, position, title, url, fetch_url, in_config)
     values ($1, (select coalesce(max(position), 0) + 1 from sources), $1, '', '', false)
     on conflict (id) do nothing`,
    [sourceId],
  )
}

export async function getSource(ctx: PgContext, id: string): Promise<SourceState | undefined> {
  const [row] = await ctx.query<PgSourceRow>(`${selectSource} where s.id = $1`, [id])
  return row === undefined ? undefined : toSource(row)
}

export async function listSources(ctx: PgContext): Promise<SourceState[]> {
  const rows = await ctx.query<PgSourceRow>(`${selectSource} order by s.in_config desc, s.position, s.id`)
  return rows.map(toSource)
}

/** Patch key → column. The only columns a patch may touch. */
const patchColumns: Record<keyof SourceStatePatch, string> = {
  fetchUrl: 'fetch_url',
  etag: 'etag',
  lastModified: 'last_modified',
  lastTriedAt: 'last_tried_at',
  lastSuccessAt: 'last_success_at',
  lastStatus: 'last_status',
  lastError: 'last_error',
  lastErrorCode: 'last_error_code',
  consecutiveFailures: 'consecutive_failures',
  nextRunAt: 'next_run_at',
  lastUnconditionalAt: 'last_unconditional_at',
  enabled: 'enabled',
  disabledReason: 'disabled_reason',
  lastDropped: 'last_dropped',
  lastWarning: 'last_warning',
  title: 'title',
  homepage: 'homepage',
}

/** Updates only the fields present in the patch (undefined means "leave as is"). */
export async function updateSourceState(ctx: PgContext, id: string, patch: SourceStatePatch): Promise<void> {
  const keys = (Object.keys(patch) as (keyof SourceStatePatch)[]).filter((key) => key in patchColumns && patch[key] !== undefined).sort()
  if (keys.length === 0) return
  const assignments = keys.map((key, i) => `${patchColumns[key]} = $${i + 2}`).join(', ')
  // node-postgres would send a plain object as JSON anyway; stringify so jsonb gets exactly that.
  const values = keys.map((key) => {
    const value = patch[key]
    if (key === 'enabled') return value === true
    return key === 'lastDropped' && value !== null ? JSON.stringify(value) : value
  })
  await ctx.write((tx) => tx.query(`update sources set ${assignments} where id = $1`, [id, ...values]))
}
