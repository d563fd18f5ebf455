// A report's text, tidied once for every extractor: HTML dropped, entities decoded, curly quotes
// and dashes made plain, whitespace collapsed, and each part capped so one huge item stays cheap.

import { decodeHTML } from 'entities'
import type { FactsInput } from './types.js'

/** Beyond this, a report is mostly boilerplate; the facts sit in the first paragraphs. */
const MAX_PART_CHARS = 8_000

export interface ReportText {
  title: string
  summary: string
  content: string
}

export function prepareText(input: FactsInput): ReportText {
  return { title: tidy(input.title), summary: tidy(input.summary), content: tidy(input.content) }
}

function tidy(raw: string | null | undefined): string {
  if (typeof raw !== 'string' || raw === '') return ''
  let text = raw.length > MAX_PART_CHARS * 2 ? raw.slice(0, MAX_PART_CHARS * 2) : raw
  if (text.includes('<')) text = text.replace(/<[^>]*>/g, ' ')
  if (text.includes('&')) text = decodeHTML(text)
  text = text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, ' - ')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > MAX_PART_CHARS ? text.slice(0, MAX_PART_CHARS) : text
}
