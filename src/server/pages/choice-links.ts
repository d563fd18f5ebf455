// A list page option that takes one of a few words and lives in the URL (the river's ?order=,
// the search's ?each= and ?sort=): reading it, and the links that switch it. The default value
// is never written into a link, so the plain URL stays the canonical one.
import { buildHref } from './query.js'

export interface ChoiceSwitchView {
  label: string
  links: { text: string; href: string; current: boolean }[]
}

/** The raw value as one of `labels`' keys (`fallback` when absent or empty), or null when it names none. */
export function readChoice<T extends string>(raw: string | undefined, labels: Readonly<Record<T, string>>, fallback: T): T | null {
  if (raw === undefined || raw === '') return fallback
  return Object.hasOwn(labels, raw) ? (raw as T) : null
}

/** `{ [name]: value }`, or nothing for the default value. */
export function toChoiceParams<T extends string>(name: string, value: T, fallback: T): Record<string, string> {
  return value === fallback ? {} : { [name]: value }
}

/** "Label: A · B": `path` with `params` and each value of the option (the current one marked). */
export function buildChoiceSwitch<T extends string>(
  label: string,
  path: string,
  params: Record<string, string | undefined>,
  option: { name: string; labels: Readonly<Record<T, string>>; current: T; fallback: T },
): ChoiceSwitchView {
  const values = Object.keys(option.labels) as T[]
  return {
    label,
    links: values.map((value) => ({
      text: option.labels[value],
      href: buildHref(path, { ...params, [option.name]: value === option.fallback ? undefined : value }),
      current: value === option.current,
    })),
  }
}
