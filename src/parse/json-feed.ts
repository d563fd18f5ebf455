// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Read directly from JSON.parse: the
// format is small and every field is checked here. 1.0's `author` and 1.1's `authors` both count.

import { ParseError } from '../errors.js'
import type { ParsedFeed, ParsedItem } from '../types.js'
import { compactObject, escapeHtml, readFirstString, readString, readStringList } from './field.js'

type JsonObject = Record<string, unknown>

const asObject = (value: unknown): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined

/** Parses a JSON Feed document; throws ParseError 'malformed' on invalid JSON or a non-feed. */
export function parseJsonFeed(text: string): ParsedFeed {
  let root: JsonObject | undefined
  try {
    root = asObject(JSON.parse(text))
  } catch (err) {
    throw new ParseError('malformed', `parse: invalid JSON Feed: ${(err as Error).message}`, { cause: err })
  }
  if (!root || !/jsonfeed\.org\/version\/1/i.test(readString(root['version']) ?? '')) {
    throw new ParseError('unrecognized_format', 'parse: the JSON document is not a JSON Feed (no jsonfeed.org version)')
  }
  const feedAuthor = readAuthorName(root)
  const items = Array.isArray(root['items']) ? root['items'] : []
  return compactObject({
    format: 'json',
    title: readString(root['title']),
    homepage: readString(root['home_page_url']),
    items: items.flatMap((raw) => {
      const item = asObject(raw)
      return item ? [adaptJsonItem(item, feedAuthor)] : []
    }),
  }) as ParsedFeed
}

function readAuthorName(owner: JsonObject): string | undefined {
  const authors = Array.isArray(owner['authors']) ? owner['authors'] : []
  return readFirstString(...authors.map((author) => asObject(author)?.['name']), asObject(owner['author'])?.['name'])
}

function adaptJsonItem(item: JsonObject, feedAuthor: string | undefined): ParsedItem {
  const title = readString(item['title'])
  const contentText = readString(item['content_text'])
  const summary = readString(item['summary'])
  const tags = Array.isArray(item['tags']) ? item['tags'] : []
  return compactObject<ParsedItem>({
    guid: readString(item['id']),
    link: readFirstString(item['url'], item['external_url']),
    title,
    titleType: title === undefined ? undefined : 'text',
    author: readAuthorName(item) ?? feedAuthor,
    published: readString(item['date_published']),
    updated: readString(item['date_modified']),
    summary: summary === undefined ? undefined : escapeHtml(summary),
    content: readString(item['content_html']) ?? (contentText === undefined ? undefined : escapeHtml(contentText)),
    categories: readStringList(tags),
  })
}
