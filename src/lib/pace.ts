// Long synchronous work shares the one event loop with the web server (`start` runs both): a
// pacer lets a loop hand the loop back whenever it has run for a slice, so a request waits at
// most about one slice, not the whole job. Between slices other callbacks (an HTTP request, a
// timer) run: the caller must not rely on anything it read before an `await pace()` staying put,
// except what its own transaction holds.
//
//   const pace = createPacer()
//   for (const item of items) { work(item); await pace() }
import { setImmediate as nextTurn } from 'node:timers/promises'

/** How long a loop may run before it yields: on a busy machine a slice of CPU time takes several times as long on the clock. */
export const PACE_SLICE_MS = 10

const settled = Promise.resolve()

/** Awaited between units of work: resolves at once until the slice is used up, then after one turn of the event loop. */
export interface Pacer {
  (): Promise<void>
  /** Whether the slice is used up (for work that must stop itself first, such as a tokenizer). */
  due(): boolean
}

export function createPacer(sliceMs: number = PACE_SLICE_MS): Pacer {
  let sliceStart = performance.now()
  const due = (): boolean => performance.now() - sliceStart >= sliceMs
  const pace = (): Promise<void> => {
    if (!due()) return settled
    return nextTurn().then(() => {
      sliceStart = performance.now()
    })
  }
  return Object.assign(pace, { due })
}
