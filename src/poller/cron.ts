// Cron arithmetic on node-cron's own parser and matcher, so "next run" agrees with when
// node-cron fires (local time, as node-cron reads expressions by default).

import type { ScheduledTask } from 'node-cron'
import cron from 'node-cron'

interface Matcher {
  task: ScheduledTask
  months: Set<number>
  hours: Set<number>
  minutes: Set<number>
  seconds: Set<number>
}

const matchers = new Map<string, Matcher>()

function getMatcher(expression: string): Matcher {
  let matcher = matchers.get(expression)
  if (matcher === undefined) {
    // A task that is never started: only its match() is used. Kept for the process's life.
    const task = cron.createTask(expression, () => undefined)
    const fields = cron.parse(expression)
    matcher = {
      task,
      months: new Set(fields.month),
      hours: new Set(fields.hour),
      minutes: new Set(fields.minute),
      seconds: new Set(fields.second),
    }
    matchers.set(expression, matcher)
  }
  return matcher
}

/**
 * The first instant strictly after `after` that the expression matches, or null if none within
 * a few years. Skips whole months, days, hours and minutes that cannot match, so a yearly
 * schedule costs a few hundred steps, not half a million.
 */
export function findNextCronRun(expression: string, after: Date): Date | null {
  const m = getMatcher(expression)
  let t = Math.floor(after.getTime() / 1000) * 1000 + 1000
  for (let steps = 0; steps < 50_000; steps += 1) {
    const d = new Date(t)
    const [y, mo, day, h, mi] = [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]
    if (!m.months.has(mo + 1)) t = new Date(y, mo + 1, 1).getTime()
    else if (!m.hours.has(h)) t = new Date(y, mo, day, h + 1).getTime()
    else if (!m.minutes.has(mi)) t = new Date(y, mo, day, h, mi + 1).getTime()
    else if (!m.seconds.has(d.getSeconds())) t += 1000
    else if (m.task.match(d)) return d
    else t = new Date(y, mo, day + 1).getTime() // everything but the day matched
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
