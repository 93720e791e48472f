import { createClient } from '@keyv/redis';
import { StoreError } from './store-error.ts';


/** Host and port of a Redis URL, without credentials, for messages. */
export function redisTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return url;
  }
}

/**
 * A connected client, or a StoreError that names the URL and the cause. Nothing may use the
 * client before this resolves: a client handed out while connecting fails its first calls
 * ("The client is offline"), since the offline queue is off so that a Redis outage fails
 * requests at once instead of queueing them.
 */
export async function connectRedis(url: string, waitMs: number) {
  let lastError: unknown;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: Math.min(2000, waitMs), reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 3000) },
  });
  client.on('error', (error: unknown) => {
    lastError = error;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection within ${waitMs} ms`)), waitMs);
      }),
    ]);
    return client;
  } catch (error) {
    client.destroy();
    const cause = lastError ?? error;
    throw new StoreError('store_unavailable', { cause, message: `cannot connect to Redis at ${redisTarget(url)}: ${describeCause(cause)}` });
  } finally {
    clearTimeout(timer);
  }
}

function describeCause(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = (error as Error)?.message ?? String(error);
  if (typeof code === 'string') return message.includes(code) ? message : `${code} (${message})`;
  return message;
}
