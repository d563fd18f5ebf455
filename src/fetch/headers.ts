// The request headers every fetch sends.

import type { OutgoingHttpHeaders } from 'node:http'
import type { FetchRequest } from '../types.js'

const acceptHeader =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5'

const acceptEncodingHeader = 'gzip, deflate, br'

/** User-Agent, Accept, Accept-Encoding, and the validators (each on its own) unless unconditional. */
export function buildRequestHeaders(req: FetchRequest, userAgent: string): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'User-Agent': cleanHeaderValue(userAgent) || 'breachwire',
    Accept: acceptHeader,
    'Accept-Encoding': acceptEncodingHeader,
  }
  if (req.unconditional) return headers
  const etag = cleanHeaderValue(req.etag ?? '')
  if (etag) headers['If-None-Match'] = etag
  const lastModified = cleanHeaderValue(req.lastModified ?? '')
  if (lastModified) headers['If-Modified-Since'] = lastModified
  return headers
}

/** Drops characters a header value may not carry (CR, LF, other controls), so a stored value cannot split headers. */
function cleanHeaderValue(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '').trim()
}
