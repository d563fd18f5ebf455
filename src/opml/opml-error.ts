// An OPML file that cannot be read as OPML at all (a single bad outline is skipped, not an error).

import { BreachwireError } from '../errors.js'

export type OpmlErrorCode = 'not_opml' | 'empty' | 'too_deep'

export class OpmlError extends BreachwireError<OpmlErrorCode> {
  override name = 'OpmlError'
  constructor(code: OpmlErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message.startsWith('opml:') ? message : `opml: ${message}`, options)
  }
}
