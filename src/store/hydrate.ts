// Turns a page of item ids into ApiItems in four batched queries: the rows (with source
// titles), their categories, every other member of their stories (alsoReportedBy, each with
// the reason it was attached to the story when it was), and their facts.
import type { ApiItem } from '../types.js'
import type { StoreContext } from './context.js'
import { toMergeReason } from './explain-story.js'
import { EMPTY_FACTS, parseStoredFacts } from './facts-rows.js'
import { toJsonList } from './rows.js'

/** One item row of a page, with its source's title (both engines select these columns). */
export interface PageRow {
  id: number
  source_id: string
  source_title: string
  title: string
  url: string
  guid: string | null
  author: string | null
  published_at: string
  updated_at: string | null
  summary_text: string
  content_html: string
  story_id: number
  /** Edits kept for the item, and the newest one's time (null when never edited). */
  revision_count: number
  revised_at: string | null
}

type AlsoReportedBy = ApiItem['alsoReportedBy'][number]

/** One member of a page item's story, with the reason it joined. */
export interface MemberRow {
  story_id: number
  id: number
  source_id: string
  source_title: string
  url: string
  reason: string | null
}

/** PageRow's revision columns over an items alias `i` (the same SQL on both engines). */
export const revisionColumns = `(select count(*) from item_revisions r where r.item_id = i.id) as revision_count,
  (select max(r.at) from item_revisions r where r.item_id = i.id) as revised_at`

export function hydrateItems(ctx: StoreContext, ids: readonly number[]): ApiItem[] {
  if (ids.length === 0) return []
  const idList = toJsonList(ids)
  const rows = ctx
    .prepare(`select i.id, i.source_id, s.title as source_title, i.title, i.url, i.guid, i.author, i.published_at,
                     i.updated_at, i.summary_text, i.content_html, i.story_id, ${revisionColumns}
              from items i join sources s on s.id = i.source_id
              where i.id in (select value from json_each(?))`)
    .all(idList) as PageRow[]
  const categoryRows = ctx
    .prepare('select item_id, name from item_categories where item_id in (select value from json_each(?)) order by rowid')
    .all(idList) as { item_id: number; name: string }[]
  const storyIds = [...new Set(rows.map((row) => row.story_id))]
  const memberRows = ctx
    .prepare(`select i.story_id, i.id, i.source_id, s.title as source_title, i.url, m.reason
              from items i join sources s on s.id = i.source_id
                left join story_members m on m.item_id = i.id and m.story_id = i.story_id
              where i.story_id in (select value from json_each(?))
              order by i.story_id, i.published_at, i.id`)
    .all(toJsonList(storyIds)) as MemberRow[]
  const factsRows = ctx
    .prepare('select item_id, facts from item_facts where item_id in (select value from json_each(?))')
    .all(idList) as FactsRow[]
  return attachFacts(assembleApiItems(ids, rows, categoryRows, memberRows), factsRows)
}

/** One item's stored facts (JSON text), as both engines read item_facts. */
export interface FactsRow {
  item_id: number
  facts: string
}

/** Sets each item's facts from its item_facts row (items without one keep the empty facts). */
export function attachFacts(items: ApiItem[], factsRows: readonly FactsRow[]): ApiItem[] {
  const byId = new Map(factsRows.map((row) => [row.item_id, row.facts]))
  for (const item of items) {
    const text = byId.get(item.id)
    if (text !== undefined) item.facts = parseStoredFacts(text)
  }
  return items
}

/** The page's ApiItems in the order of ids, from the three batches of rows (shared by both engines). */
export function assembleApiItems(
  ids: readonly number[],
  rows: readonly PageRow[],
  categoryRows: readonly { item_id: number; name: string }[],
  memberRows: readonly MemberRow[],
): ApiItem[] {
  const byId = new Map(rows.map((row) => [row.id, row]))
  const categories = new Map<number, string[]>()
  for (const row of categoryRows) {
    const list = categories.get(row.item_id) ?? []
    list.push(row.name)
    categories.set(row.item_id, list)
  }
  const members = new Map<number, { itemId: number; also: AlsoReportedBy }[]>()
  for (const row of memberRows) {
    const list = members.get(row.story_id) ?? []
    const also: AlsoReportedBy = { source: { id: row.source_id, title: row.source_title }, url: row.url }
    const reason = toMergeReason(row.reason)
    if (reason !== undefined) also.reason = reason
    list.push({ itemId: row.id, also })
    members.set(row.story_id, list)
  }
  const items: ApiItem[] = []
  for (const id of ids) {
    const row = byId.get(id)
    if (row === undefined) continue
    items.push({
      id: row.id,
      source: { id: row.source_id, title: row.source_title },
      title: row.title,
      url: row.url,
      guid: row.guid,
      author: row.author,
      published: row.published_at,
      // An edit seen by the store is the item's update; else the feed's own updated date.
      updated: row.revised_at ?? row.updated_at,
      summary: row.summary_text,
      contentHtml: row.content_html,
      categories: categories.get(row.id) ?? [],
      storyId: row.story_id,
      revisionCount: row.revision_count,
      facts: { ...EMPTY_FACTS },
      alsoReportedBy: (members.get(row.story_id) ?? []).filter((member) => member.itemId !== row.id).map((member) => ({ ...member.also })),
    })
  }
  return items
}
