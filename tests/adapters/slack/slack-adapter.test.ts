import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentPostError, RateLimitedError } from '../../../src/adapters/adapter.ts';
import { t } from '../../../src/core/i18n.ts';
import { roundQuestionReply } from '../../../src/core/quiz-render.ts';
import { createStore } from '../../../src/store/keyv-store.ts';
import { testStudy } from '../../support/study.ts';
import { buttonIdOf, buttonsOf, GHOST, type Harness, headerOf, type LogLine, type Mode, recordingLogger, startHarness, textOf, USERS } from './harness.ts';

const MODES: Mode[] = ['socket', 'http'];
const where = (channel: string) => ({ platform: 'slack' as const, community: 'T0001', channel });

describe.each(MODES)('Slack adapter, %s mode', (mode) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(mode);
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('/define', () => {
    it('GIVEN a Korean alias WHEN /define 큐블렛 is typed THEN the definition comes back in the ack itself, visible in the channel, in Korean', async () => {
      const { ack, responseUrl } = await h.command('/define', '큐블렛', USERS.minji);
      expect(ack?.response_type).toBe('in_channel');
      expect(headerOf(ack)).toBe('kubelet · 큐블릿');
      expect(textOf(ack)).toContain('각 노드에서 돌면서');
      expect(textOf(ack)).toContain('<https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/>');
      expect(buttonsOf(ack).map(buttonIdOf)).toEqual(['define.show|pod', 'define.show|node', 'quiz.term|kubelet', 'report.open|kubelet']);
      expect(h.fake.responsesTo(responseUrl)).toEqual([]);
    });

    it('GIVEN an English-speaking user WHEN /define kubelet THEN the definition is in English', async () => {
      const { ack } = await h.command('/define', 'kubelet', USERS.amy);
      expect(textOf(ack)).toContain("The agent on every node that runs a Pod's containers");
    });

    it('GIVEN a typo WHEN /define kubelte THEN kubelet is answered with a note of what was typed', async () => {
      const { ack } = await h.command('/define', 'kubelte', USERS.amy);
      expect(headerOf(ack)).toBe('kubelet · 큐블릿');
      expect(textOf(ack)).toContain('“kubelte” → kubelet');
    });

    it('GIVEN no such term WHEN /define zzqxv THEN only the requester sees suggestions as buttons AND a press shows that term to the presser only', async () => {
      const { ack } = await h.command('/define', 'zzqxv', USERS.amy);
      expect(ack?.response_type).toBe('ephemeral');
      expect(headerOf(ack)).toBe(t('en', 'define.notFound', { query: 'zzqxv' }).replace(/`/g, ''));
      const buttons = buttonsOf(ack);
      expect(buttons.map(buttonIdOf)).toEqual(['define.show|kubelet', 'define.show|pod', 'define.show|node']);

      const press = await h.press(buttons[0]!, USERS.amy, { ephemeral: true });
      expect(press.ack).toBeUndefined();
      const [shown] = await h.fake.waitForResponses(press.responseUrl, 1);
      expect(shown).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(headerOf(shown)).toBe('kubelet · 큐블릿');
    });
  });

  describe('practice quiz', () => {
    it('GIVEN /quiz WHEN a choice is pressed THEN the question is replaced by its graded version AND a second press only tells the presser it was answered', async () => {
      const { ack } = await h.command('/quiz', '', USERS.amy);
      expect(ack?.response_type).toBe('ephemeral');
      const [flag, ...answers] = buttonsOf(ack).reverse();
      expect(flag && buttonIdOf(flag)).toMatch(/^report\.open\|/);
      const choices = answers.reverse();
      expect(choices.map((button) => button.text.text)).toEqual(['A', 'B', 'C', 'D']);
      expect(choices.every((button) => buttonIdOf(button)?.startsWith('quiz.practice|'))).toBe(true);

      const first = await h.press(choices[0]!, USERS.amy, { ephemeral: true });
      const [graded] = await h.fake.waitForResponses(first.responseUrl, 1);
      expect(graded).toMatchObject({ replace_original: true });
      expect(buttonsOf(graded)).toEqual([]);
      expect(textOf(graded)).toMatch(/✅ \*[A-D]\*/);
      expect(textOf(graded)).toContain('Practice accuracy: ');

      const second = await h.press(choices[0]!, USERS.amy, { ephemeral: true });
      const [again] = await h.fake.waitForResponses(second.responseUrl, 1);
      expect(again).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(textOf(again)).toContain(t('en', 'quiz.practiceAlready'));
    });
  });

  describe('injection', () => {
    it.each([
      ['typed as is', '<!everyone> <!channel|channel> <@U0ADMIN> <https://evil.example|click>'],
      ['as Slack encodes typed text', '&lt;!everyone&gt; &lt;!here&gt; &lt;@U0ADMIN&gt;'],
    ])('GIVEN mentions and a link in the term (%s) WHEN /define THEN the reply shows them as text and can ping nobody', async (_how, text) => {
      const { ack } = await h.command('/define', text, USERS.amy);
      const body = JSON.stringify(ack);
      expect(body).not.toMatch(/<!(everyone|channel|here)/);
      expect(body).not.toContain('<@U0ADMIN');
      expect(body).not.toContain('<https://evil');
      expect(body).toContain('&lt;!everyone&gt;');
    });
  });

  describe('subscribe needs a workspace admin', () => {
    it('GIVEN a member who is not an admin WHEN /quiz subscribe THEN it is refused privately AND nothing is subscribed', async () => {
      const { ack } = await h.command('/quiz', 'subscribe', USERS.minji);
      expect(ack?.response_type).toBe('ephemeral');
      expect(textOf(ack)).toContain(t('ko', 'perm.slack'));
      expect(await h.core.study.subscriptions.find(where('C2147483705'))).toBeUndefined();
    });

    it('GIVEN an admin WHEN /quiz subscribe twice within minutes THEN the channel is subscribed AND users.info is asked once', async () => {
      const before = h.fake.callsTo('users.info').filter((call) => call.params.user === USERS.admin.id).length;
      const { ack } = await h.command('/quiz', 'subscribe', USERS.admin);
      expect(ack?.response_type).toBe('in_channel');
      expect(await h.core.study.subscriptions.find(where('C2147483705'))).toBeDefined();
      await h.command('/quiz', 'unsubscribe', USERS.admin);
      expect(await h.core.study.subscriptions.find(where('C2147483705'))).toBeUndefined();
      expect(h.fake.callsTo('users.info').filter((call) => call.params.user === USERS.admin.id).length - before).toBe(1);
    });

    it('GIVEN the admin flag was read over five minutes ago WHEN /quiz subscribe THEN users.info is asked again', async () => {
      const count = () => h.fake.callsTo('users.info').filter((call) => call.params.user === USERS.owner.id).length;
      await h.command('/quiz', 'status', USERS.owner);
      const afterStatus = count();
      await h.command('/quiz', 'subscribe', USERS.owner);
      expect(count()).toBe(afterStatus);
      h.now.ms += 6 * 60_000;
      const { ack } = await h.command('/quiz', 'unsubscribe', USERS.owner);
      expect(ack?.response_type).toBe('in_channel');
      expect(count()).toBe(afterStatus + 1);
    });

    it('GIVEN commands that need no permission WHEN a cached user types them THEN no Web API call is made', async () => {
      await h.command('/define', 'pod', USERS.amy);
      const calls = h.fake.calls.length;
      await h.command('/define', 'node', USERS.amy);
      await h.command('/quiz', 'status', USERS.amy);
      expect(h.fake.calls.length).toBe(calls);
    });
  });

  describe('locale', () => {
    it('GIVEN users.info cannot find the user WHEN a command is typed THEN the reply uses the default locale', async () => {
      const { ack } = await h.command('/quiz', 'status', GHOST);
      expect(headerOf(ack)).toBe(t('en', 'quiz.statusTitle'));
      const ko = await h.command('/quiz', 'status', USERS.minji);
      expect(headerOf(ko.ack)).toBe(t('ko', 'quiz.statusTitle'));
    });

    it('GIVEN DEFAULT_LOCALE=ko WHEN users.info has no locale for the user, or cannot find them THEN the reply is in Korean AND an en-US user still gets English', async () => {
      const korean = await startHarness(mode, { defaultLocale: 'ko' });
      try {
        const noLocale = await korean.command('/quiz', 'status', USERS.noLocale);
        expect(korean.fake.callsTo('users.info').some((call) => call.params.user === USERS.noLocale.id)).toBe(true);
        expect(headerOf(noLocale.ack)).toBe(t('ko', 'quiz.statusTitle'));
        const ghost = await korean.command('/quiz', 'status', GHOST);
        expect(headerOf(ghost.ack)).toBe(t('ko', 'quiz.statusTitle'));
        const en = await korean.command('/quiz', 'status', USERS.amy);
        expect(headerOf(en.ack)).toBe(t('en', 'quiz.statusTitle'));
      } finally {
        await korean.close();
      }
    });
  });

  describe('slow answers', () => {
    it('GIVEN the admin lookup takes longer than the ack budget WHEN /quiz subscribe THEN an empty ack goes out in time AND the answer follows via response_url', async () => {
      h.fake.delay('users.info', 2600);
      try {
        const started = performance.now();
        const { ack, responseUrl } = await h.command('/quiz', 'subscribe', USERS.slowAdmin);
        expect(performance.now() - started).toBeLessThan(2900);
        expect(ack).toBeUndefined();
        const [answer] = await h.fake.waitForResponses(responseUrl, 1, 5000);
        expect(answer).toMatchObject({ response_type: 'in_channel' });
        expect(textOf(answer)).toContain('daily quiz');
      } finally {
        h.fake.delay('users.info', 0);
        await h.command('/quiz', 'unsubscribe', USERS.slowAdmin);
      }
    });
  });

  describe('posting', () => {
    it('GIVEN Slack answers 429 with Retry-After: 1 once WHEN the daily question is posted THEN the client waits and retries AND the post succeeds', async () => {
      h.fake.rateLimitOnce('chat.postMessage', 1);
      const before = h.fake.callsTo('chat.postMessage').length;
      const started = performance.now();
      const posted = await h.adapter.post(where('C0DAILY'), { visibility: 'channel', title: 'Daily quiz', sections: ['**Q.** <!channel> what?'] });
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
      expect(posted).toMatchObject({ platform: 'slack', community: 'T0001', channel: 'C0DAILY' });
      expect(posted.messageId).toMatch(/^\d+\.\d+$/);
      const calls = h.fake.callsTo('chat.postMessage').slice(before);
      expect(calls).toHaveLength(2);
      expect(JSON.stringify(calls[1]!.params)).not.toContain('<!channel>');
    });

    it('GIVEN a posted message WHEN it is edited THEN chat.update replaces that message', async () => {
      const posted = await h.adapter.post(where('C0DAILY'), { visibility: 'channel', sections: ['question'] });
      await h.adapter.edit(posted, { visibility: 'channel', sections: ['answer'] });
      const update = h.fake.callsTo('chat.update').at(-1);
      expect(update?.params).toMatchObject({ channel: 'C0DAILY', ts: posted.messageId });
      expect(textOf(update?.params)).toContain('answer');
    });

    it('GIVEN chat.update answers 429 with Retry-After: 7 WHEN a reveal edits THEN the adapter hands back a RateLimitedError of 7 s at once, for the round job to wait on', async () => {
      const posted = await h.adapter.post(where('C0REVEAL'), { visibility: 'channel', sections: ['question'] });
      h.fake.rateLimitOnce('chat.update', 7);
      const started = performance.now();
      const error = await h.adapter.edit(posted, { visibility: 'channel', sections: ['answer'] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBe(7000);
      expect(performance.now() - started).toBeLessThan(5000);
      await h.adapter.edit(posted, { visibility: 'channel', sections: ['answer'] });
      expect(textOf(h.fake.callsTo('chat.update').at(-1)?.params)).toContain('answer');
    });

    it.each(['channel_not_found', 'not_in_channel', 'is_archived', 'missing_scope', 'account_inactive', 'invalid_auth'])(
      'GIVEN Slack answers %s WHEN posting THEN a PermanentPostError is thrown',
      async (code) => {
        h.fake.failChannel(`C0${code.toUpperCase()}`, code);
        await expect(h.adapter.post(where(`C0${code.toUpperCase()}`), { visibility: 'channel', sections: ['x'] })).rejects.toBeInstanceOf(PermanentPostError);
      },
    );
  });

  describe('a failing handler', () => {
    it('GIVEN the store was closed WHEN /quiz THEN the user gets a short private apology AND a warning is logged with the request context AND the next /define is still answered', async () => {
      const store = await createStore(`sqlite:///tmp/studybot-slack-closed-${mode}-${process.pid}.sqlite`);
      await store.close();
      const coreLogs: LogLine[] = [];
      const broken = await startHarness(mode, { core: await testStudy({ store, logger: recordingLogger(coreLogs) }) });
      try {
        const { ack, triggerId } = await broken.command('/quiz', '', USERS.amy);
        expect(ack?.response_type).toBe('ephemeral');
        expect(textOf(ack)).toContain(t('en', 'error.store'));
        const errors = coreLogs.filter((line) => line.level === 'warn');
        expect(errors).toHaveLength(1);
        expect(errors[0]!.object).toMatchObject({ command: 'quiz', user: USERS.amy.id, platform: 'slack', community: 'T0001', requestId: triggerId });
        expect(errors[0]!.object.err).toBeInstanceOf(Error);
        const next = await broken.command('/define', 'kubelet', USERS.amy);
        expect(next.ack?.response_type).toBe('in_channel');
        expect(headerOf(next.ack)).toBe('kubelet · 큐블릿');
      } finally {
        await broken.close();
      }
    });

    it('GIVEN the store was closed WHEN a quiz button is pressed THEN the presser gets a private store apology on the response_url AND a warning is logged with the action, user and request id', async () => {
      const store = await createStore(`sqlite:///tmp/studybot-slack-closed-press-${mode}-${process.pid}.sqlite`);
      await store.close();
      const coreLogs: LogLine[] = [];
      const broken = await startHarness(mode, { core: await testStudy({ store, logger: recordingLogger(coreLogs) }) });
      try {
        const button = { action_id: 'quiz.practice|fx-terms-003:A', value: 'quiz.practice|fx-terms-003:A', text: { text: 'A' } };
        const press = await broken.press(button, USERS.amy, { ephemeral: true });
        expect(press.ack).toBeUndefined();
        const [apology] = await broken.fake.waitForResponses(press.responseUrl, 1);
        expect(apology).toMatchObject({ response_type: 'ephemeral', replace_original: false });
        expect(textOf(apology)).toContain(t('en', 'error.store'));
        const errors = coreLogs.filter((line) => line.level === 'warn');
        expect(errors).toHaveLength(1);
        expect(errors[0]!.object).toMatchObject({ action: 'quiz.practice', user: USERS.amy.id, community: 'T0001', requestId: press.triggerId });
      } finally {
        await broken.close();
      }
    });
  });

  describe('/streak, /leaderboard and /help', () => {
    const roundId = '2026-11-28';
    beforeAll(async () => {
      // A daily round posted in the channel, answered through Slack: Amy right, Minji wrong.
      const { round } = (await h.core.study.rounds.open({ platform: 'slack', community: 'T0001' }, roundId))!;
      const question = h.core.study.rounds.question(round.questionId)!;
      await h.adapter.post(where('C2147483705'), roundQuestionReply(question, round, 'ko', h.core.study.content.book));
      const buttons = buttonsOf(h.fake.callsTo('chat.postMessage').at(-1)?.params);
      const right = buttons.find((button) => button.text.text === question.answer)!;
      const wrong = buttons.find((button) => button.text.text !== question.answer)!;
      for (const [button, user] of [
        [right, USERS.amy],
        [wrong, USERS.minji],
      ] as const) {
        const press = await h.press(button, user);
        await h.fake.waitForResponses(press.responseUrl, 2);
      }
    });

    it('GIVEN Amy answered the round right WHEN she types /streak THEN only she sees her record: streak 1, 1 of 1 right, 100%', async () => {
      const { ack } = await h.command('/streak', '', USERS.amy);
      expect(ack?.response_type).toBe('ephemeral');
      expect(headerOf(ack)).toBe(t('en', 'streak.title', { name: USERS.amy.real_name }));
      const text = textOf(ack);
      expect(text).toContain(`*${t('en', 'streak.current')}*\n🔥 1`);
      expect(text).toContain(`*${t('en', 'streak.totals')}*\n1 / 1`);
      expect(text).toContain(`*${t('en', 'streak.accuracy')}*\n100%`);
      expect(text).toContain(t('en', 'streak.legend'));
    });

    it('GIVEN Minji answered wrong WHEN she types /streak THEN her record in Korean shows streak 0 and 0 of 1 right', async () => {
      const { ack } = await h.command('/streak', '', USERS.minji);
      expect(headerOf(ack)).toBe(t('ko', 'streak.title', { name: USERS.minji.real_name }));
      expect(textOf(ack)).toContain(`*${t('ko', 'streak.current')}*\n🔥 0`);
      expect(textOf(ack)).toContain(`*${t('ko', 'streak.totals')}*\n0 / 1`);
    });

    it('GIVEN someone who never answered WHEN /streak THEN they are told so', async () => {
      const { ack } = await h.command('/streak', '', USERS.owner);
      expect(textOf(ack)).toContain(t('en', 'streak.none', { name: USERS.owner.real_name }));
    });

    it('GIVEN the answered round WHEN /leaderboard THEN the channel sees Amy first with her streak AND the footer gives the caller her rank', async () => {
      const { ack } = await h.command('/leaderboard', '', USERS.amy);
      expect(ack?.response_type).toBe('in_channel');
      expect(headerOf(ack)).toBe(t('en', 'leaderboard.title'));
      const text = textOf(ack);
      expect(text).toContain(`🥇 ${t('en', 'leaderboard.row', { rank: 1, name: USERS.amy.real_name, streak: 1, correct: 1 })}`);
      expect(text).toContain(`🥈 ${t('en', 'leaderboard.row', { rank: 2, name: USERS.minji.real_name, streak: 0, correct: 0 })}`);
      expect(text).toContain(t('en', 'leaderboard.you', { rank: 1, total: 2, streak: 1, correct: 1 }));
    });

    it('GIVEN /help WHEN a Korean user types it THEN only they see the Korean help listing every command by its usage', async () => {
      const { ack } = await h.command('/help', '', USERS.minji);
      expect(ack?.response_type).toBe('ephemeral');
      expect(headerOf(ack)).toBe(t('ko', 'help.title'));
      const text = textOf(ack);
      expect(text).toContain(t('ko', 'help.intro'));
      for (const usage of ['/define', '/quiz [practice|subscribe|unsubscribe|status|schedule|language|freezes|recap|chapters|void|reports|pause|resume|dashboard]', '/report &lt;id&gt; &lt;reason&gt;', '/streak [user]', '/leaderboard', '/help']) {
        expect(text).toContain(usage);
      }
      const en = await h.command('/help', '', USERS.amy);
      expect(headerOf(en.ack)).toBe(t('en', 'help.title'));
    });
  });

  it('GIVEN the adapter was started THEN it reports ready', () => {
    expect(h.adapter.isReady()).toBe(true);
  });
});
