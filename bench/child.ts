/** Bench children driven over IPC: one message out, one answer back, and a kill at the end. */
import type { ChildProcess } from 'node:child_process';

/** The child's next message, or an error when it exits or stays silent for `timeoutMs`. */
export function reply<T>(child: ChildProcess, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no answer from the child within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: T) => {
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => fail(new Error(`the child exited with ${code}`));
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
