import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { commandsHash, toCommandsJson } from '../../../src/adapters/discord/commands-json.ts';

const json = toCommandsJson(commands);
const byName = (name: string) => json.find((command) => command.name === name)!;

describe('Discord command definitions', () => {
  it('GIVEN the registry WHEN converted THEN there is one chat-input command per entry, each with an English description and a Korean one', () => {
    expect(json.map((command) => command.name)).toEqual(['define', 'quiz', 'streak', 'leaderboard', 'report', 'help']);
    for (const command of json) {
      expect(command.type).toBe(1);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(100);
      expect(command.description_localizations?.ko).toMatch(/[가-힣]/);
      expect(command).not.toHaveProperty('default_member_permissions');
    }
    expect(byName('define').description).toBe(commands[0]!.description.en);
  });

  it('GIVEN /define WHEN converted THEN term is an optional string option with autocomplete', () => {
    expect(byName('define').options).toEqual([
      expect.objectContaining({ type: 3, name: 'term', required: false, autocomplete: true, description_localizations: { ko: expect.stringMatching(/용어/) } }),
    ]);
  });

  it('GIVEN /quiz WHEN converted THEN its subcommands include the study plan ones, and nothing hides /quiz from members', () => {
    const quiz = byName('quiz');
    expect(quiz.options?.map((option) => [option.type, option.name])).toEqual([
      [1, 'practice'],
      [1, 'subscribe'],
      [1, 'unsubscribe'],
      [1, 'status'],
      [1, 'schedule'],
      [1, 'language'],
      [1, 'freezes'],
      [1, 'recap'],
      [1, 'chapters'],
      [1, 'void'],
      [1, 'pause'],
      [1, 'resume'],
      [1, 'reports'],
      [1, 'dashboard'],
    ]);
    expect(quiz.default_member_permissions).toBeUndefined();
  });

  it('GIVEN /quiz schedule and /quiz language WHEN converted THEN time is required, days free text, timezone autocompleted AND language offers ko and en', () => {
    const sub = (name: string) => (byName('quiz').options ?? []).find((option) => option.name === name) as { options?: Array<Record<string, unknown>> };
    expect(sub('schedule').options?.map((option) => [option.name, option.type, option.required, option.autocomplete ?? false])).toEqual([
      ['time', 3, true, false],
      ['days', 3, false, false],
      ['timezone', 3, false, true],
    ]);
    expect(sub('language').options).toEqual([
      expect.objectContaining({ name: 'language', type: 3, required: true, choices: [{ name: 'ko', value: 'ko' }, { name: 'en', value: 'en' }] }),
    ]);
  });

  it('GIVEN /quiz dashboard WHEN converted THEN it takes one optional boolean option reset', () => {
    const sub = (byName('quiz').options ?? []).find((option) => option.name === 'dashboard') as { options?: Array<Record<string, unknown>> };
    expect(sub.options?.map((option) => [option.name, option.type, option.required])).toEqual([['reset', 5, false]]);
  });

  it('GIVEN /quiz chapters and /quiz practice WHEN converted THEN chapters takes a string option chapters AND practice an optional topic with autocomplete', () => {
    const sub = (name: string) => (byName('quiz').options ?? []).find((option) => option.name === name) as { options?: Array<Record<string, unknown>> };
    expect(sub('chapters').options?.map((option) => [option.name, option.type, option.required, option.autocomplete ?? false])).toEqual([['chapters', 3, false, false]]);
    expect(sub('practice').options?.map((option) => [option.name, option.type, option.required, option.autocomplete ?? false])).toEqual([['topic', 3, false, true]]);
  });

  it('GIVEN /streak WHEN converted THEN it takes an optional user option; /leaderboard takes period (four choices) and when; /help takes none', () => {
    expect(byName('streak').options).toEqual([expect.objectContaining({ type: 6, name: 'user', required: false })]);
    expect(byName('leaderboard').options?.map((option) => [option.name, option.type, 'choices' in option ? option.choices?.map((choice) => choice.value) : undefined])).toEqual([
      ['period', 3, ['streak', 'week', 'month', 'all']],
      ['when', 3, undefined],
    ]);
    expect(byName('help').options).toBeUndefined();
  });

  it('GIVEN the same registry twice THEN the hash is the same; a changed description changes it', () => {
    expect(commandsHash(toCommandsJson(commands))).toBe(commandsHash(json));
    const changed = commands.map((command) => (command.name === 'help' ? { ...command, description: { ko: '도움말', en: 'Help!' } } : command));
    expect(commandsHash(toCommandsJson(changed))).not.toBe(commandsHash(json));
  });
});
