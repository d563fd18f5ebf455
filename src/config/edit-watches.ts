// Adds and removes watches in feeds.json the way edit.ts adds sources: jsonc-parser edits only
// the "watches" array, every other byte of the file (comments aside, feeds.json is JSON) stays.
import { applyEdits, type FormattingOptions, findNodeAtLocation, modify, parseTree } from 'jsonc-parser'
import { detectIndentUnit } from './edit.js'

function formatting(text: string): FormattingOptions {
  const unit = detectIndentUnit(text)
  return { tabSize: unit === '\t' ? 1 : unit.length, insertSpaces: unit !== '\t', eol: text.includes('\r\n') ? '\r\n' : '\n' }
}

/** The text with `watch` appended to "watches" (the array created when absent). */
export function appendWatchToConfigText(text: string, watch: Record<string, unknown>): string {
  const root = parseTree(text)
  if (root?.type !== 'object') throw new Error('config: feeds.json is not a JSON object')
  const array = findNodeAtLocation(root, ['watches'])
  const formattingOptions = formatting(text)
  if (array?.type === 'array') return applyEdits(text, modify(text, ['watches', -1], watch, { isArrayInsertion: true, formattingOptions }))
  return applyEdits(text, modify(text, ['watches'], [watch], { formattingOptions }))
}

/** The text without the watch of that id; null when there is none. */
export function removeWatchFromConfigText(text: string, id: string): string | null {
  const root = parseTree(text)
  const array = root === undefined ? undefined : findNodeAtLocation(root, ['watches'])
  const index = (array?.children ?? []).findIndex((node) => {
    const idNode = findNodeAtLocation(node, ['id'])
    return idNode?.value === id
  })
  if (index < 0) return null
  return applyEdits(text, modify(text, ['watches', index], undefined, { formattingOptions: formatting(text) }))
}
