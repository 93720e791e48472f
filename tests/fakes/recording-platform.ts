import { type Adapter, PermanentPostError, type PostedMessage, RateLimitedError } from '../../src/adapters/adapter.ts';
import type { Reply } from '../../src/core/reply.ts';
import type { Platform, Where } from '../../src/core/request.ts';

/**
 * A fake chat platform for the schedule: it keeps every channel's messages,
 * and can be told that a channel is gone or that the next calls are rate limited.
 */
export class RecordingPlatform implements Adapter {
  readonly messages = new Map<string, { where: Where; reply: Reply; edits: Reply[] }>();
  readonly goneChannels = new Set<string>();
  rateLimitNext = 0;
  /** Edits answered 429 before one goes through, and the delay each asks for. */
  rateLimitEditsNext = 0;
  editRetryAfterMs = 60_000;
  /** Fails after sending, as a crash between posting and recording would look. */
  failAfterSendNext = 0;
  calls = 0;
  private nextId = 1;

  constructor(readonly platform: Platform = 'discord') {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  isReady(): boolean {
    return true;
  }

  async post(where: Where, reply: Reply): Promise<PostedMessage> {
    this.calls += 1;
    if (this.goneChannels.has(where.channel)) throw new PermanentPostError(`Unknown Channel ${where.channel}`);
    if (this.rateLimitNext > 0) {
      this.rateLimitNext -= 1;
      throw new RateLimitedError(50);
    }
    const messageId = `m${this.nextId++}`;
    this.messages.set(messageId, { where: { platform: where.platform, community: where.community, channel: where.channel }, reply, edits: [] });
    if (this.failAfterSendNext > 0) {
      this.failAfterSendNext -= 1;
      throw new Error('connection reset after send');
    }
    return { ...where, messageId };
  }

  async edit(message: PostedMessage, reply: Reply): Promise<void> {
    this.calls += 1;
    if (this.rateLimitEditsNext > 0) {
      this.rateLimitEditsNext -= 1;
      throw new RateLimitedError(this.editRetryAfterMs);
    }
    const stored = this.messages.get(message.messageId);
    if (!stored) throw new PermanentPostError(`Unknown Message ${message.messageId}`);
    stored.edits.push(reply);
  }

  postsIn(channel: string): Reply[] {
    return [...this.messages.values()].filter((m) => m.where.channel === channel).map((m) => m.reply);
  }
}
