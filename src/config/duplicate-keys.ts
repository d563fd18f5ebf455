// Duplicate keys in feeds.json. JSON.parse keeps the last of `"url": "a", … "url": "b"` without a
// word, so a source edited by hand can silently poll the wrong URL; each repeat is reported with
// the file, line and column of the repeated key and the object it is in.
import { type JSONPath, visit } from 'jsonc-parser'
import { ConfigError } from '../errors.js'

/** `in sources[3].select`, or `at the top level` for the root object. */
function describePlace(path: JSONPath): string {
  if (path.length === 0) return 'at the top level'
  let out = ''
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`
  return `in ${out}`
}

/**
 * One ConfigError per repeated key, `feeds.json:12:5: duplicate key "url" in sources[3]` (1-based
 * line and column of the second occurrence); empty when every object's keys are unique. Expects
 * text JSON.parse accepted.
 */
export function findDuplicateKeys(text: string, label: string): ConfigError[] {
  const errors: ConfigError[] = []
  // One set of seen keys per object being read, innermost last.
  const open: Set<string>[] = []
  visit(text, {
    onObjectBegin: () => {
      open.push(new Set())
    },
    onObjectEnd: () => {
      open.pop()
    },
    onObjectProperty: (property, _offset, _length, line, column, pathSupplier) => {
      const keys = open.at(-1)
      if (keys === undefined) return
      if (keys.has(property)) {
        errors.push(
          new ConfigError(
            `${label}:${line + 1}:${column + 1}`,
            `duplicate key ${JSON.stringify(property)} ${describePlace(pathSupplier())}`,
          ),
        )
      }
      keys.add(property)
    },
  })
  return errors
}
