// The schema, as an ordered list of named migrations (yarr style). Each runs in its own
// transaction and bumps PRAGMA user_version, so re-opening a migrated database does nothing.
//
// Full-text search uses FTS5 with `porter unicode61 remove_diacritics 2`: breach news is mostly
// English, and stemming lets "breached" find "breach" and "leaks" find "leaked"; unicode61 with
// remove_diacritics 2 folds case and accents for names like "Société Générale". Prefix queries
// (`ransom*`) still work on the stemmed index.
import { StoreError } from '../errors.js'
import { toCategoryKey } from '../lib/category-key.js'
import type { Db } from './context.js'
import { outboxSchema } from './outbox.js'
import { indexItemText } from './search-index.js'

export interface Migration {
  name: string
  up: (db: Db) => void
}

const m01Initial = `
create table sources (
  id text primary key,
  position integer not null default 0,
  title text not null,
  url text not null,
  fetch_url text not null,
  homepage text,
  enabled integer not null default 1,
  in_config integer not null default 1,
  disabled_reason text,
  etag text,
  last_modified text,
  last_tried_at text,
  last_success_at text,
  last_status integer,
  last_error text,
  last_error_code text,
  consecutive_failures integer not null default 0,
  next_run_at text,
  last_unconditional_at text
) strict;

-- AUTOINCREMENT on stories and items: ids are never reused, so a stale id (a match computed
-- before a story emptied, a cursor) can never point at a different story or item.
create table stories (
  id integer primary key autoincrement,
  lead_item_id integer,
  lead_published_at text,
  created_at text not null
) strict;
-- The river pages stories by their lead's (published_at, id), the same key as an item list.
create index stories_lead on stories (lead_published_at desc, lead_item_id desc);

create table items (
  id integer primary key autoincrement,
  source_id text not null references sources (id) on delete cascade,
  identity_key text not null,
  guid text,
  url text not null,
  title text not null,
  author text,
  published_at text not null,
  date_is_fallback integer not null default 0,
  updated_at text,
  summary_text text not null default '',
  content_html text not null default '',
  content_hash text not null,
  first_seen_at text not null,
  last_seen_at text not null,
  story_id integer not null,
  unique (source_id, identity_key)
) strict;
create index items_published on items (published_at desc, id desc);
create index items_source_published on items (source_id, published_at, id);
create index items_story on items (story_id, published_at, id);

create table item_categories (
  item_id integer not null references items (id) on delete cascade,
  name text not null,
  name_key text not null,
  unique (item_id, name_key)
) strict;
-- (name_key, name) covers the category counts; filters probe the unique (item_id, name_key).
create index item_categories_name_key on item_categories (name_key, name);

create table tombstones (
  source_id text not null,
  identity_key text not null,
  pruned_at text not null,
  primary key (source_id, identity_key)
) strict, without rowid;

create table story_members (
  item_id integer primary key references items (id) on delete cascade,
  story_id integer not null,
  reason text not null,
  score real not null,
  matched_item_id integer
) strict;
create index story_members_story on story_members (story_id);

create table item_links (
  item_id integer not null references items (id) on delete cascade,
  kind text not null check (kind in ('self', 'out')),
  url text not null
) strict;
create index item_links_url on item_links (url);
create index item_links_item on item_links (item_id);

create table item_evidence (
  item_id integer primary key references items (id) on delete cascade,
  title_tokens text not null,
  published_at text not null
) strict;

create virtual table items_fts using fts5 (
  title, summary_text,
  content = 'items', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
create trigger items_fts_insert after insert on items begin
  insert into items_fts (rowid, title, summary_text) values (new.id, new.title, new.summary_text);
end;
create trigger items_fts_delete after delete on items begin
  insert into items_fts (items_fts, rowid, title, summary_text) values ('delete', old.id, old.title, old.summary_text);
end;
create trigger items_fts_update after update of title, summary_text on items begin
  insert into items_fts (items_fts, rowid, title, summary_text) values ('delete', old.id, old.title, old.summary_text);
  insert into items_fts (rowid, title, summary_text) values (new.id, new.title, new.summary_text);
end;
`

// The story step's title-token index: one row per (token, item) of every item's saved evidence,
// keyed by token then publication time (unix seconds), so candidate lookup walks the few postings
// of a token near an item's date instead of every item in the window. Kept in step with
// item_evidence by triggers (saveEvidence upserts it; deleting an item cascades to it), and
// filled from the evidence already stored. WITHOUT ROWID: the key is the row, one b-tree.
// item_evidence gains a revision, which candidate-evidence caches check (see candidate-cache.ts).
const m02ItemTokens = `
-- Set anew by every saveEvidence (and rolled back with it): a per-connection cache of candidate
-- evidence keeps an entry only while the stored revision still matches.
alter table item_evidence add column revision integer not null default 0;

create table item_tokens (
  token text not null,
  at integer not null,
  item_id integer not null,
  primary key (token, at, item_id)
) strict, without rowid;

create trigger item_tokens_insert after insert on item_evidence begin
  insert or ignore into item_tokens (token, at, item_id)
    select value, unixepoch(new.published_at), new.item_id
    from json_each(iif(json_valid(new.title_tokens), new.title_tokens, '[]'))
    where type = 'text' and unixepoch(new.published_at) is not null;
end;
create trigger item_tokens_delete after delete on item_evidence begin
  delete from item_tokens where (token, at, item_id) in
    (select value, unixepoch(old.published_at), old.item_id
     from json_each(iif(json_valid(old.title_tokens), old.title_tokens, '[]')) where type = 'text');
end;
create trigger item_tokens_update after update of title_tokens, published_at on item_evidence begin
  delete from item_tokens where (token, at, item_id) in
    (select value, unixepoch(old.published_at), old.item_id
     from json_each(iif(json_valid(old.title_tokens), old.title_tokens, '[]')) where type = 'text');
  insert or ignore into item_tokens (token, at, item_id)
    select value, unixepoch(new.published_at), new.item_id
    from json_each(iif(json_valid(new.title_tokens), new.title_tokens, '[]'))
    where type = 'text' and unixepoch(new.published_at) is not null;
end;

insert or ignore into item_tokens (token, at, item_id)
  select j.value, unixepoch(e.published_at), e.item_id
  from item_evidence e, json_each(iif(json_valid(e.title_tokens), e.title_tokens, '[]')) j
  where j.type = 'text' and unixepoch(e.published_at) is not null;
`

// Link candidates, like title tokens, are walked out from an item's date: item_links gains the
// linking item's publication time (unix seconds, from its evidence) and an index on
// (url, at, item_id), which replaces the url-only one. items_candidate covers what a candidate
// needs from its item (story, source, date): story_id sits after content_html, so reading it
// from the table row means reading the row's overflow pages, for every candidate of every item.
const m03CandidateIndexes = `
alter table item_links add column at integer;
update item_links set at = (select unixepoch(e.published_at) from item_evidence e where e.item_id = item_links.item_id);
create index item_links_url_at on item_links (url, at, item_id);
drop index item_links_url;
create index items_candidate on items (id, story_id, source_id, published_at);
`

// What the last successful pass left out (JSON counts by reason) and its warning (a tabular
// source's bad rows), for /status and `breachwire sources`.
const m04SourceHealth = `
alter table sources add column last_dropped text;
alter table sources add column last_warning text;
`

// Story takeover (issue 14): 1 for a report that may lead its story only when no credible
// report is there (off its source's site, or backdated into an existing story; see leadOrder).
const m05CannotLead = `
alter table items add column cannot_lead integer not null default 0;
`

// Stories as the unit of reading (issue 15). item_revisions keeps what a source changed when it
// edited an item (title, summary, content, date): one row per edit, `changes` a JSON object of
// field -> [old, new]. stories.activity_at is the newest report's publication time, the river's
// default order (a revision marks a story updated but does not move it: an edit is not news).
const m06StoryActivityRevisions = `
create table item_revisions (
  id integer primary key autoincrement,
  item_id integer not null references items (id) on delete cascade,
  at text not null,
  changes text not null
) strict;
create index item_revisions_item on item_revisions (item_id, id);

alter table stories add column activity_at text;
update stories set activity_at = (select max(i.published_at) from items i where i.story_id = stories.id);
create index stories_activity on stories (activity_at desc, lead_item_id desc);
`

// Facts per item (docs/facts-store.md): the contract's facts as JSON with the record count as a
// column (minRecords), and one facet row per (kind, key) for the filters, facet counts and the
// org and actor pages. Existing items get theirs from the poller's backfill, not here: the
// extractor belongs to the pipeline, and a migration stays plain SQL like PostgreSQL's.
const m07ItemFacts = `
create table item_facts (
  item_id integer primary key references items (id) on delete cascade,
  records integer,
  origin text not null,
  facts text not null
) strict;
create index item_facts_records on item_facts (records) where records is not null;
create table item_facets (
  kind text not null,
  key text not null,
  item_id integer not null references items (id) on delete cascade,
  name text not null,
  primary key (kind, key, item_id)
) strict, without rowid;
create index item_facets_item on item_facets (item_id);
`

// Category keys fold punctuation too (src/lib/category-key.ts): re-key the stored rows, keeping
// one row per (item, key) (the first written) and dropping names that were only punctuation.
function m08CategoryKeys(db: Db): void {
  const rows = db.prepare('select rowid, item_id, name_key from item_categories order by rowid').all() as {
    rowid: number
    item_id: number
    name_key: string
  }[]
  const seen = new Set<string>()
  const drops: number[] = []
  const rekeys: [string, number][] = []
  for (const row of rows) {
    const key = toCategoryKey(row.name_key)
    const slot = `${row.item_id}\u0000${key}`
    if (key === '' || seen.has(slot)) drops.push(row.rowid)
    else if (key !== row.name_key) rekeys.push([key, row.rowid])
    seen.add(slot)
  }
  // Drops first: a re-keyed row may take the key of a row about to go.
  const drop = db.prepare('delete from item_categories where rowid = ?')
  for (const rowid of drops) drop.run(rowid)
  const rekey = db.prepare('update item_categories set name_key = ? where rowid = ?')
  for (const [key, rowid] of rekeys) rekey.run(key, rowid)
}

// Search by more than title and summary (issue 15): items_fts becomes a table of its own with the
// content's text, the categories and the source's title beside them, written by the store
// (search-index.ts) since it needs the content as text and rows of other tables. Triggers drop an
// item's row with the item and follow a source's new title.
const m09SearchColumns = `
drop trigger if exists items_fts_insert;
drop trigger if exists items_fts_delete;
drop trigger if exists items_fts_update;
drop table items_fts;
create virtual table items_fts using fts5 (
  title, summary_text, body, categories, source,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
create trigger items_fts_delete after delete on items begin
  delete from items_fts where rowid = old.id;
end;
create trigger sources_title_fts after update of title on sources when old.title is not new.title begin
  update items_fts set source = new.title where rowid in (select id from items where source_id = new.id);
end;
`

function m09SearchIndex(db: Db): void {
  db.exec(m09SearchColumns)
  const ctx = { db, prepare: (sql: string) => db.prepare(sql), write: <T>(fn: () => T): T => fn() }
  for (const id of db.prepare('select id from items order by id').pluck().all() as number[]) indexItemText(ctx, id)
}

export const migrations: readonly Migration[] = [
  { name: 'm01_initial', up: (db) => db.exec(m01Initial) },
  { name: 'm02_item_tokens', up: (db) => db.exec(m02ItemTokens) },
  { name: 'm03_candidate_indexes', up: (db) => db.exec(m03CandidateIndexes) },
  { name: 'm04_source_health', up: (db) => db.exec(m04SourceHealth) },
  { name: 'm05_cannot_lead', up: (db) => db.exec(m05CannotLead) },
  { name: 'm06_story_activity_revisions', up: (db) => db.exec(m06StoryActivityRevisions) },
  { name: 'm07_item_facts', up: (db) => db.exec(m07ItemFacts) },
  { name: 'm08_category_keys', up: m08CategoryKeys },
  { name: 'm09_search_index', up: m09SearchIndex },
  { name: 'm10_alert_outbox', up: (db) => db.exec(outboxSchema) },
]

export function readSchemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }))
}

/** Schema versions before and after a migrate(). */
export interface MigrationResult {
  from: number
  to: number
}

/** The same words as the PostgreSQL engine: a newer schema is refused, never downgraded. */
function newerSchemaError(found: number, known: number): StoreError {
  return new StoreError(
    'other',
    `store: the database schema is version ${found}, newer than this breachwire knows (${known}); upgrade breachwire`,
  )
}

/** Applies every migration the database has not seen, one transaction each. */
export function migrate(db: Db, list: readonly Migration[] = migrations): MigrationResult {
  const current = readSchemaVersion(db)
  if (current > list.length) throw newerSchemaError(current, list.length)
  for (let version = current; version < list.length; version++) {
    const migration = list[version]
    if (migration === undefined) break
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${version + 1}`)
    }).immediate()
  }
  return { from: current, to: list.length }
}

/** For read-only connections, which never migrate: the schema must already be current. */
export function assertSchemaCurrent(db: Db, list: readonly Migration[] = migrations): void {
  const current = readSchemaVersion(db)
  if (current > list.length) throw newerSchemaError(current, list.length)
  if (current !== list.length) {
    throw new StoreError('other', `store: database schema is v${current}, expected v${list.length}; open it once read-write to migrate`)
  }
}
