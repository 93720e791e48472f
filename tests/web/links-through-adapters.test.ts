/**
 * The "open on the web" link through the real adapters and their fake platforms: what
 * Discord and Slack receive, and that a click on Slack's link (which Slack reports as a
 * block action) is acknowledged without reaching the core.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as discord from '../adapters/discord/harness.ts';
import * as slack from '../adapters/slack/harness.ts';
import { testStudy } from '../support/study.ts';

const WEB = { publicUrl: 'https://study.example.org', linkDefinitions: true };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('the web link through the adapters', () => {
  it('GIVEN PUBLIC_URL WHEN /define kubelet on Discord THEN the callback carries a Link button to the page beside the related-term buttons', async () => {
    const core = await testStudy({ locale: 'en', web: WEB });
    const h = await discord.startHarness({ core, defaultLocale: 'en' });
    closers.push(() => h.close());
    const { callback } = await h.command('define', [discord.stringOption('term', 'kubelet')], {
      locale: 'en-US',
      permissions: discord.PERMISSIONS.member,
      userId: '600000000000000101',
    });
    const buttons = discord.buttonsOf(callback.data) as unknown as Array<Record<string, unknown>>;
    expect(buttons.at(-1)).toEqual({ type: 2, style: 5, label: 'Open on the web', url: 'https://study.example.org/glossary/kubelet?lang=en' });
    expect(buttons.slice(0, -1).map((button) => button.custom_id)).toEqual(['define.show|pod', 'define.show|node', 'quiz.term|kubelet', 'report.open|kubelet']);
  });

  it.each(['socket', 'http'] as const)(
    'GIVEN PUBLIC_URL WHEN /define kubelet on Slack (%s) THEN the answer has a url button, and clicking it is acked without a dispatch or a reply',
    async (mode) => {
      const actions = { count: 0 };
      const core = await testStudy({
        locale: 'en',
        web: WEB,
        observer: {
          actionHandled: () => {
            actions.count += 1;
          },
        },
      });
      const h = await slack.startHarness(mode, { core, defaultLocale: 'en' });
      closers.push(() => h.close());
      const { ack } = await h.command('/define', 'kubelet', slack.USERS.amy);
      const elements = slack.buttonsOf(ack) as unknown as Array<Record<string, unknown>>;
      const link = elements.find((element) => element.url !== undefined)!;
      expect(link).toMatchObject({ type: 'button', url: 'https://study.example.org/glossary/kubelet?lang=en', text: { text: 'Open on the web' } });
      expect(elements.filter((element) => element.url === undefined).map((element) => slack.buttonIdOf(element))).toEqual(['define.show|pod', 'define.show|node', 'quiz.term|kubelet', 'report.open|kubelet']);
      const click = await h.press(link as unknown as slack.SlackButtonElement, slack.USERS.amy);
      expect(click.ack).toBeUndefined();
      // Give a wrongly dispatched press the time to answer before concluding none came.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(h.fake.responsesTo(click.responseUrl)).toEqual([]);
      expect(actions.count).toBe(0);
    },
  );
});
