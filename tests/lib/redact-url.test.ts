import { describe, expect, it } from 'vitest'
import { hasCredentials, isSecretParam, redactUrl, redactUrlsInText } from '../../src/lib/redact-url.js'

describe('redactUrl', () => {
  it('hides userinfo, including a password that holds @', () => {
    expect(redactUrl('http://alice:s3cr3t@feeds.example/rss')).toBe('http://***@feeds.example/rss')
    expect(redactUrl('https://alice@feeds.example:8443/rss')).toBe('https://***@feeds.example:8443/rss')
    expect(redactUrl('https://a:p@ss@feeds.example/x?y=1')).toBe('https://***@feeds.example/x?y=1')
  })

  it('hides the values of credential-like query and fragment parameters, keeping the rest byte for byte', () => {
    expect(redactUrl('https://h.example/feed?token=abc&page=2')).toBe('https://h.example/feed?token=***&page=2')
    expect(redactUrl('https://h.example/f?API_KEY=1&apikey=2&api-key=3&key=4&sig=5&Signature=6')).toBe(
      'https://h.example/f?API_KEY=***&apikey=***&api-key=***&key=***&sig=***&Signature=***',
    )
    expect(redactUrl('https://h.example/f?private_token=x&X-Amz-Signature=y&X-Amz-Security-Token=z&client_secret=w')).toBe(
      'https://h.example/f?private_token=***&X-Amz-Signature=***&X-Amz-Security-Token=***&client_secret=***',
    )
    expect(redactUrl('https://h.example/f?password=a&passwd=b&auth=c&access_token=d&session=e')).toBe(
      'https://h.example/f?password=***&passwd=***&auth=***&access_token=***&session=***',
    )
    expect(redactUrl('https://h.example/cb#access_token=x&state=1')).toBe('https://h.example/cb#access_token=***&state=1')
    expect(redactUrl('https://h.example/f?q=a%20b&monkey=1&keyword=x&tag=#top')).toBe(
      'https://h.example/f?q=a%20b&monkey=1&keyword=x&tag=#top',
    )
    expect(redactUrl('https://h.example/f?token=&token')).toBe('https://h.example/f?token=&token')
  })

  it('leaves plain URLs and non-URLs alone', () => {
    for (const url of ['https://databreaches.net/feed/', 'not a url', '', 'https://h.example/a@b', 'mailto:x@y.example']) {
      expect(redactUrl(url)).toBe(url)
      expect(hasCredentials(url)).toBe(false)
    }
    expect(hasCredentials('https://u:p@h.example/')).toBe(true)
    expect(hasCredentials('https://h.example/?Token=1')).toBe(true)
  })

  it('names: exact and suffix matches only', () => {
    expect(['token', 'feed_token', 'feed.key', 'session_id', 'api%5Fkey'].every(isSecretParam)).toBe(true)
    expect(['tokens', 'keyword', 'monkey', 'page', 'signed'].some(isSecretParam)).toBe(false)
  })
})

describe('redactUrlsInText', () => {
  it('redacts each URL inside an error message', () => {
    expect(redactUrlsInText('fetch: HTTP 404 Not Found from http://bob:pw@h.example/rss?key=k (after https://h.example/a?sig=s)')).toBe(
      'fetch: HTTP 404 Not Found from http://***@h.example/rss?key=*** (after https://h.example/a?sig=***)',
    )
    expect(redactUrlsInText('no urls here')).toBe('no urls here')
  })
})
