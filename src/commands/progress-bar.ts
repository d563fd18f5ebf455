// A one-line progress bar on stderr, drawn only when stdout is a terminal (the caller decides).

export interface ProgressBar {
  advance(label: string): void
  /** Erases the bar so a normal line can be printed. */
  clear(): void
}

export function createProgressBar(total: number, out: NodeJS.WritableStream | null, width = 30): ProgressBar {
  let done = 0
  let drawn = false
  const draw = (label: string): void => {
    if (out === null) return
    const filled = total === 0 ? width : Math.round((done / total) * width)
    out.write(`\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`)
    drawn = true
  }
  draw('')
  return {
    advance(label) {
      done += 1
      if (done < total) draw(label)
    },
    clear() {
      if (out !== null && drawn) out.write('\r\x1b[K')
      drawn = false
    },
  }
}
