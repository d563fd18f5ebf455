// Every problem found in one feeds.json, reported together: one ConfigError per problem, and one
// ConfigError (this class) carrying them all, whose message has one problem per line.
import { ConfigError } from '../errors.js'

export class ConfigErrorList extends ConfigError {
  override name = 'ConfigError'
  readonly errors: readonly ConfigError[]
  constructor(errors: readonly ConfigError[]) {
    const first = errors[0]
    if (first === undefined) throw new Error('config: ConfigErrorList needs at least one error')
    const firstText = first.message.slice(first.path.length + 2)
    const rest = errors.slice(1).map((e) => e.message)
    super(first.path, [firstText, ...rest].join('\n'))
    this.errors = errors
  }
}

/** A short, readable form of a JSON value for "got …" in messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value
      return JSON.stringify(shown)
    }
    case 'number':
    case 'boolean':
      return String(value)
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}
