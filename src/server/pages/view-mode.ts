// The list pages' two views: full entries (headline, excerpt, categories, other reports) or
// compact (one headline a line). The choice lives in the URL (?view=compact, no cookie), so every
// link a list page prints (pagination, sources, categories, the view switch) carries it on.
import { buildHref } from './query.js'

export type ViewMode = 'full' | 'compact'

export const VIEW_MODES: readonly ViewMode[] = ['full', 'compact']

/** ?view= as a mode ('full' when absent or empty), or null when it names no view. */
export function readViewMode(raw: string | undefined): ViewMode | null {
  if (raw === undefined || raw === '') return 'full'
  return (VIEW_MODES as readonly string[]).includes(raw) ? (raw as ViewMode) : null
}

/** The query parameters that keep the mode: none for the default view. */
export function toViewParams(mode: ViewMode): { view?: string } {
  return mode === 'full' ? {} : { view: mode }
}

/** A page link (a path, maybe with a query) that keeps the mode. */
export function withViewMode(href: string, mode: ViewMode): string {
  if (mode === 'full') return href
  const at = href.indexOf('?')
  const path = at === -1 ? href : href.slice(0, at)
  const params = Object.fromEntries(new URLSearchParams(at === -1 ? '' : href.slice(at + 1)))
  return buildHref(path, { ...params, view: mode })
}

export interface ViewSwitchView {
  mode: ViewMode
  links: { text: string; href: string; current: boolean }[]
}

/** "Full · Compact" links for a list page: the same page (path and params) in each view. */
export function buildViewSwitch(path: string, params: Record<string, string | undefined>, mode: ViewMode): ViewSwitchView {
  const labels: Record<ViewMode, string> = { full: 'Full', compact: 'Compact' }
  return {
    mode,
    links: VIEW_MODES.map((m) => ({
      text: labels[m],
      href: buildHref(path, { ...params, view: m === 'full' ? undefined : m }),
      current: m === mode,
    })),
  }
}
