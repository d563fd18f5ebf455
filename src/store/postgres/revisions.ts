// Item revisions on PostgreSQL, as src/store/revisions.ts.
import type { ItemRevision } from '../../types.js'
import { diffRevision, MAX_REVISIONS_PER_ITEM, type RevisedColumns, type RevisionRow, toItemRevision } from '../revision-changes.js'
import type { PgContext } from './context.js'

/**
 * Keeps what each `next` changes of its stored item as a revision at `now` (nothing for an item
 * whose tracked fields are unchanged). Reads the stored rows in one query and writes in one, as
 * the batched upsert does.
 */
export async function recordRevisions(
  ctx: PgContext,
  edits: readonly { itemId: number; next: RevisedColumns }[],
  now: string,
): Promise<void> {
  if (edits.length === 0) return
  const before = await ctx.query<RevisedColumns & { id: number }>(
    'select id, title, summary_text, content_html, published_at from items where id = any($1::bigint[])',
    [edits.map((edit) => edit.itemId)],
  )
  const stored = new Map(before.map((row) => [row.id, row]))
  const itemIds: number[] = []
  const changes: string[] = []
  for (const edit of edits) {
    const row = stored.get(edit.itemId)
    const diff = row === undefined ? null : diffRevision(row, edit.next)
    if (diff === null) continue
    itemIds.push(edit.itemId)
    changes.push(JSON.stringify(diff))
  }
  if (itemIds.length === 0) return
  await ctx.query(
    `insert into item_revisions (item_id, at, changes)
     select r.item_id, $2, r.changes::jsonb from unnest($1::bigint[], $3::text[]) with ordinality as r (item_id, changes, n) order by r.n`,
    [itemIds, now, changes],
  )
  await ctx.query(
    `delete from item_revisions r using (
       select id, row_number() over (partition by item_id order by id desc) as k
       from item_revisions where item_id = any($1::bigint[])) old
     where r.id = old.id and old.k > $2`,
    [itemIds, MAX_REVISIONS_PER_ITEM],
  )
}

/** The revisions of the given items, oldest first. */
export async function listRevisions(ctx: PgContext, itemIds: readonly number[]): Promise<ItemRevision[]> {
  if (itemIds.length === 0) return []
  const rows = await ctx.query<RevisionRow>(
    'select item_id, at, changes from item_revisions where item_id = any($1::bigint[]) order by at, id',
    [itemIds],
  )
  return rows.map(toItemRevision)
}
