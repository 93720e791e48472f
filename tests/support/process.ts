import { type ChildProcessWithoutNullStreams, type SpawnOptionsWithoutStdio, spawn } from 'node:child_process';

/** A spawned bot (or any command) with its output collected as it comes. */
export interface Captured {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

const live = new Set<ChildProcessWithoutNullStreams>();

export function spawnCaptured(command: string, args: string[], options: SpawnOptionsWithoutStdio): Captured {
  const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  return { child, out: () => stdout, err: () => stderr, exited };
}

/** For afterEach: no spawned process outlives its test. */
export function killSpawned(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}
