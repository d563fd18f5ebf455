// The PostgreSQL schema as an ordered list of named migrations, like the SQLite one. migrate()
// applies every missing one in ONE transaction under a transaction-level advisory lock, so two
// processes starting at once queue up: the first applies, the second finds nothing left to do.
// schema_migrations records each applied version.
//
// Text that is sorted or compared by key (ids, ISO dates, category keys, tokens) is collated "C":
// byte order, as SQLite compares, whatever the database's default locale. Dates stay ISO text so
// cursors and retention cut-offs compare exactly as on SQLite.
//
// Full-text search is a stored generated tsvector (title weight A, summary B, the content's text
// C: the default parser skips HTML tags) with a GIN index, under the text search configuration
// breachwire_search: a copy of 'english' (Snowball stemming, so "breaches" finds "breach"), with
// unaccent in front of the stemmer when the extension can be installed, so "resume cafe" finds
// "Résumé café". Without it accents stay significant (documented in docs/postgres.md).
import type pg from 'pg'
import { StoreError } from '../../errors.js'
import { CATEGORY_PUNCTUATION } from '../../lib/category-key.js'
import { pgOutboxSchema } from './outbox.js'
import { SEARCH_EXTRA_SQL } from './search-index.js'

export interface PgMigration {
  name: string
  sql: string
}

/** Key of pg_advisory_xact_lock held while migrating ("bwmi" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x62776d69

const m01Initial = `
do $$
begin
  begin
    create extension if not exists unaccent;
  exception when others then
    raise notice 'breachwire: unaccent is not available (%), searching with accents significant', sqlerrm;
  end;
  create text search configuration breachwire_search (copy = english);
  if exists (select 1 from pg_extension where extname = 'unaccent') then
    alter text search configuration breachwire_search
      alter mapping for hword, hword_part, word with unaccent, english_stem;
  end if;
end
$$;

create table sources (
  id text collate "C" primary key,
  position integer not null default 0,
  title text not null,
  url text not null,
  fetch_url text not null,
  homepage text,
  enabled boolean not null default true,
  in_config boolean not null default true,
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
);

-- Identity columns never hand an id out twice, so a stale id (a match computed before a story
-- emptied, a cursor) can never point at a different story or item.
create table stories (
  id bigint generated always as identity primary key,
  lead_item_id bigint,
  lead_published_at text collate "C",
  created_at text not null
);
create index stories_lead on stories (lead_published_at desc, lead_item_id desc);

create table items (
  id bigint generated always as identity primary key,
  source_id text collate "C" not null references sources (id) on delete cascade,
  identity_key text collate "C" not null,
  guid text,
  url text not null,
  title text not null,
  author text,
  published_at text collate "C" not null,
  date_is_fallback boolean not null default false,
  updated_at text,
  summary_text text not null default '',
  content_html text not null default '',
  content_hash text not null,
  first_seen_at text not null,
  last_seen_at text not null,
  story_id bigint not null,
  search tsvector generated always as (
    setweight(to_tsvector('breachwire_search', title), 'A')
    || setweight(to_tsvector('breachwire_search', summary_text), 'B')
    || setweight(to_tsvector('breachwire_search', content_html), 'C')
  ) stored,
  unique (source_id, identity_key)
);
create index items_published on items (published_at desc, id desc);
create index items_source_published on items (source_id, published_at, id);
create index items_story on items (story_id, published_at, id);
create index items_search on items using gin (search);

-- id keeps the order categories were written in.
create table item_categories (
  id bigint generated always as identity primary key,
  item_id bigint not null references items (id) on delete cascade,
  name text collate "C" not null,
  name_key text collate "C" not null,
  unique (item_id, name_key)
);
create index item_categories_name_key on item_categories (name_key, name);

create table tombstones (
  source_id text collate "C" not null,
  identity_key text collate "C" not null,
  pruned_at text not null,
  primary key (source_id, identity_key)
);

create table story_members (
  item_id bigint primary key references items (id) on delete cascade,
  story_id bigint not null,
  reason text not null,
  score double precision not null,
  matched_item_id bigint
);
create index story_members_story on story_members (story_id);

-- at: the linking item's publication time in unix seconds, so a busy url is walked out from a date.
create table item_links (
  id bigint generated always as identity primary key,
  item_id bigint not null references items (id) on delete cascade,
  kind text not null check (kind in ('self', 'out')),
  url text not null,
  at bigint
);
create index item_links_url_at on item_links (url, at, item_id);
create index item_links_item on item_links (item_id);

create table item_evidence (
  item_id bigint primary key references items (id) on delete cascade,
  title_tokens text[] not null,
  published_at text not null
);

-- One row per (title token, item), keyed by token then time: candidate lookup walks a token's
-- postings near an item's date. Written with the evidence; cascades with the item.
create table item_tokens (
  token text collate "C" not null,
  at bigint not null,
  item_id bigint not null references items (id) on delete cascade,
  primary key (token, at, item_id)
);
create index item_tokens_item on item_tokens (item_id);

-- The store-wide change counter: one row, bumped by every write transaction.
create table store_changes (
  one boolean primary key default true check (one),
  generation bigint not null
);
insert into store_changes (one, generation) values (true, 1);
`

// What the last successful pass left out (counts by reason) and its warning, as on SQLite's m04.
const m02SourceHealth = `
alter table sources add column last_dropped jsonb;
alter table sources add column last_warning text;
`

// Several pollers on one database (src/store/postgres/leases.ts): a poller holds a source until
// lease_until (the database's clock, shared by all pollers); lease_token goes up by one on every
// claim, and a poll's writes are refused unless the token is still the one it claimed with.
const m03PollerLeases = `
alter table sources add column lease_until timestamptz;
alter table sources add column lease_token bigint not null default 0;
`

// Story takeover: reports that lead only when no credible report is there, as SQLite's m05.
const m04CannotLead = `
alter table items add column cannot_lead boolean not null default false;
`

// Revisions and story activity, as SQLite's m06 (changes is jsonb: field -> [old, new]).
const m05StoryActivityRevisions = `
create table item_revisions (
  id bigint generated always as identity primary key,
  item_id bigint not null references items (id) on delete cascade,
  at text collate "C" not null,
  changes jsonb not null
);
create index item_revisions_item on item_revisions (item_id, id);

alter table stories add column activity_at text collate "C";
update stories st set activity_at = (select max(i.published_at) from items i where i.story_id = st.id);
create index stories_activity on stories (activity_at desc, lead_item_id desc);
`

// Facts per item, as SQLite's m07 (docs/facts-store.md).
const m06ItemFacts = `
create table item_facts (
  item_id bigint primary key references items (id) on delete cascade,
  records bigint,
  origin text not null,
  facts text not null
);
create index item_facts_records on item_facts (records) where records is not null;
create table item_facets (
  kind text collate "C" not null,
  key text collate "C" not null,
  item_id bigint not null references items (id) on delete cascade,
  name text collate "C" not null,
  primary key (kind, key, item_id)
);
create index item_facets_item on item_facets (item_id);
`

// Category keys fold punctuation too, as SQLite's m08 (src/lib/category-key.ts: the stored keys
// are already lower case with single spaces, so folding its punctuation list in SQL gives what
// toCategoryKey gives). One row per (item, key) is kept, the first written.
const m07CategoryKeys = `
create temp table category_rekey on commit drop as
  select id, item_id, btrim(regexp_replace(translate(name_key, ${sqlString(CATEGORY_PUNCTUATION)}, ${sqlString(' '.repeat([...CATEGORY_PUNCTUATION].length))}), ' +', ' ', 'g')) as new_key
  from item_categories;
delete from item_categories c using (
  select id, new_key, row_number() over (partition by item_id, new_key order by id) as k from category_rekey) r
where c.id = r.id and (r.k > 1 or r.new_key = '');
update item_categories c set name_key = r.new_key from category_rekey r where c.id = r.id and c.name_key <> r.new_key;
`

// Search by categories and source titles too, as SQLite's m09 (src/store/postgres/search-index.ts).
const m08SearchExtra = `
alter table items add column search_extra tsvector not null default ''::tsvector;
update items i set search_extra = ${SEARCH_EXTRA_SQL};
drop index items_search;
create index items_search_all on items using gin ((search || search_extra));
create function breachwire_source_title_search() returns trigger language plpgsql as $$
begin
  update items i set search_extra = ${SEARCH_EXTRA_SQL} where i.source_id = new.id;
  return null;
end
$$;
create trigger sources_title_search after update of title on sources
  for each row when (old.title is distinct from new.title) execute function breachwire_source_title_search();
`

export const pgMigrations: readonly PgMigration[] = [
  { name: 'm01_initial', sql: m01Initial },
  { name: 'm02_source_health', sql: m02SourceHealth },
  { name: 'm03_poller_leases', sql: m03PollerLeases },
  { name: 'm04_cannot_lead', sql: m04CannotLead },
  { name: 'm05_story_activity_revisions', sql: m05StoryActivityRevisions },
  { name: 'm06_item_facts', sql: m06ItemFacts },
  { name: 'm07_category_keys', sql: m07CategoryKeys },
  { name: 'm08_search_extra', sql: m08SearchExtra },
  { name: 'm09_alert_outbox', sql: pgOutboxSchema },
]

const createLedger = `create table if not exists schema_migrations (
  version integer primary key,
  name text not null,
  applied_at timestamptz not null default now()
)`

function newerSchemaError(found: number, known: number): StoreError {
  return new StoreError(
    'other',
    `store: the database schema is version ${found}, newer than this breachwire knows (${known}); upgrade breachwire`,
  )
}

/** The highest applied version (0 for a database breachwire has never migrated). */
export async function readSchemaVersion(client: Pick<pg.ClientBase, 'query'>): Promise<number> {
  const exists = await client.query<{ found: boolean }>(`select to_regclass('schema_migrations') is not null as found`)
  if (exists.rows[0]?.found !== true) return 0
  const result = await client.query<{ version: number | null }>('select max(version)::integer as version from schema_migrations')
  return result.rows[0]?.version ?? 0
}

/**
 * Applies every migration the database has not seen, all in one transaction under
 * pg_advisory_xact_lock(MIGRATION_LOCK_KEY). Refuses a schema newer than `list`. Resolves to the
 * number of migrations applied.
 */
export async function migrate(pool: pg.Pool, list: readonly PgMigration[] = pgMigrations): Promise<number> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query('begin')
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
    await client.query(createLedger)
    const current = await readSchemaVersion(client)
    if (current > list.length) throw newerSchemaError(current, list.length)
    for (let version = current + 1; version <= list.length; version++) {
      const migration = list[version - 1]
      if (migration === undefined) break
      await client.query(migration.sql)
      await client.query('insert into schema_migrations (version, name) values ($1, $2)', [version, migration.name])
    }
    await client.query('commit')
    return list.length - current
  } catch (err) {
    try {
      await client.query('rollback')
    } catch (rollbackErr) {
      broken = rollbackErr as Error
    }
    throw err
  } finally {
    client.release(broken)
  }
}

/** For stores opened without migrating: the schema must be exactly the one this code knows. */
export async function assertSchemaCurrent(pool: pg.Pool, list: readonly PgMigration[] = pgMigrations): Promise<void> {
  const client = await pool.connect()
  try {
    const current = await readSchemaVersion(client)
    if (current > list.length) throw newerSchemaError(current, list.length)
    if (current < list.length) {
      throw new StoreError(
        'other',
        `store: the database schema is version ${current}, older than this breachwire needs (${list.length}); run breachwire migrate`,
      )
    }
  } finally {
    client.release()
  }
}

/** A SQL string literal (quotes doubled; standard_conforming_strings keeps backslashes literal). */
function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
