// A webhook receiver on loopback, as a real one would be written: it verifies the signature
// (HMAC-SHA256 of "<timestamp>.<body>") and de-duplicates by X-Breachwire-Delivery. Its mode
// says how it answers: ok (204), fail (500), hang (never answers), close (drops the connection),
// accept-hang (takes the delivery, then never answers: the sender cannot know it arrived).
import { createHmac, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { Socket } from 'node:net'

export type ReceiverMode = 'ok' | 'fail' | 'hang' | 'close' | 'accept-hang'

export interface Received {
  event: string
  delivery: string
  timestamp: string
  signatureValid: boolean
  body: Record<string, unknown>
}

export interface Receiver {
  url: string
  mode: ReceiverMode
  /** Every request that arrived, whatever the answer. */
  attempts: number
  /** The delivery id of every request that arrived, in order. */
  attemptIds: string[]
  /** Accepted (answered 2xx) requests, in order, including repeats of a delivery id. */
  accepted: Received[]
  /** Accepted deliveries after de-duplication by delivery id. */
  unique(): Received[]
  close(): Promise<void>
}

export async function startReceiver(secret: string, port = 0): Promise<Receiver> {
  const sockets = new Set<Socket>()
  const receiver: Receiver = {
    url: '',
    mode: 'ok',
    attempts: 0,
    attemptIds: [],
    accepted: [],
    unique() {
      const seen = new Set<string>()
      return receiver.accepted.filter((r) => !seen.has(r.delivery) && seen.add(r.delivery))
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      receiver.attempts++
      receiver.attemptIds.push(String(req.headers['x-breachwire-delivery'] ?? ''))
      if (receiver.mode === 'hang') return
      if (receiver.mode === 'close') {
        req.socket.destroy()
        return
      }
      if (receiver.mode === 'fail') {
        res.writeHead(500).end('down')
        return
      }
      const raw = Buffer.concat(chunks).toString('utf8')
      const timestamp = String(req.headers['x-breachwire-timestamp'] ?? '')
      const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`
      const given = String(req.headers['x-breachwire-signature'] ?? '')
      const signatureValid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))
      receiver.accepted.push({
        event: String(req.headers['x-breachwire-event'] ?? ''),
        delivery: String(req.headers['x-breachwire-delivery'] ?? ''),
        timestamp,
        signatureValid,
        body: JSON.parse(raw) as Record<string, unknown>,
      })
      if (receiver.mode !== 'accept-hang') res.writeHead(signatureValid ? 204 : 401).end()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address()
  receiver.url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/hook`
  return receiver
}
