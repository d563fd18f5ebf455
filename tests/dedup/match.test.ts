import { describe, expect, it } from 'vitest'
import { collectEvidence } from '../../src/dedup/evidence.js'
import { matchStory, TITLE_WINDOW_HOURS } from '../../src/dedup/match.js'
import type { NormalizedItem, StoryCandidate, StoryEvidence } from '../../src/types.js'

let nextId = 1

function evidenceOf(over: { url: string; title: string; at: string; html?: string }): StoryEvidence {
  const item: NormalizedItem = {
    sourceId: 'x',
    identityKey: String(nextId),
    guid: null,
    url: over.url,
    title: over.title,
    author: null,
    publishedAt: over.at,
    dateIsFallback: false,
    updatedAt: null,
    summaryText: '',
    contentHtml: over.html ?? '',
    categories: [],
    contentHash: 'h',
  }
  return collectEvidence(item, { url: new URL('/feed', over.url).href, homepage: new URL('/', over.url).href })
}

function candidate(sourceId: string, storyId: number, ev: StoryEvidence, itemId = nextId++): StoryCandidate {
  return { itemId, storyId, sourceId, evidence: ev }
}

const T0 = '2024-05-08T12:00:00Z'
const hoursLater = (h: number) => new Date(Date.parse(T0) + h * 3_600_000).toISOString()

describe('matchStory reasons', () => {
  it('same_url: the same article through an AMP/utm/www variant', () => {
    const stored = candidate(
      'therecord',
      7,
      evidenceOf({ url: 'https://therecord.media/acme-hospital-attack', title: 'Acme hospital attack', at: T0 }),
    )
    const ev = evidenceOf({
      url: 'https://www.therecord.media/acme-hospital-attack/amp/?utm_source=gn',
      title: 'Acme hospital attack - The Record',
      at: hoursLater(1),
    })
    expect(matchStory(ev, [stored], 'gnews')).toEqual({ storyId: 7, itemId: stored.itemId, reason: 'same_url', score: 1 })
  })

  it('cites_item: the aggregator post quotes a stored original', () => {
    const original = candidate(
      'bleeping',
      3,
      evidenceOf({ url: 'https://www.bleepingcomputer.com/news/security/acme-ransomware/', title: 'Acme Corp hit by ransomware', at: T0 }),
    )
    const ev = evidenceOf({
      url: 'https://databreaches.net/2024/05/09/acme-says-systems-down/',
      title: 'Systems down at manufacturer',
      at: hoursLater(20),
      html: '<p>Read more at <a href="https://bleepingcomputer.com/news/security/acme-ransomware?utm_medium=rss">BleepingComputer</a></p>',
    })
    expect(matchStory(ev, [original], 'databreaches')).toMatchObject({ storyId: 3, reason: 'cites_item', itemId: original.itemId })
  })

  it('cited_by_item: the original arrives after the post that quotes it', () => {
    const quoting = candidate(
      'databreaches',
      4,
      evidenceOf({
        url: 'https://databreaches.net/2024/05/08/acme-down/',
        title: 'Manufacturer systems down',
        at: T0,
        html: '<a href="https://www.localpaper.example/news/acme-outage/">Local Paper</a>',
      }),
    )
    const ev = evidenceOf({
      url: 'https://localpaper.example/news/acme-outage',
      title: 'Acme plant idle after computer outage',
      at: hoursLater(2),
    })
    expect(matchStory(ev, [quoting], 'localpaper')).toMatchObject({ storyId: 4, reason: 'cited_by_item' })
  })

  it('shared_citation: two reports cite the same filing and name the same company', () => {
    const filing = 'https://www.sec.gov/Archives/edgar/data/1/0001/acme-8k.htm'
    const a = candidate(
      'therecord',
      5,
      evidenceOf({
        url: 'https://therecord.media/acme-8k',
        title: 'Acme Corp discloses cyberattack in SEC filing',
        at: T0,
        html: `<a href="${filing}">8-K</a>`,
      }),
    )
    const ev = evidenceOf({
      url: 'https://www.securityweek.com/acme-incident/',
      title: 'Acme Corp says hackers stole data',
      at: hoursLater(6),
      html: `<a href="${filing}">filing</a>`,
    })
    expect(matchStory(ev, [a], 'securityweek')).toMatchObject({ storyId: 5, reason: 'shared_citation' })
  })

  it('similar_title: near-identical titles within the window', () => {
    const a = candidate(
      'securityweek',
      9,
      evidenceOf({ url: 'https://www.securityweek.com/meridian/', title: 'Meridian Health Plan Data Breach Impacts 2.4 Million', at: T0 }),
    )
    const ev = evidenceOf({
      url: 'https://therecord.media/meridian',
      title: 'Meridian Health Plan says 2.4 million members affected by data breach',
      at: hoursLater(5),
    })
    const m = matchStory(ev, [a], 'therecord')
    expect(m).toMatchObject({ storyId: 9, reason: 'similar_title' })
    expect(m!.score).toBeGreaterThan(0)
    expect(m!.score).toBeLessThan(1)
  })

  it('returns null with no candidates or nothing in common', () => {
    const ev = evidenceOf({ url: 'https://therecord.media/a', title: 'Acme Corp hit by ransomware', at: T0 })
    expect(matchStory(ev, [], 'therecord')).toBeNull()
    const other = candidate(
      'bleeping',
      1,
      evidenceOf({ url: 'https://bleepingcomputer.com/b', title: 'Zenith Bank fixes app bug', at: T0 }),
    )
    expect(matchStory(ev, [other], 'therecord')).toBeNull()
  })
})

describe('matchStory guards', () => {
  const title = 'Riverbend Health hospitals hit by ransomware attack'

  it('keeps similar titles apart when far apart in time', () => {
    const old = candidate('bleeping', 1, evidenceOf({ url: 'https://bleepingcomputer.com/old', title, at: T0 }))
    const ev = evidenceOf({ url: 'https://therecord.media/new', title, at: hoursLater(TITLE_WINDOW_HOURS + 24) })
    expect(matchStory(ev, [old], 'therecord')).toBeNull()
  })

  it('keeps apart titles naming different counts', () => {
    const a = candidate(
      'hipaajournal',
      1,
      evidenceOf({ url: 'https://hipaajournal.com/a', title: 'Summit Dental data breach affects 500,000 patients', at: T0 }),
    )
    const ev = evidenceOf({
      url: 'https://therecord.media/b',
      title: 'Summit Dental data breach affects 1.2 million patients',
      at: hoursLater(3),
    })
    expect(matchStory(ev, [a], 'therecord')).toBeNull()
  })

  it('treats "500K" and "500,000" as the same count', () => {
    const a = candidate(
      'hipaajournal',
      1,
      evidenceOf({ url: 'https://hipaajournal.com/a', title: 'Summit Dental data breach affects 500,000 patients', at: T0 }),
    )
    const ev = evidenceOf({ url: 'https://therecord.media/b', title: 'Summit Dental breach affects 500K patients', at: hoursLater(3) })
    expect(matchStory(ev, [a], 'therecord')).toMatchObject({ reason: 'similar_title' })
  })

  it('keeps apart titles naming different years', () => {
    const a = candidate(
      'hipaajournal',
      1,
      evidenceOf({ url: 'https://hipaajournal.com/a', title: 'Acme Health settles over 2022 data breach', at: T0 }),
    )
    const ev = evidenceOf({ url: 'https://therecord.media/b', title: 'Acme Health settles over 2023 data breach', at: hoursLater(3) })
    expect(matchStory(ev, [a], 'therecord')).toBeNull()
  })

  it('keeps a "second breach" apart from the first', () => {
    const a = candidate(
      'therecord',
      1,
      evidenceOf({ url: 'https://therecord.media/a', title: 'Meridian Health Plan discloses data breach', at: T0 }),
    )
    const ev = evidenceOf({
      url: 'https://hipaajournal.com/b',
      title: 'Meridian Health Plan discloses second data breach',
      at: hoursLater(30),
    })
    expect(matchStory(ev, [a], 'hipaajournal')).toBeNull()
  })

  it('keeps a lawsuit apart from the breach even when it cites the breach report', () => {
    const breach = candidate(
      'bleeping',
      1,
      evidenceOf({
        url: 'https://bleepingcomputer.com/news/security/clearwater-breach/',
        title: 'Clearwater Pharmacy confirms data breach after ransomware attack',
        at: T0,
      }),
    )
    const ev = evidenceOf({
      url: 'https://pogowasright.org/clearwater-lawsuit/',
      title: 'Clearwater Pharmacy hit with class action lawsuit over data breach',
      at: hoursLater(50),
      html: '<a href="https://www.bleepingcomputer.com/news/security/clearwater-breach/">BleepingComputer</a>',
    })
    expect(matchStory(ev, [breach], 'pogowasright')).toBeNull()
  })

  it('keeps template titles about different victims apart', () => {
    const a = candidate(
      'cybernews',
      1,
      evidenceOf({ url: 'https://cybernews.com/a', title: 'LockBit claims attack on Caldera Logistics', at: T0 }),
    )
    const ev = evidenceOf({ url: 'https://databreaches.net/b', title: 'LockBit claims attack on Fenwick Steel', at: hoursLater(10) })
    expect(matchStory(ev, [a], 'databreaches')).toBeNull()
  })

  it('ignores a shared link that candidates of many stories cite', () => {
    const advisory = 'https://vendor.example/security/advisory-2023-05'
    const cands = ['Alpha Bank', 'Beta University', 'Gamma Pension Fund'].map((name, i) =>
      candidate(
        `s${i}`,
        i + 1,
        evidenceOf({
          url: `https://news${i}.example/${i}`,
          title: `${name} confirms FileBridge data theft`,
          at: T0,
          html: `<a href="${advisory}">advisory</a>`,
        }),
      ),
    )
    const ev = evidenceOf({
      url: 'https://therecord.media/delta',
      title: 'Delta Insurance confirms FileBridge data theft',
      at: hoursLater(4),
      html: `<a href="${advisory}">advisory</a>`,
    })
    expect(matchStory(ev, cands, 'therecord')).toBeNull()
  })

  it('ignores shared links to generic pages (breach portal)', () => {
    const portal = 'https://ocrportal.hhs.gov/ocr/breach/breach_report.jsf'
    const a = candidate(
      'hipaajournal',
      1,
      evidenceOf({
        url: 'https://hipaajournal.com/a',
        title: 'Bayside Dental Group announces data breach',
        at: T0,
        html: `<a href="${portal}">portal</a>`,
      }),
    )
    const ev = evidenceOf({
      url: 'https://databreaches.net/b',
      title: 'Lakeshore Family Dental announces data breach',
      at: hoursLater(2),
      html: `<a href="${portal}">portal</a>`,
    })
    expect(matchStory(ev, [a], 'databreaches')).toBeNull()
  })
})

describe('matchStory sources and determinism', () => {
  it('never matches a candidate from the same source, nor a story that source already reported', () => {
    const url = 'https://therecord.media/acme'
    const own = candidate('therecord', 1, evidenceOf({ url, title: 'Acme Corp hit by ransomware', at: T0 }))
    const ev = evidenceOf({ url, title: 'Acme Corp hit by ransomware', at: hoursLater(1) })
    expect(matchStory(ev, [own], 'therecord')).toBeNull()
    const sameStoryOther = candidate(
      'bleeping',
      1,
      evidenceOf({ url: 'https://bleepingcomputer.com/acme', title: 'Acme Corp hit by ransomware attack', at: T0 }),
    )
    expect(matchStory(ev, [own, sameStoryOther], 'therecord')).toBeNull()
  })

  it('prefers the stronger reason, then the higher score, then the earliest, then the lowest id', () => {
    const url = 'https://therecord.media/acme'
    const byTitle = candidate(
      'bleeping',
      1,
      evidenceOf({ url: 'https://bleepingcomputer.com/acme', title: 'Acme Corp hit by ransomware', at: T0 }),
      10,
    )
    const byUrl = candidate('gnews', 2, evidenceOf({ url: `${url}?utm_source=x`, title: 'Something else entirely', at: hoursLater(1) }), 20)
    const ev = evidenceOf({ url, title: 'Acme Corp hit by ransomware', at: hoursLater(2) })
    expect(matchStory(ev, [byTitle, byUrl], 'therecord')).toMatchObject({ storyId: 2, reason: 'same_url' })
    expect(matchStory(ev, [byUrl, byTitle], 'therecord')).toMatchObject({ storyId: 2, reason: 'same_url' })

    const late = candidate(
      'securityweek',
      3,
      evidenceOf({ url: 'https://securityweek.com/acme', title: 'Acme Corp hit by ransomware', at: hoursLater(1) }),
      5,
    )
    const early = candidate(
      'register',
      4,
      evidenceOf({ url: 'https://theregister.com/acme', title: 'Acme Corp hit by ransomware', at: T0 }),
      6,
    )
    expect(matchStory(ev, [late, early], 'therecord')).toMatchObject({ storyId: 4, itemId: 6 })
    expect(matchStory(ev, [early, late], 'therecord')).toMatchObject({ storyId: 4, itemId: 6 })

    const twinA = candidate(
      'krebs',
      5,
      evidenceOf({ url: 'https://krebsonsecurity.com/acme', title: 'Acme Corp hit by ransomware', at: T0 }),
      8,
    )
    const twinB = candidate(
      'darkreading',
      6,
      evidenceOf({ url: 'https://darkreading.com/acme', title: 'Acme Corp hit by ransomware', at: T0 }),
      7,
    )
    expect(matchStory(ev, [twinA, twinB], 'therecord')).toMatchObject({ itemId: 7 })
    expect(matchStory(ev, [twinB, twinA], 'therecord')).toMatchObject({ itemId: 7 })
  })
})
