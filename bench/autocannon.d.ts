// The part of autocannon's programmatic API the serving benchmark uses (the package ships no types).
declare module 'autocannon' {
  export interface AutocannonOptions {
    url: string
    connections?: number
    duration?: number
    pipelining?: number
    headers?: Record<string, string>
    /** Requests per second from all connections together (an offered load, not a saturation). */
    overallRate?: number
    requests?: { setupRequest?: (request: { path: string }) => { path: string } }[]
  }
  interface Histogram {
    average: number
    mean: number
    p50: number
    p99: number
    max: number
  }
  interface AutocannonResult {
    requests: Histogram & { total: number }
    latency: Histogram
    throughput: Histogram
    non2xx: number
    errors: number
    timeouts: number
  }
  function autocannon(opts: AutocannonOptions): Promise<AutocannonResult>
  export default autocannon
}
