// The operator endpoints (/metrics, /status) behind a token when one is set: with
// BREACHWIRE_OPERATOR_TOKEN in the environment, a request needs `Authorization: Bearer <token>`,
// else 401 JSON. Without it they stay public (the contract lists /status among the pages). A
// restricted answer is never stored by a shared cache: its Cache-Control becomes private, no-store.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { RequestHandler } from 'express'

/** The paths the token guards. */
export const OPERATOR_PATHS = ['/metrics', '/status'] as const

const digest = (value: string): Buffer => createHash('sha256').update(value).digest()

/** The guard for a token, or null when none is set (nothing to mount). */
export function createOperatorGuard(token: string | undefined): RequestHandler | null {
  if (token === undefined || token.trim() === '') return null
  const expected = digest(token.trim())
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
    // Digests first: equal lengths for timingSafeEqual, and no timing hint of the token's length.
    if (match?.[1] === undefined || !timingSafeEqual(digest(match[1]), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="breachwire operator"')
      res.setHeader('Cache-Control', 'no-store')
      res.status(401).json({ error: 'this endpoint needs the operator token: Authorization: Bearer <BREACHWIRE_OPERATOR_TOKEN>' })
      return
    }
    const writeHead = res.writeHead
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof res.writeHead>) {
      this.setHeader('Cache-Control', 'private, no-store')
      return writeHead.apply(this, args)
    } as typeof res.writeHead
    next()
  }
}
