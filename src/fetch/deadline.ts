// One clock for the whole exchange (every redirect hop, the body included) plus the caller's
// abort signal, folded into one AbortSignal whose reason is the FetchError to report.

import { FetchError } from '../errors.js'

export interface Deadline {
  signal: AbortSignal
  /** Stops the timer and detaches from the caller's signal. */
  dispose(): void
}

/** `describeUrl` is called when the time runs out, so the message names the URL being fetched then. */
export function startDeadline(timeoutMs: number, outer: AbortSignal | undefined, describeUrl: () => string): Deadline {
  const controller = new AbortController()
  const onTimeout = (): void => {
    const url = describeUrl()
    controller.abort(new FetchError('timeout', `fetch: no complete answer from ${url} within ${timeoutMs} ms`, { url }))
  }
  const onAbort = (): void => {
    const url = describeUrl()
    controller.abort(new FetchError('aborted', `fetch: aborted while fetching ${url}`, { url, cause: outer?.reason }))
  }
  const timer = setTimeout(onTimeout, Math.max(0, timeoutMs))
  if (outer?.aborted) onAbort()
  else outer?.addEventListener('abort', onAbort, { once: true })
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer)
      outer?.removeEventListener('abort', onAbort)
    },
  }
}
