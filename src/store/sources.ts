// The sources table: synced from feeds.json, then written by the poller (fetch state, health).
import type { FeedSource, SourceState, SourceStatePatch } from '../types.js'
import type { StoreContext } from './context.js'
import { type SourceRow, toFlag, toJsonList, toSource } from './rows.js'

const selectSource = `
  select s.*, (select count(*) from items i where i.source_id = s.id) as item_count
  from sources s`

/**
 * Upserts each configured source. Rules:
 * - a new row gets title = config title or the id, fetch_url = url;
 * - a changed url resets fetch_url and the validators (etag, last_modified) and clears a
 *   server-side disable (the user pointed the source somewhere new);
 * - a config without title/homepage keeps what is stored (the poller may have filled it in);
 * - `enabled` follows the config, except that a source disabled by the server (410) stays
 *   disabled until its url changes;
 * - ids absent from the list get in_config = 0 (their items stay).
 */
export function syncSources(ctx: StoreContext, sources: FeedSource[]): void {
  ctx.write(() => {
    const upsert = ctx.prepare(`
      insert into sources (id, position, title, url, fetch_url, homepage, enabled, in_config)
      values (@id, @position, coalesce(@title, @id), @url, @url, @homepage, @enabled, 1)
      on conflict (id) do update set
        position = excluded.position,
        title = coalesce(@title, sources.title),
        homepage = coalesce(@homepage, sources.homepage),
        fetch_url = iif(sources.url = excluded.url, sources.fetch_url, excluded.url),
        etag = iif(sources.url = excluded.url, sources.etag, null),
        last_modified = iif(sources.url = excluded.url, sources.last_modified, null),
        disabled_reason = iif(sources.url = excluded.url, sources.disabled_reason, null),
        enabled = iif(sources.url = excluded.url and sources.disabled_reason is not null, 0, excluded.enabled),
        url = excluded.url,
        in_config = 1`)
    sources.forEach((source, position) => {
      upsert.run({
        id: source.id,
        position,
        title: source.title ?? null,
        url: source.url,
        homepage: source.homepage ?? null,
        enabled: toFlag(source.enabled),
      })
    })
    ctx
      .prepare('update sources set in_config = 0 where in_config = 1 and id not in (select value from json_each(?))')
      .run(toJsonList(sources.map((s) => s.id)))
  })
}

/** Makes sure a source row exists before items reference it (a source not (yet) in the config). */
export function ensureSource(ctx: StoreContext, sourceId: string): void {
  ctx
    .prepare(`insert into sources (id, position, title, url, fetch_url, in_config)
              values (@id, (select coalesce(max(position), 0) + 1 from sources), @id, '', '', 0)
              on conflict (id) do nothing`)
    .run({ id: sourceId })
}

export function getSource(ctx: StoreContext, id: string): SourceState | undefined {
  const row = ctx.prepare(`${selectSource} where s.id = ?`).get(id) as SourceRow | undefined
  return row === undefined ? undefined : toSource(row)
}

export function listSources(ctx: StoreContext): SourceState[] {
  const rows = ctx.prepare(`${selectSource} order by s.in_config desc, s.position, s.id`).all() as SourceRow[]
  return rows.map(toSource)
}

/** Patch key → column, and how to store the value. The only columns a patch may touch. */
const patchColumns: Record<keyof SourceStatePatch, { column: string; flag?: boolean; json?: boolean }> = {
  fetchUrl: { column: 'fetch_url' },
  etag: { column: 'etag' },
  lastModified: { column: 'last_modified' },
  lastTriedAt: { column: 'last_tried_at' },
  lastSuccessAt: { column: 'last_success_at' },
  lastStatus: { column: 'last_status' },
  lastError: { column: 'last_error' },
  lastErrorCode: { column: 'last_error_code' },
  consecutiveFailures: { column: 'consecutive_failures' },
  nextRunAt: { column: 'next_run_at' },
  lastUnconditionalAt: { column: 'last_unconditional_at' },
  enabled: { column: 'enabled', flag: true },
  disabledReason: { column: 'disabled_reason' },
  lastDropped: { column: 'last_dropped', json: true },
  lastWarning: { column: 'last_warning' },
  title: { column: 'title' },
  homepage: { column: 'homepage' },
}

/** Updates only the fields present in the patch (undefined means "leave as is"). */
export function updateSourceState(ctx: StoreContext, id: string, patch: SourceStatePatch): void {
  const keys = (Object.keys(patch) as (keyof SourceStatePatch)[]).filter((key) => key in patchColumns && patch[key] !== undefined).sort()
  if (keys.length === 0) return
  const assignments = keys.map((key) => `${patchColumns[key].column} = @${key}`).join(', ')
  const params: Record<string, unknown> = { id }
  for (const key of keys) {
    const value = patch[key]
    const { flag, json } = patchColumns[key]
    params[key] = flag === true ? toFlag(value === true) : json === true && value !== null ? JSON.stringify(value) : value
  }
  ctx.write(() => {
    ctx.prepare(`update sources set ${assignments} where id = @id`).run(params)
  })
}
