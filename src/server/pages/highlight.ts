// Search snippets come from the store with each match wrapped in \u0002 … \u0003. The text
// around them is untrusted, so it is escaped first; only then do the markers become <mark>.
import { escapeHtml } from './html.js'

const OPEN = '\u0002'
const CLOSE = '\u0003'

/** Safe HTML for a snippet: escaped text with matches in <mark>, every <mark> closed. */
export function renderSnippetHtml(snippet: string): string {
  let html = ''
  let open = false
  let text = ''
  const flush = (): void => {
    html += escapeHtml(text)
    text = ''
  }
  for (const ch of snippet) {
    if (ch === OPEN) {
      flush()
      if (!open) html += '<mark>'
      open = true
    } else if (ch === CLOSE) {
      flush()
      if (open) html += '</mark>'
      open = false
    } else {
      text += ch
    }
  }
  flush()
  if (open) html += '</mark>'
  return html.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
}
