/**
 * `/quiz dashboard [reset]` as typed text (Slack and the console): the switch is a word, and a
 * word that is not one is refused rather than dropped, so a mistyped reset never keeps the old
 * link while the admin believes it revoked.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { communityOfToken, dashboardToken } from '../../src/core/dashboard-link.ts';
import { t } from '../../src/core/i18n.ts';
import { parseCommandLine } from '../../src/core/text-command.ts';
import { testStudy } from '../support/study.ts';

const where = { platform: 'console' as const, community: 'console', channel: 'console' };
const admin = { id: 'u1', displayName: 'Min', locale: 'en' as const, canManage: true };

describe('/quiz dashboard typed', () => {
  it('GIVEN `/quiz dashboard reset` THEN reset is set; `/quiz dashboard` sets nothing', async () => {
    const { dispatcher } = await testStudy();
    expect(parseCommandLine('/quiz dashboard reset', dispatcher.commands)).toEqual({ command: 'quiz', subcommand: 'dashboard', options: { reset: true } });
    expect(parseCommandLine('/quiz dashboard RESET', dispatcher.commands).options).toEqual({ reset: true });
    expect(parseCommandLine('/quiz dashboard', dispatcher.commands).options).toEqual({});
  });

  it('GIVEN a mistyped switch (`/quiz dashboard rest`) THEN it is refused naming reset AND the link stays what it was', async () => {
    const { dispatcher, study } = await testStudy();
    const token = await dashboardToken(study.store, where, study.clock.now());
    let refused: unknown;
    try {
      parseCommandLine('/quiz dashboard rest', dispatcher.commands);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(UserError);
    const message = t('en', (refused as UserError).key, (refused as UserError).params);
    expect(message).toContain('`reset`');
    expect(await communityOfToken(study.store, token)).toEqual({ platform: 'console', community: 'console' });
    // The same community through the dispatcher, admin and reset: the old token opens nothing.
    const reply = await dispatcher.command({ kind: 'command', ...where, ...parseCommandLine('/quiz dashboard reset', dispatcher.commands), user: admin });
    expect(reply.visibility).toBe('requester');
    expect(await communityOfToken(study.store, token)).toBeUndefined();
  });
});
