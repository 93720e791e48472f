import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE } from '../../src/core/communities.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { t as message } from '../../src/core/i18n.ts';
import { plainText } from '../../src/core/reply.ts';
import type { Platform } from '../../src/core/request.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { communityId } from '../../src/store/keys.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { type TestStudy, testStudy } from '../support/study.ts';

/** Written by the version before per-community plans; see make-old-data.ts beside it. */
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/upgrade');

interface Shown {
  title?: string;
  sections: string[];
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
  footer?: string;
}
interface OldData {
  openRound: string;
  rounds: Record<string, { questionId: string; posts: Array<{ channel: string; messageId: string }> }>;
  shown: Record<string, { streak: Record<string, Shown>; leaderboard: Record<string, Shown> }>;
}

const COMMUNITIES = {
  'discord:g1': { platform: 'discord', community: 'g1', channels: ['c1', 'c2'] },
  'slack:T1': { platform: 'slack', community: 'T1', channels: ['C1'] },
} as const;
type Key = keyof typeof COMMUNITIES;

/** Current and best streak, right / answered: the figures every version of /streak shows. */
const STREAK_FIELDS = ['streak.current', 'streak.best', 'streak.totals'] as const;

const user = (id: string) => ({ id, displayName: `name-${id}`, locale: 'ko' as const, canManage: false });

function ask(t: TestStudy, key: Key, id: string, command: string) {
  const { platform, community, channels } = COMMUNITIES[key];
  return t.dispatcher.command({ kind: 'command', platform, community, channel: channels[0], command, options: {}, user: user(id) });
}

// Compared as the words a reader sees: today's replies mark names as user text, which the
// platforms draw as the plain name. The streak legend is left out: it gained the open round's mark.
const plain = (text: string | undefined) => (text === undefined ? undefined : plainText(text));
const streakShown = ({ title, sections }: Shown) => ({ title: plain(title), sections: sections.map(plainText) });
/** Each field the old version showed, by name: a field added since (such as streak freezes) is not the old data's. */
const fieldsByName = ({ fields }: Shown, names: string[]) =>
  Object.fromEntries((fields ?? []).filter((field) => names.includes(field.name)).map((field) => [field.name, plainText(field.value)]));
const boardShown = ({ title, sections, footer }: Shown) => ({ title: plain(title), sections: sections.map(plainText), footer: plain(footer) });

describe('an existing deployment upgrades', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Opens a copy of the old file with today's code and runs what main.ts runs at start. */
  async function upgraded() {
    dir = await mkdtemp(path.join(tmpdir(), 'studybot-upgrade-'));
    const file = path.join(dir, 'bot.sqlite');
    await copyFile(path.join(FIXTURE, 'studybot-17a1897.sqlite'), file);
    const old = JSON.parse(await readFile(path.join(FIXTURE, 'studybot-17a1897.json'), 'utf8')) as OldData;
    const store = await createStore(`sqlite://${file}`);
    const t = await testStudy({ store, start: '2026-11-30T12:00:00Z' });
    expect(await t.study.subscriptions.upgrade()).toBe(3);
    await t.study.rounds.recoverAll(await t.study.communities.all());
    return { t, old, store };
  }

  it('GIVEN data written by 17a1897 THEN its subscriptions are per community and on the default schedule', async () => {
    const { t, store } = await upgraded();
    try {
      for (const { platform, community, channels } of Object.values(COMMUNITIES)) {
        expect((await t.study.subscriptions.channels({ platform, community })).map((sub) => sub.channel)).toEqual(channels);
      }
      const byId = (refs: Array<{ platform: string; community: string }>) => refs.map(communityId).sort();
      expect(byId(await t.study.communities.onSchedule(DEFAULT_SCHEDULE))).toEqual(['discord:g1', 'slack:T1']);
      expect(byId(await t.study.communities.all())).toEqual(['discord:g1', 'slack:T1']);
      // A second start finds nothing left to move.
      expect(await t.study.subscriptions.upgrade()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('GIVEN data written by 17a1897 THEN /streak and /leaderboard show what that version showed', async () => {
    const { t, old, store } = await upgraded();
    try {
      for (const [key, shown] of Object.entries(old.shown) as Array<[Key, OldData['shown'][string]]>) {
        for (const [id, expected] of Object.entries(shown.streak)) {
          const reply = await ask(t, key, id, 'streak');
          expect(streakShown(reply), `${key} ${id}`).toEqual(streakShown(expected));
          const names = (expected.fields ?? []).map((field) => field.name);
          expect(names.length).toBeGreaterThan(0);
          expect(fieldsByName(reply, names), `${key} ${id}`).toEqual(fieldsByName(expected, names));
        }
        for (const [id, expected] of Object.entries(shown.leaderboard))
          expect(boardShown(await ask(t, key, id, 'leaderboard')), `${key} ${id}`).toEqual(boardShown(expected));
      }
    } finally {
      await store.close();
    }
  });

  it('GIVEN data written by 17a1897 THEN the next round reveals the old one, posts to the old channels, and answers continue the old streaks', async () => {
    const { t, old, store } = await upgraded();
    try {
      const adapters = { discord: new RecordingPlatform('discord'), slack: new RecordingPlatform('slack') };
      // The old round's messages, as the platforms still have them.
      for (const [key, { posts }] of Object.entries(old.rounds) as Array<[Key, OldData['rounds'][string]]>) {
        const { platform, community } = COMMUNITIES[key];
        const adapter = adapters[platform as 'discord' | 'slack'];
        for (const post of posts) {
          adapter.messages.set(post.messageId, {
            where: { platform: platform as Platform, community, channel: post.channel },
            reply: { visibility: 'channel', sections: [] },
            edits: [],
          });
        }
      }
      const firing = new Date('2026-12-01T00:00:00Z');
      t.clock.set(firing);
      const report = await runRound(firing, { study: t.study, adapters, logger: silentLogger, sleep: async () => undefined });
      expect(report).toMatchObject({ roundId: '2026-12-01', communities: 2, posted: 3, revealed: 3, failed: 0 });
      for (const [key, { posts }] of Object.entries(old.rounds) as Array<[Key, OldData['rounds'][string]]>) {
        const adapter = adapters[COMMUNITIES[key].platform as 'discord' | 'slack'];
        for (const post of posts) expect(adapter.messages.get(post.messageId)!.edits, `${key} ${post.messageId}`).toHaveLength(1);
        for (const channel of COMMUNITIES[key].channels)
          expect(
            adapter
              .postsIn(channel)
              .at(-1)
              ?.buttons?.map((b) => b.label),
          ).toEqual(['A', 'B', 'C', 'D', '🚩']);
      }

      t.clock.set(new Date(firing.getTime() + 60_000));
      const answerRight = async (key: Key, id: string) => {
        const { platform, community, channels } = COMMUNITIES[key];
        const { round } = (await t.study.rounds.open({ platform, community }, '2026-12-01'))!;
        const letter = t.study.rounds.question(round.questionId)!.answer;
        await t.dispatcher.action({
          kind: 'action',
          platform,
          community,
          channel: channels[0],
          action: 'quiz.round',
          payload: `2026-12-01:${letter}`,
          user: user(id),
        });
      };
      const streakOf = async (key: Key, id: string) => {
        const fields = (await ask(t, key, id, 'streak')).fields!;
        return STREAK_FIELDS.map((name) => fields.find((field) => field.name === message('ko', name))?.value);
      };
      await answerRight('discord:g1', 'u1');
      await answerRight('discord:g1', 'u3');
      await answerRight('slack:T1', 'U1');
      await answerRight('slack:T1', 'U2');
      // u1: four right in a row; u3 missed the old third round, so starts again; U1 too; U2 goes on.
      expect(await streakOf('discord:g1', 'u1')).toEqual(['🔥 4', '🏆 4', '4 / 4']);
      expect(await streakOf('discord:g1', 'u3')).toEqual(['🔥 1', '🏆 1', '2 / 3']);
      expect(await streakOf('slack:T1', 'U1')).toEqual(['🔥 1', '🏆 2', '3 / 3']);
      expect(await streakOf('slack:T1', 'U2')).toEqual(['🔥 3', '🏆 3', '3 / 3']);
      const board = await ask(t, 'discord:g1', 'u1', 'leaderboard');
      expect(plainText(board.sections[0]!).split('\n')[0]).toBe('🥇 1. name-u1 — 연속 4 · 맞힘 4');
    } finally {
      await store.close();
    }
  });
});
