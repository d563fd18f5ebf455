// The public base URL for absolute links (feeds' self links, OPML, the feeds' home links): the
// configured one (--public-url, BREACHWIRE_PUBLIC_URL, settings.publicUrl; config/public-url.ts),
// else the address the request arrived on, read from the socket. Never the Host or X-Forwarded-*
// headers: those are the client's to choose, and what they say would be written into cached
// bodies (and one cache entry per Host would let a client grow the cache at will).
import type { IncomingMessage } from 'node:http'
import type { AppContext } from '../context.js'

/** `https://news.example`, or `http://127.0.0.1:3000` (the listening address) when none is configured. */
export function resolveBaseUrl(ctx: AppContext, req: IncomingMessage): string {
  const configured = ctx.publicUrl ?? ctx.getConfig().settings.publicUrl
  if (configured) return configured.replace(/\/+$/, '')
  return describeLocalAddress(req.socket.localAddress, req.socket.localPort)
}

function describeLocalAddress(address: string | undefined, port: number | undefined): string {
  const host = (address ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')
  const shown = host.includes(':') ? `[${host}]` : host
  return port === undefined ? `http://${shown}` : `http://${shown}:${port}`
}
