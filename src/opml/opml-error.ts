// An OPML file that cannot be read as OPML at all (a single bad outline is skipped, not an error).

export type OpmlErrorCode = 'not_opml' | 'empty'

export class OpmlError extends Error {
  override name = 'OpmlError'
  readonly code: OpmlErrorCode
  constructor(code: OpmlErrorCode, message: string, options?: { cause?: unknown }) {
    super(message.startsWith('opml:') ? message : `opml: ${message}`, options)
    this.code = code
  }
}
