// Keyboard shortcuts for the list pages: j / k select the next / previous entry, o opens the
// selected entry's article, s its story page. Every page works without this file: it only
// moves focus and follows links the page already has. Loaded from /static (the CSP allows no
// inline script).
'use strict'
;(() => {
  const entries = () => Array.from(document.querySelectorAll('[data-entry]'))
  let current = null

  const isTyping = (target) =>
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))

  /** The selected entry: the one marked, else the one holding the focus (a reader who tabbed there). */
  const selected = () => {
    const focused = document.activeElement instanceof Element ? document.activeElement.closest('[data-entry]') : null
    return focused ?? (current !== null && current.isConnected ? current : null)
  }

  const select = (entry) => {
    if (current !== null) current.classList.remove('is-current')
    current = entry
    entry.classList.add('is-current')
    const target = entry.querySelector('[data-open]') ?? entry
    if (target === entry && !entry.hasAttribute('tabindex')) entry.setAttribute('tabindex', '-1')
    target.focus({ preventScroll: true })
    entry.scrollIntoView({ block: 'nearest' })
  }

  const move = (step) => {
    const list = entries()
    if (list.length === 0) return
    const at = list.indexOf(selected())
    const next = at === -1 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step))
    select(list[next])
  }

  const follow = (attribute) => {
    const entry = selected()
    const link = entry === null ? null : entry.querySelector(`a[${attribute}]`)
    if (link !== null) window.location.assign(link.href)
  }

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return
    const actions = { j: () => move(1), k: () => move(-1), o: () => follow('data-open'), s: () => follow('data-story') }
    const action = actions[event.key]
    if (action === undefined) return
    event.preventDefault()
    action()
  })
})()
