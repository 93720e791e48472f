import type { BlockAction, ButtonAction, SlashCommand } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { communityOf, parseButtonPress, parseSlashCommand, toActionRequest, toCommandRequest } from '../../../src/adapters/slack/to-request.ts';
import { UserError } from '../../../src/core/errors.ts';
import type { User } from '../../../src/core/request.ts';
import { fixture } from './harness.ts';

const slash = (overrides: Partial<SlashCommand> = {}): SlashCommand => ({ ...fixture<SlashCommand>('slash-command.json'), ...overrides });
const user: User = { id: 'U2147483697', displayName: 'Steve', locale: 'en', canManage: false };

describe('slash commands', () => {
  it("GIVEN Slack's documented payload for /define kubelet THEN the request names the workspace, channel, command and term", () => {
    const input = parseSlashCommand(slash(), commands);
    expect(input).toMatchObject({ userId: 'U2147483697', userName: 'Steve', needsManage: false });
    expect(toCommandRequest(input, user)).toEqual({
      kind: 'command',
      platform: 'slack',
      community: 'T0001',
      channel: 'C2147483705',
      command: 'define',
      options: { term: 'kubelet' },
      user,
    });
  });

  it('GIVEN a term of several words THEN the whole rest of the text is the term', () => {
    expect(parseSlashCommand(slash({ text: '  kubectl exec ' }), commands).parsed.options).toEqual({ term: 'kubectl exec' });
  });

  it('GIVEN an Enterprise Grid workspace AND /streak <@U0CA5|amy> THEN the community joins organisation and team AND the user option is that user', () => {
    const input = parseSlashCommand(fixture<SlashCommand>('slash-command-enterprise.json'), commands);
    expect(input.where.community).toBe('E0001:T0001');
    expect(input.parsed).toEqual({ command: 'streak', options: { user: { userId: 'U0CA5', displayName: 'amy' } } });
  });

  it('GIVEN /streak with a mention that has no name THEN only the id is taken', () => {
    expect(parseSlashCommand(slash({ command: '/streak', text: '<@W0123ABC>' }), commands).parsed.options).toEqual({ user: { userId: 'W0123ABC' } });
  });

  it('GIVEN /quiz with no text THEN it is practice AND needs no admin', () => {
    const input = parseSlashCommand(slash({ command: '/quiz', text: '' }), commands);
    expect(input.parsed).toEqual({ command: 'quiz', subcommand: 'practice', options: {} });
    expect(input.needsManage).toBe(false);
  });

  it.each([
    ['subscribe', true],
    ['UNSUBSCRIBE', true],
    ['status', false],
    ['practice', false],
  ])('GIVEN /quiz %s THEN whether an admin is needed is %s', (text, needsManage) => {
    expect(parseSlashCommand(slash({ command: '/quiz', text }), commands).needsManage).toBe(needsManage);
  });

  it('GIVEN text Slack sent entity-encoded THEN the core sees what the user typed', () => {
    expect(parseSlashCommand(slash({ text: '&lt;!everyone&gt; &amp; co' }), commands).parsed.options).toEqual({ term: '<!everyone> & co' });
  });

  it.each([
    ['text over 2000 characters', { text: 'k'.repeat(2001) }, 'error.tooLong'],
    ['an open quote', { text: '"kubelet' }, 'error.badQuotes'],
    ['a command the bot does not have', { command: '/deploy', text: '' }, 'error.unknownCommand'],
  ])('GIVEN %s THEN a UserError the user can read is thrown', (_what, overrides, key) => {
    try {
      parseSlashCommand(slash(overrides), commands);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).key).toBe(key);
    }
  });

  it('GIVEN the raw payload THEN the request keeps it AND its trigger id names the request in the logs', () => {
    const payload = { ...slash(), trigger_id: '13345224609.738474920.8088930838d88f008e0' };
    const request = toCommandRequest(parseSlashCommand(payload, commands), user, payload);
    expect(request.raw).toBe(payload);
    expect(request.requestId).toBe('13345224609.738474920.8088930838d88f008e0');
  });
});

describe('button presses', () => {
  const body = () => fixture<BlockAction>('block-actions.json');

  it("GIVEN Slack's documented block_actions payload THEN the press names the action, payload, channel, presser and where to answer", () => {
    const press = parseButtonPress(body(), body().actions[0]!);
    expect(press).toEqual({
      where: { platform: 'slack', community: 'T0001', channel: 'C0CA5' },
      userId: 'U0CA5',
      userName: 'Amy McGee',
      action: 'quiz.practice',
      payload: 'fx-terms-003:A',
      responseUrl: 'https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209',
      messageTs: '1548261231.000200',
    });
    expect(toActionRequest(press!, user)).toEqual({
      kind: 'action',
      platform: 'slack',
      community: 'T0001',
      channel: 'C0CA5',
      action: 'quiz.practice',
      payload: 'fx-terms-003:A',
      user,
    });
  });

  it('GIVEN a press inside an Enterprise Grid THEN the community joins organisation and team', () => {
    const grid = { ...body(), enterprise: { id: 'E0001', name: 'Globular' } } as BlockAction;
    expect(parseButtonPress(grid, grid.actions[0]!)?.where.community).toBe('E0001:T0001');
  });

  it('GIVEN a payload holding a bar THEN only the first bar splits action from payload', () => {
    const action: ButtonAction = { ...(body().actions[0] as ButtonAction), value: 'define.show|a|b' };
    expect(parseButtonPress(body(), action)).toMatchObject({ action: 'define.show', payload: 'a|b' });
  });

  it('GIVEN an element that is not a button, or a value that is not ours THEN it is ignored', () => {
    const select = { type: 'static_select', action_id: 'x', block_id: 'b', action_ts: '1' } as unknown as BlockAction['actions'][number];
    expect(parseButtonPress(body(), select)).toBeUndefined();
    expect(parseButtonPress(body(), { ...(body().actions[0] as ButtonAction), value: 'no-bar-here' })).toBeUndefined();
  });

  it('GIVEN a press with no channel object THEN the container channel is used', () => {
    const { channel: _channel, ...rest } = body();
    const noChannel = rest as BlockAction;
    expect(parseButtonPress(noChannel, noChannel.actions[0]!)?.where.channel).toBe('C0CA5');
  });
});

describe('community', () => {
  it('GIVEN a team alone or within an organisation THEN the key is the team or organisation:team', () => {
    expect(communityOf('T1')).toBe('T1');
    expect(communityOf('T1', null)).toBe('T1');
    expect(communityOf('T1', 'E1')).toBe('E1:T1');
  });
});
