// The public base URL for self links in feeds: the configured one, else the request's Host
// (validated, since it is client input that ends up in cached bodies).
import type { IncomingMessage } from 'node:http'
import type { AppContext } from '../context.js'

const HOST_PATTERN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/

/** `https://news.example` or `http://<Host>`; `http://localhost` when the Host header is unusable. */
export function resolveBaseUrl(ctx: AppContext, req: IncomingMessage): string {
  if (ctx.publicUrl) return ctx.publicUrl.replace(/\/+$/, '')
  const host = req.headers.host
  return host && HOST_PATTERN.test(host) ? `http://${host.toLowerCase()}` : 'http://localhost'
}
