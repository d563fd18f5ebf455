// Shared bits of the parse tests: fixture bytes and the Content-Type each fixture is served with.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const fixtureDir = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url))
export const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url))

export function readFixture(name: string): Buffer {
  return readFileSync(fixtureDir + name)
}

/** The Content-Type a server would send with the fixture (only the ISO-8859-1 case relies on it). */
export function contentTypeFor(name: string): string | undefined {
  if (name.startsWith('iso-8859-1')) return 'application/rss+xml; charset=ISO-8859-1'
  if (name.endsWith('.json')) return 'application/feed+json'
  if (name.endsWith('.html')) return 'text/html; charset=utf-8'
  return 'application/xml'
}

export const feedUrlFor = (name: string): string => `https://feeds.example/${name}`

/** Fixtures that parse to a feed (the others are expected to throw). */
export const parseableFixtures = [
  'atom-03.xml',
  'atom-xml-base.xml',
  'bad-atom-date.xml',
  'billion-laughs.xml',
  'control-chars.xml',
  'iso-8859-1-http-only.xml',
  'json-feed-1.0.json',
  'json-feed-1.1.json',
  'legacy-1252.xml',
  'missing-guid.xml',
  'rss1-rdf.xml',
  'truncated.xml',
  'unescaped-ampersand.xml',
  'utf-16-bom.xml',
  'wordpress-rss2.xml',
  'xxe.xml',
]
