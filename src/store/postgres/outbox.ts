// The alert outbox on PostgreSQL, a port of src/store/outbox.ts (same tables, same answers).
// Deliveries are claimed with FOR UPDATE SKIP LOCKED, so pollers sharing the database never
// send the same delivery at once; a claim runs out (claimed_until) if its worker dies.
import type { AlertOutbox, ClaimedDelivery, DeliveryResult, NewDelivery, NewWatchMatch } from '../../alerts/types.js'
import type { ApiItem } from '../../types.js'
import { type ClaimRow, claimColumns, type StatsRow, statsSql, toClaimedDelivery, toWatchStats } from '../outbox.js'
import type { PgContext } from './context.js'
import { hydrateItems } from './hydrate.js'

export const pgOutboxSchema = `
create table watch_state (
  watch_id text collate "C" primary key,
  first_seen_at text collate "C" not null
);

create table watch_matches (
  id bigserial primary key,
  watch_id text collate "C" not null,
  match_key text collate "C" not null,
  event text not null,
  matched_at text collate "C" not null,
  suppressed text,
  item_id bigint not null,
  story_id bigint not null,
  source_id text collate "C" not null,
  title text not null,
  url text not null,
  summary text not null,
  published_at text collate "C" not null,
  facts_json text not null,
  unique (watch_id, match_key)
);
create index watch_matches_recent on watch_matches (watch_id, id desc);

create table alert_deliveries (
  id text collate "C" primary key,
  watch_id text collate "C" not null,
  target text collate "C" not null,
  kind text not null default 'alert',
  match_id bigint,
  fold_key text collate "C",
  status text not null default 'pending',
  attempts integer not null default 0,
  next_attempt_at text collate "C" not null,
  claimed_until text collate "C",
  created_at text collate "C" not null,
  finished_at text collate "C",
  last_error text
);
create index alert_deliveries_due on alert_deliveries (status, next_attempt_at);
create index alert_deliveries_sent on alert_deliveries (watch_id, target, status, finished_at);
create unique index alert_deliveries_fold on alert_deliveries (fold_key) where kind = 'more';
`

export function createPgOutbox(ctx: PgContext): AlertOutbox {
  return {
    recordMatch: (match, deliveries) => recordMatch(ctx, match, deliveries),
    registerWatches: (ids, now) =>
      ctx.write(async (tx) => {
        const rows = await tx.query<{ watch_id: string }>(
          `insert into watch_state (watch_id, first_seen_at) select unnest($1::text[]), $2
           on conflict do nothing returning watch_id`,
          [ids, now],
        )
        const fresh = new Set(rows.map((r) => r.watch_id))
        return ids.filter((id) => fresh.has(id))
      }),
    claimDeliveries: (now, claimUntil, limit) => claimDeliveries(ctx, now, claimUntil, limit),
    releaseClaims: () =>
      ctx.write(async (tx) => void (await tx.query('update alert_deliveries set claimed_until = null where claimed_until is not null'))),
    finishDeliveries: (results) => finishDeliveries(ctx, results),
    async countSent(watchId, target, since) {
      const [row] = await ctx.query<{ n: number }>(
        `select count(*) as n from alert_deliveries where watch_id = $1 and target = $2 and kind = 'alert'
         and status = 'sent' and finished_at >= $3`,
        [watchId, target, since],
      )
      return row?.n ?? 0
    },
    queueFoldMessage: (d) =>
      ctx.write(async (tx) => {
        await tx.query(
          `insert into alert_deliveries (id, watch_id, target, kind, fold_key, next_attempt_at, created_at)
           values ($1, $2, $3, 'more', $4, $5, $5) on conflict do nothing`,
          [d.id, d.watchId, d.target, d.foldKey, d.nextAttemptAt],
        )
      }),
    watchStats: async () => (await ctx.query<StatsRow>(statsSql)).map(toWatchStats),
    listWatchItems: (watchId, limit) => listWatchItems(ctx, watchId, limit),
  }
}

function recordMatch(ctx: PgContext, match: NewWatchMatch, deliveries: NewDelivery[]): Promise<boolean> {
  return ctx.write(async (tx) => {
    const s = match.snapshot
    const [row] = await tx.query<{ id: number }>(
      `insert into watch_matches (watch_id, match_key, event, matched_at, suppressed, item_id, story_id, source_id,
         title, url, summary, published_at, facts_json)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) on conflict (watch_id, match_key) do nothing returning id`,
      [
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
      ],
    )
    if (row === undefined) return false
    for (const d of deliveries) {
      await tx.query(
        `insert into alert_deliveries (id, watch_id, target, match_id, next_attempt_at, created_at) values ($1, $2, $3, $4, $5, $6)`,
        [d.id, match.watchId, d.target, row.id, d.nextAttemptAt, match.matchedAt],
      )
    }
    return true
  })
}

function claimDeliveries(ctx: PgContext, now: string, claimUntil: string, limit: number): Promise<ClaimedDelivery[]> {
  return ctx.write(async (tx) => {
    const rows = await tx.query<ClaimRow>(
      `with claimed as (
         update alert_deliveries set claimed_until = $2 where id in (
           select id from alert_deliveries
           where status = 'pending' and next_attempt_at <= $1 and (claimed_until is null or claimed_until <= $1)
           order by next_attempt_at, created_at, id limit $3 for update skip locked)
         returning *)
       select ${claimColumns} from claimed d left join watch_matches m on m.id = d.match_id
       order by d.next_attempt_at, d.created_at, d.id`,
      [now, claimUntil, limit],
    )
    return rows.map(toClaimedDelivery)
  })
}

function finishDeliveries(ctx: PgContext, results: DeliveryResult[]): Promise<void> {
  return ctx.write(async (tx) => {
    for (const r of results) {
      await tx.query(
        `update alert_deliveries set status = $1, attempts = $2, claimed_until = null,
           next_attempt_at = coalesce($3, next_attempt_at), last_error = $4,
           finished_at = case when $1 = 'pending' then finished_at else $5 end, fold_key = coalesce($6, fold_key)
         where id = $7`,
        [r.status, r.attempts, r.nextAttemptAt ?? null, r.error ?? null, r.at, r.foldKey ?? null, r.id],
      )
    }
  })
}

async function listWatchItems(ctx: PgContext, watchId: string, limit: number): Promise<ApiItem[]> {
  const rows = await ctx.query<{ item_id: number }>(
    `select m.item_id from watch_matches m join items i on i.id = m.item_id
     where m.watch_id = $1 order by i.published_at desc, m.id desc limit $2`,
    [watchId, limit],
  )
  return hydrateItems(
    ctx,
    rows.map((r) => r.item_id),
  )
}
