// Cron arithmetic on node-cron's own matcher, so "next run" agrees with when node-cron fires.
import cron from 'node-cron'
import type { ScheduledTask } from 'node-cron'

const matchers = new Map<string, { task: ScheduledTask; hasSeconds: boolean }>()

function getMatcher(expression: string): { task: ScheduledTask; hasSeconds: boolean } {
  let matcher = matchers.get(expression)
  if (matcher === undefined) {
    // A task that is never started: only its match() is used. Kept for the process's life.
    const task = cron.createTask(expression, () => undefined)
    const seconds = cron.parse(expression).second
    matcher = { task, hasSeconds: !(seconds.length === 1 && seconds[0] === 0) }
    matchers.set(expression, matcher)
  }
  return matcher
}

/** The first instant strictly after `after` that the expression matches (null if none within ~400 days). */
export function findNextCronRun(expression: string, after: Date): Date | null {
  const { task, hasSeconds } = getMatcher(expression)
  const stepMs = hasSeconds ? 1000 : 60_000
  const limit = hasSeconds ? 2 * 86_400 : 400 * 1440
  let t = Math.floor(after.getTime() / stepMs) * stepMs + stepMs
  for (let i = 0; i < limit; i += 1, t += stepMs) {
    const candidate = new Date(t)
    if (task.match(candidate)) return candidate
  }
  return null
}

/** The gap between the next two runs after `from`: the schedule's interval (the backoff base). */
export function measureCronInterval(expression: string, from: Date): number {
  const first = findNextCronRun(expression, from)
  if (first === null) return 86_400_000
  const second = findNextCronRun(expression, first)
  return second === null ? 86_400_000 : second.getTime() - first.getTime()
}
