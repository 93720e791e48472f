/**
 * The community dashboard's link: `${PUBLIC_URL}/c/<token>`, one random token per community.
 * The token is the only key to the community's page, so it is long (192 bits), kept two ways
 * (community → token, for `/quiz dashboard` to show the link again; SHA-256 of the token →
 * community, so `/c/<token>` finds its community with one read and the token itself is never a
 * key), checked against the community's current token in constant time, and replaced on reset:
 * an old token's way back may outlive a crash in the middle of a reset, but it no longer matches
 * the community's current token, so it gets the same 404 as any wrong token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type CommunityRef, keys, NS } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import { t } from './i18n.ts';
import { notice, type Reply } from './reply.ts';
import { type CommandRequest, communityOf } from './request.ts';
import type { Study } from './study.ts';

export const TOKEN_BYTES = 24;
/** base64url of TOKEN_BYTES: 32 characters of [A-Za-z0-9_-]. Anything else is not looked up at all. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

interface DashboardRecord {
  token: string;
  createdAt: string;
}

interface TokenRecord {
  platform: string;
  community: string;
}

export function newDashboardToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

const hashOf = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** Equal-length digests compared in constant time, so the time taken says nothing of how much of a guess was right. */
function sameToken(presented: Buffer, current: string): boolean {
  return timingSafeEqual(presented, hashOf(current));
}

/** The community's token, made on first use. Writes the way back every time, which also mends one a crash lost. */
export async function dashboardToken(store: Store, ref: CommunityRef, now: Date): Promise<string> {
  const record = await store.update<DashboardRecord>(
    NS.dashboard,
    keys.community(ref),
    (current) => current ?? { token: newDashboardToken(), createdAt: now.toISOString() },
  );
  await store.set<TokenRecord>(NS.dashboardToken, keys.dashboardToken(hashOf(record.token).toString('hex')), {
    platform: ref.platform,
    community: ref.community,
  });
  return record.token;
}

/** A new token for the community; the old link stops working at once (the current token is what a page checks). */
export async function resetDashboardToken(store: Store, ref: CommunityRef, now: Date): Promise<string> {
  let old: DashboardRecord | undefined;
  const fresh = newDashboardToken();
  await store.update<DashboardRecord>(NS.dashboard, keys.community(ref), (current) => {
    old = current;
    return { token: fresh, createdAt: now.toISOString() };
  });
  await store.set<TokenRecord>(NS.dashboardToken, keys.dashboardToken(hashOf(fresh).toString('hex')), { platform: ref.platform, community: ref.community });
  if (old) await store.delete(NS.dashboardToken, keys.dashboardToken(hashOf(old.token).toString('hex')));
  return fresh;
}

/** The community a presented token opens, or undefined for a malformed, unknown or revoked one alike. */
export async function communityOfToken(store: Store, token: string): Promise<CommunityRef | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const presented = hashOf(token);
  const found = await store.get<TokenRecord>(NS.dashboardToken, keys.dashboardToken(presented.toString('hex')));
  if (!found) return undefined;
  const ref: CommunityRef = { platform: found.platform, community: found.community };
  const current = await store.get<DashboardRecord>(NS.dashboard, keys.community(ref));
  return current && sameToken(presented, current.token) ? ref : undefined;
}

/** PUBLIC_URL's default on PORT's default, for a core built without web links (tests, scripts). */
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

/** `${PUBLIC_URL}/c/<token>`, whether or not PUBLIC_URL ends in a slash. */
export function dashboardUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/c/${token}`;
}

/**
 * `/quiz dashboard [reset]` (admin, checked by the dispatcher): the link, for the caller's eyes
 * only since it opens the page to anyone holding it; `reset` makes a new one.
 */
export async function dashboardLinkReply(request: CommandRequest, study: Study, publicUrl: string): Promise<Reply> {
  const locale = request.user.locale;
  const ref = communityOf(request);
  const reset = request.options.reset === true;
  const token = reset ? await resetDashboardToken(study.store, ref, study.clock.now()) : await dashboardToken(study.store, ref, study.clock.now());
  return { ...notice(t(locale, reset ? 'dashboard.reset' : 'dashboard.link', { url: dashboardUrl(publicUrl, token) })), tone: reset ? 'success' : 'info' };
}
