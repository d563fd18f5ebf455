// The heading and sentence of the HTML page a reader sees for an error. Never the error's own
// text for a 5xx (it may quote internals); a 4xx HttpError's message is public by design.
import { STATUS_CODES } from 'node:http'

export interface ErrorPageText {
  heading: string
  message: string
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function endSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}

/** What the page says for an error classified as `status` with the public `message`. */
export function describeErrorPage(err: unknown, status: number, message: string): ErrorPageText {
  if (err instanceof URIError) {
    return {
      heading: 'That address is malformed',
      message:
        'The link has a broken percent-encoding (such as a lone %E0), so it cannot be read. Check the address, or start again from the newest posts.',
    }
  }
  if (status === 405) return { heading: 'Method not allowed', message: 'Pages here can only be read (GET or HEAD).' }
  if (status === 503) {
    return { heading: 'Temporarily unavailable', message: 'The database is not answering right now. Try again in a moment.' }
  }
  if (status >= 500) {
    return {
      heading: 'Something went wrong',
      message: 'This page could not be shown because of a fault on our side. It has been logged; try again in a moment.',
    }
  }
  const heading = STATUS_CODES[status] ?? 'Bad request'
  // classifyError gives the bare status text when it has nothing public to add.
  const generic = message === heading.toLowerCase()
  return {
    heading,
    message: generic
      ? 'The request could not be answered. Check the address, or start again from the newest posts.'
      : endSentence(capitalize(message)),
  }
}
