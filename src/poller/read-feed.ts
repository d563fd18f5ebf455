// A fetched body → ParsedFeed: the feed parser for feeds, CSS selectors for html pages, the
// source's map for csv, json and table sources.
import { extractItems, isTabular, readTabular } from '../extract/index.js'
import { decodeBody, type ParseContext, parseFeed } from '../parse/index.js'
import type { FeedSource, FetchResult, ParsedFeed } from '../types.js'

type Fetched = Extract<FetchResult, { kind: 'fetched' }>

export async function readFeed(source: FeedSource, result: Fetched): Promise<ParsedFeed> {
  if (source.type === 'html' && source.select !== undefined) {
    // The page's charset the same way a feed's is found: header, then meta/declaration, then BOM.
    const { text } = decodeBody(result.body, result.contentType)
    return extractItems(text, source.select, result.finalUrl)
  }
  if (isTabular(source)) {
    const { text } = decodeBody(result.body, result.contentType)
    return readTabular(text, source, result.finalUrl)
  }
  const ctx: ParseContext = { url: result.finalUrl }
  if (result.contentType !== undefined) ctx.contentType = result.contentType
  if (result.contentLocation !== undefined) ctx.contentLocation = result.contentLocation
  return parseFeed(result.body, ctx)
}
