// Item revisions on SQLite: upsertItems calls recordRevision before it overwrites a changed item,
// so the previous title, summary, content and date are kept (see revision-changes.ts).
import type { ItemRevision } from '../types.js'
import type { StoreContext } from './context.js'
import { diffRevision, MAX_REVISIONS_PER_ITEM, type RevisedColumns, type RevisionRow, toItemRevision } from './revision-changes.js'
import { toJsonList } from './rows.js'

/** Keeps what `next` changes of the stored item as a revision at `now` (nothing when no tracked field changes). */
export function recordRevision(ctx: StoreContext, itemId: number, next: RevisedColumns, now: string): void {
  const before = ctx.prepare('select title, summary_text, content_html, published_at from items where id = ?').get(itemId) as
    | RevisedColumns
    | undefined
  if (before === undefined) return
  const changes = diffRevision(before, next)
  if (changes === null) return
  ctx.prepare('insert into item_revisions (item_id, at, changes) values (?, ?, ?)').run(itemId, now, JSON.stringify(changes))
  ctx
    .prepare(`delete from item_revisions where item_id = @itemId and id not in (
                select id from item_revisions where item_id = @itemId order by id desc limit @keep)`)
    .run({ itemId, keep: MAX_REVISIONS_PER_ITEM })
}

/** The revisions of the given items, oldest first. */
export function listRevisions(ctx: StoreContext, itemIds: readonly number[]): ItemRevision[] {
  if (itemIds.length === 0) return []
  const rows = ctx
    .prepare(`select item_id, at, changes from item_revisions
              where item_id in (select value from json_each(?)) order by at, id`)
    .all(toJsonList(itemIds)) as RevisionRow[]
  return rows.map(toItemRevision)
}
