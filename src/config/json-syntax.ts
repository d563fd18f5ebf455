// Finds where a JSON text stops being JSON, as a line and column a person can go to.
// JSON.parse only sometimes says where (Node 20: "at position N", or nothing at all), so when it
// fails jsonc-parser reads the text again, strictly (no comments, no trailing commas), and its
// first error is put in plain words.
import { getLocation, type ParseError, parse, printParseErrorCode } from 'jsonc-parser'

export interface JsonSyntaxProblem {
  line: number
  column: number
  reason: string
}

/** Null when the text is valid JSON; otherwise the first problem, 1-based line and column. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  const errors: ParseError[] = []
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false })
  const first = errors[0]
  if (first === undefined) return null
  return { ...lineAndColumn(text, first.offset), reason: explain(text, first, errors[1]) }
}

/** `next`: the error after this one (an odd symbol where a key belongs is followed by PropertyNameExpected). */
function explain(text: string, { error, offset, length }: ParseError, next: ParseError | undefined): string {
  const found = offset >= text.length ? 'end of file' : JSON.stringify(text.slice(offset, offset + Math.min(Math.max(length, 1), 20)))
  const closer = text[offset]
  // A value or key expected right before the closing bracket, after a comma: a trailing comma.
  const trailingComma = (closer === ']' || closer === '}') && text.slice(0, offset).trimEnd().endsWith(',')
  // ParseErrorCode is a const enum, which verbatimModuleSyntax cannot read: compare its names.
  const code = printParseErrorCode(error)
  switch (code) {
    case 'ValueExpected':
    case 'PropertyNameExpected':
      if (trailingComma) return `trailing comma before "${closer}"`
      if (offset >= text.length) return 'unexpected end of file, expected a value'
      return code === 'ValueExpected' ? `unexpected ${found}, expected a value` : `expected a "quoted" key, found ${found}`
    case 'InvalidSymbol':
      if (closer === "'") return `unexpected ${found}: JSON strings and keys need "double quotes"`
      return next !== undefined && printParseErrorCode(next.error) === 'PropertyNameExpected'
        ? `expected a "quoted" key, found ${found}`
        : `unexpected ${found}`
    case 'ColonExpected':
      return `expected ":" after the key, found ${found}`
    case 'CommaExpected':
      // Inside an array the path at the offset ends with an index, inside an object with a key.
      return typeof getLocation(text, offset).path.at(-1) === 'number'
        ? `expected "," or "]", found ${found}`
        : `expected "," or "}", found ${found}`
    case 'CloseBraceExpected':
      return `expected "," or "}", found ${found}`
    case 'CloseBracketExpected':
      return `expected "," or "]", found ${found}`
    case 'EndOfFileExpected':
      return `unexpected ${found} after the end of the document`
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'comments are not allowed in JSON'
    case 'UnexpectedEndOfString':
      return 'unterminated string (a raw line break inside it?)'
    case 'InvalidCharacter':
      return 'control character inside a string'
    case 'InvalidUnicode':
      return 'bad \\u escape in string'
    case 'InvalidEscapeCharacter':
      return 'bad escape in string'
    default:
      return `bad number ${found}`
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 }
}
