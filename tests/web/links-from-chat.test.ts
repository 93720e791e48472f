/**
 * Definitions link to their web page when the deployment has a public address: the neutral
 * link button, and how each platform draws it (Discord link style, Slack `url`, the console
 * prints the address). Also PUBLIC_URL's parsing.
 */
import type { BlockAction } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { renderConsole, findButton } from '../../src/adapters/console/render.ts';
import { renderMessage as renderDiscord } from '../../src/adapters/discord/render.ts';
import { renderMessage as renderSlack } from '../../src/adapters/slack/render.ts';
import { parseButtonPress } from '../../src/adapters/slack/to-request.ts';
import { loadConfig, publicUrlOf } from '../../src/config.ts';
import type { User } from '../../src/core/request.ts';
import type { Reply } from '../../src/core/reply.ts';
import { fixture } from '../adapters/slack/harness.ts';
import { testStudy } from '../support/study.ts';

const where = { platform: 'console' as const, community: 'c1', channel: 'ch1' };
const ko: User = { id: 'u1', displayName: 'Min', locale: 'ko', canManage: false };
const en: User = { ...ko, locale: 'en' };
const PUBLIC = 'https://study.example.org';

async function define(term: string, user: User, linkDefinitions: boolean): Promise<Reply> {
  const { dispatcher, store } = await testStudy({ web: { publicUrl: PUBLIC, linkDefinitions } });
  try {
    return await dispatcher.command({ kind: 'command', ...where, command: 'define', options: { term }, user });
  } finally {
    await store.close();
  }
}

describe('the "open on the web" link on definitions', () => {
  it("GIVEN PUBLIC_URL WHEN a term is defined THEN the last button links to its page in the reader's language", async () => {
    const reply = await define('kubelte', en, true);
    const link = reply.buttons?.at(-1);
    expect(link).toMatchObject({ label: 'Open on the web', url: `${PUBLIC}/glossary/kubelet?lang=en` });
    expect(reply.buttons?.filter((button) => button.url === undefined).map((button) => `${button.action}|${button.payload}`)).toEqual(['define.show|pod', 'define.show|node', 'quiz.term|kubelet', 'report.open|kubelet']);
    expect((await define('kubelet', ko, true)).buttons?.at(-1)?.url).toBe(`${PUBLIC}/glossary/kubelet?lang=ko`);
  });

  it('GIVEN no PUBLIC_URL THEN definitions carry no link (chat never points at someone else’s localhost)', async () => {
    const reply = await define('kubelet', en, false);
    expect(reply.buttons?.some((button) => button.url !== undefined)).toBe(false);
  });

  it('GIVEN the link WHEN rendered for Discord THEN it is a Link-style button with the url and no custom_id', async () => {
    const rows = renderDiscord(await define('kubelet', en, true)).components;
    const last = rows.at(-1)!.components.at(-1)!;
    expect(last).toEqual({ type: 2, style: 5, label: 'Open on the web', url: `${PUBLIC}/glossary/kubelet?lang=en` });
    expect(rows.flatMap((row) => row.components).filter((component) => 'custom_id' in component)).toHaveLength(4);
  });

  it('GIVEN the link WHEN rendered for Slack THEN it is a button with url, and its press is acked but not dispatched', async () => {
    const message = renderSlack(await define('kubelet', en, true));
    const actions = message.blocks.filter((block) => block.type === 'actions') as unknown as Array<{ elements: Array<Record<string, unknown>> }>;
    const link = actions.flatMap((block) => block.elements).find((element) => element.url !== undefined)!;
    expect(link).toMatchObject({ type: 'button', url: `${PUBLIC}/glossary/kubelet?lang=en`, text: { type: 'plain_text', text: 'Open on the web' } });
    expect(link.value).toBeUndefined();
    // Slack sends a block action when a link button is clicked; it must decode to no press.
    const body = fixture<BlockAction>('block-actions.json');
    const clicked = { ...body, actions: [{ ...body.actions[0]!, action_id: link.action_id as string, value: undefined }] } as unknown as BlockAction;
    expect(parseButtonPress(clicked, clicked.actions[0]!)).toBeUndefined();
  });

  it('GIVEN the link WHEN rendered for the console THEN the address is printed and typing the label presses nothing', async () => {
    const reply = await define('kubelet', en, true);
    const text = renderConsole(reply);
    expect(text).toContain(`Open on the web: ${PUBLIC}/glossary/kubelet?lang=en`);
    expect(text).not.toContain('[Open on the web]');
    expect(findButton(reply.buttons ?? [], 'Open on the web')).toBeUndefined();
  });
});

describe('PUBLIC_URL', () => {
  it('GIVEN nothing THEN the pages are at http://localhost:<PORT> and definitions are not linked', () => {
    const config = loadConfig({ PORT: '8080' });
    expect(config.PUBLIC_URL).toBeUndefined();
    expect(publicUrlOf(config)).toBe('http://localhost:8080');
  });

  it('GIVEN an address with a trailing slash or a path THEN it is kept without the slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://study.example.org/' }).PUBLIC_URL).toBe('https://study.example.org');
    expect(publicUrlOf(loadConfig({ PUBLIC_URL: 'https://example.org/k8s/' }))).toBe('https://example.org/k8s');
  });

  it.each(['study.example.org', 'ftp://example.org', 'https://example.org/?x=1', 'javascript:alert(1)'])(
    'GIVEN %s THEN the configuration is refused, naming PUBLIC_URL',
    (value) => {
      expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL: expected an http\(s\) URL/);
    },
  );
});
