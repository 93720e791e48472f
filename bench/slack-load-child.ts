/**
 * The load generator for bench/slack.ts in a process of its own, so signing requests and
 * reading answers (a larger answer costs its reader more) are not charged to the app being
 * measured, and the bench process's CPU time during a round is that app's alone. On each
 * `LoadRequest` it fires `total` signed requests with `concurrency` in flight over a
 * keep-alive agent and reports the rate, every latency and the answers that were wrong.
 */
import { Agent } from 'node:http';
import { postSigned } from '../tests/fakes/fake-slack.ts';

export interface LoadRequest {
  url: string;
  /** Sent in turn; each gets a trigger_id of its own. */
  bodies: string[];
  total: number;
  concurrency: number;
  secret: string;
  /** A right answer is a 200 whose body contains every one of these. */
  contains: string[];
}

export interface LoadResult {
  rps: number;
  latenciesMs: number[];
  failures: number;
  /** This load generator's CPU time per request: signing it and reading the answer. */
  loadCpuMicros: number;
}

/** Every request gets its own trigger_id, as Slack's do: the same body signed in the same second is a replay, and dropped. */
let triggers = 0;
const unique = (body: string) => body.replace('trigger_id=1.2.3', `trigger_id=bench.${++triggers}`);

const agents = new Map<number, Agent>();

async function load(request: LoadRequest): Promise<LoadResult> {
  const agent = agents.get(request.concurrency) ?? new Agent({ keepAlive: true, maxSockets: request.concurrency });
  agents.set(request.concurrency, agent);
  const latenciesMs: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: request.concurrency }, async () => {
      while (next < request.total) {
        const sending = unique(request.bodies[next % request.bodies.length]!);
        next += 1;
        const sent = performance.now();
        try {
          const response = await postSigned(request.url, sending, { secret: request.secret, agent });
          latenciesMs.push(performance.now() - sent);
          if (response.status !== 200 || !request.contains.every((part) => response.text.includes(part))) failures += 1;
        } catch {
          failures += 1;
        }
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { rps: request.total / ((performance.now() - started) / 1000), latenciesMs, failures, loadCpuMicros: (used.user + used.system) / request.total };
}

process.on('message', (message: LoadRequest) => {
  void load(message).then((result) => process.send?.(result));
});
// The parent going away (or killing us) is the only way this ends.
process.on('disconnect', () => {
  for (const agent of agents.values()) agent.destroy();
  process.exit(0);
});
process.send?.({ ready: true });
