/**
 * The load generator for bench/web.ts in a process of its own, so issuing requests and
 * reading answers is not charged to the server being measured. On each `WebLoadRequest` it
 * runs `clients` loops, each one request at a time on its own keep-alive socket, until
 * `total` are done, and reports every latency, the rate and the size of an answer.
 */
import { Agent, request } from 'node:http';

export interface WebLoadRequest {
  url: string;
  /** When given, request i goes to urls[i % length] instead of `url`: distinct pages in turn. */
  urls?: string[];
  total: number;
  clients: number;
  headers: Record<string, string>;
}

export interface WebLoadResult {
  latencies: number[];
  perSecond: number;
  bytes: number;
  failures: number;
}

async function load(job: WebLoadRequest): Promise<WebLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.clients });
  const latencies: number[] = [];
  let issued = 0;
  let bytes = 0;
  let failures = 0;
  const one = (index: number) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const url = job.urls ? job.urls[index % job.urls.length]! : job.url;
      const req = request(url, { agent, headers: job.headers, timeout: 10_000 }, (res) => {
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) failures += 1;
          latencies.push(performance.now() - started);
          bytes = size;
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('took over 10 s')));
      req.on('error', () => {
        failures += 1;
        resolve();
      });
      req.end();
    });
  const client = async () => {
    while (issued < job.total) {
      issued += 1;
      await one(issued - 1);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.clients }, client));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { latencies, perSecond: job.total / seconds, bytes, failures };
}

process.on('message', (job: WebLoadRequest) => {
  void load(job).then((result) => process.send?.(result));
});
