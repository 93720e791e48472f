/**
 * The dashboard token's rules on a real SQLite file: long and random, one per community, found
 * from the token alone, and revoked by a reset so the old link is a wrong token like any other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { communityOfToken, dashboardToken, dashboardUrl, newDashboardToken, resetDashboardToken } from '../../src/core/dashboard-link.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import { keys, NS } from '../../src/store/keys.ts';
import type { Store } from '../../src/store/store.ts';
import { useRedis } from '../support/redis.ts';

const g1 = { platform: 'discord', community: 'g1' };
const g2 = { platform: 'slack', community: 'T2' };
const now = new Date('2026-12-01T00:00:00Z');

describe('dashboard tokens', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'dash-token-'));
    store = await createStore(`sqlite://${path.join(dir, 'bot.sqlite')}`);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN new tokens THEN each is 32 base64url characters (192 bits) and no two are alike', () => {
    const tokens = Array.from({ length: 200 }, newDashboardToken);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Buffer.from(tokens[0]!, 'base64url')).toHaveLength(24);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('GIVEN a community THEN its token is made once, kept, and opens that community only', async () => {
    const first = await dashboardToken(store, g1, now);
    expect(await dashboardToken(store, g1, now)).toBe(first);
    const other = await dashboardToken(store, g2, now);
    expect(other).not.toBe(first);
    expect(await communityOfToken(store, first)).toEqual(g1);
    expect(await communityOfToken(store, other)).toEqual(g2);
  });

  it('GIVEN a token that is not a community’s THEN nothing is found, however close it is', async () => {
    const token = await dashboardToken(store, g1, now);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of [
      flipped,
      token.slice(0, -1),
      `${token}A`,
      '',
      '../../etc',
      token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(),
    ]) {
      expect(await communityOfToken(store, wrong)).toBeUndefined();
    }
  });

  it('GIVEN a reset THEN the old token opens nothing and the new one opens the community', async () => {
    const old = await dashboardToken(store, g1, now);
    const fresh = await resetDashboardToken(store, g1, now);
    expect(fresh).not.toBe(old);
    expect(await communityOfToken(store, old)).toBeUndefined();
    expect(await communityOfToken(store, fresh)).toEqual(g1);
    expect(await dashboardToken(store, g1, now)).toBe(fresh);
  });

  it('GIVEN an old token whose way back outlived a reset (a crash mid-reset) THEN it is still refused, as it is not the current token', async () => {
    const old = await dashboardToken(store, g1, now);
    const { createHash } = await import('node:crypto');
    const oldKey = keys.dashboardToken(createHash('sha256').update(old).digest('hex'));
    const leftover = await store.get(NS.dashboardToken, oldKey);
    await resetDashboardToken(store, g1, now);
    await store.set(NS.dashboardToken, oldKey, leftover);
    expect(await communityOfToken(store, old)).toBeUndefined();
  });

  it('GIVEN PUBLIC_URL with or without a trailing slash THEN the link has one slash before c/', () => {
    expect(dashboardUrl('https://bot.example/', 'tok')).toBe('https://bot.example/c/tok');
    expect(dashboardUrl('http://localhost:3000', 'tok')).toBe('http://localhost:3000/c/tok');
  });
});

describe('dashboard tokens on one Redis shared by two replicas', () => {
  const redis = useRedis();

  it.skipIf(redis.skip)('GIVEN a reset on one replica THEN the other refuses the old token at once AND opens the new one', async () => {
    const a = await createStore(redis.url());
    const b = await createStore(redis.url());
    try {
      const old = await dashboardToken(a, g1, now);
      expect(await communityOfToken(b, old)).toEqual(g1);
      const fresh = await resetDashboardToken(a, g1, now);
      expect(await communityOfToken(b, old)).toBeUndefined();
      expect(await communityOfToken(b, fresh)).toEqual(g1);
      expect(await dashboardToken(b, g1, now)).toBe(fresh);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
