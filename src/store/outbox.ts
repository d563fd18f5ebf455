// The alert outbox on SQLite: watch matches and their deliveries (src/alerts). recordMatch runs
// inside the poll's transaction (ctx.write joins it), so an item and its alerts commit together:
// a crash after the commit loses no alert, a rollback leaves none behind.
import type { AlertOutbox, ClaimedDelivery, DeliveryResult, NewDelivery, NewWatchMatch, WatchStats } from '../alerts/types.js'
import type { ApiItem } from '../types.js'
import type { StoreContext } from './context.js'
import { hydrateItems } from './hydrate.js'
import { toJsonList } from './rows.js'

/** The migration (appended to migrations.ts). No foreign keys to items: a match outlives its pruned item. */
export const outboxSchema = `
create table watch_state (
  watch_id text primary key,
  first_seen_at text not null
) strict;

create table watch_matches (
  id integer primary key autoincrement,
  watch_id text not null,
  match_key text not null,
  event text not null,
  matched_at text not null,
  suppressed text,
  item_id integer not null,
  story_id integer not null,
  source_id text not null,
  title text not null,
  url text not null,
  summary text not null,
  published_at text not null,
  facts_json text not null,
  unique (watch_id, match_key)
) strict;
create index watch_matches_recent on watch_matches (watch_id, id desc);

create table alert_deliveries (
  id text primary key,
  watch_id text not null,
  target text not null,
  kind text not null default 'alert',
  match_id integer,
  fold_key text,
  status text not null default 'pending',
  attempts integer not null default 0,
  next_attempt_at text not null,
  claimed_until text,
  created_at text not null,
  finished_at text,
  last_error text
) strict;
create index alert_deliveries_due on alert_deliveries (status, next_attempt_at);
create index alert_deliveries_sent on alert_deliveries (watch_id, target, status, finished_at);
create unique index alert_deliveries_fold on alert_deliveries (fold_key) where kind = 'more';
`

/** A claimed row as both engines select it (see claimColumns). */
export interface ClaimRow {
  id: string
  watch_id: string
  target: string
  kind: string
  attempts: number
  created_at: string
  fold_key: string | null
  event: string | null
  item_id: number | null
  story_id: number | null
  source_id: string | null
  title: string | null
  url: string | null
  summary: string | null
  published_at: string | null
  facts_json: string | null
  folded_count: number
}

/** The columns claimDeliveries returns, from alias d (deliveries) and m (matches); both dialects read them. */
export const claimColumns = `d.id, d.watch_id, d.target, d.kind, d.attempts, d.created_at, d.fold_key, m.event,
  m.item_id, m.story_id, m.source_id, m.title, m.url, m.summary, m.published_at, m.facts_json,
  (select count(*) from alert_deliveries f where d.kind = 'more' and f.fold_key = d.fold_key and f.kind = 'alert'
     and f.status = 'folded') as folded_count`

export function toClaimedDelivery(row: ClaimRow): ClaimedDelivery {
  const snapshot =
    row.item_id === null
      ? null
      : {
          itemId: row.item_id,
          storyId: row.story_id ?? 0,
          sourceId: row.source_id ?? '',
          title: row.title ?? '',
          url: row.url ?? '',
          summary: row.summary ?? '',
          publishedAt: row.published_at ?? '',
          facts: JSON.parse(row.facts_json ?? '{}'),
        }
  return {
    id: row.id,
    watchId: row.watch_id,
    target: row.target,
    kind: row.kind === 'more' ? 'more' : 'alert',
    attempts: row.attempts,
    createdAt: row.created_at,
    event: row.event === 'story.matched' || row.event === 'report.matched' ? row.event : null,
    snapshot,
    foldKey: row.fold_key,
    foldedCount: Number(row.folded_count),
  }
}

export interface StatsRow {
  watch_id: string
  matches: number
  sent: number
  pending: number
  failed: number
  last_error: string | null
}

/** Per watch counts, from the matches and the deliveries (both dialects run this text). */
export const statsSql = `
  with ids as (select watch_id from watch_matches union select watch_id from alert_deliveries)
  select ids.watch_id,
    (select count(*) from watch_matches m where m.watch_id = ids.watch_id) as matches,
    (select count(*) from alert_deliveries d where d.watch_id = ids.watch_id and d.status = 'sent') as sent,
    (select count(*) from alert_deliveries d where d.watch_id = ids.watch_id and d.status = 'pending') as pending,
    (select count(*) from alert_deliveries d where d.watch_id = ids.watch_id and d.status = 'failed') as failed,
    (select d.last_error from alert_deliveries d where d.watch_id = ids.watch_id and d.last_error is not null
       order by d.next_attempt_at desc limit 1) as last_error
  from ids order by ids.watch_id`

export function toWatchStats(row: StatsRow): WatchStats {
  return {
    watchId: row.watch_id,
    matches: Number(row.matches),
    sent: Number(row.sent),
    pending: Number(row.pending),
    failed: Number(row.failed),
    lastError: row.last_error,
  }
}

export function createOutbox(ctx: StoreContext, run: <T>(fn: () => T, write: boolean) => Promise<T>): AlertOutbox {
  return {
    recordMatch: (match, deliveries) => run(() => recordMatch(ctx, match, deliveries), true),
    registerWatches: (ids, now) =>
      run(
        () =>
          ctx.write(() =>
            ids.filter(
              (id) => ctx.prepare('insert or ignore into watch_state (watch_id, first_seen_at) values (?, ?)').run(id, now).changes > 0,
            ),
          ),
        true,
      ),
    claimDeliveries: (now, claimUntil, limit) => run(() => claimDeliveries(ctx, now, claimUntil, limit), true),
    releaseClaims: () =>
      run(
        () => void ctx.write(() => ctx.prepare('update alert_deliveries set claimed_until = null where claimed_until is not null').run()),
        true,
      ),
    finishDeliveries: (results) => run(() => finishDeliveries(ctx, results), true),
    countSent: (watchId, target, since) =>
      run(
        () =>
          (
            ctx
              .prepare(`select count(*) as n from alert_deliveries where watch_id = ? and target = ? and kind = 'alert'
                        and status = 'sent' and finished_at >= ?`)
              .get(watchId, target, since) as { n: number }
          ).n,
        false,
      ),
    queueFoldMessage: (delivery) =>
      run(
        () =>
          void ctx.write(() =>
            ctx
              .prepare(`insert into alert_deliveries (id, watch_id, target, kind, fold_key, next_attempt_at, created_at)
                        values (?, ?, ?, 'more', ?, ?, ?) on conflict do nothing`)
              .run(delivery.id, delivery.watchId, delivery.target, delivery.foldKey, delivery.nextAttemptAt, delivery.nextAttemptAt),
          ),
        true,
      ),
    watchStats: () => run(() => (ctx.prepare(statsSql).all() as StatsRow[]).map(toWatchStats), false),
    listWatchItems: (watchId, limit) => run(() => listWatchItems(ctx, watchId, limit), false),
  }
}

function recordMatch(ctx: StoreContext, match: NewWatchMatch, deliveries: NewDelivery[]): boolean {
  return ctx.write(() => {
    const s = match.snapshot
    const inserted = ctx
      .prepare(`insert into watch_matches (watch_id, match_key, event, matched_at, suppressed, item_id, story_id, source_id,
                  title, url, summary, published_at, facts_json)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (watch_id, match_key) do nothing`)
      .run(
        match.watchId,
        match.key,
        match.event,
        match.matchedAt,
        match.suppressed,
        s.itemId,
        s.storyId,
        s.sourceId,
        s.title,
        s.url,
        s.summary,
        s.publishedAt,
        JSON.stringify(s.facts),
      )
    if (inserted.changes === 0) return false
    const insertDelivery = ctx.prepare(`insert into alert_deliveries (id, watch_id, target, match_id, next_attempt_at, created_at)
                                        values (?, ?, ?, ?, ?, ?)`)
    for (const d of deliveries)
      insertDelivery.run(d.id, match.watchId, d.target, inserted.lastInsertRowid, d.nextAttemptAt, match.matchedAt)
    return true
  })
}

function claimDeliveries(ctx: StoreContext, now: string, claimUntil: string, limit: number): ClaimedDelivery[] {
  return ctx.write(() => {
    const rows = ctx
      .prepare(`select ${claimColumns} from alert_deliveries d left join watch_matches m on m.id = d.match_id
                where d.status = 'pending' and d.next_attempt_at <= ? and (d.claimed_until is null or d.claimed_until <= ?)
                order by d.next_attempt_at, d.created_at, d.id limit ?`)
      .all(now, now, limit) as ClaimRow[]
    if (rows.length > 0) {
      ctx
        .prepare('update alert_deliveries set claimed_until = ? where id in (select value from json_each(?))')
        .run(claimUntil, toJsonList(rows.map((r) => r.id)))
    }
    return rows.map(toClaimedDelivery)
  })
}

function finishDeliveries(ctx: StoreContext, results: DeliveryResult[]): void {
  ctx.write(() => {
    const update = ctx.prepare(`update alert_deliveries set status = ?, attempts = ?, claimed_until = null,
                                  next_attempt_at = coalesce(?, next_attempt_at), last_error = ?,
                                  finished_at = case when ? = 'pending' then finished_at else ? end,
                                  fold_key = coalesce(?, fold_key)
                                where id = ?`)
    for (const r of results) {
      update.run(r.status, r.attempts, r.nextAttemptAt ?? null, r.error ?? null, r.status, r.at, r.foldKey ?? null, r.id)
    }
  })
}

function listWatchItems(ctx: StoreContext, watchId: string, limit: number): ApiItem[] {
  const ids = (
    ctx
      .prepare(`select m.item_id from watch_matches m join items i on i.id = m.item_id
                where m.watch_id = ? order by i.published_at desc, m.id desc limit ?`)
      .all(watchId, limit) as { item_id: number }[]
  ).map((r) => r.item_id)
  return hydrateItems(ctx, ids)
}
