/**
 * The dashboard's figures for a community seeded through the real answer path (subscribe, the
 * round job, button presses through the dispatcher) on a real SQLite file: participation per
 * closed round, share right per topic, the hardest questions, the boards per period, the plan,
 * and no question of the open round anywhere.
 */
import { describe, expect, it } from 'vitest';
import { LETTERS } from '../../src/content/schema.ts';
import { dashboardData } from '../../src/core/dashboard-data.ts';
import type { RoundRecord } from '../../src/core/rounds.ts';
import { keys, NS } from '../../src/store/keys.ts';
import { ref, seededCommunity } from '../support/dashboard.ts';

describe('dashboard data', () => {
  it('GIVEN three closed rounds and an open one THEN participation, topic shares and the hardest come from the closed rounds only', async () => {
    const t = await seededCommunity();
    // Dec 1..4 at 09:00 Seoul; answers: round 1 → 3 of 3 right, round 2 → 1 of 2, round 3 → 0 of 2, round 4 (open) → 2 answers.
    const plan: Array<[string, Array<[string, boolean]>]> = [
      [
        '2026-12-01',
        [
          ['a', true],
          ['b', true],
          ['c', true],
        ],
      ],
      [
        '2026-12-02',
        [
          ['a', true],
          ['b', false],
        ],
      ],
      [
        '2026-12-03',
        [
          ['a', false],
          ['c', false],
        ],
      ],
      [
        '2026-12-04',
        [
          ['a', true],
          ['b', true],
        ],
      ],
    ];
    for (const [day, presses] of plan) {
      await t.fire(`${day}T00:00:00Z`);
      for (const [who, right] of presses) await t.press(day, who, right);
    }
    const rounds = await Promise.all(plan.map(([day]) => t.study.rounds.round(ref, day)));
    const [r1, r2, r3, r4] = rounds.map((round) => t.study.rounds.question(round!.questionId)!);
    expect(rounds[3]?.status).toBe('open');
    const data = await dashboardData(t.study, ref, 'streak', 'en');
    expect(data.participation).toEqual([
      { roundId: '2026-12-01', label: 'Dec 1', answered: 3, right: 3 },
      { roundId: '2026-12-02', label: 'Dec 2', answered: 2, right: 1 },
      { roundId: '2026-12-03', label: 'Dec 3', answered: 2, right: 0 },
    ]);
    const shown = JSON.stringify(data);
    expect(shown).not.toContain(r4!.id);
    expect(shown).not.toContain(r4!.en.question);
    expect(data.hardest.map((q) => q.id)).toEqual([r3!.id, r2!.id, r1!.id]);
    expect(data.hardest[0]).toMatchObject({ answered: 2, right: 0, share: 0, answer: r3!.answer, choice: r3!.en.choices[LETTERS.indexOf(r3!.answer)] });
    // Per topic: the sums of the closed rounds' tallies of that topic's questions.
    const expected = new Map<string, { answered: number; right: number }>();
    for (const [question, answered, right] of [
      [r1!, 3, 3],
      [r2!, 2, 1],
      [r3!, 2, 0],
    ] as const) {
      const sum = expected.get(question.topic) ?? { answered: 0, right: 0 };
      expected.set(question.topic, { answered: sum.answered + answered, right: sum.right + right });
    }
    expect(Object.fromEntries(data.topics.map((topic) => [topic.topic, { answered: topic.answered, right: topic.right }]))).toEqual(
      Object.fromEntries(expected),
    );
    expect(data.plan).toEqual({ schedule: 'daily at 09:00 (Asia/Seoul)', next: '2026-12-05 09:00 (Asia/Seoul)', language: 'Korean' });
    // The streak board counts the open round's answers as /leaderboard does: A ✅✅❌✅, B ✅❌·✅, C ✅·❌.
    expect(data.board.rows.map((row) => [row.name, row.streak, row.right])).toEqual([
      ['A', 1, 3],
      ['B', 1, 2],
      ['C', 0, 1],
    ]);
    await t.close();
  });

  it('GIVEN the open round repeats a question an earlier closed round asked THEN that question is left out of the hardest', async () => {
    const t = await seededCommunity();
    // The fixture holds four questions: the fifth round starts a new cycle and asks one of them again.
    const days = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'];
    for (const day of days) {
      await t.fire(`${day}T00:00:00Z`);
      await t.press(day, 'a', false);
    }
    const open = (await t.study.rounds.round(ref, '2026-12-05'))!;
    expect(open.status).toBe('open');
    const closedIds = await Promise.all(days.slice(0, 4).map(async (day) => (await t.study.rounds.round(ref, day))!.questionId));
    expect(closedIds).toContain(open.questionId);
    const data = await dashboardData(t.study, ref, 'all', 'en');
    expect(data.hardest).toHaveLength(3);
    expect(data.hardest.map((q) => q.id)).not.toContain(open.questionId);
    expect(JSON.stringify(data)).not.toContain(t.study.rounds.question(open.questionId)!.en.question);
    await t.close();
  });

  it('GIVEN a round a crash left open behind the current one THEN its question is left out too, even though a closed round asked it', async () => {
    const t = await seededCommunity();
    const days = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'];
    for (const day of days) {
      await t.fire(`${day}T00:00:00Z`);
      await t.press(day, 'a', false);
    }
    // The state a crash between opening round 6 and closing round 5 leaves: round 5 still marked open.
    await t.store.update<RoundRecord>(NS.round, keys.round(ref, '2026-12-05'), (round) => ({ ...round!, status: 'open' }));
    const stale = (await t.study.rounds.round(ref, '2026-12-05'))!;
    const firstCycle = await Promise.all(days.slice(0, 4).map(async (day) => (await t.study.rounds.round(ref, day))!.questionId));
    expect(firstCycle).toContain(stale.questionId);
    const data = await dashboardData(t.study, ref, 'streak', 'en');
    expect(data.hardest.map((q) => q.id)).not.toContain(stale.questionId);
    expect(JSON.stringify(data)).not.toContain(t.study.rounds.question(stale.questionId)!.en.question);
    await t.close();
  });

  it('GIVEN ?period=week|month|all THEN the board is that period’s board, as /leaderboard reads it', async () => {
    const t = await seededCommunity();
    await t.fire('2026-12-01T00:00:00Z');
    await t.press('2026-12-01', 'a', true);
    await t.press('2026-12-01', 'b', false);
    const week = await dashboardData(t.study, ref, 'week', 'ko');
    expect(week.board).toMatchObject({ period: 'week', when: '11월 30일–12월 6일', total: 2 });
    expect(week.board.rows).toEqual([
      { rank: 1, name: 'A', right: 1, wrong: 0 },
      { rank: 2, name: 'B', right: 0, wrong: 1 },
    ]);
    expect((await dashboardData(t.study, ref, 'month', 'en')).board).toMatchObject({ when: 'December 2026', total: 2 });
    const all = await dashboardData(t.study, ref, 'all', 'en');
    expect(all.board.when).toBeUndefined();
    expect(all.board.rows[0]).toEqual({ rank: 1, name: 'A', right: 1, wrong: 0 });
    expect(all.participation).toEqual([]);
    await t.close();
  });
});
