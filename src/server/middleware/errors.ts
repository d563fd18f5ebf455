// The one error middleware, the 405 on a route's path, and the last-resort 404. /api/*, the
// feeds, /opml, /healthz and /metrics answer `{ "error": "…" }` with a fitting status; the reader
// pages answer an HTML page.
// A stack trace or an internal path only ever reaches the log. HEAD answers carry no body
// (Express's send drops it).
import { STATUS_CODES } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import { BadQueryError, HttpError, StoreError } from '../../errors.js'
import { log } from '../../lib/log.js'
import { ALLOW_HEADER } from '../route-table.js'
import { renderMessagePage, renderNotFoundPage } from '../routes/pages.js'
import { isJsonPath } from './answer-format.js'
import { describeErrorPage } from './error-page.js'

interface ErrorAnswer {
  status: number
  message: string
}

/** What a thrown value means for the client. */
export function classifyError(err: unknown): ErrorAnswer {
  if (err instanceof HttpError) return { status: err.status, message: err.message }
  if (err instanceof BadQueryError) return { status: 400, message: err.message }
  if (err instanceof URIError) return { status: 400, message: 'malformed percent-encoding in the URL' }
  // The database failing is the service being unavailable, not a bug in the request.
  if (err instanceof StoreError)
    return { status: 503, message: err.code === 'busy' ? 'database busy, try again shortly' : 'database unavailable' }
  // Errors from Express, the router and body parsers carry a 4xx status (http-errors style);
  // their messages may quote internals, so only the status text is passed on.
  const status = readClientStatus(err)
  if (status !== undefined) return { status, message: (STATUS_CODES[status] ?? 'bad request').toLowerCase() }
  return { status: 500, message: 'internal error' }
}

function readClientStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown }
  const value = typeof status === 'number' ? status : statusCode
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value < 500 ? value : undefined
}

export function handleErrors(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const answer = classifyError(err)
  const fields = {
    method: req.method,
    path: req.originalUrl.slice(0, 300),
    status: answer.status,
    error: err instanceof Error ? err.message : String(err),
  }
  if (answer.status >= 500) log.error('Request failed', { ...fields, stack: err instanceof Error ? err.stack : undefined })
  else log.debug('Request refused', fields)
  if (res.headersSent) {
    // Part of an answer is out already: all that is left is to cut it short.
    res.destroy()
    return
  }
  res.removeHeader('ETag')
  res.removeHeader('Last-Modified')
  res.removeHeader('Content-Encoding')
  res.removeHeader('Vary')
  res.setHeader('Cache-Control', 'no-store')
  if (answer.status === 503) res.setHeader('Retry-After', '1')
  sendError(req, res, err, answer)
}

/** The answer itself: JSON for machine paths, else a page (404 → the not-found page). */
function sendError(req: Request, res: Response, err: unknown, answer: ErrorAnswer): void {
  if (isJsonPath(req.path)) {
    res.status(answer.status).json({ error: answer.message })
    return
  }
  try {
    if (answer.status === 404) {
      renderNotFoundPage(req, res)
      return
    }
    const page = describeErrorPage(err, answer.status, answer.message)
    renderMessagePage(res, answer.status, page.heading, page.message)
  } catch (renderErr) {
    // The templates themselves failing must not hide the status: a bare page says it.
    log.error('Error page failed to render', { path: req.originalUrl.slice(0, 300), error: String(renderErr) })
    res
      .status(answer.status)
      .type('text/plain')
      .send(`${answer.status} ${STATUS_CODES[answer.status] ?? 'Error'}\n`)
  }
}

/**
 * A route's path with a method other than GET or HEAD: OPTIONS gets 204 with Allow, anything
 * else 405 with Allow. Registered for every path of the route table after its GET, so it
 * matches exactly what the route matches.
 */
export function answerOtherMethod(req: Request, res: Response): void {
  res.setHeader('Allow', ALLOW_HEADER)
  res.setHeader('Cache-Control', 'no-store')
  if (req.method === 'OPTIONS') {
    res.status(204).end()
    return
  }
  sendError(req, res, null, { status: 405, message: `method ${req.method} not allowed; use GET or HEAD` })
}

/** Any request no route answered: 404, JSON under /api and the other machine paths, else an HTML page. */
export function answerNotFound(req: Request, res: Response): void {
  if (!isJsonPath(req.path)) {
    renderNotFoundPage(req, res)
    return
  }
  res.setHeader('Cache-Control', 'no-store')
  const what = (req.path.split('/')[1] ?? '').toLowerCase() === 'api' ? 'no such API endpoint' : 'not found'
  res.status(404).json({ error: `${what}: ${req.method} ${req.path}`.slice(0, 200) })
}
