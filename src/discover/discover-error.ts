// The one failure of discovery that is not a fetch failure: the URL answered, but no feed was found.

import { BreachwireError } from '../errors.js'

export type DiscoverErrorCode = 'no_feed'

/** A URL that works but leads to no feed. `tried` lists each candidate and why it was refused. */
export class DiscoverError extends BreachwireError<DiscoverErrorCode> {
  override name = 'DiscoverError'
  readonly tried: readonly RejectedCandidate[]
  constructor(code: DiscoverErrorCode, message: string, tried: readonly RejectedCandidate[] = [], options?: { cause?: unknown }) {
    super(code, message.startsWith('discover:') ? message : `discover: ${message}`, options)
    this.tried = tried
  }
}

/** A candidate feed URL that did not work, and why. */
export interface RejectedCandidate {
  url: string
  reason: string
}
