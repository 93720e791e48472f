import { describe, expect, it } from 'vitest';
import type { User } from '../../src/core/request.ts';
import { plainText } from '../../src/core/reply.ts';
import { TWO_CHAPTERS_CONTENT, testStudy } from '../support/study.ts';

const where = { platform: 'console' as const, community: 'c1', channel: 'ch1' };
const ko: User = { id: 'u1', displayName: 'Min', locale: 'ko', canManage: false };
const en: User = { ...ko, locale: 'en' };

async function define(term: string, user: User) {
  const { dispatcher } = await testStudy({ contentDir: TWO_CHAPTERS_CONTENT });
  return dispatcher.command({ kind: 'command', ...where, command: 'define', options: { term }, user });
}

describe('/define', () => {
  it("GIVEN a term THEN its section shows once, as the id and the title in the reader's language", async () => {
    const inKo = await define('kubelet', ko);
    const inEn = await define('kubelet', en);
    expect(inKo.fields?.[0]).toEqual({ name: '노트', value: '§1.1 핵심 용어', inline: true });
    expect(inEn.fields?.[0]).toEqual({ name: 'Notes', value: '§1.1 Core terms', inline: true });
    const shown = (reply: typeof inKo) => [reply.title, ...reply.sections, reply.footer, ...(reply.fields ?? []).flatMap((f) => [f.name, f.value])].join('\n');
    expect(shown(inKo).match(/1\.1/g)).toHaveLength(1);
    expect(shown(inEn).match(/1\.1/g)).toHaveLength(1);
  });

  it('GIVEN a typo THEN the "did you mean" note is shown AND the related-terms label stays, last, above the buttons', async () => {
    const reply = await define('kubelte', en);
    expect(reply.title).toBe('kubelet · 큐블릿');
    expect(reply.buttons?.map((button) => `${button.action}|${button.payload}`)).toEqual(['define.show|pod', 'define.show|node', 'quiz.term|kubelet', 'report.open|kubelet']);
    expect(plainText(reply.footer ?? '')).toBe('“kubelte” → kubelet\nRelated terms');
  });

  it('GIVEN an exact term THEN the footer is the related-terms label alone', async () => {
    expect((await define('kubelet', ko)).footer).toBe('관련 용어');
  });
});
