// Which answers are JSON and which are HTML pages. Machine clients (the API, feed readers, OPML
// importers, health checks and Prometheus) get `{ "error": "…" }`; people in a browser get a page.

/** First path segments whose errors are JSON (compared lowercase: Express routes case-insensitively). */
const JSON_SEGMENTS = new Set(['api', 'opml', 'healthz', 'metrics'])

/** true when errors on `path` are answered as JSON: /api/*, /feed.*, /opml, /healthz, /metrics. */
export function isJsonPath(path: string): boolean {
  const first = (path.split('/')[1] ?? '').toLowerCase()
  return JSON_SEGMENTS.has(first) || first.startsWith('feed.')
}
