// The security headers, decided once. helmet builds them from the policy below; since no part of
// the policy depends on the request, its output is captured at start-up and then set on every
// answer as a fixed list (a dozen setHeader calls instead of helmet's middleware chain per request).
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import helmet from 'helmet'

export type HeaderList = readonly (readonly [string, string])[]

const policy: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'"],
      // Only the same-origin keyboard-shortcut file (views/static/keys.js): no inline script.
      scriptSrc: ["'self'"],
      // Item images are hot-linked from the sources' sites; no data: or plain-http images.
      imgSrc: ["'self'", 'https:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  // Served on loopback over plain HTTP by default; a TLS front end sets HSTS.
  strictTransportSecurity: false,
}

/** The headers helmet sets under the policy, in order. */
export function computeSecurityHeaders(): HeaderList {
  const headers = new Map<string, string>()
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers.set(name, String(value))
    },
    removeHeader(name: string) {
      headers.delete(name)
    },
  }
  let finished = false
  helmet(policy)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err
    finished = true
  })
  if (!finished) throw new Error('server: helmet did not set its headers synchronously')
  return [...headers]
}

export function setSecurityHeaders(res: ServerResponse, headers: HeaderList): void {
  for (const [name, value] of headers) res.setHeader(name, value)
}

export function applySecurityHeaders(headers: HeaderList) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    setSecurityHeaders(res, headers)
    next()
  }
}
