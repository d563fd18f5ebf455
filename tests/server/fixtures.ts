// A small newsroom for the feed and API tests: three feed sources and an HTML one, a merged
// story, a source that republishes excerpts only, and an item full of hostile strings.
import type { AppConfig, Store } from '../../src/types.js'
import { makeItem, makeStore } from '../helpers/store.js'
import { hoursAgo, makeConfig, makeSource, NOW } from './harness.js'

// (No lone surrogate here: SQLite stores one as U+FFFD bytes; the exporter tests cover them.)
export const HOSTILE_TITLE = 'Evil ]]> <script>alert(1)</script> & "co" \u0000\u0008\u000B\u001F\uFFFE end'
export const HOSTILE_URL = 'https://evil.example/p?a=1&b=<2>&c="3"'

export async function buildNewsroom(): Promise<{ store: Store; config: AppConfig }> {
  const sources = [
    makeSource({ id: 'alpha', title: 'Alpha News', homepage: 'https://alpha.example/', tags: ['breach'] }),
    makeSource({ id: 'beta', title: 'Beta Privacy', tags: ['privacy', 'eu'], republish: 'excerpt' }),
    makeSource({ id: 'evil', title: 'Evil & <Co>', url: 'https://evil.example/feed?x=1&y=2', tags: [] }),
    makeSource({ id: 'pages', title: 'HTML Only', type: 'html', url: 'https://pages.example/news/', tags: ['breach'] }),
  ]
  const config = makeConfig(sources)
  const store = await makeStore()
  await store.syncSources(sources)
  const now = NOW.toISOString()
  const [lead] = (
    await store.upsertItems(
      'alpha',
      [
        makeItem({
          sourceId: 'alpha',
          identityKey: 'acme',
          guid: 'https://alpha.example/?p=101',
          url: 'https://alpha.example/acme',
          title: 'Acme ransomware attack exposes 2M records',
          author: 'Jane',
          publishedAt: hoursAgo(5),
          updatedAt: hoursAgo(4),
          categories: ['ransomware'],
          summaryText: 'Acme confirmed a ransomware attack.',
          contentHtml: '<p>Acme confirmed a <strong>ransomware</strong> attack.</p>',
        }),
        makeItem({
          sourceId: 'alpha',
          identityKey: 'globex',
          guid: '4711',
          url: 'https://alpha.example/globex',
          title: 'Globex fined for leaking customer data',
          publishedAt: hoursAgo(8),
          categories: ['fines'],
        }),
      ],
      now,
    )
  ).written.map((w) => w.id)
  const [mate] = (
    await store.upsertItems(
      'beta',
      [
        makeItem({
          sourceId: 'beta',
          identityKey: 'acme-b',
          url: 'https://beta.example/acme',
          title: 'Acme hit by ransomware',
          publishedAt: hoursAgo(3),
          summaryText: 'Beta summary of the Acme attack.',
          contentHtml: '<p>FULL BETA ARTICLE BODY that must not be republished.</p>',
          categories: ['ransomware'],
        }),
        makeItem({
          sourceId: 'beta',
          identityKey: 'gdpr',
          url: 'https://beta.example/gdpr',
          title: 'Regulator opens GDPR inquiry',
          publishedAt: hoursAgo(2),
          summaryText: 'A regulator opened an inquiry.',
          contentHtml: '<p>FULL BETA GDPR BODY.</p>',
        }),
      ],
      now,
    )
  ).written.map((w) => w.id)
  await store.assignStory(mate!, { storyId: (await store.getItem(lead!))!.storyId, itemId: lead!, reason: 'similar_title', score: 0.9 })
  await store.upsertItems(
    'evil',
    [
      makeItem({
        sourceId: 'evil',
        identityKey: 'evil',
        guid: 'evil ]]> <guid> & 1',
        url: HOSTILE_URL,
        title: HOSTILE_TITLE,
        author: 'Mallory <m@evil.example>',
        publishedAt: hoursAgo(1),
        summaryText: 'sum ]]> <b>x</b> & \u0002',
        contentHtml: '<p>body ]]> <script>alert(1)</script> \u0000 &amp; done</p>',
        categories: ['cat & <dog>'],
      }),
    ],
    now,
  )
  await store.upsertItems(
    'pages',
    [
      makeItem({
        sourceId: 'pages',
        identityKey: 'page1',
        url: 'https://pages.example/news/1',
        title: 'Hospital reports phishing incident',
        publishedAt: hoursAgo(6),
      }),
    ],
    now,
  )
  return { store, config }
}
