// Email through nodemailer over settings.smtp; the password comes from the environment variable
// that settings.smtp.passwordEnv names, never from feeds.json.
import nodemailer from 'nodemailer'
import type { EmailContent } from './messages.js'
import type { SmtpSettings } from './types.js'

export interface MailRequest {
  smtp: SmtpSettings
  to: string[]
  content: EmailContent
  /** Sent as a header too, so a mailbox rule can drop a repeat after a crash mid-send. */
  deliveryId: string
  env: Record<string, string | undefined>
  timeoutMs: number
}

export type MailOutcome = { ok: true } | { ok: false; retry: boolean; error: string }

export async function sendMail(request: MailRequest): Promise<MailOutcome> {
  const { smtp } = request
  const password = smtp.passwordEnv === null ? undefined : request.env[smtp.passwordEnv]
  if (smtp.passwordEnv !== null && (password === undefined || password === '')) {
    return { ok: false, retry: true, error: `email: the environment variable ${smtp.passwordEnv} (settings.smtp.passwordEnv) is not set` }
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user === null ? {} : { auth: { user: smtp.user, pass: password ?? '' } }),
    connectionTimeout: request.timeoutMs,
    greetingTimeout: request.timeoutMs,
    socketTimeout: request.timeoutMs,
  })
  try {
    await transport.sendMail({
      from: smtp.from,
      to: request.to,
      subject: request.content.subject,
      text: request.content.text,
      html: request.content.html,
      // The delivery id makes the Message-ID: a resent copy is recognisably the same message.
      messageId: `<${request.deliveryId}@breachwire>`,
      headers: { 'X-Breachwire-Delivery': request.deliveryId },
    })
    return { ok: true }
  } catch (err) {
    const code = (err as { responseCode?: unknown }).responseCode
    // 5xx from the server (bad recipient, refused sender) will not change on a retry.
    const permanent = typeof code === 'number' && code >= 500 && code < 600
    return { ok: false, retry: !permanent, error: `email: ${smtp.host}:${smtp.port}: ${err instanceof Error ? err.message : String(err)}` }
  } finally {
    transport.close()
  }
}
