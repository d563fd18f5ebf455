// What the reader pages need besides their cached answers (pages/page-answers.ts, listed in
// route-table.ts): the static assets they use, and the 404 and message pages the error
// middleware sends.

import type { Request, RequestHandler, Response } from 'express'
import express from 'express'
import { renderMessageHtml, renderNotFoundHtml } from '../pages/page-answers.js'
import { staticDir } from '../pages/view-engine.js'

const STATIC_MAX_AGE_MS = 365 * 24 * 3600 * 1000

/** /static/*: the stylesheet and icon, cached for a year (their URLs carry a content hash). */
export function serveStatic(): RequestHandler {
  return express.static(staticDir, { maxAge: STATIC_MAX_AGE_MS, immutable: true, index: false, redirect: false })
}

/** The 404 page, for unknown sources, categories and any path no route claims. */
export function renderNotFoundPage(req: Request, res: Response, message?: string): void {
  res.status(404).type('html').send(renderNotFoundHtml(req.path, message))
}

/** A page with a heading and a sentence, for errors a route wants to show as HTML. */
export function renderMessagePage(res: Response, status: number, heading: string, message: string): void {
  res
    .status(status)
    .type('html')
    .send(renderMessageHtml(status, heading, message))
}
