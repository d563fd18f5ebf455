import { describe, expect, it } from 'vitest'
import { jsonForTerminal, terminalSafe } from '../../src/lib/terminal-text.js'

describe('terminalSafe', () => {
  it('shows ESC, CR, DEL and C1 controls as escapes', () => {
    expect(terminalSafe('a\u001b[31mred\u001b]0;owned\u0007')).toBe('a\\x1b[31mred\\x1b]0;owned\\x07')
    expect(terminalSafe('ok\rfake')).toBe('ok\\x0dfake')
    expect(terminalSafe('x\u007fy\u009bz')).toBe('x\\x7fy\\x9bz')
  })

  it('shows bidi overrides, isolates and invisible characters as escapes, keeps LRM/RLM', () => {
    expect(terminalSafe('invoice\u202etxt.exe')).toBe('invoice\\u202etxt.exe')
    expect(terminalSafe('\u2066a\u2069 \u202a\u202b\u202c\u202d')).toBe('\\u2066a\\u2069 \\u202a\\u202b\\u202c\\u202d')
    expect(terminalSafe('soft\u00adhy\u200bphen\ufeff')).toBe('soft\\xadhy\\u200bphen\\ufeff')
    expect(terminalSafe('שלום\u200f abc\u200e')).toBe('שלום\u200f abc\u200e')
  })

  it('keeps tabs; LF becomes an escape on one line and stays with multiline', () => {
    expect(terminalSafe('a\tb\nc')).toBe('a\tb\\x0ac')
    expect(terminalSafe('a\tb\nc\u001b', { multiline: true })).toBe('a\tb\nc\\x1b')
  })

  it('leaves ordinary text alone', () => {
    const text = 'DataBreaches.net — 12 new, Ünïcödé 😀 العربية'
    expect(terminalSafe(text)).toBe(text)
  })
})

describe('jsonForTerminal', () => {
  it('escapes what JSON.stringify leaves raw and parses back to the same value', () => {
    const value = { title: 'a\u202eb\u0085c\u00add\u007f', error: 'x\u001by\nz' }
    const text = jsonForTerminal(value)
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u202a-\u202e]/)
    expect(text).toContain('a\\u202eb\\u0085c\\u00add')
    expect(JSON.parse(text)).toEqual(value)
  })
})
