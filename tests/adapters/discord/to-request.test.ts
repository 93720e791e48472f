import type { APIApplicationCommandAutocompleteInteraction, APIChatInputApplicationCommandInteraction, APIMessageComponentInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { toActionRequest, toAutocompleteRequest, toCommandRequest } from '../../../src/adapters/discord/to-request.ts';
import { CHANNEL_ID, commandPayload, fixture, GUILD_ID, PERMISSIONS, stringOption, subcommand } from './harness.ts';

const command = (payload: Record<string, unknown>) => toCommandRequest(payload as unknown as APIChatInputApplicationCommandInteraction, 'ko');

describe('Discord interactions as neutral requests', () => {
  it('GIVEN the documented slash command payload WHEN converted THEN server, channel, user, locale and options carry over', () => {
    const request = command(fixture('slash-command.json'));
    expect(request).toMatchObject({
      kind: 'command',
      platform: 'discord',
      community: GUILD_ID,
      channel: CHANNEL_ID,
      command: 'define',
      options: { term: 'kubelet' },
      user: { id: '53908232506183680', displayName: 'Mason', locale: 'en', canManage: false },
    });
    expect(request?.subcommand).toBeUndefined();
    expect(request?.raw).toBeDefined();
  });

  it.each([
    ['ko', 'ko'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['ja', 'en'],
  ])('GIVEN interaction locale %s THEN the user reads %s', (locale, expected) => {
    expect(command(commandPayload('help', [], { locale }))?.user.locale).toBe(expected);
  });

  it('GIVEN no locale at all THEN the default locale is used', () => {
    const payload = commandPayload('help', []);
    delete payload.locale;
    expect(command(payload)?.user.locale).toBe('ko');
  });

  it('GIVEN a subcommand THEN it is named and its options are flattened', () => {
    expect(command(fixture('slash-subcommand.json'))).toMatchObject({ command: 'quiz', subcommand: 'practice', options: {} });
  });

  it('GIVEN a user option THEN the resolved server nickname is the display name', () => {
    expect(command(fixture('slash-user-option.json'))?.options.user).toEqual({ userId: '80351110224678912', displayName: '넬리' });
  });

  it.each([
    ['member', PERMISSIONS.member, false],
    ['Manage Server', PERMISSIONS.manager, true],
    ['Administrator', PERMISSIONS.admin, true],
    ['garbage', 'not-a-number', false],
  ])('GIVEN %s permissions THEN canManage is %s', (_name, permissions, expected) => {
    expect(command(commandPayload('quiz', [subcommand('subscribe')], { permissions }))?.user.canManage).toBe(expected);
  });

  it('GIVEN a DM THEN the community is the user’s own and they cannot manage (a DM has no member to hold Manage Server)', () => {
    const request = command(fixture('slash-dm.json'));
    expect(request).toMatchObject({
      community: 'dm:53908232506183680',
      channel: '799999999999999999',
      subcommand: 'subscribe',
      user: { canManage: false, displayName: 'Mason' },
    });
  });

  it('GIVEN a boolean option (/quiz dashboard reset:true) THEN it arrives as a boolean, and its absence as no option', () => {
    expect(command(commandPayload('quiz', [subcommand('dashboard', [{ type: 5, name: 'reset', value: true }])]))).toMatchObject({ subcommand: 'dashboard', options: { reset: true } });
    expect(command(commandPayload('quiz', [subcommand('dashboard')]))?.options).toEqual({});
  });

  it('GIVEN control characters and padding in a string option THEN they are dropped', () => {
    expect(command(commandPayload('define', [stringOption('term', '  kube\u202elet\u0007  ')]))?.options.term).toBe('kubelet');
  });

  it('GIVEN a press on one of our buttons THEN action and payload come from the custom id', () => {
    const request = toActionRequest(fixture<APIMessageComponentInteraction>('button.json'), 'ko');
    expect(request).toMatchObject({
      kind: 'action',
      community: GUILD_ID,
      channel: CHANNEL_ID,
      action: 'define.show',
      payload: 'pod',
      user: { id: '53908232506183680' },
    });
  });

  it('GIVEN a button id that is not ours THEN there is no request', () => {
    const payload = fixture<APIMessageComponentInteraction>('button.json');
    (payload.data as { custom_id: string }).custom_id = 'someone-else';
    expect(toActionRequest(payload, 'ko')).toBeUndefined();
  });

  it('GIVEN autocomplete THEN the focused option and what was typed so far are passed on', () => {
    expect(toAutocompleteRequest(fixture<APIApplicationCommandAutocompleteInteraction>('autocomplete.json'), 'ko')).toMatchObject({
      kind: 'autocomplete',
      command: 'define',
      option: 'term',
      value: 'ku',
    });
  });
});
