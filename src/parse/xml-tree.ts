// One pass of htmlparser2's tokenizer (no DOM) that builds the tree xml2js (strict,
// explicitArray) would build, for the fast paths (rss-fast-read.ts, atom-fast-read.ts). It only
// answers for documents it can vouch for: anything a strict XML parser would refuse or read
// differently (mismatched or unclosed tags, unquoted or repeated attributes, a raw `<` or an
// unknown reference in text, a declaration, text outside the root, names xml2js treats as its
// own keys) throws Unsupported, and the caller declines to its general reader.

import { QuoteType, Tokenizer } from 'htmlparser2'
import type { Pacer } from '../lib/pace.js'

export type XmlObject = Record<string, unknown>

interface OpenElement {
  name: string
  obj: XmlObject
  text: string
  cdata: boolean
}

/** Keys xml2js gives a meaning of its own: an element or attribute by these names is left to it. */
const reservedNames = new Set(['_', '$', 'cdata'])
const numericReference = /^#(?:(\d{1,7})|x([0-9a-fA-F]{1,6}))$/
const namedReferences = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
])
/** The longest reference body between `&` and `;` (`#x10FFFF`). */
const MAX_REFERENCE = 8

export class Unsupported extends Error {}

function isXmlCodePoint(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}

/**
 * Text or an attribute value with its references decoded; throws Unsupported on anything else
 * (a raw `<`, a `&` that starts no XML reference, a reference to a character XML forbids).
 * One scan by indexOf: escaped HTML (Atom content) is mostly references.
 */
function decodeReferences(raw: string): string {
  if (raw.indexOf('<') !== -1) throw new Unsupported()
  let amp = raw.indexOf('&')
  if (amp === -1) return raw
  let out = ''
  let last = 0
  while (amp !== -1) {
    const semi = raw.indexOf(';', amp + 1)
    if (semi === -1 || semi - amp - 1 > MAX_REFERENCE) throw new Unsupported()
    const body = raw.slice(amp + 1, semi)
    let char = namedReferences.get(body)
    if (char === undefined) {
      const numeric = numericReference.exec(body)
      if (numeric === null) throw new Unsupported()
      const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 10) : Number.parseInt(numeric[2] ?? '', 16)
      if (!isXmlCodePoint(code)) throw new Unsupported()
      char = String.fromCodePoint(code)
    }
    out += raw.slice(last, amp) + char
    last = semi + 1
    amp = raw.indexOf('&', last)
  }
  return out + raw.slice(last)
}

/** xml2js's value for a closed element: the text, the object, or the (whitespace) text when empty. */
function finishElement(element: OpenElement): unknown {
  const { obj, text } = element
  if (/^\s*$/.test(text) && !element.cdata) {
    return Object.keys(obj).length === 0 ? text : obj
  }
  obj['_'] = text
  return Object.keys(obj).length === 1 ? text : obj
}

function appendChild(parent: XmlObject, name: string, value: unknown): void {
  const list = parent[name]
  if (Array.isArray(list)) list.push(value)
  else parent[name] = [value]
}

export type XmlTree = { name: string; value: unknown }

/** The document as xml2js (strict, explicitArray) would build it: { [rootName]: value }. */
export function buildTree(xml: string): XmlTree {
  const builder = startTree(xml)
  builder.tokenizer.write(xml)
  builder.tokenizer.end()
  return builder.finish()
}

/**
 * buildTree, handing the event loop back whenever `pace` says the slice is used up: the
 * tokenizer pauses itself between elements and resumes after one turn (a 5 MB feed is a second
 * of tokenizing, and under `start` the web server shares the loop).
 */
export async function buildTreePaced(xml: string, pace: Pacer): Promise<XmlTree> {
  const builder = startTree(xml, pace)
  builder.tokenizer.write(xml)
  while (builder.paused()) {
    await pace()
    builder.resume()
  }
  builder.tokenizer.end()
  return builder.finish()
}

function startTree(xml: string, pace?: Pacer) {
  const stack: OpenElement[] = []
  let root: { name: string; value: unknown } | undefined
  let tagName = ''
  let attrs: XmlObject | undefined
  let attrName = ''
  let attrValue = ''
  let ended = false
  let paused = false
  let closed = 0

  const openElement = (): void => {
    if (root !== undefined || reservedNames.has(tagName)) throw new Unsupported()
    const obj: XmlObject = Object.create(null) as XmlObject
    if (attrs !== undefined) obj['$'] = attrs
    stack.push({ name: tagName, obj, text: '', cdata: false })
    attrs = undefined
  }
  const closeElement = (name: string): void => {
    const element = stack.pop()
    if (element === undefined || element.name !== name) throw new Unsupported()
    const value = finishElement(element)
    const parent = stack[stack.length - 1]
    if (parent === undefined) root = { name, value }
    else appendChild(parent.obj, name, value)
  }
  const addText = (text: string, cdata: boolean): void => {
    const current = stack[stack.length - 1]
    if (current === undefined) {
      if (cdata || !/^\s*$/.test(text)) throw new Unsupported()
      return
    }
    current.text += text
    if (cdata) current.cdata = true
  }

  // A clock read every 64 elements; a paused tokenizer stops after the current character.
  const maybePause = (): void => {
    if (pace !== undefined && ++closed % 64 === 0 && pace.due()) {
      paused = true
      tokenizer.pause()
    }
  }

  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      onopentagname(start, end) {
        tagName = xml.slice(start, end)
        attrs = undefined
      },
      onattribname(start, end) {
        attrName = xml.slice(start, end)
        attrValue = ''
      },
      onattribdata(start, end) {
        attrValue += xml.slice(start, end)
      },
      onattribentity() {
        throw new Unsupported()
      },
      onattribend(quote) {
        if (quote !== QuoteType.Double && quote !== QuoteType.Single) throw new Unsupported()
        if (reservedNames.has(attrName)) throw new Unsupported()
        attrs ??= Object.create(null) as XmlObject
        if (attrName in attrs) throw new Unsupported()
        attrs[attrName] = decodeReferences(attrValue)
      },
      onopentagend() {
        openElement()
      },
      onselfclosingtag() {
        openElement()
        closeElement(tagName)
        maybePause()
      },
      onclosetag(start, end) {
        closeElement(xml.slice(start, end))
        maybePause()
      },
      ontext(start, end) {
        addText(decodeReferences(xml.slice(start, end)), false)
      },
      ontextentity() {
        throw new Unsupported()
      },
      oncdata(start, end, offset) {
        addText(xml.slice(start, end - offset), true)
      },
      oncomment(start, end, offset) {
        if (xml.slice(start, end - offset).includes('--')) throw new Unsupported()
      },
      ondeclaration() {
        throw new Unsupported()
      },
      onprocessinginstruction() {
        // Ignored, as xml2js ignores them.
      },
      onend() {
        ended = true
      },
    },
  )
  return {
    tokenizer,
    paused: () => paused,
    resume(): void {
      paused = false
      tokenizer.resume()
    },
    finish(): XmlTree {
      if (!ended || stack.length > 0 || root === undefined) throw new Unsupported()
      return root
    },
  }
}

export function isObject(value: unknown): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
