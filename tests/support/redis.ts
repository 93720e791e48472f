import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

/**
 * Redis tests run on a real redis-server. Without the binary they skip with a
 * visible message, except under CI=true, where a missing server is a failure.
 */
export function redisAvailability(): { skip: boolean } {
  if (hasRedis) return { skip: false };
  if (process.env.CI === 'true') throw new Error('redis-server is required under CI=true (apt-get install -y redis-server)');
  console.warn('SKIPPED: Redis tests need redis-server on PATH (apt-get install -y redis-server)');
  return { skip: true };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing, as a hung Redis does. */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
}

/** Starts redis-server on a random loopback port with no persistence; `stop` kills it. */
export async function startRedis(options: { port?: number } = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/**
 * One real redis-server for the enclosing describe block: started before its tests, stopped
 * after them, not started at all when the tests skip.
 */
export function useRedis(): { skip: boolean; url: () => string } {
  const { skip } = redisAvailability();
  let server: RedisServer | undefined;
  beforeAll(async () => {
    if (!skip) server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return { skip, url: () => server!.url };
}
