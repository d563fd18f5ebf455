// What an alert says, in each format: the JSON webhook body, Slack's and Teams' incoming-webhook
// shapes, and an email (text and HTML parts, a footer naming the watch). Pure functions.
import { escapeHtml } from '../lib/html.js'
import type { AlertEvent, MatchSnapshot, Watch, WebhookFormat } from './types.js'

/** One message's content, before it is rendered for a channel. */
export type AlertMessage =
  | { kind: 'alert'; event: AlertEvent; watch: Watch; report: MatchSnapshot; storyUrl: string | null }
  | { kind: 'more'; watch: Watch; count: number; watchUrl: string | null }
  | { kind: 'digest'; watch: Watch; reports: { report: MatchSnapshot; storyUrl: string | null }[]; watchUrl: string | null }

export function eventOf(message: AlertMessage): string {
  return message.kind === 'alert' ? message.event : message.kind === 'more' ? 'alerts.folded' : 'alerts.digest'
}

/** Links into this breachwire, when settings.publicUrl says where it is. */
export function siteLinks(publicUrl: string | null): { story: (id: number) => string | null; watch: (id: string) => string | null } {
  return {
    story: (id) => (publicUrl === null ? null : `${publicUrl}/stories/${id}`),
    watch: (id) => (publicUrl === null ? null : `${publicUrl}/watches/${encodeURIComponent(id)}`),
  }
}

function reportJson(report: MatchSnapshot, storyUrl: string | null) {
  return {
    id: report.itemId,
    source: report.sourceId,
    title: report.title,
    url: report.url,
    summary: report.summary,
    published: report.publishedAt,
    facts: report.facts,
    story: { id: report.storyId, url: storyUrl },
  }
}

function headline(message: AlertMessage): string {
  if (message.kind === 'alert') return `${message.watch.title}: ${message.report.title}`
  if (message.kind === 'more') return `${message.watch.title}: and ${message.count} more`
  return `${message.watch.title}: ${message.reports.length} new ${message.reports.length === 1 ? 'match' : 'matches'}`
}

/** The body of a webhook POST in the target's format. */
export function renderWebhookBody(message: AlertMessage, format: WebhookFormat, deliveryId: string): string {
  if (format === 'slack') return JSON.stringify(renderSlack(message))
  if (format === 'teams') return JSON.stringify(renderTeams(message))
  const base = { event: eventOf(message), delivery: deliveryId, watch: { id: message.watch.id, title: message.watch.title } }
  if (message.kind === 'alert') return JSON.stringify({ ...base, report: reportJson(message.report, message.storyUrl) })
  if (message.kind === 'more')
    return JSON.stringify({ ...base, count: message.count, text: `and ${message.count} more`, url: message.watchUrl })
  return JSON.stringify({ ...base, reports: message.reports.map((r) => reportJson(r.report, r.storyUrl)), url: message.watchUrl })
}

/** Slack's mrkdwn escapes only these three. */
function slackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function renderSlack(message: AlertMessage): { text: string } {
  const title = slackText(message.watch.title)
  if (message.kind === 'alert') {
    const r = message.report
    const story = message.storyUrl === null ? '' : ` (<${message.storyUrl}|story>)`
    return { text: `*${title}*: <${r.url}|${slackText(r.title)}>${story}\n${slackText(r.summary.slice(0, 300))}` }
  }
  if (message.kind === 'more') {
    const link = message.watchUrl === null ? '' : ` <${message.watchUrl}|see them all>`
    return { text: `*${title}*: and ${message.count} more this hour${link}` }
  }
  return { text: [`*${title}*`, ...message.reports.map((r) => `• <${r.report.url}|${slackText(r.report.title)}>`)].join('\n') }
}

function renderTeams(message: AlertMessage): Record<string, unknown> {
  const card: Record<string, unknown> = {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: headline(message),
    title: headline(message),
  }
  if (message.kind === 'alert') {
    card['text'] = message.report.summary.slice(0, 500)
    card['potentialAction'] = [{ '@type': 'OpenUri', name: 'Read the report', targets: [{ os: 'default', uri: message.report.url }] }]
  } else if (message.kind === 'more') {
    card['text'] = `and ${message.count} more this hour`
  } else {
    card['text'] = message.reports.map((r) => `- [${r.report.title.replace(/[[\]]/g, '')}](${r.report.url})`).join('\n')
  }
  return card
}

export interface EmailContent {
  subject: string
  text: string
  html: string
}

function footer(watch: Watch): { text: string; html: string } {
  const words = `You receive this because of the breachwire watch "${watch.title}" (${watch.id}). To stop it, remove the watch or this address from its notify list: breachwire watch remove ${watch.id}`
  return { text: `-- \n${words}`, html: `<hr><p style="color:#666;font-size:small">${escapeHtml(words)}</p>` }
}

function reportLines(report: MatchSnapshot, storyUrl: string | null): { text: string; html: string } {
  const facts = report.facts.organizations.length > 0 ? `Organizations: ${report.facts.organizations.join(', ')}` : ''
  const text = [report.title, report.url, report.summary.slice(0, 600), facts, storyUrl === null ? '' : `Story: ${storyUrl}`]
    .filter((line) => line !== '')
    .join('\n')
  const html = `<h3><a href="${escapeHtml(report.url)}">${escapeHtml(report.title)}</a></h3><p>${escapeHtml(report.summary.slice(0, 600))}</p>${
    facts === '' ? '' : `<p>${escapeHtml(facts)}</p>`
  }${storyUrl === null ? '' : `<p><a href="${escapeHtml(storyUrl)}">Every report of this story</a></p>`}`
  return { text, html }
}

/** An email: plain text and HTML (no script, no remote images), the watch named in the footer. */
export function renderEmail(message: AlertMessage): EmailContent {
  const end = footer(message.watch)
  const subject = `[breachwire] ${headline(message)}`.replace(/[\r\n]+/g, ' ').slice(0, 200)
  let body: { text: string; html: string }
  if (message.kind === 'alert') body = reportLines(message.report, message.storyUrl)
  else if (message.kind === 'more') {
    const link = message.watchUrl === null ? '' : `\n${message.watchUrl}`
    body = {
      text: `And ${message.count} more matches this hour.${link}`,
      html: `<p>And ${message.count} more matches this hour.${message.watchUrl === null ? '' : ` <a href="${escapeHtml(message.watchUrl)}">See them all</a>`}</p>`,
    }
  } else {
    const parts = message.reports.map((r) => reportLines(r.report, r.storyUrl))
    body = { text: parts.map((p) => p.text).join('\n\n'), html: parts.map((p) => p.html).join('') }
  }
  return {
    subject,
    text: `${body.text}\n\n${end.text}\n`,
    html: `<!doctype html><html><body>${body.html}${end.html}</body></html>`,
  }
}
