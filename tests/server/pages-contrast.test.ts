// The stylesheet's colour pairs meet WCAG AA (4.5:1 for text) in light and dark mode. Reads the
// custom properties from views/static/style.css, so a palette edit that breaks contrast fails here.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const css = readFileSync(new URL('../../views/static/style.css', import.meta.url), 'utf8')

function readPalette(block: string): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const m of block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)) vars[m[1]!] = m[2]!
  return vars
}

const light = readPalette(/:root\s*\{([\s\S]*?)\n\}/.exec(css)?.[1] ?? '')
const dark = { ...light, ...readPalette(/prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([\s\S]*?)\}/.exec(css)?.[1] ?? '') }

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

const pairs: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'surface-2'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['muted', 'surface-2'],
  ['link', 'bg'],
  ['link', 'surface'],
  ['link', 'surface-2'],
  ['accent', 'bg'],
  ['accent', 'surface'],
  ['accent', 'accent-soft'],
  ['ok', 'ok-soft'],
  ['warn', 'warn-soft'],
  ['pending', 'pending-soft'],
  ['text', 'warn-soft'],
  ['mark-text', 'mark'],
]

describe.each([
  ['light', light],
  ['dark', dark],
] as const)('%s palette', (_name, palette) => {
  it('defines every colour the pairs use', () => {
    for (const [fg, bg] of pairs) {
      expect(palette[fg], fg).toMatch(/^#/)
      expect(palette[bg], bg).toMatch(/^#/)
    }
  })

  it.each(pairs)('%s on %s is at least 4.5:1', (fg, bg) => {
    expect(contrast(palette[fg]!, palette[bg]!)).toBeGreaterThanOrEqual(4.5)
  })
})
