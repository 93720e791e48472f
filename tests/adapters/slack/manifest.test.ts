import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../../commands/index.ts';
import { BOT_SCOPES, eventsUrl, type SlackManifest, slackManifest, usageHint } from '../../../src/adapters/slack/manifest.ts';

const run = promisify(execFile);

describe('Slack app manifest', () => {
  it('GIVEN the registry THEN every command is a slash command with a description and usage hint within Slack limits', () => {
    const manifest = slackManifest({ commands });
    expect(manifest.features.slash_commands.map((entry) => entry.command)).toEqual(commands.map((command) => `/${command.name}`));
    for (const entry of manifest.features.slash_commands) {
      expect(entry.description.length).toBeGreaterThan(0);
      expect(entry.description.length).toBeLessThanOrEqual(100);
      expect(entry.url).toBeUndefined();
    }
    const byName = Object.fromEntries(manifest.features.slash_commands.map((entry) => [entry.command, entry]));
    expect(byName['/define']?.usage_hint).toBe('[term]');
    // The subcommands pass Slack's 100 characters: the hint keeps the whole names that fit.
    expect(byName['/quiz']?.usage_hint).toBe('[practice|subscribe|unsubscribe|status|schedule|language|freezes|recap|chapters|void|pause|resume|…]');
    expect(byName['/report']?.usage_hint).toBe('<item> <reason>');
    expect(byName['/streak']).toMatchObject({ usage_hint: '[@user]', should_escape: true });
    expect(byName['/define']?.should_escape).toBe(false);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  });

  it('GIVEN no public URL THEN the app uses Socket Mode with interactivity on AND the four bot scopes', () => {
    const manifest = slackManifest({ commands });
    expect(manifest.settings).toMatchObject({ socket_mode_enabled: true, interactivity: { is_enabled: true } });
    expect(manifest.settings.interactivity.request_url).toBeUndefined();
    expect(manifest.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(BOT_SCOPES).toEqual(['commands', 'chat:write', 'chat:write.public', 'users:read']);
  });

  it('GIVEN a public URL THEN commands and interactivity point at its /slack/events AND Socket Mode is off', () => {
    const manifest = slackManifest({ commands, publicUrl: 'https://bot.example.com/' });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://bot.example.com/slack/events' });
    expect(new Set(manifest.features.slash_commands.map((entry) => entry.url))).toEqual(new Set(['https://bot.example.com/slack/events']));
  });

  it('GIVEN a base URL with a path, or one that is not https THEN the path is kept, or it is refused', () => {
    expect(eventsUrl('https://example.com/study-bot')).toBe('https://example.com/study-bot/slack/events');
    expect(() => eventsUrl('http://example.com')).toThrow(/https/);
  });

  it("GIVEN the registry THEN /quiz's usage hint names the subcommands in order up to the admins' last one (/help lists all), the plan's four too, and every hint is within Slack's 100 characters", () => {
    const manifest = slackManifest({ commands });
    const quiz = commands.find((command) => command.name === 'quiz')!;
    const hint = manifest.features.slash_commands.find((entry) => entry.command === '/quiz')!.usage_hint!;
    const named = hint.slice(1, -1).split('|').filter((name) => name !== '…');
    expect(named).toEqual(quiz.subcommands!.map((sub) => sub.name).slice(0, named.length));
    expect(hint.slice(1, -1).split('|')).toEqual(expect.arrayContaining(['schedule', 'language', 'pause', 'resume']));
    for (const entry of manifest.features.slash_commands) expect(entry.usage_hint?.length ?? 0, entry.command).toBeLessThanOrEqual(100);
  });

  it('GIVEN more subcommands than fit in 100 characters THEN the hint keeps whole names and ends with …, never half a name', () => {
    const quiz = commands.find((command) => command.name === 'quiz')!;
    const many = { ...quiz, subcommands: Array.from({ length: 20 }, (_, i) => ({ ...quiz.subcommands![0]!, name: `subcommand${i}` })) };
    const hint = usageHint(many)!;
    expect(hint.length).toBeLessThanOrEqual(100);
    const names = hint.slice(1, -1).split('|');
    expect(names.at(-1)).toBe('…');
    expect(names.slice(0, -1)).toEqual(Array.from({ length: names.length - 1 }, (_, i) => `subcommand${i}`));
    expect(slackManifest({ commands: [many] }).features.slash_commands[0]!.usage_hint).toBe(hint);
  });

  it('GIVEN a command with neither options nor subcommands THEN it has no usage hint', () => {
    expect(usageHint(commands.find((command) => command.name === 'help')!)).toBeUndefined();
  });

  it('GIVEN /leaderboard THEN its hint names the boards and the past period', () => {
    expect(usageHint(commands.find((command) => command.name === 'leaderboard')!)).toBe('[streak|week|month|all] [when]');
  });

  it('GIVEN npm run slack:manifest -- --http THEN it writes YAML that parses back to the same manifest', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'slack-manifest-'));
    try {
      const out = path.join(dir, 'slack-manifest.yaml');
      await run('npx', ['tsx', 'scripts/slack-manifest.ts', '--http', 'https://bot.example.com', '--out', out], {
        cwd: path.resolve(import.meta.dirname, '../../..'),
      });
      const written = parse(await readFile(out, 'utf8')) as SlackManifest;
      expect(written).toEqual(slackManifest({ commands, publicUrl: 'https://bot.example.com' }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
