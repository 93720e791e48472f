import { type ChildProcess, spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log/logger.ts';
import { InFlight, installShutdown } from '../src/shutdown.ts';

function recordingLogger() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', pretty: false, destination });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('shutdown', () => {
  it('GIVEN steps THEN they run in order, one after the other, and the process exits 0', async () => {
    const { logger } = recordingLogger();
    const events: string[] = [];
    const exits: number[] = [];
    const step = (name: string, ms: number) => ({
      name,
      run: async () => {
        events.push(`${name} start`);
        await sleep(ms);
        events.push(`${name} end`);
      },
    });
    const { shutdown } = installShutdown({
      logger,
      steps: [step('schedule', 20), step('adapters', 5), step('store', 1)],
      exit: (code) => exits.push(code),
      signals: [],
    });
    await shutdown('SIGTERM');
    expect(events).toEqual(['schedule start', 'schedule end', 'adapters start', 'adapters end', 'store start', 'store end']);
    expect(exits).toEqual([0]);
  });

  it('GIVEN a failing step THEN it is logged and the next step still runs', async () => {
    const { logger, lines } = recordingLogger();
    const ran: string[] = [];
    const exits: number[] = [];
    const { shutdown } = installShutdown({
      logger,
      steps: [
        {
          name: 'adapter',
          run: async () => {
            throw new Error('socket already closed');
          },
        },
        { name: 'store', run: async () => void ran.push('store') },
      ],
      exit: (code) => exits.push(code),
      signals: [],
    });
    await shutdown('SIGTERM');
    expect(ran).toEqual(['store']);
    expect(exits).toEqual([0]);
    const failure = lines().find((line) => line.msg === 'shutdown step failed');
    expect(failure).toMatchObject({ level: 'error', step: 'adapter', err: { message: 'socket already closed' } });
  });

  it('GIVEN a step that never finishes THEN it is cut off at the deadline, later steps are skipped and the exit code is 1', async () => {
    const { logger, lines } = recordingLogger();
    const exits: number[] = [];
    const ran: string[] = [];
    const { shutdown } = installShutdown({
      logger,
      timeoutMs: 100,
      steps: [
        { name: 'hanging', run: () => new Promise<void>(() => undefined) },
        { name: 'store', run: async () => void ran.push('store') },
      ],
      exit: (code) => exits.push(code),
      signals: [],
    });
    const started = Date.now();
    await shutdown('SIGTERM');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(1000);
    expect(exits).toEqual([1]);
    expect(ran).toEqual([]);
    expect(lines().map((line) => line.msg)).toEqual(expect.arrayContaining(['shutdown step did not finish in time', 'shutdown step skipped: out of time']));
  });

  it('GIVEN a slow step THEN the next one only gets the time that is left', async () => {
    const { logger } = recordingLogger();
    const exits: number[] = [];
    const { shutdown } = installShutdown({
      logger,
      timeoutMs: 200,
      steps: [
        { name: 'slow', run: () => sleep(120) },
        { name: 'hanging', run: () => new Promise<void>(() => undefined) },
      ],
      exit: (code) => exits.push(code),
      signals: [],
    });
    const started = Date.now();
    await shutdown('SIGTERM');
    expect(Date.now() - started).toBeLessThan(400);
    expect(exits).toEqual([1]);
  });

  it('GIVEN a second signal during shutdown THEN it is ignored with a log line and the steps run once', async () => {
    const { logger, lines } = recordingLogger();
    const exits: number[] = [];
    let runs = 0;
    const { shutdown } = installShutdown({
      logger,
      steps: [
        {
          name: 'adapters',
          run: async () => {
            runs++;
            await sleep(30);
          },
        },
      ],
      exit: (code) => exits.push(code),
      signals: [],
    });
    const first = shutdown('SIGTERM');
    const second = shutdown('SIGINT');
    await Promise.all([first, second]);
    expect(runs).toBe(1);
    expect(exits).toEqual([0]);
    expect(lines().find((line) => line.msg === 'shutdown already in progress; signal ignored')).toMatchObject({ signal: 'SIGINT', level: 'warn' });
  });
});

describe('InFlight', () => {
  it('GIVEN tracked work THEN size counts it until it settles and the result passes through', async () => {
    const inFlight = new InFlight();
    const ok = inFlight.track(sleep(20).then(() => 'answered'));
    const failed = inFlight.track(sleep(10).then(() => Promise.reject(new Error('platform down'))));
    expect(inFlight.size).toBe(2);
    await expect(failed).rejects.toThrow('platform down');
    expect(await ok).toBe('answered');
    expect(inFlight.size).toBe(0);
  });

  it('GIVEN work in flight THEN drain waits for it, including work tracked while draining', async () => {
    const inFlight = new InFlight();
    const done: string[] = [];
    void inFlight.track(
      sleep(20).then(() => {
        done.push('first');
        void inFlight.track(sleep(20).then(() => void done.push('second')));
      }),
    );
    expect(await inFlight.drain(1000)).toBe(true);
    expect(done).toEqual(['first', 'second']);
    expect(inFlight.size).toBe(0);
  });

  it('GIVEN work that outlasts the timeout THEN drain gives up and says so', async () => {
    const inFlight = new InFlight();
    void inFlight.track(new Promise<void>(() => undefined));
    const started = Date.now();
    expect(await inFlight.drain(50)).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
    expect(inFlight.size).toBe(1);
  });

  it('GIVEN nothing in flight THEN drain resolves true at once', async () => {
    expect(await new InFlight().drain(0)).toBe(true);
  });
});

describe('shutdown in a real process', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  // The child drains a request that is in flight when SIGTERM arrives (it finishes when the test
  // writes to its stdin, so the second signal surely lands mid-shutdown), then exits on its own.
  const script = `
    import { createLogger } from './src/log/logger.ts';
    import { InFlight, installShutdown } from './src/shutdown.ts';
    const logger = createLogger({ level: 'info', pretty: false });
    const inFlight = new InFlight();
    void inFlight.track(new Promise((resolve) => process.stdin.once('data', () => { process.stdout.write('handler finished\\n'); resolve(); })));
    installShutdown({
      logger,
      timeoutMs: 5000,
      steps: [
        { name: 'in-flight work', run: async () => void (await inFlight.drain(4000)) },
        { name: 'store', run: async () => void process.stdout.write('store closed\\n') },
      ],
    });
    process.stdout.write('ready\\n');
  `;

  it('GIVEN SIGTERM twice THEN in-flight work finishes, steps run once and the process exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await expect.poll(() => stdout, { timeout: 15_000 }).toContain('ready');
    child.kill('SIGTERM');
    await expect.poll(() => stderr, { timeout: 5_000 }).toContain('shutting down');
    child.kill('SIGTERM');
    await expect.poll(() => stderr, { timeout: 5_000 }).toContain('signal ignored');
    child.stdin?.end('finish\n');
    expect(await exited).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toEqual(['ready', 'handler finished', 'store closed']);
    const logs = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string });
    expect(logs.map((line) => line.msg)).toEqual(['shutting down', 'shutdown already in progress; signal ignored', 'shutdown complete']);
  });
});
