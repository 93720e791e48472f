/**
 * What a signed Slack request must pass before Bolt sees it: a signature over its body,
 * a timestamp within five minutes either way (Bolt alone takes any timestamp in the
 * future), and no replay: a request is dropped (200, empty, no effect) when its body was
 * already handled within the window. That covers the same signed bytes sent again (a
 * signature is a function of its body) and Slack's retries (signed anew, X-Slack-Retry-Num),
 * and nothing Slack sends otherwise: every command, press and event carries an id of its
 * own (trigger_id, event_id), so two genuine requests never share a body. One claim in the
 * store per request, not one for the signature and one for the body. The seen-set lives in
 * the store, so every replica drops the same replays.
 *
 * The signature is checked here once, and Bolt's receiver is built with its own check off:
 * Bolt's compares through tsscmp (two more HMACs and 32 random bytes), and checking twice
 * was the largest cost per request of the whole bot.
 */
import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions } from '@slack/bolt';
import type { CoreLogger } from '../../core/logger.ts';
import { keys, NS } from '../../store/keys.ts';
import type { Store } from '../../store/store.ts';

/** Slack's own bound on clock skew; a replay older than this fails the timestamp check instead. */
export const REQUEST_WINDOW_MS = 5 * 60_000;

export interface RequestGuardOptions {
  signingSecret: string;
  store: Store;
  logger: CoreLogger;
  now?: () => number;
}

export class RequestGuard {
  private readonly now: () => number;

  constructor(private readonly options: RequestGuardOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Buffers and checks the request; true when Bolt should handle it (the buffered body
   * stays on `req`, where Bolt's receiver reads it), false when it was answered here.
   */
  async admit(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const { logger } = this.options;
    const signature = header(req, 'x-slack-signature');
    const timestamp = header(req, 'x-slack-request-timestamp');
    let raw: Buffer;
    try {
      if (signature === undefined) {
        // Only Slack's ssl_check comes through unsigned: Bolt's parser lets it through with
        // everything else in its body stripped, and refuses any other unsigned request.
        await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
          { enabled: true, signingSecret: this.options.signingSecret, bodyLimit: HTTPModuleFunctions.defaultBodyLimit },
          req,
        );
        // It does nothing, so it needs no seen-check.
        return true;
      }
      // Buffered on `req`, where Bolt's receiver reads it.
      raw = (await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)).rawBody;
    } catch (error) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && (error as { statusCode?: number }).statusCode === 413;
      logger.warn({ reason: (error as Error).message }, 'slack request refused');
      return answer(res, tooLarge ? 413 : 401);
    }
    const refusal = this.refusal(signature, timestamp, raw);
    if (refusal) {
      logger.warn(refusal, `slack request refused: ${refusal.reason}`);
      return answer(res, 401);
    }
    if ((await this.firstSight(raw)) !== false) return true;
    logger.info({ retry: header(req, 'x-slack-retry-num') ?? null }, 'slack request already handled; dropped');
    return answer(res, 200);
  }

  /** Why a signed request is not Slack's, now; undefined when it is. */
  private refusal(signature: string, timestamp: string | undefined, raw: Buffer): { reason: string; aheadMs?: number } | undefined {
    const sentAtMs = Number(timestamp) * 1000;
    if (!timestamp || !Number.isFinite(sentAtMs)) return { reason: 'no timestamp' };
    const aheadMs = sentAtMs - this.now();
    if (aheadMs < -REQUEST_WINDOW_MS) return { reason: 'timestamp too old', aheadMs };
    if (aheadMs > REQUEST_WINDOW_MS) return { reason: 'timestamp in the future', aheadMs };
    // Slack signs `v0:<timestamp header>:<body bytes>`; the signature is `v0=` and the HMAC in hex.
    const expected = `v0=${createHmac('sha256', this.options.signingSecret).update(`v0:${timestamp}:`).update(raw).digest('hex')}`;
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) return { reason: 'signature mismatch' };
    return undefined;
  }

  /** Claims the body: whether this request is the first with it. Undefined when the store cannot tell. */
  private async firstSight(raw: Buffer): Promise<boolean | undefined> {
    const { store, logger } = this.options;
    // The one-shot form: half the time of a Hash object for a request-sized body.
    const body = hash('sha256', raw, 'hex');
    try {
      return await store.claims.claim(NS.slackSeen, keys.seenBody(body), REQUEST_WINDOW_MS);
    } catch (error) {
      // A signed, current request is still Slack's: refusing it would turn a store outage into
      // a dead bot, and the timestamp check still bounds a replay to the window.
      logger.warn({ err: error }, 'slack replay check unavailable; handling the request');
      return undefined;
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function answer(res: ServerResponse, status: number): false {
  res.writeHead(status);
  res.end();
  return false;
}
