/**
 * What a signed Slack request must pass before Bolt sees it. Bolt checks the signature
 * and refuses timestamps more than five minutes old, but takes any timestamp in the
 * future and the same signed bytes any number of times. Here a request is also refused
 * when its clock is five minutes ahead, and dropped (200, empty, no effect) when its
 * signature, or for Slack's own retries its body, was already handled within the window.
 * The seen-set lives in the store, so every replica drops the same replays.
 */
import { createHash } from 'node:crypto';
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
    let raw: Buffer;
    try {
      // Bolt's own parser: body limit, ssl_check, staleness and the signature itself.
      raw = (
        await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
          { enabled: true, signingSecret: this.options.signingSecret, bodyLimit: HTTPModuleFunctions.defaultBodyLimit },
          req,
        )
      ).rawBody;
    } catch (error) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && (error as { statusCode?: number }).statusCode === 413;
      logger.warn({ reason: (error as Error).message }, 'slack request refused');
      return answer(res, tooLarge ? 413 : 401);
    }
    const signature = header(req, 'x-slack-signature');
    // Only Slack's ssl_check comes through unsigned; it does nothing, so it needs no seen-check.
    if (signature === undefined) return true;
    const sentAtMs = Number(header(req, 'x-slack-request-timestamp')) * 1000;
    if (sentAtMs - this.now() > REQUEST_WINDOW_MS) {
      logger.warn({ aheadMs: sentAtMs - this.now() }, 'slack request refused: timestamp in the future');
      return answer(res, 401);
    }
    const retry = header(req, 'x-slack-retry-num');
    const seen = await this.firstSight(signature, raw);
    if (seen === undefined) return true;
    if (seen.signature && (retry === undefined || seen.body)) return true;
    logger.info({ retry: retry ?? null, replayed: !seen.signature }, 'slack request already handled; dropped');
    return answer(res, 200);
  }

  /** Claims the signature and the body; which of them this request saw first. Undefined when the store cannot tell. */
  private async firstSight(signature: string, raw: Buffer): Promise<{ signature: boolean; body: boolean } | undefined> {
    const { store, logger } = this.options;
    const body = createHash('sha256').update(raw).digest('hex');
    try {
      const [bySignature, byBody] = await Promise.all([
        store.setIfAbsent(NS.slackSeen, keys.seenSignature(signature), 1, REQUEST_WINDOW_MS),
        store.setIfAbsent(NS.slackSeen, keys.seenBody(body), 1, REQUEST_WINDOW_MS),
      ]);
      return { signature: bySignature, body: byBody };
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
