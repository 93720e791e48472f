/**
 * A community seeded through the real answer path for the dashboard's specs: subscribe, the
 * round job firing the daily 09:00 Seoul schedule, members pressing answer buttons through the
 * dispatcher, all on a real SQLite file that is removed with `close()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LETTERS } from '../../src/content/schema.ts';
import { scheduleKey } from '../../src/core/communities.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { User } from '../../src/core/request.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { dashboardToken } from '../../src/core/dashboard-link.ts';
import type { HttpServer } from '../../src/http/server.ts';
import { mountWeb } from '../../src/web/web-routes.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import { countingStore } from './counting-store.ts';
import { testStudy } from './study.ts';
import { startLoopbackHttp } from './http.ts';

export const where = { platform: 'discord' as const, community: 'g1', channel: 'c1' };
export const ref = { platform: 'discord', community: 'g1' };
const user = (id: string, name: string): User => ({ id, displayName: name, locale: 'en', canManage: true });

/** Members are named by `names[id]`, else their id in capitals. */
export async function seededCommunity(names: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dash-data-'));
  // Counted, so a spec can tell how much of the store a page costs.
  const store = countingStore(await createStore(`sqlite://${path.join(dir, 'bot.sqlite')}`));
  const t = await testStudy({ store, start: '2026-11-30T23:00:00Z' });
  const discord = new RecordingPlatform('discord');
  await t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'subscribe', options: {}, user: user('admin', 'Admin') });
  const fire = async (iso: string) => {
    t.clock.set(iso);
    const plan = await t.study.communities.plan(ref);
    return runRound(new Date(iso), {
      study: t.study,
      adapters: { discord },
      logger: silentLogger,
      scheduleKey: scheduleKey(plan),
      sleep: async () => undefined,
    });
  };
  const press = async (roundId: string, userId: string, right: boolean) => {
    const round = (await t.study.rounds.round(ref, roundId))!;
    const answer = t.study.rounds.question(round.questionId)!.answer;
    const letter = right ? answer : LETTERS.find((candidate) => candidate !== answer)!;
    return t.dispatcher.action({
      kind: 'action',
      ...where,
      action: 'quiz.round',
      payload: `${roundId}:${letter}`,
      user: user(userId, names[userId] ?? userId.toUpperCase()),
    });
  };
  const close = async () => {
    await t.store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { ...t, store, fire, press, close };
}

export const XSS_NAMES = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)'];

/** A community with three closed rounds and an open one, members x1–x3 named as attacks. */
export async function dashboardSite() {
  const t = await seededCommunity({ x1: XSS_NAMES[0]!, x2: XSS_NAMES[1]!, x3: XSS_NAMES[2]! });
  for (const [day, presses] of [
    [
      '2026-12-01',
      [
        ['x1', true],
        ['x2', true],
        ['x3', false],
      ],
    ],
    [
      '2026-12-02',
      [
        ['x1', true],
        ['x2', false],
      ],
    ],
    [
      '2026-12-03',
      [
        ['x1', false],
        ['x3', true],
      ],
    ],
    ['2026-12-04', [['x1', true]]],
  ] as const) {
    await t.fire(`${day}T00:00:00Z`);
    for (const [who, right] of presses) await t.press(day, who, right);
  }
  const server: HttpServer = await startLoopbackHttp();
  mountWeb(server, { study: t.study, defaultLocale: 'en', publicUrl: `http://127.0.0.1:${server.port}` });
  const token = await dashboardToken(t.store, ref, t.clock.now());
  const close = async () => {
    await server.close();
    await t.close();
  };
  return { ...t, server, token, base: `http://127.0.0.1:${server.port}`, close };
}

/** What html`` makes of a string (escape-html-template-tag's entity table). */
export function escapeLikeTheTemplate(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '/': '&#x2F;', '`': '&#x60;', '=': '&#x3D;' };
  return text.replace(/[&<>"'/`=]/g, (char) => entities[char]!);
}
