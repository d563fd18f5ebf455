// Issue 19 end to end: an HHS OCR-style CSV (tests/fixtures/official/hhs-ocr.csv) and a news feed
// that reports one of its rows, polled for real from a loopback server. The official row joins the
// news story about the same organization ('same_org': its mapped organization and count against the
// report's extracted ones) and is marked official; the CSV's other rows stay stories of their own,
// including the one a lawsuit names and the one a "second attack" with a far larger count names.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig, Store, StoryExplanation } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'

const POLL_NOW = new Date('2025-03-10T00:00:00.000Z')

const NEWS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Health IT Security News</title><link>https://healthnews.example/</link>
<item><title>Ohio hospital says hackers accessed patient files in February cyberattack</title>
  <link>https://healthnews.example/2025/02/20/ohio-hospital-cyberattack</link>
  <pubDate>Thu, 20 Feb 2025 14:00:00 GMT</pubDate>
  <description>Lakeside Regional Medical Center said hackers accessed files containing the names, dates of birth and medical records of about 212,000 patients in a cyberattack detected on February 3.</description></item>
<item><title>Class action filed against Harbor Health Plan over misdirected email</title>
  <link>https://healthnews.example/2025/03/01/harbor-health-plan-lawsuit</link>
  <pubDate>Sat, 01 Mar 2025 10:00:00 GMT</pubDate>
  <description>A lawsuit filed against Harbor Health Plan claims the insurer failed to protect member data after an employee emailed a spreadsheet to the wrong address, exposing information of 1,204 members.</description></item>
<item><title>Summit Billing Services hit by second ransomware attack, 2 million records stolen</title>
  <link>https://healthnews.example/2025/02/24/summit-billing-second-attack</link>
  <pubDate>Mon, 24 Feb 2025 09:00:00 GMT</pubDate>
  <description>Medical billing company Summit Billing Services suffered another ransomware attack; the Akira gang claims to have stolen data on 2 million patients.</description></item>
</channel></rss>`

const HHS_ROW_URL = 'https://ocrportal.hhs.gov/ocr/breach/breach_report.jsf#row-'
const NEWS_URL = 'https://healthnews.example/2025/02/20/ohio-hospital-cyberattack'

let feeds: FixtureServer

beforeAll(async () => {
  setLogLevel('silent')
  feeds = await startFixtureServer()
  feeds.serveFile('/hhs.csv', 'official/hhs-ocr.csv', { contentType: 'text/csv', etag: '"hhs-1"' })
  feeds.serveBody('/news.xml', NEWS, { contentType: 'application/rss+xml', etag: '"news-1"' })
})
afterAll(async () => {
  await feeds.close()
})

function makeConfig(): AppConfig {
  return validateConfig(
    {
      settings: { allowPrivateNetworks: true, timeoutSeconds: 5 },
      sources: [
        { id: 'news', title: 'Health IT Security News', url: `${feeds.url}/news.xml`, homepage: 'https://healthnews.example/' },
        {
          id: 'hhs-ocr',
          title: 'HHS OCR breach portal',
          type: 'csv',
          url: `${feeds.url}/hhs.csv`,
          homepage: 'https://ocrportal.hhs.gov/ocr/breach/breach_report.jsf',
          map: {
            title: '{Name of Covered Entity} reports breach affecting {Individuals Affected} people',
            date: 'Breach Submission Date',
            organizations: 'Name of Covered Entity',
            records: 'Individuals Affected',
            sector: 'Covered Entity Type',
            dataTypes: '=health',
            country: '=US',
          },
          identity: ['Name of Covered Entity', 'Breach Submission Date'],
          dateFormat: 'MM/DD/YYYY',
          timeZone: 'America/New_York',
        },
      ],
    },
    'feeds.json',
  )
}

/** Every story (river order) as its members: [source, title, reason, official], earliest first. */
async function readStories(store: Store): Promise<StoryExplanation['members'][]> {
  const stories: StoryExplanation['members'][] = []
  for (const lead of (await store.listItems({ limit: 100 })).items) {
    stories.push((await store.explainStory((await store.getItem(lead.id))!.storyId))!.members)
  }
  return stories
}

const summarize = (stories: StoryExplanation['members'][]) =>
  stories.map((members) => members.map((m) => [m.sourceId, m.title, m.reason, m.official])).sort()

describe('an official row joins the news story about the same organization', () => {
  it('files the HHS row with the news report (same_org, marked official), in either polling order, and a re-poll adds nothing', async () => {
    const config = makeConfig()
    const outcomes: ReturnType<typeof summarize>[] = []
    for (const order of [
      ['news', 'hhs-ocr'],
      ['hhs-ocr', 'news'],
    ]) {
      const store = openStore(':memory:')
      try {
        for (const id of order) await pollOnce({ store, config, sourceIds: [id], now: () => POLL_NOW })
        const stories = await readStories(store)
        const joint = stories.find((members) => members.some((m) => m.url === NEWS_URL))!
        expect(joint.map((m) => [m.sourceId, m.official])).toEqual([
          ['news', false],
          ['hhs-ocr', true],
        ])
        expect(joint[1]!.url.startsWith(HHS_ROW_URL)).toBe(true)
        expect(joint.map((m) => m.reason)).toContain('same_org')
        // Four good rows of the CSV (two fail the map) and three news reports: one story joins two.
        expect(stories.map((s) => s.length).sort()).toEqual([1, 1, 1, 1, 1, 2])
        const again = await pollOnce({ store, config, now: () => POLL_NOW })
        expect(again.outcomes.map((o) => o.result)).toEqual(['unchanged', 'unchanged'])
        expect(summarize(await readStories(store))).toEqual(summarize(stories))
        outcomes.push(summarize(stories))
      } finally {
        await store.close()
      }
    }
    // Same stories whichever source came first (the lead is the earlier report either way).
    expect(outcomes[1]!.map((s) => s.map((m) => m.slice(0, 2)))).toEqual(outcomes[0]!.map((s) => s.map((m) => m.slice(0, 2))))
  })

  it('keeps apart the lawsuit that names a row and a second attack with a count ten times the row', async () => {
    const store = openStore(':memory:')
    try {
      await pollOnce({ store, config: makeConfig(), now: () => POLL_NOW })
      const stories = await readStories(store)
      const storyOf = (text: string) => stories.findIndex((members) => members.some((m) => m.title.includes(text)))
      expect(storyOf('Class action filed against Harbor Health Plan')).not.toBe(storyOf('Harbor Health Plan, Inc. reports breach'))
      expect(storyOf('Summit Billing Services hit by second')).not.toBe(storyOf('Summit Billing Services LLC reports breach'))
      expect(storyOf('Lakeside Regional Medical Center reports breach')).toBe(storyOf('Ohio hospital says hackers'))
    } finally {
      await store.close()
    }
  })
})
