/**
 * A failed chat.postMessage or chat.update, as the round job understands it: wait as
 * Slack says (429), give the channel up (an error no retry will fix), or try again.
 */
import { webApi } from '@slack/bolt';
import { PermanentPostError, RateLimitedError } from '../adapter.ts';

/** Web API errors that no retry will fix. */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'missing_scope',
  'account_inactive',
  'invalid_auth',
  'token_revoked',
  'message_not_found',
  'cant_update_message',
]);

export function asPostError(error: unknown, channel: string): Error {
  if ((error as { code?: string } | undefined)?.code === webApi.ErrorCode.RateLimitedError) {
    return new RateLimitedError((error as webApi.WebAPIRateLimitedError).retryAfter * 1000, { cause: error });
  }
  const code =
    (error as { code?: string; data?: { error?: string } } | undefined)?.code === webApi.ErrorCode.PlatformError
      ? (error as webApi.WebAPIPlatformError).data.error
      : undefined;
  if (code && PERMANENT_ERRORS.has(code)) return new PermanentPostError(`slack ${code} for channel ${channel}`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}
