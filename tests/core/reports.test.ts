/**
 * Reports through the real dispatcher on a real SQLite file: the one open report per member and
 * item, the reason's limit, the hold at three reporters in rounds and practice, and resolve.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderMessage as renderDiscord } from '../../src/adapters/discord/render.ts';
import { renderMessage as renderSlack } from '../../src/adapters/slack/render.ts';
import { plainText, type Reply } from '../../src/core/reply.ts';
import type { CommandRequest, User } from '../../src/core/request.ts';
import { SETS } from '../../src/store/keys.ts';
import type { Store } from '../../src/store/store.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { discordMarkup, slackMarkup } from '../support/markup.ts';
import { useRedis } from '../support/redis.ts';
import { type TestStudy, testStudy } from '../support/study.ts';

const dirs: string[] = [];
const studies: TestStudy[] = [];

afterEach(async () => {
  for (const core of studies.splice(0)) await core.store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function sqliteStudy(): Promise<TestStudy> {
  const dir = mkdtempSync(path.join(tmpdir(), 'reports-'));
  dirs.push(dir);
  const core = await testStudy({ storeUrl: `sqlite://${path.join(dir, 'bot.sqlite')}` });
  studies.push(core);
  return core;
}

const member = (id: string, canManage = false): User => ({ id, displayName: `Member ${id}`, locale: 'en', canManage });
const where = (community: string) => ({ platform: 'discord' as const, community, channel: 'c1' });

function command(community: string, user: User, name: string, options: CommandRequest['options'], subcommand?: string): CommandRequest {
  return { kind: 'command', ...where(community), command: name, ...(subcommand ? { subcommand } : {}), options, user };
}

const text = (reply: Reply) =>
  plainText([reply.title ?? '', ...reply.sections, ...(reply.fields ?? []).flatMap((f) => [f.name, f.value]), reply.footer ?? ''].join('\n')).trim();

async function report(core: TestStudy, community: string, user: User, item: string, reason: string): Promise<Reply> {
  return core.dispatcher.command(command(community, user, 'report', { item, reason }));
}

async function listReports(core: TestStudy, community: string, resolve?: string): Promise<Reply> {
  return core.dispatcher.command(command(community, member('admin', true), 'quiz', resolve ? { resolve } : {}, 'reports'));
}

describe('reports', () => {
  it('GIVEN a report THEN the reporter alone is thanked AND /quiz reports lists the item with one member and the reason', async () => {
    const core = await sqliteStudy();
    const thanks = await report(core, 'g1', member('u1'), 'fx-terms-001', 'B is right too');
    expect(thanks.visibility).toBe('requester');
    expect(text(thanks)).toContain('Thanks for the report');
    const list = await listReports(core, 'g1');
    expect(list.visibility).toBe('requester');
    expect(list.fields).toEqual([{ name: '`fx-terms-001` · question · reported by 1', value: expect.stringContaining('B is right too') }]);
    expect(plainText(list.fields![0]!.value)).toBe('Member u1: B is right too');
  });

  it('GIVEN a member reporting the same item twice THEN the reason is replaced, they are told so, AND the item counts them once', async () => {
    const core = await sqliteStudy();
    await report(core, 'g1', member('u1'), 'kubelet', 'first reason');
    const again = await report(core, 'g1', member('u1'), 'kubelet', 'second reason');
    expect(text(again)).toContain('your reason is now the new one');
    await report(core, 'g1', member('u2'), 'kubelet', 'another member');
    const list = await listReports(core, 'g1');
    expect(list.fields![0]!.name).toBe('`kubelet` · term · reported by 2');
    expect(plainText(list.fields![0]!.value)).not.toContain('first reason');
    expect(plainText(list.fields![0]!.value)).toContain('second reason');
  });

  it('GIVEN a reason of 500 characters THEN it is stored; 501 THEN a clear reply and nothing is stored', async () => {
    const core = await sqliteStudy();
    const long = await report(core, 'g1', member('u1'), 'pod', '가'.repeat(501));
    expect(text(long)).toBe('The reason is too long (501 characters). Please keep it within 500 and send it again; nothing was saved.');
    expect(text(await listReports(core, 'g1'))).toBe('There are no open reports.');
    const fits = await report(core, 'g1', member('u1'), 'pod', '가'.repeat(500));
    expect(text(fits)).toContain('Thanks for the report');
    expect(await core.study.reports.open({ platform: 'discord', community: 'g1' })).toMatchObject([{ item: 'pod', reports: [{ reason: '가'.repeat(500) }] }]);
  });

  it('GIVEN an unknown id THEN a clear reply with suggestions AND nothing is stored', async () => {
    const core = await sqliteStudy();
    const reply = await report(core, 'g1', member('u1'), 'fx-terms-9', 'wrong');
    expect(text(reply)).toContain('There is no term or question fx-terms-9');
    expect(text(reply)).toContain('Did you mean: fx-terms-001, fx-terms-002, fx-terms-003');
    expect(await core.study.reports.open({ platform: 'discord', community: 'g1' })).toEqual([]);
  });

  it('GIVEN reports in one community THEN another community sees none of them', async () => {
    const core = await sqliteStudy();
    await report(core, 'g1', member('u1'), 'pod', 'wrong');
    expect(text(await listReports(core, 'g2'))).toBe('There are no open reports.');
  });

  it('GIVEN /quiz reports from a member without the manage permission THEN it is refused', async () => {
    const core = await sqliteStudy();
    const reply = await core.dispatcher.command(command('g1', member('u1'), 'quiz', {}, 'reports'));
    expect(text(reply)).toMatch(/Manage Server/);
  });

  it('GIVEN markup in a reason and a reporter name THEN /quiz reports shows it inert on Discord and Slack', async () => {
    const core = await sqliteStudy();
    const hostile = '[Free Nitro](https://evil.example) **bold** <@123456789012345678> @everyone # heading `code`';
    const harmless = 'Qq7';
    await report(core, 'g1', { ...member('u1'), displayName: hostile }, 'pod', hostile);
    await report(core, 'g2', { ...member('u1'), displayName: harmless }, 'pod', harmless);
    const [bad, good] = [await listReports(core, 'g1'), await listReports(core, 'g2')];
    const discord = (reply: Reply) =>
      renderDiscord(reply)
        .embeds[0]!.fields!.flatMap((f) => [f.name, f.value])
        .flatMap(discordMarkup);
    const slack = (reply: Reply) => JSON.stringify(renderSlack(reply).blocks);
    expect(discord(bad)).toEqual(discord(good));
    const slackFields = (reply: Reply) =>
      (renderSlack(reply).blocks as unknown as Array<{ text?: { type: string; text: string }; fields?: Array<{ type: string; text: string }> }>)
        .flatMap((block) => [block.text, ...(block.fields ?? [])])
        .filter((object) => object?.type === 'mrkdwn')
        .flatMap((object) => slackMarkup(object!.text));
    expect(slackFields(bad)).toEqual(slackFields(good));
    expect(slack(bad)).not.toContain('<@123456789012345678>');
    expect(plainText(bad.fields![0]!.value)).toBe(`${hostile}: ${hostile}`);
  });
});

describe('the hold at three reporters', () => {
  const A = { platform: 'discord', community: 'hold-a' };

  it('GIVEN two members reporting the next question THEN the round still uses it', async () => {
    const core = await sqliteStudy();
    const next = core.study.rounds.questionOrder(A, 0)[0]!;
    await report(core, 'hold-a', member('u1'), next.id, 'wrong');
    await report(core, 'hold-a', member('u2'), next.id, 'wrong');
    const opened = await core.study.rounds.open(A, '2026-11-28');
    expect(opened!.round.questionId).toBe(next.id);
  });

  it('GIVEN three members THEN rounds and practice skip it AND /quiz reports says it is held; resolve THEN both use it again', async () => {
    const core = await sqliteStudy();
    const order = core.study.rounds.questionOrder(A, 0);
    const held = order[0]!;
    for (const id of ['u1', 'u2', 'u3']) await report(core, 'hold-a', member(id), held.id, 'wrong');
    expect((await listReports(core, 'hold-a')).fields![0]!.name).toBe(`\`${held.id}\` · question · reported by 3 · ⏸ held from rounds`);

    expect((await core.study.rounds.open(A, '2026-11-28'))!.round.questionId).toBe(order[1]!.id);
    const practised = new Set<string>();
    for (let i = 0; i < core.content.trivia.length * 2; i += 1) {
      const { question } = (await core.study.practice.next(A, 'learner'))!;
      practised.add(question.id);
      await core.study.practice.answer(A, 'learner', question.id, question.answer);
      core.clock.advance(60_000);
    }
    expect(practised.has(held.id)).toBe(false);
    expect(practised.size).toBe(core.content.trivia.length - 1);

    const resolved = await listReports(core, 'hold-a', `resolve ${held.id}`);
    expect(text(resolved)).toBe(`Closed 3 report(s) on ${held.id}.`);
    expect(text(await listReports(core, 'hold-a'))).toBe('There are no open reports.');
    // The held question was never used, so it is the first unused one now.
    expect((await core.study.rounds.open(A, '2026-11-29'))!.round.questionId).toBe(held.id);
    expect((await core.study.practice.next(A, 'learner'))!.question.id).toBe(held.id);
  });

  it('GIVEN three members reporting a term THEN nothing is held (only questions are)', async () => {
    const core = await sqliteStudy();
    for (const id of ['u1', 'u2', 'u3']) await report(core, 'hold-a', member(id), 'kubelet', 'wrong');
    expect((await listReports(core, 'hold-a')).fields![0]!.name).toBe('`kubelet` · term · reported by 3');
  });
});

describe('resolving by text', () => {
  it('GIVEN /quiz reports <id> typed on Slack without the word resolve THEN nothing closes AND the reply says how; with it THEN the reports close', async () => {
    const core = await sqliteStudy();
    const onSlack = { kind: 'command', platform: 'slack', community: 'T1', channel: 'C1' } as const;
    const slack = (resolve: string): CommandRequest => ({ ...onSlack, command: 'quiz', subcommand: 'reports', options: resolve ? { resolve } : {}, user: member('admin', true) });
    await core.dispatcher.command({ ...onSlack, command: 'report', options: { item: 'fx-terms-001', reason: 'B is right too' }, user: member('u1') });
    const slip = await core.dispatcher.command(slack('fx-terms-001'));
    expect(text(slip)).toContain('/quiz reports resolve <id>');
    const listed = await core.dispatcher.command(slack(''));
    expect(text(listed)).toContain('fx-terms-001');
    expect(text(await core.dispatcher.command(slack('resolve fx-terms-001')))).toBe('Closed 1 report(s) on fx-terms-001.');
  });
});

describe('a resolve while a report is being written', () => {
  const C = { platform: 'discord' as const, community: 'race' };
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  it('GIVEN the third report holding its question WHEN a resolve runs meanwhile THEN no question stays held without an open report', async () => {
    const inner = await createStore('memory://');
    let gate: (() => Promise<unknown>) | undefined;
    // The store as it is, except that adding a hold waits (up to 300 ms) for whatever the test runs meanwhile.
    const sets: Store['sets'] = {
      add: async (name, value) => {
        if (name.startsWith('held:') && gate) await gate();
        return inner.sets.add(name, value);
      },
      remove: (name, value) => inner.sets.remove(name, value),
      members: (name) => inner.sets.members(name),
    };
    const store = new Proxy(inner, {
      get(target, property) {
        if (property === 'sets') return sets;
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const core = await testStudy({ store });
    studies.push(core);
    const id = core.content.trivia[0]!.id;
    for (const user of ['u1', 'u2']) await core.study.reports.report(C, id, { id: user, name: user }, 'wrong');
    let resolving: Promise<number> | undefined;
    gate = () => Promise.race([resolving, sleep(300)]);
    const third = core.study.reports.report(C, id, { id: 'u3', name: 'u3' }, 'wrong');
    resolving = core.study.reports.resolve(C, id);
    await Promise.all([third, resolving]);
    const open = new Set((await core.study.reports.open(C)).map((record) => record.item));
    const held = await core.store.sets.members(SETS.heldOf(C));
    expect(held.filter((item) => !open.has(item))).toEqual([]);
  });
});

describe('reports on one Redis shared by two bot processes', () => {
  const redis = useRedis();
  const B = { platform: 'discord' as const, community: 'hold-b' };
  const NINE_AM_SEOUL = (day: number) => new Date(Date.UTC(2026, 10, day, 0, 0, 0));

  it.skipIf(redis.skip)(
    'GIVEN three members reporting at once on two replicas, one of them twice THEN the item counts 3 members AND the posted daily question is another one',
    async () => {
      const a = await testStudy({ store: await createStore(redis.url()) });
      const b = await testStudy({ store: await createStore(redis.url()) });
      studies.push(a, b);
      const held = a.study.rounds.questionOrder(B, 0)[0]!;
      await Promise.all([
        report(a, 'hold-b', member('u1'), held.id, 'first'),
        report(b, 'hold-b', member('u1'), held.id, 'again'),
        report(a, 'hold-b', member('u2'), held.id, 'wrong'),
        report(b, 'hold-b', member('u3'), held.id, 'wrong'),
      ]);
      const [record] = await b.study.reports.open(B);
      expect(record!.reports.map((entry) => entry.user).sort()).toEqual(['u1', 'u2', 'u3']);

      await a.study.subscriptions.subscribe({ ...B, channel: 'c1' }, a.clock.now());
      const platform = new RecordingPlatform('discord');
      await runRound(NINE_AM_SEOUL(28), { study: b.study, adapters: { discord: platform }, logger: silentLogger });
      const [posted] = platform.postsIn('c1');
      expect(posted).toBeDefined();
      expect(plainText(posted!.sections.join('\n'))).not.toContain(held.en.question);
      expect(plainText(posted!.sections.join('\n'))).not.toContain(held.ko.question);
    },
  );
});
