export { pollOnce, type PollDeps } from './poll-once.js'
export { startScheduler, type Scheduler, type SchedulerDeps } from './schedule.js'
export { goneReason } from './refresh-source.js'
