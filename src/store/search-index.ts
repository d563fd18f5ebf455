// What full-text search reads on SQLite: one items_fts row per item with its title, summary, the
// text of its content, its categories and its source's title (so "hipaa" finds posts filed under
// "HIPAA Breach News" and posts from The HIPAA Journal). The store writes an item's row when it
// writes the item (indexItemText); triggers remove it with the item and follow a source renaming.
import { extractHtmlText } from '../clean/html-text.js'
import type { StoreContext } from './context.js'

/** The FTS5 columns, in order (bm25 weights in search.ts follow it). */
export const SEARCH_COLUMNS = ['title', 'summary_text', 'body', 'categories', 'source'] as const

/** (Re)writes the item's search row from what is stored: call after its categories are written. */
export function indexItemText(ctx: StoreContext, itemId: number): void {
  const row = ctx
    .prepare(`select i.title, i.summary_text, i.content_html, s.title as source,
                     (select group_concat(c.name, ' ') from item_categories c where c.item_id = i.id) as categories
              from items i join sources s on s.id = i.source_id where i.id = ?`)
    .get(itemId) as { title: string; summary_text: string; content_html: string; source: string; categories: string | null } | undefined
  ctx.prepare('delete from items_fts where rowid = ?').run(itemId)
  if (row === undefined) return
  ctx
    .prepare('insert into items_fts (rowid, title, summary_text, body, categories, source) values (?, ?, ?, ?, ?, ?)')
    .run(itemId, row.title, row.summary_text, extractHtmlText(row.content_html), row.categories ?? '', row.source)
}
