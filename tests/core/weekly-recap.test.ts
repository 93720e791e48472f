/** The weekly recap: its content, once per channel and week (two replicas on a real Redis too), none for an empty week or when off. */
import { describe, expect, it } from 'vitest';
import { LETTERS } from '../../src/content/schema.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { plainText, type Reply } from '../../src/core/reply.ts';
import type { User } from '../../src/core/request.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import type { Store } from '../../src/store/store.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { useRedis } from '../support/redis.ts';
import { testStudy } from '../support/study.ts';

const where = { platform: 'discord' as const, community: 'g1', channel: 'c1' };
const admin: User = { id: 'admin', displayName: 'Admin', locale: 'en', canManage: true };
const day = (n: number) => `2026-12-${String(n).padStart(2, '0')}`;
const text = (reply: Reply) => plainText([reply.title ?? '', ...reply.sections].join('\n'));

async function setup(options: { store?: Store; platform?: RecordingPlatform; subscribe?: boolean } = {}) {
  const t = await testStudy({ start: '2026-12-01T00:00:00Z', cron: '0 9 * * *', timezone: 'Asia/Seoul', locale: 'en', ...(options.store ? { store: options.store } : {}) });
  const discord = options.platform ?? new RecordingPlatform('discord');
  const quiz = (subcommand: string, opts: Record<string, string> = {}) => t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand, options: opts, user: admin });
  if (options.subscribe ?? true) await quiz('subscribe');
  const post = async (n: number) => {
    t.clock.set(`${day(n)}T00:00:00Z`);
    return runRound(new Date(`${day(n)}T00:00:00Z`), { study: t.study, adapters: { discord }, logger: silentLogger, sleep: async () => undefined });
  };
  const press = async (n: number, user: string, right: boolean) => {
    const round = (await t.study.rounds.round('discord:g1', day(n)))!;
    const answer = t.study.rounds.question(round.questionId)!.answer;
    const letter = right ? answer : LETTERS.find((candidate) => candidate !== answer)!;
    await t.dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `${day(n)}:${letter}`, user: { ...admin, id: user, displayName: user } });
  };
  const recaps = () => discord.postsIn('c1').filter((reply) => reply.title?.startsWith('Last week'));
  return { ...t, discord, quiz, post, press, recaps };
}

describe('the weekly recap', () => {
  it('GIVEN a week with answers WHEN the first round of the next week is posted THEN the recap comes before its question with the top 3, the counts and the hardest question', async () => {
    const t = await setup();
    // Tuesday Dec 1 to Sunday Dec 6 are ISO week 49.
    for (let n = 1; n <= 6; n += 1) {
      await t.post(n);
      await t.press(n, 'ana', true);
      await t.press(n, 'bo', n % 2 === 0);
      if (n === 3) await t.press(n, 'cy', false);
    }
    expect(t.recaps()).toEqual([]);
    const monday = await t.post(7);
    expect(monday.recaps).toBe(1);
    const posts = t.discord.postsIn('c1');
    const recap = posts.at(-2)!;
    expect(posts.at(-1)?.title).toContain('Daily quiz');
    const shown = text(recap);
    expect(shown).toContain('Last week · Nov 30–Dec 6');
    expect(shown).toContain('🥇 ana — 6 right');
    expect(shown).toContain('🥈 bo — 3 right');
    expect(shown).toContain('🥉 cy — 0 right');
    expect(shown).toContain('3 took part in 6 rounds.');
    // Day 3 had three answers and one right: the lowest share.
    const hardest = t.study.rounds.question((await t.study.rounds.round('discord:g1', day(3)))!.questionId)!;
    expect(shown).toContain(`Hardest question: ${hardest.en.question}`);
    expect(shown).toContain(`Answer ${hardest.answer}.`);
    expect(shown).toContain('33% got it right');
  });

  it('GIVEN the recap was posted WHEN the same firing runs again THEN no second recap AND the next days of that week bring none', async () => {
    const t = await setup();
    await t.post(6);
    await t.press(6, 'ana', true);
    await t.post(7);
    await t.post(7);
    await t.post(8);
    expect(t.recaps()).toHaveLength(1);
  });

  it('GIVEN a week nobody answered in THEN no recap; AND with /quiz recap off, none either', async () => {
    const t = await setup();
    await t.post(6);
    await t.post(7);
    expect(t.recaps()).toEqual([]);
    await t.press(7, 'ana', true);
    await t.quiz('recap', { state: 'off' });
    await t.post(14);
    expect(t.recaps()).toEqual([]);
  });
});

describe('the weekly recap on two replicas', () => {
  const redis = useRedis();
  it.skipIf(redis.skip)('GIVEN two replicas on one Redis running the first firing of a week at once THEN each channel gets the recap once', async () => {
    const platform = new RecordingPlatform('discord');
    const [storeA, storeB] = [await createStore(redis.url()), await createStore(redis.url())];
    const a = await setup({ store: storeA, platform });
    const b = await setup({ store: storeB, platform, subscribe: false });
    await a.post(6);
    await a.press(6, 'ana', true);
    b.clock.set(`${day(7)}T00:00:00Z`);
    await Promise.all([a.post(7), b.post(7)]);
    expect(a.recaps()).toHaveLength(1);
    expect(platform.postsIn('c1').filter((reply) => reply.title?.includes('Daily quiz'))).toHaveLength(2);
    await storeA.close();
    await storeB.close();
  });
});
