// Finds where a JSON text stops being JSON, as a line and column a person can go to.
// JSON.parse only sometimes says where (Node 20: "at position N", or nothing at all),
// so when it fails we scan the text ourselves with a small strict JSON reader.

export interface JsonSyntaxProblem {
  line: number
  column: number
  reason: string
}

class Stop extends Error {
  readonly offset: number
  constructor(offset: number, reason: string) {
    super(reason)
    this.offset = offset
  }
}

/** Null when the text is valid JSON; otherwise the first problem, 1-based line and column. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  let pos = 0

  const describe = (at: number): string =>
    at >= text.length ? 'end of file' : JSON.stringify(text[at])
  const fail = (reason: string, at = pos): never => {
    throw new Stop(at, reason)
  }
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos] as string)) pos += 1
  }
  const expect = (ch: string, what: string): void => {
    skipSpace()
    if (text[pos] !== ch) fail(`expected ${what}, found ${describe(pos)}`)
    pos += 1
  }

  const readString = (): void => {
    pos += 1 // opening quote
    while (pos < text.length) {
      const ch = text[pos] as string
      if (ch === '"') {
        pos += 1
        return
      }
      if (ch === '\\') {
        const next = text[pos + 1]
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) fail('bad \\u escape in string')
          pos += 6
          continue
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) fail('bad escape in string')
        pos += 2
        continue
      }
      if (ch < ' ') fail('control character (a raw line break?) inside a string')
      pos += 1
    }
    fail('unterminated string')
  }

  const readNumber = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos))
    if (m === null || m[0] === '' || m[0] === '-') fail(`unexpected ${describe(pos)}`)
    pos += (m as RegExpExecArray)[0].length
  }

  const readValue = (): void => {
    skipSpace()
    const ch = text[pos]
    if (ch === undefined) fail('unexpected end of file, expected a value')
    if (ch === '{') return readObject()
    if (ch === '[') return readArray()
    if (ch === '"') return readString()
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return readNumber()
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, pos)) {
        pos += word.length
        return
      }
    }
    fail(`unexpected ${describe(pos)}, expected a value`)
  }

  const readObject = (): void => {
    pos += 1
    skipSpace()
    if (text[pos] === '}') {
      pos += 1
      return
    }
    for (;;) {
      skipSpace()
      if (text[pos] === '}') fail('trailing comma before "}"')
      if (text[pos] !== '"') fail(`expected a "quoted" key, found ${describe(pos)}`)
      readString()
      expect(':', '":" after the key')
      readValue()
      skipSpace()
      if (text[pos] === ',') {
        pos += 1
        continue
      }
      if (text[pos] === '}') {
        pos += 1
        return
      }
      fail(`expected "," or "}", found ${describe(pos)}`)
    }
  }

  const readArray = (): void => {
    pos += 1
    skipSpace()
    if (text[pos] === ']') {
      pos += 1
      return
    }
    for (;;) {
      skipSpace()
      if (text[pos] === ']') fail('trailing comma before "]"')
      readValue()
      skipSpace()
      if (text[pos] === ',') {
        pos += 1
        continue
      }
      if (text[pos] === ']') {
        pos += 1
        return
      }
      fail(`expected "," or "]", found ${describe(pos)}`)
    }
  }

  try {
    readValue()
    skipSpace()
    if (pos < text.length) fail(`unexpected ${describe(pos)} after the end of the document`)
    return null
  } catch (err) {
    if (!(err instanceof Stop)) throw err
    return { ...lineAndColumn(text, err.offset), reason: err.message }
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text[i] === '\n') {
      line += 1
      lineStart = i + 1
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 }
}
