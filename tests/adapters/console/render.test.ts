import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { renderConsole } from '../../../src/adapters/console/render.ts';
import { testStudy } from '../../support/study.ts';

describe('console rendering', () => {
  it('GIVEN /help THEN each usage is set apart from its description AND each subcommand from its own', async () => {
    const { study } = await testStudy();
    const help = commands.find((command) => command.name === 'help')!;
    const reply = await help.handle(
      {
        kind: 'command',
        platform: 'console',
        community: 'console',
        channel: 'console',
        command: 'help',
        options: {},
        user: { id: 'u', displayName: 'u', locale: 'ko', canManage: false },
      },
      study,
    );
    const lines = renderConsole(reply).split('\n');
    expect(lines).toContain('/define <term> — 쿠버네티스 용어의 뜻을 찾아요 (한글·초성·오타도 OK)');
    const quiz = lines.indexOf('/quiz [practice|subscribe|unsubscribe|status|schedule|language|freezes|recap|chapters|void|reports|pause|resume|dashboard]');
    expect(quiz).toBeGreaterThan(0);
    expect(lines.slice(quiz + 1, quiz + 3)).toEqual([
      '  퀴즈: 연습 문제, 매일 퀴즈 구독·일정·언어·상태',
      '  practice — 나만 보는 연습 문제 하나 (연속 기록에는 영향 없음)',
    ]);
    expect(lines).toContain('  status — 일정, 다음 문제 시각, 채널 언어, 현재 라운드');
  });

  it('GIVEN short fields THEN they stay on one line as name: value', () => {
    const text = renderConsole({
      visibility: 'requester',
      sections: [],
      fields: [
        { name: 'Subscription', value: 'subscribed', inline: true },
        { name: 'Schedule', value: '`0 9 * * *` (Asia/Seoul)' },
      ],
    });
    expect(text).toContain('Subscription: subscribed\nSchedule: 0 9 * * * (Asia/Seoul)\n');
  });
});
