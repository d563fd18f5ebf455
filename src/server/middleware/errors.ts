// The one error middleware and the /api 404. Clients get `{ "error": "…" }` with a fitting status;
// a stack trace or an internal path only ever reaches the log.
import { STATUS_CODES } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import { BadQueryError, HttpError, StoreError } from '../../errors.js'
import { log } from '../../lib/log.js'

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
  if (err instanceof StoreError) return { status: 503, message: err.code === 'busy' ? 'database busy, try again shortly' : 'database unavailable' }
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
  res.status(answer.status).json({ error: answer.message })
}

/** Any /api path no route claimed. */
export function answerApiNotFound(req: Request, res: Response): void {
  res.setHeader('Cache-Control', 'no-store')
  res.status(404).json({ error: `no such API endpoint: ${req.method} ${req.baseUrl}${req.path}`.slice(0, 200) })
}
