/**
 * The adapter contract: one list of scenarios, run against every adapter over its real client
 * and fake platform. Each asserts what the platform received, from its payloads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { t } from '../../src/core/i18n.ts';
import { communityOfToken } from '../../src/core/dashboard-link.ts';
import { communityId } from '../../src/store/keys.ts';
import { consoleDriver, type Driver, discordDriver, type Received, slackDriver } from './contract-drivers.ts';

const DRIVERS: Array<[string, () => Promise<Driver>]> = [
  ['console', consoleDriver],
  ['discord', discordDriver],
  ['slack (socket)', () => slackDriver('socket')],
  ['slack (http)', () => slackDriver('http')],
];

/** 09:00 in Asia/Seoul, the test core's schedule. */
const NINE_AM_SEOUL = (day: number) => new Date(Date.UTC(2026, 10, day, 0, 0, 0));

/** Where the platform has the notion, the message was for the caller only. */
function expectPrivate(driver: Driver, received: Received): void {
  if (driver.platform !== 'console') expect(received.private, `${driver.name}: only the caller sees it`).toBe(true);
}

describe.each(DRIVERS)('the adapter contract: %s', (_name, start) => {
  let driver: Driver | undefined;
  afterEach(async () => {
    await driver?.close();
    driver = undefined;
  });

  it('GIVEN /define kubelet THEN the platform receives the entry: term, Korean name and definition', async () => {
    driver = await start();
    const entry = driver.core.content.glossary.find((candidate) => candidate.id === 'kubelet')!;
    const received = await driver.command({ name: 'define', options: { term: 'kubelet' } }, 'member');
    expect(received.text).toContain('kubelet · 큐블릿');
    expect(received.text).toContain(entry.en.short);
    expect(received.text).not.toContain(entry.ko.short);
  });

  it('GIVEN /quiz practice WHEN a choice is pressed THEN the question with A–D reaches the caller only AND the press brings its graded version in its place', async () => {
    driver = await start();
    const question = await driver.command({ name: 'quiz', sub: 'practice' }, 'member');
    expectPrivate(driver, question);
    expect(question.buttons.map((button) => button.label)).toEqual(['A', 'B', 'C', 'D', '🚩']);
    const [graded, ...more] = await question.buttons[0]!.press('member');
    expect(more).toEqual([]);
    expect(graded!.text).toContain('Practice accuracy: ');
    if (driver.editsInPlace) expect(graded!.replacesPressed).toBe(true);
    expect(graded!.buttons.filter((button) => !button.disabled)).toEqual([]);
  });

  it('GIVEN a member without the manage permission WHEN /quiz subscribe THEN only they see the refusal naming the permission AND nothing is subscribed', async (context) => {
    driver = await start();
    // The console's one user runs the bot: there is nobody to refuse.
    if (!driver.hasMembers) return context.skip();
    const refused = await driver.command({ name: 'quiz', sub: 'subscribe' }, 'member');
    expectPrivate(driver, refused);
    const permission = t('en', driver.platform === 'discord' ? 'perm.discord' : 'perm.slack');
    expect(refused.text).toContain(t('en', 'error.noPermission', { permission: '\u0000' }).split('\u0000')[0]);
    expect(refused.text).toContain(permission.replace(/\*\*/g, ''));
    expect(await driver.core.study.subscriptions.channels(driver.ref)).toEqual([]);
  });

  it('GIVEN a subscribed channel WHEN the schedule fires THEN the question is posted with A–D AND a press counts AND the next firing reveals the answer and posts the next question', async () => {
    driver = await start();
    const subscribed = await driver.command({ name: 'quiz', sub: 'subscribe' }, 'admin');
    expect(subscribed.text).toContain('This channel now gets the daily quiz');

    const first = await driver.fire(NINE_AM_SEOUL(28));
    expect(first.posted, first.posted.map((received) => received.text).join('\n---\n')).toHaveLength(1);
    expect(first.edited).toEqual([]);
    const rounds = await driver.core.study.rounds.communityRounds(driver.ref);
    const question = driver.core.study.rounds.question(rounds.current!.questionId)!;
    const post = first.posted[0]!;
    expect(post.text).toContain(question.en.question);
    expect(post.buttons.map((button) => button.label)).toEqual(['A', 'B', 'C', 'D', '🚩']);

    const right = post.buttons.find((button) => button.label === question.answer)!;
    const answered = await right.press('member', 2);
    const feedback = answered.find((received) => received.text.includes(t('en', 'quiz.roundFeedbackRight', { streak: 1 })));
    expect(feedback, answered.map((received) => received.text).join('\n---\n')).toBeDefined();
    expectPrivate(driver, feedback!);
    expect((await driver.core.study.rounds.round(driver.ref, rounds.current!.roundId))?.answered).toBe(1);

    const second = await driver.fire(NINE_AM_SEOUL(29));
    expect(second.posted).toHaveLength(1);
    expect(second.posted[0]!.buttons.filter((button) => !button.disabled).map((button) => button.label)).toEqual(['A', 'B', 'C', 'D', '🚩']);
    expect(second.edited).toHaveLength(1);
    const reveal = second.edited[0]!;
    expect(reveal.text).toContain(question.en.explanation);
    expect(reveal.text).toMatch(new RegExp(`${question.answer}\\.\\W+.*— 1 ✅`));
    expect(reveal.buttons.filter((button) => button.label.length === 1 && !button.disabled)).toEqual([]);
    expect(reveal.buttons.filter((button) => !button.disabled).map((button) => button.label)).toContain('🚩');
    if (driver.editsInPlace) {
      const [posted] = (await driver.core.study.rounds.round(driver.ref, rounds.current!.roundId))!.posts;
      expect(reveal.target).toBe(posted!.messageId);
      if (post.id) expect(reveal.target).toBe(post.id);
    }
  });

  it('GIVEN /quiz dashboard THEN an admin gets the link privately AND a member is refused AND reset gives a new link while the old one opens nothing', async () => {
    driver = await start();
    const store = driver.core.study.store;
    const linkIn = (received: Received) => /http:\/\/localhost:\d+\/c\/([A-Za-z0-9_-]{32})/.exec(received.text.replace(/\\/g, ''))?.[1];
    const shown = await driver.command({ name: 'quiz', sub: 'dashboard' }, 'admin');
    expectPrivate(driver, shown);
    const token = linkIn(shown);
    expect(token, shown.text).toBeDefined();
    expect(await communityOfToken(store, token!)).toEqual(driver.ref);
    expect(linkIn(await driver.command({ name: 'quiz', sub: 'dashboard' }, 'admin'))).toBe(token);
    if (driver.hasMembers) {
      const refused = await driver.command({ name: 'quiz', sub: 'dashboard' }, 'member');
      expectPrivate(driver, refused);
      expect(refused.text).toContain(t('en', 'error.noPermission', { permission: '\u0000' }).split('\u0000')[0]);
      expect(linkIn(refused)).toBeUndefined();
    }
    const reset = await driver.command({ name: 'quiz', sub: 'dashboard', switches: ['reset'] }, 'admin');
    expectPrivate(driver, reset);
    const fresh = linkIn(reset);
    expect(fresh, reset.text).toBeDefined();
    expect(fresh).not.toBe(token);
    expect(await communityOfToken(store, token!)).toBeUndefined();
    expect(await communityOfToken(store, fresh!)).toEqual(driver.ref);
  });

  it('GIVEN /quiz schedule 25:00 THEN the caller gets the bad-token reply quoting 25:00 with the accepted forms AND nothing changes', async () => {
    driver = await start();
    const before = await driver.core.study.communities.plan(driver.ref);
    const reply = await driver.command({ name: 'quiz', sub: 'schedule', options: { time: '25:00' } }, 'admin');
    expectPrivate(driver, reply);
    expect(reply.text).toContain('25:00');
    expect(reply.text).toContain(t('en', 'quiz.scheduleWhat.time'));
    for (const form of ['HH:MM', 'weekdays', 'Europe/Berlin']) expect(reply.text).toContain(form);
    expect(await driver.core.study.communities.plan(driver.ref)).toEqual(before);
    expect(await driver.core.store.get('settings', communityId(driver.ref))).toBeUndefined();
  });
});
