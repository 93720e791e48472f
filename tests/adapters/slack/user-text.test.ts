/**
 * Names and typed terms as Slack receives them: the real adapter and Bolt against the fake
 * Slack, the daily round posted by the real round job and answered by a user whose profile
 * name is markup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/core/i18n.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { runRound } from '../../../src/schedule/round-job.ts';
import { slackMarkup } from '../../support/markup.ts';
import { blocksOf, buttonsOf, type Harness, headerOf, startHarness, USERS } from './harness.ts';

/** Every mrkdwn text of a message, the fallback included: where Slack formats. */
function mrkdwnPlaces(message: unknown): string[] {
  const places = [(message as { text?: string }).text ?? ''];
  for (const block of blocksOf(message)) {
    if (block.type === 'section' && block.text) places.push(block.text.text);
    for (const field of block.fields ?? []) places.push(field.text);
    if (block.type === 'context') for (const element of block.elements ?? []) places.push(typeof element.text === 'string' ? element.text : element.text.text);
  }
  return places;
}

describe('Slack: user text reaches the channel only as text', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('socket');
    await h.command('/quiz', 'subscribe', USERS.admin);
    await runRound(new Date('2026-11-28T00:00:00Z'), { study: h.core.study, adapters: { slack: h.adapter }, logger: silentLogger });
    const [choice] = buttonsOf(h.fake.callsTo('chat.postMessage').at(-1)?.params);
    const press = await h.press(choice!, USERS.mallory);
    await h.fake.waitForResponses(press.responseUrl, 2);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('GIVEN a user whose profile name holds formatting, a link, a mention and a quote WHEN /leaderboard THEN the channel message formats none of it AND shows the name in lookalikes', async () => {
    const { ack } = await h.command('/leaderboard', '', USERS.amy);
    expect(ack?.response_type).toBe('in_channel');
    for (const place of mrkdwnPlaces(ack)) expect({ place, markup: slackMarkup(place) }).toEqual({ place, markup: [] });
    const row = blocksOf(ack).find((block) => block.type === 'section')!.text!.text;
    expect(row).toContain(
      '\u00ad&gt; \u2217bold\u2217 \u02cdit\u02cd \u223cs\u223c \u02cbc\u02cb \u2217\u2217x\u2217\u2217 &lt;https://evil.example|click&gt; &lt;!here&gt; [Free Nitro](https://evil.example)',
    );
  });

  it('GIVEN that user WHEN /streak THEN the header (plain text, never formatted) names them as typed, with only &, < and > escaped', async () => {
    const { ack } = await h.command('/streak', '', USERS.mallory);
    expect(headerOf(ack)).toBe(t('en', 'streak.title', { name: USERS.mallory.real_name.replace(/</g, '&lt;').replace(/>/g, '&gt;') }));
    for (const place of mrkdwnPlaces(ack)) expect(slackMarkup(place).filter((construct) => construct !== 'format *')).toEqual([]);
  });

  it('GIVEN a typed term with **bold**, *bold*, _italic_ and ~strike~ WHEN /define THEN none of it is formatted in the reply', async () => {
    const { ack } = await h.command('/define', '**x** *y* _z_ ~w~', USERS.amy);
    const title = headerOf(ack)!;
    expect(title).toBe(t('en', 'define.notFound', { query: '**x** *y* _z_ ~w~' }).replace(/`/g, ''));
    expect(slackMarkup((ack as { text: string }).text)).toEqual([]);
  });
});
