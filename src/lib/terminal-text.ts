// Text from feeds and servers on its way to a terminal.
//
// A title, an error snippet or a source name can carry ESC (a terminal escape sequence can
// retitle the window, hide text or move the cursor), CR (overwrites the line), C1 controls
// (8-bit CSI) and bidi overrides or isolates (U+202A–U+202E, U+2066–U+2069: `exe.txt` shown as
// `txt.exe`). None of them is printed raw: each becomes a visible escape such as `\x1b` or
// `\u202e`, so the reader sees that something was there. LRM/RLM (U+200E/U+200F) mark
// direction without reordering a run and stay, as right-to-left text needs them.

// C0 controls (tab and, when multiline, LF excepted below), DEL, C1, bidi embeddings,
// overrides and isolates, and the invisible characters clean/ drops from titles.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g

// What UNSAFE matches that JSON.stringify does not escape itself (C0 it does; LF is layout).
const UNSAFE_IN_JSON = /[\u007f-\u009f\u00ad\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g

function escapeCodeUnit(char: string): string {
  const code = char.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/**
 * `text` safe to write to a terminal: every control, bidi override/isolate and invisible
 * character shown as an escape (`\x1b`, `\u202e`). With `multiline`, LF stays a line break
 * (log lines with a stack); tab always stays.
 */
export function terminalSafe(text: string, opts: { multiline?: boolean } = {}): string {
  return text.replace(UNSAFE, (char) => (char === '\t' || (char === '\n' && opts.multiline === true) ? char : escapeCodeUnit(char)))
}

/**
 * `JSON.stringify(value, null, 2)` with C1 controls, bidi overrides/isolates and invisible
 * characters written as `\uXXXX` escapes too (JSON.stringify leaves them raw): the same JSON
 * value, safe on a terminal.
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
