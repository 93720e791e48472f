import type { Reply } from '../core/reply.ts';
import type { Platform, Where } from '../core/request.ts';

/** A message the bot posted, so it can be edited later (the reveal). */
export interface PostedMessage extends Where {
  messageId: string;
}

/**
 * The small interface every platform implements. Incoming commands and button
 * presses go to the Dispatcher given at construction; this is the outgoing side.
 */
export interface Adapter {
  readonly platform: Platform;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Connected and able to take work (readiness). */
  isReady(): boolean;
  /** Why isReady() is false, for /readyz: what was lost and what is being done about it. */
  notReadyReason?(): string | undefined;
  /** Posts a reply into a channel (the scheduled question). */
  post(where: Where, reply: Reply): Promise<PostedMessage>;
  /** Replaces a posted message (the reveal). */
  edit(message: PostedMessage, reply: Reply): Promise<void>;
}

/** A post that can never succeed (channel gone, bot removed, no access); retrying is pointless. */
export class PermanentPostError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentPostError';
  }
}

/** The platform asked us to wait (HTTP 429); `retryAfterMs` is what it said. */
export class RateLimitedError extends Error {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, options?: { cause?: unknown }) {
    super(`rate limited, retry after ${retryAfterMs} ms`, options);
    this.name = 'RateLimitedError';
    this.retryAfterMs = retryAfterMs;
  }
}
