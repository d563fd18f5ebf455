// The subscriptions of an OPML file → the sources to append to feeds.json: no URL already there
// (same canonical URL) or twice in the file, ids slugged from titles and unique, each one checked
// by the same validateConfig that loads feeds.json. A refused outline is named by its place in the
// OPML file and its attribute (`outline 4 ("Foo"): xmlUrl: not a URL`), since the feeds.json
// entry it would have become does not exist.

import { chooseUniqueId, type RawSource, slugifySource } from '../config/edit.js'
import { ConfigErrorList, validateConfig } from '../config/index.js'
import { ConfigError } from '../errors.js'
import { canonicalizeUrl } from '../lib/canonical-url.js'
import { isHttpUrl } from '../lib/url.js'
import type { FeedSource } from '../types.js'
import type { OpmlFeed } from './parse-opml.js'

export interface ImportSkip {
  title?: string
  url: string
  /** 1-based position of the outline in the OPML file. */
  position: number
  reason: string
}

export interface ImportPlan {
  /** Sources to append, in the file's order. */
  add: RawSource[]
  skipped: ImportSkip[]
}

/** Turns OPML subscriptions into new sources for a config that already holds `existing`. */
export function planOpmlImport(feeds: OpmlFeed[], existing: readonly FeedSource[], fileLabel: string): ImportPlan {
  const urls = new Map<string, string>(existing.map((s) => [canonicalizeUrl(s.url), `already in ${fileLabel} as "${s.id}"`]))
  const ids = new Set(existing.map((s) => s.id))
  const plan: ImportPlan = { add: [], skipped: [] }
  for (const feed of feeds) {
    const skip = (reason: string): void => {
      plan.skipped.push({ ...(feed.title === undefined ? {} : { title: feed.title }), url: feed.xmlUrl, position: feed.position, reason })
    }
    const key = canonicalizeUrl(feed.xmlUrl)
    const duplicate = urls.get(key)
    if (duplicate !== undefined) {
      skip(`duplicate: ${feed.xmlUrl} is ${duplicate}`)
      continue
    }
    const title = feed.title !== undefined && feed.title !== feed.xmlUrl ? feed.title : undefined
    const id = chooseUniqueId(slugifySource(title, feed.xmlUrl), ids)
    const raw: RawSource = { id }
    if (title !== undefined) raw['title'] = title
    raw['url'] = feed.xmlUrl
    if (feed.htmlUrl !== undefined && isHttpUrl(feed.htmlUrl)) raw['homepage'] = feed.htmlUrl
    if (feed.tags.length > 0) raw['tags'] = feed.tags
    // A source exported disabled (breachwire:enabled="false") comes back disabled.
    raw['enabled'] = feed.enabled ?? true
    const problems = checkOutline(raw)
    if (problems.length > 0) {
      skip(problems.join('; '))
      continue
    }
    urls.set(key, `listed twice in the OPML file (kept as "${id}")`)
    ids.add(id)
    plan.add.push(raw)
  }
  return plan
}

/** The OPML attribute each feeds.json field of an imported source comes from. */
const attributeOfField: Record<string, string> = {
  url: 'xmlUrl',
  homepage: 'htmlUrl',
  title: 'title',
  tags: 'category',
  enabled: 'breachwire:enabled',
}

/** validateConfig's messages for an imported source, each naming the outline's attribute (`xmlUrl: not a URL`). */
function checkOutline(raw: RawSource): string[] {
  const label = 'opml'
  try {
    validateConfig({ sources: [raw] }, label)
    return []
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    const errors = err instanceof ConfigErrorList ? err.errors : [err]
    return errors.map((e) => {
      const field = /^opml: sources\[0\]\.(\w+)/.exec(e.path)?.[1] ?? ''
      return `${attributeOfField[field] ?? field}: ${e.message.slice(e.path.length + 2)}`
    })
  }
}

/**
 * validateConfig's messages for the source as it would sit at sources[index] of the file
 * (`feeds.json: sources[14].url: not a URL`); [] when it passes.
 */
export function checkSource(raw: RawSource, index: number, fileLabel: string): string[] {
  try {
    validateConfig({ sources: [raw] }, fileLabel)
    return []
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    const errors = err instanceof ConfigErrorList ? err.errors : [err]
    return errors.map((e) => e.message.replace(`${fileLabel}: sources[0]`, `${fileLabel}: sources[${index}]`))
  }
}
