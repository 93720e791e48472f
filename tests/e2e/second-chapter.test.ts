/**
 * A second chapter added as YAML only (tests/fixtures/content-two-chapters: book.yaml, two
 * sections, three terms, four questions), through every part that reads the book.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { type Reply, plainText } from '../../src/core/reply.ts';
import type { User } from '../../src/core/request.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { type TestStudy, TWO_CHAPTERS_CONTENT, testStudy } from '../support/study.ts';

const CHAPTER_2 = ['pods-001', 'pods-002', 'pods-003', 'web-app-001'];
const admin: User = { id: 'admin', displayName: 'Admin', locale: 'en', canManage: true };
const member: User = { id: 'u1', displayName: 'Min', locale: 'ko', canManage: false };
const where = { platform: 'discord' as const, community: 'g1', channel: 'c1' };
const NINE_AM_SEOUL = (day: number) => new Date(Date.UTC(2026, 11, day, 0, 0, 0));
const noSleep = async () => undefined;

const command = (t: TestStudy, name: string, options: Record<string, string>, user: User, subcommand?: string) =>
  t.dispatcher.command({ kind: 'command', ...where, command: name, ...(subcommand ? { subcommand } : {}), options, user });
const shown = (reply: Reply) => plainText(reply.sections.join('\n'));
const questionId = (reply: Reply) => reply.buttons?.[0]?.payload.split(':')[0];

describe('a second chapter written as YAML only', () => {
  it('GIVEN a chapter-2 term THEN /define shows its section with the title book.yaml gives it', async () => {
    const t = await testStudy({ contentDir: TWO_CHAPTERS_CONTENT });
    const ko = await command(t, 'define', { term: '퍼즈 컨테이너' }, member);
    expect(ko.title).toBe('pause container · 퍼즈 컨테이너');
    expect(ko.fields?.[0]).toEqual({ name: '노트', value: '§2.2 파드란 무엇인가?', inline: true });
    const list = await command(t, 'define', {}, admin);
    expect(list.fields?.map((field) => field.name)).toEqual([
      '§1.1 Core terms',
      '§1.2 Infrastructure drift',
      '§2.1 An example web application',
      '§2.2 What is a Pod?',
    ]);
    // Nothing close: the book's starting points, chapter 1's first.
    expect((await command(t, 'define', { term: 'zzqqxx' }, member)).buttons?.map((button) => button.payload)).toEqual(['pod', 'kubelet', 'control-plane']);
  });

  it('GIVEN /quiz practice 2 THEN every question comes from chapter 2; a topic narrows to it; an unknown one lists what exists', async () => {
    const t = await testStudy({ contentDir: TWO_CHAPTERS_CONTENT });
    const served = new Set<string>();
    for (let i = 0; i < 6; i += 1) {
      const reply = await command(t, 'quiz', { topic: '2' }, member, 'practice');
      served.add(questionId(reply)!);
      const [id, letter] = [questionId(reply)!, 'A'];
      await t.dispatcher.action({ kind: 'action', ...where, action: 'quiz.practice', payload: `${id}:${letter}`, user: member });
    }
    expect([...served].sort()).toEqual(CHAPTER_2);
    const topic = await command(t, 'quiz', { topic: 'web-app' }, member, 'practice');
    expect(questionId(topic)).toBe('web-app-001');
    expect(topic.title).toBe('연습 문제 · 예제 웹 애플리케이션');
    const byName = await command(t, 'quiz', { topic: 'What makes a Pod' }, admin, 'practice');
    expect(['pods-001', 'pods-002', 'pods-003']).toContain(questionId(byName));
    const unknown = await command(t, 'quiz', { topic: 'etcd' }, admin, 'practice');
    expect(unknown.buttons ?? []).toEqual([]);
    expect(shown(unknown)).toBe('There is no topic or chapter etcd. Topics: drift, terms, pods, web-app. Chapters: 1, 2.');
  });

  it('GIVEN the topic option WHEN typed THEN autocomplete offers chapters and topics by id or name', async () => {
    const t = await testStudy({ contentDir: TWO_CHAPTERS_CONTENT });
    const complete = (value: string, locale: 'ko' | 'en') =>
      t.dispatcher.autocomplete({ kind: 'autocomplete', ...where, command: 'quiz', option: 'topic', value, user: { ...member, locale } });
    expect(await complete('pod', 'en')).toEqual([
      { name: '2 Why the Pod?', value: '2' },
      { name: 'What makes a Pod (pods)', value: 'pods' },
    ]);
    expect(await complete('드리프트', 'ko')).toEqual([{ name: '인프라 드리프트 (drift)', value: 'drift' }]);
  });

  it('GIVEN /quiz chapters 2 THEN the daily rounds draw only from chapter 2, starting at its first topic; all brings chapter 1 back', async () => {
    const t = await testStudy({ contentDir: TWO_CHAPTERS_CONTENT });
    const discord = new RecordingPlatform('discord');
    await t.study.subscriptions.subscribe(where, t.clock.now());
    const refused = await command(t, 'quiz', { chapters: '2' }, member, 'chapters');
    expect((await t.study.communities.plan(where)).chapters).toBeUndefined();
    expect(refused.tone).not.toBe('success');
    const bad = await command(t, 'quiz', { chapters: '1,7' }, admin, 'chapters');
    expect(shown(bad)).toBe('There is no chapter 7. Chapters: 1, 2. Write e.g. 1,2 or all.');
    const set = await command(t, 'quiz', { chapters: '2' }, admin, 'chapters');
    expect(shown(set)).toBe('Daily questions now come from 2 Why the Pod?.');
    expect((await t.study.communities.plan(where)).chapters).toEqual(['2']);
    const status = await command(t, 'quiz', {}, member, 'status');
    expect(status.fields).toContainEqual({ name: '문제가 나오는 장', value: '2', inline: true });

    const posted: string[] = [];
    for (let day = 1; day <= 4; day += 1) {
      t.clock.set(NINE_AM_SEOUL(day));
      await runRound(NINE_AM_SEOUL(day), { study: t.study, adapters: { discord }, logger: silentLogger, sleep: noSleep });
      const round = (await t.study.rounds.communityRounds({ platform: 'discord', community: 'g1' })).current!;
      posted.push(round.questionId);
    }
    expect(posted[0]).toMatch(/^pods-/);
    expect([...posted].sort()).toEqual(CHAPTER_2);
    const post = discord.postsIn('c1').at(-1)!;
    expect(post.footer).toMatch(/노트 2\.\d절/);

    await command(t, 'quiz', { chapters: 'all' }, admin, 'chapters');
    expect((await t.study.communities.plan(where)).chapters).toBeUndefined();
    t.clock.set(NINE_AM_SEOUL(5));
    await runRound(NINE_AM_SEOUL(5), { study: t.study, adapters: { discord }, logger: silentLogger, sleep: noSleep });
    // Every chapter again: chapter 1's first topic (drift) comes first among what is left.
    expect((await t.study.rounds.communityRounds({ platform: 'discord', community: 'g1' })).current!.questionId).toBe('fx-drift-001');
  });
});
