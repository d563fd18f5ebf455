// Node's network errors → FetchError with a closed code and a message fit for a status page.

import { FetchError } from '../errors.js'

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'EAI_ADDRFAMILY', 'ENODATA'])
const timeoutCodes = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT'])
const tlsCodes = new Set([
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
  'ERR_SSL_WRONG_VERSION_NUMBER',
])

/** Turns anything thrown during an exchange into a FetchError; the deadline's reason wins when it fired. */
export function toFetchError(err: unknown, url: string, signal: AbortSignal): FetchError {
  if (signal.aborted && signal.reason instanceof FetchError) return signal.reason
  if (err instanceof FetchError) return err
  const code = readErrorCode(err)
  const detail = describeCause(err, code)
  if (code !== undefined && dnsCodes.has(code)) {
    return new FetchError('dns', `fetch: could not resolve the host of ${url} (${detail})`, { url, cause: err })
  }
  if (code !== undefined && timeoutCodes.has(code)) {
    return new FetchError('timeout', `fetch: connection to ${url} timed out (${detail})`, { url, cause: err })
  }
  if (isTlsFailure(err, code)) {
    return new FetchError('tls', `fetch: TLS failed for ${url} (${detail})`, { url, cause: err })
  }
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code?.startsWith('ERR__') || code === 'ERR_BROTLI_COMPRESSION_FAILED') {
    return new FetchError('connection', `fetch: could not decompress the body from ${url} (${detail})`, { url, cause: err })
  }
  return new FetchError('connection', `fetch: connection to ${url} failed (${detail})`, { url, cause: err })
}

function isTlsFailure(err: unknown, code: string | undefined): boolean {
  if (code !== undefined && (tlsCodes.has(code) || /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_)/.test(code))) return true
  // A reset during the handshake ("... before secure TLS connection was established") is a TLS problem too.
  const message = err instanceof Error ? err.message : ''
  return /\b(TLS|SSL|certificate)\b/i.test(message)
}

/** The errno-style code of an error, looking inside AggregateError (happy-eyeballs connects). */
function readErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') return code
  if (err instanceof AggregateError) {
    for (const inner of err.errors) {
      const innerCode = readErrorCode(inner)
      if (innerCode !== undefined) return innerCode
    }
  }
  return undefined
}

function describeCause(err: unknown, code: string | undefined): string {
  const message = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
  if (code === undefined) return message || 'unknown error'
  if (message === '' || message.includes(code)) return message || code
  return `${code}: ${message}`
}
