/**
 * The study plan's subcommands (/quiz schedule, language, pause, resume) change what a whole
 * community gets, so they need the manage permission on every platform: refused for anyone
 * else, in a reply only the caller sees, with the plan left as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/adapters/console/render.ts';
import { t } from '../../src/core/i18n.ts';
import { plainText } from '../../src/core/reply.ts';
import type { CommandRequest } from '../../src/core/request.ts';
import { testStudy } from '../support/study.ts';
import * as discord from './discord/harness.ts';
import * as slack from './slack/harness.ts';

/** Each plan subcommand as Slack and the console type it, and as Discord's options. */
const PLAN_COMMANDS: Array<{ sub: string; text: string; options: Record<string, string> }> = [
  { sub: 'schedule', text: 'schedule 21:30 weekdays Europe/Berlin', options: { time: '21:30', days: 'weekdays', timezone: 'Europe/Berlin' } },
  { sub: 'language', text: 'language en', options: { language: 'en' } },
  { sub: 'pause', text: 'pause', options: {} },
  { sub: 'resume', text: 'resume', options: {} },
];

describe('the study plan needs the manage permission', () => {
  describe('console', () => {
    const where = { platform: 'console', community: 'console', channel: 'console' } as const;
    const request = (sub: string, options: Record<string, string>, canManage: boolean): CommandRequest => ({
      kind: 'command',
      ...where,
      command: 'quiz',
      subcommand: sub,
      options,
      user: { id: 'console-user', displayName: 'console-user', locale: 'en', canManage },
    });

    it.each(PLAN_COMMANDS)(
      'GIVEN a user who may not manage WHEN /quiz $sub THEN it is refused for the caller only AND the plan is unchanged',
      async ({ sub, options }) => {
        const { dispatcher, study } = await testStudy({ locale: 'en' });
        // Paused first, so that a resume that went through would show in the plan.
        if (sub === 'resume') await study.communities.setPaused(where, true, study.clock.now());
        const before = await study.communities.plan(where);
        const reply = await dispatcher.command(request(sub, options, false));
        expect(reply.visibility).toBe('requester');
        expect(plainText(renderConsole(reply))).toContain(t('en', 'error.noPermission', { permission: t('en', 'perm.console') }));
        expect(await study.communities.plan(where)).toEqual(before);
      },
    );

    it('GIVEN a user who may manage WHEN /quiz pause THEN the plan changes (the refusals above are the permission, not the command)', async () => {
      const { dispatcher, study } = await testStudy({ locale: 'en' });
      await dispatcher.command(request('pause', {}, true));
      expect((await study.communities.plan(where)).paused).toBe(true);
    });
  });

  describe('Discord (real discord.js against the fake gateway)', () => {
    let h: discord.Harness;
    const ref = { platform: 'discord', community: discord.GUILD_ID } as const;
    beforeAll(async () => {
      h = await discord.startHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    it.each(PLAN_COMMANDS)(
      'GIVEN a member without Manage Server WHEN /quiz $sub THEN the refusal is ephemeral AND the plan is unchanged',
      async ({ sub, options }) => {
        const plan = h.core.study.communities;
        if (sub === 'resume') await plan.setPaused(ref, true, h.core.clock.now());
        const before = await plan.plan(ref);
        const args = Object.entries(options).map(([name, value]) => discord.stringOption(name, value));
        const { callback } = await h.command('quiz', [discord.subcommand(sub, args)], { locale: 'en-US', permissions: discord.PERMISSIONS.member });
        expect(discord.isEphemeral(callback.data)).toBe(true);
        expect(discord.textOf(callback.data)).toBe(t('en', 'error.noPermission', { permission: 'Manage Server' }));
        expect(await plan.plan(ref)).toEqual(before);
        if (sub === 'resume') await plan.setPaused(ref, false, h.core.clock.now());
      },
    );

    it('GIVEN a member with Manage Server WHEN /quiz language en THEN the plan changes', async () => {
      const { callback } = await h.command('quiz', [discord.subcommand('language', [discord.stringOption('language', 'en')])], {
        locale: 'en-US',
        permissions: discord.PERMISSIONS.manager,
      });
      expect(discord.isEphemeral(callback.data)).toBe(false);
      expect((await h.core.study.communities.plan(ref)).locale).toBe('en');
    });
  });

  describe.each(['socket', 'http'] as const)('Slack (real Bolt against the fake Web API), %s mode', (mode) => {
    let h: slack.Harness;
    const ref = { platform: 'slack', community: 'T0001' } as const;
    beforeAll(async () => {
      h = await slack.startHarness(mode);
    });
    afterAll(async () => {
      await h?.close();
    });

    it.each(PLAN_COMMANDS)(
      'GIVEN a member who is not an admin WHEN /quiz $text THEN it is refused privately AND the plan is unchanged',
      async ({ sub, text }) => {
        const plan = h.core.study.communities;
        if (sub === 'resume') await plan.setPaused(ref, true, h.core.clock.now());
        const before = await plan.plan(ref);
        const { ack } = await h.command('/quiz', text, slack.USERS.amy);
        expect(ack?.response_type).toBe('ephemeral');
        expect(slack.textOf(ack)).toContain(t('en', 'error.noPermission', { permission: t('en', 'perm.slack') }));
        expect(await plan.plan(ref)).toEqual(before);
        if (sub === 'resume') await plan.setPaused(ref, false, h.core.clock.now());
      },
    );

    it('GIVEN an admin WHEN /quiz pause THEN the plan changes', async () => {
      await h.command('/quiz', 'pause', slack.USERS.owner);
      expect((await h.core.study.communities.plan(ref)).paused).toBe(true);
      await h.command('/quiz', 'resume', slack.USERS.owner);
    });
  });
});
