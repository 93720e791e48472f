import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE, scheduleKey } from '../../src/core/communities.ts';
import { t as message } from '../../src/core/i18n.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Reply } from '../../src/core/reply.ts';
import type { Where } from '../../src/core/request.ts';
import { startCommunitySchedules } from '../../src/schedule/community-schedules.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import type { Store } from '../../src/store/store.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { useRedis } from '../support/redis.ts';
import { type TestStudy, testStudy } from '../support/study.ts';

// The deployment's default: 09:00 in Seoul (testStudy's QUIZ_CRON and QUIZ_TIMEZONE).
// Community A keeps it; community B studies on weekdays at 21:30 in Berlin.
const A = { platform: 'discord', community: 'gA' } as const;
const B = { platform: 'slack', community: 'TB' } as const;
const A_CHANNELS = ['a1', 'a2'];
const B_CHANNELS = ['b1'];
/** Tuesday 1 December 2026, 09:00 in Seoul (still 30 November in Berlin). */
const A_FIRING = new Date('2026-12-01T00:00:00Z');
/** Tuesday 1 December 2026, 21:30 in Berlin (already 2 December in Seoul). */
const B_FIRING = new Date('2026-12-01T20:30:00Z');

const admin = { id: 'admin', displayName: 'Admin', locale: 'en' as const, canManage: true };
const player = (id: string) => ({ id, displayName: id, locale: 'en' as const, canManage: false });

interface Replica extends TestStudy {
  adapters: { discord: RecordingPlatform; slack: RecordingPlatform };
}

async function replica(store: Store, start: string): Promise<Replica> {
  const t = await testStudy({ store, start });
  return { ...t, adapters: { discord: new RecordingPlatform('discord'), slack: new RecordingPlatform('slack') } };
}

function quiz(t: TestStudy, where: Omit<Where, 'channel'> & { channel?: string }, subcommand: string, options: Record<string, string> = {}) {
  return t.dispatcher.command({ kind: 'command', channel: 'admin', ...where, command: 'quiz', subcommand, options, user: admin } as Parameters<
    TestStudy['dispatcher']['command']
  >[0]);
}

async function subscribe(t: TestStudy, ref: Omit<Where, 'channel'>, channels: string[]) {
  for (const channel of channels) expect(await t.study.subscriptions.subscribe({ ...ref, channel }, t.clock.now())).toBe(true);
}

/** Every question posted in a channel, on any replica, as its round id. */
function roundsPostedIn(replicas: Replica[], channel: string): string[] {
  return replicas.flatMap((r) => [...r.adapters.discord.postsIn(channel), ...r.adapters.slack.postsIn(channel)]).map(roundOf);
}

const roundOf = (reply: Reply) => {
  const payload = reply.buttons?.find((button) => button.action === 'quiz.round')?.payload ?? '';
  return payload.slice(0, payload.lastIndexOf(':'));
};

const editsIn = (r: Replica) => [...r.adapters.discord.messages.values(), ...r.adapters.slack.messages.values()].reduce((n, m) => n + m.edits.length, 0);

describe('two communities on different schedules', () => {
  describe('two replicas on one real Redis', () => {
    const redis = useRedis();
    let db = 0;
    const stores: Store[] = [];
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
    });

    /** Two replicas sharing one Redis database; A on the default schedule, B on its own. */
    async function deployment(start: string) {
      db += 1;
      const [s1, s2] = [await createStore(`${redis.url()}/${db}`), await createStore(`${redis.url()}/${db}`)];
      stores.push(s1, s2);
      const [r1, r2] = [await replica(s1, start), await replica(s2, start)];
      await subscribe(r1, A, A_CHANNELS);
      await subscribe(r2, B, B_CHANNELS);
      const set = await quiz(r2, B, 'schedule', { time: '21:30', days: 'weekdays', timezone: 'Europe/Berlin' });
      expect(set.sections.join('\n')).toContain('weekdays at 21:30 (Europe/Berlin)');
      const bKey = scheduleKey(await r1.study.communities.plan(B));
      return { r1, r2, bKey };
    }

    it.skipIf(redis.skip)(
      'GIVEN both replicas run the same firings at once THEN each (channel, round) is posted exactly once, each community only on its own schedule',
      async () => {
        const { r1, r2, bKey } = await deployment('2026-11-30T12:00:00Z');
        expect(await r1.study.communities.onSchedule(DEFAULT_SCHEDULE)).toEqual([A]);
        expect(await r1.study.communities.onSchedule(bKey)).toEqual([B]);

        for (const r of [r1, r2]) r.clock.set(A_FIRING);
        const atA = await Promise.all(
          [r1, r2].map((r) => runRound(A_FIRING, { study: r.study, adapters: r.adapters, logger: silentLogger, scheduleKey: DEFAULT_SCHEDULE })),
        );
        for (const r of [r1, r2]) r.clock.set(B_FIRING);
        const atB = await Promise.all(
          [r1, r2].map((r) => runRound(B_FIRING, { study: r.study, adapters: r.adapters, logger: silentLogger, scheduleKey: bKey })),
        );

        expect(atA.reduce((n, report) => n + report.posted, 0)).toBe(2);
        expect(atB.reduce((n, report) => n + report.posted, 0)).toBe(1);
        // Each community's round is its own local date: Seoul's 1 December for A, Berlin's for B.
        for (const channel of A_CHANNELS) expect(roundsPostedIn([r1, r2], channel)).toEqual(['2026-12-01']);
        for (const channel of B_CHANNELS) expect(roundsPostedIn([r1, r2], channel)).toEqual(['2026-12-01']);
        expect((await r1.study.rounds.communityRounds('discord:gA')).current?.roundId).toBe('2026-12-01');
        expect((await r2.study.rounds.communityRounds('slack:TB')).current?.roundId).toBe('2026-12-01');

        // The same firings again (a retry, a third replica) post nothing more.
        const again = await Promise.all([
          runRound(A_FIRING, { study: r1.study, adapters: r1.adapters, logger: silentLogger, scheduleKey: DEFAULT_SCHEDULE }),
          runRound(B_FIRING, { study: r2.study, adapters: r2.adapters, logger: silentLogger, scheduleKey: bKey }),
        ]);
        expect(again.map((report) => report.posted)).toEqual([0, 0]);
      },
    );

    it.skipIf(redis.skip)('GIVEN both replicas start after both firings passed THEN the catch-up gives each community its own round once', async () => {
      const { r1, r2, bKey } = await deployment('2026-11-30T12:00:00Z');
      for (const r of [r1, r2]) r.clock.set('2026-12-01T21:00:00Z');
      const keysRun: string[][] = [[], []];
      const schedules = [r1, r2].map((r, n) =>
        startCommunitySchedules({
          communities: r.study.communities,
          clock: r.clock,
          store: r.store,
          logger: silentLogger,
          distributed: true,
          job: (key, firing, signal) => {
            keysRun[n]!.push(`${key} ${firing.toISOString()}`);
            return runRound(firing, { study: r.study, adapters: r.adapters, logger: silentLogger, scheduleKey: key, signal });
          },
        }),
      );
      try {
        await Promise.all(schedules.map((schedule) => schedule.idle()));
        expect(schedules.map((schedule) => schedule.timers)).toEqual([2, 2]);
        for (const run of keysRun) expect(run.sort()).toEqual([`${DEFAULT_SCHEDULE} ${A_FIRING.toISOString()}`, `${bKey} ${B_FIRING.toISOString()}`].sort());
        for (const channel of A_CHANNELS) expect(roundsPostedIn([r1, r2], channel)).toEqual(['2026-12-01']);
        for (const channel of B_CHANNELS) expect(roundsPostedIn([r1, r2], channel)).toEqual(['2026-12-01']);
      } finally {
        await Promise.all(schedules.map((schedule) => schedule.stop()));
      }
    });
    it.skipIf(redis.skip)("GIVEN both replicas' timers reach B's study time THEN one replica is elected and B's round is posted once", async () => {
      // B chose its time today, so the only firing of its schedule after the change is tonight's.
      const { r1, r2, bKey } = await deployment('2026-12-01T12:00:00Z');
      const justBefore = new Date(B_FIRING.getTime() - 100);
      for (const r of [r1, r2]) r.clock.set(justBefore);
      const firings: string[][] = [[], []];
      const schedules = [r1, r2].map((r, n) =>
        startCommunitySchedules({
          communities: r.study.communities,
          clock: r.clock,
          store: r.store,
          logger: silentLogger,
          distributed: true,
          job: (key, firing, signal) => {
            firings[n]!.push(`${key} ${firing.toISOString()}`);
            return runRound(firing, { study: r.study, adapters: r.adapters, logger: silentLogger, scheduleKey: key, signal });
          },
        }),
      );
      try {
        // The start-up catch-up: A's 09:00 Seoul round; B's last firing (Monday's) came before its change.
        await Promise.all(schedules.map((schedule) => schedule.idle()));
        expect(B_CHANNELS.flatMap((channel) => roundsPostedIn([r1, r2], channel))).toEqual([]);
        // The timers wait out the 100 ms and look at the clock again: now it is 21:30 in Berlin.
        for (const r of [r1, r2]) r.clock.set(B_FIRING);
        for (let tries = 0; tries < 100 && roundsPostedIn([r1, r2], B_CHANNELS[0]!).length === 0; tries += 1)
          await new Promise((resolve) => setTimeout(resolve, 20));
        await Promise.all(schedules.map((schedule) => schedule.idle()));
        expect(roundsPostedIn([r1, r2], B_CHANNELS[0]!)).toEqual(['2026-12-01']);
        const atB = firings.map((run) => run.filter((line) => line === `${bKey} ${B_FIRING.toISOString()}`).length);
        expect(atB.sort()).toEqual([0, 1]);
        for (const channel of A_CHANNELS) expect(roundsPostedIn([r1, r2], channel)).toEqual(['2026-12-01']);
      } finally {
        await Promise.all(schedules.map((schedule) => schedule.stop()));
      }
    });
  });

  describe('catch-up and pause on a real SQLite file', () => {
    let dir: string | undefined;
    let store: Store | undefined;
    afterEach(async () => {
      await store?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
      [store, dir] = [undefined, undefined];
    });

    async function single(start: string): Promise<Replica> {
      dir = await mkdtemp(path.join(tmpdir(), 'studybot-plans-'));
      store = await createStore(`sqlite://${path.join(dir, 'bot.sqlite')}`);
      return replica(store, start);
    }

    /** Starts the timers at the replica's clock, waits for the catch-up, and stops them. */
    async function catchUp(r: Replica) {
      const fired: string[] = [];
      const schedules = startCommunitySchedules({
        communities: r.study.communities,
        clock: r.clock,
        store: r.store,
        logger: silentLogger,
        distributed: false,
        job: (key, firing, signal) => {
          fired.push(`${key} ${firing.toISOString()}`);
          return runRound(firing, { study: r.study, adapters: r.adapters, logger: silentLogger, scheduleKey: key, signal });
        },
      });
      try {
        await schedules.idle();
      } finally {
        await schedules.stop();
      }
      return fired;
    }

    it('GIVEN a community changed its schedule after the missed firing THEN the catch-up posts nothing there, and a community still on that schedule gets its round', async () => {
      const r = await single('2026-11-30T12:00:00Z');
      const C = { platform: 'discord', community: 'gC' } as const;
      const D = { platform: 'discord', community: 'gD' } as const;
      await subscribe(r, C, ['c1']);
      await subscribe(r, D, ['d1']);
      await quiz(r, C, 'schedule', { time: '21:30', timezone: 'Europe/Berlin' });
      await quiz(r, D, 'schedule', { time: '21:30', timezone: 'Europe/Berlin' });
      // The bot was down at 21:30 Berlin; C moved to 21:40 afterwards (on a replica still up).
      r.clock.set('2026-12-01T20:45:00Z');
      await quiz(r, C, 'schedule', { time: '21:40', timezone: 'Europe/Berlin' });
      r.clock.set('2026-12-01T21:00:00Z');
      const fired = await catchUp(r);
      // C's new schedule last fired at 20:40Z, before the change: no catch-up for it.
      expect(fired).toContain(`${scheduleKey(await r.study.communities.plan(C))} 2026-12-01T20:40:00.000Z`);
      expect(r.adapters.discord.postsIn('c1')).toEqual([]);
      expect(roundsPostedIn([r], 'd1')).toEqual(['2026-12-01']);
    });

    it('GIVEN a community resumed after the missed firing THEN the catch-up posts nothing there', async () => {
      const r = await single('2026-11-30T12:00:00Z');
      const E = { platform: 'discord', community: 'gE' } as const;
      await subscribe(r, A, ['a1']);
      await subscribe(r, E, ['e1']);
      await quiz(r, E, 'pause');
      r.clock.set('2026-12-01T00:30:00Z');
      await quiz(r, E, 'resume');
      r.clock.set('2026-12-01T01:00:00Z');
      expect(await catchUp(r)).toEqual([`${DEFAULT_SCHEDULE} ${A_FIRING.toISOString()}`]);
      expect(roundsPostedIn([r], 'a1')).toEqual(['2026-12-01']);
      expect(r.adapters.discord.postsIn('e1')).toEqual([]);
    });

    it('GIVEN a paused community THEN its firings post and edit nothing, and after resume its streaks go on', async () => {
      const r = await single('2026-11-30T12:00:00Z');
      const P = { platform: 'discord', community: 'gP' } as const;
      await subscribe(r, P, ['p1']);
      const fire = async (iso: string) => {
        r.clock.set(iso);
        return runRound(new Date(iso), { study: r.study, adapters: r.adapters, logger: silentLogger, scheduleKey: DEFAULT_SCHEDULE });
      };
      const answerRight = async (roundId: string) => {
        const { round } = (await r.study.rounds.open('discord:gP', roundId))!;
        const letter = r.study.rounds.question(round.questionId)!.answer;
        r.clock.advance(60_000);
        await r.dispatcher.action({ kind: 'action', ...P, channel: 'p1', action: 'quiz.round', payload: `${roundId}:${letter}`, user: player('u1') });
      };
      const streak = async () => {
        const reply = await r.dispatcher.command({ kind: 'command', ...P, channel: 'p1', command: 'streak', options: {}, user: player('u1') });
        return (['streak.current', 'streak.best', 'streak.totals'] as const).map(
          (name) => reply.fields!.find((field) => field.name === message('en', name))?.value,
        );
      };

      await fire('2026-12-01T00:00:00Z');
      await answerRight('2026-12-01');
      await fire('2026-12-02T00:00:00Z');
      await answerRight('2026-12-02');
      expect(await streak()).toEqual(['🔥 2', '🏆 2', '2 / 2']);

      await quiz(r, P, 'pause');
      const [messages, edits] = [r.adapters.discord.messages.size, editsIn(r)];
      const paused = [await fire('2026-12-03T00:00:00Z'), await fire('2026-12-04T00:00:00Z')];
      expect(paused.map((report) => [report.posted, report.revealed])).toEqual([
        [0, 0],
        [0, 0],
      ]);
      expect([r.adapters.discord.messages.size, editsIn(r)]).toEqual([messages, edits]);
      expect(await streak()).toEqual(['🔥 2', '🏆 2', '2 / 2']);

      r.clock.set('2026-12-04T03:00:00Z');
      await quiz(r, P, 'resume');
      const resumed = await fire('2026-12-05T00:00:00Z');
      expect(resumed).toMatchObject({ roundId: '2026-12-05', posted: 1, revealed: 1 });
      await answerRight('2026-12-05');
      expect(await streak()).toEqual(['🔥 3', '🏆 3', '3 / 3']);
    });
  });
});
