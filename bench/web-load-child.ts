/**
 * The web benchmarks' load generator, in its own process so that making requests and reading
 * answers is not charged to the server under test: GETs one URL `total` times with at most
 * `concurrency` in flight over kept-alive connections, and reports latency percentiles and the rate.
 */
import { Agent, request } from 'node:http';

export interface WebLoadRequest {
  url: string;
  total: number;
  concurrency: number;
  headers: Record<string, string>;
  /** The status a right answer has. */
  status: number;
}

export interface WebLoadResult {
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  failures: number;
}

function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function run(job: WebLoadRequest): Promise<WebLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const url = new URL(job.url);
  const samples: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < job.total) {
        next += 1;
        const at = performance.now();
        const status = await get(agent, url, job.headers).catch(() => 0);
        samples.push(performance.now() - at);
        if (status !== job.status) failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), perSecond: job.total / seconds, failures };
}

process.on('message', (job: WebLoadRequest) => {
  run(job).then(
    (result) => process.send?.(result),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.send?.({ ready: true });
