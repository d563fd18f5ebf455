// alerts/: watches matched against new reports (pure), queued in the store's outbox on the
// poll's transaction, and delivered by a worker (webhook, email) with retries. docs/alerts.md.
export { deliverDue, releaseDeadClaims } from './deliver.js'
export { type AlertPlan, alertHook, alertPlanFor, enqueueMatches } from './enqueue.js'
export { evaluateNewWatches } from './first-look.js'
export { type AlertService, startAlerts } from './service.js'
