import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, commandResponse, escapeText, LIMITS, renderMessage, toMrkdwn, unescapeText } from '../../../src/adapters/slack/render.ts';
import type { Button, Reply } from '../../../src/core/reply.ts';
import { blocksOf, buttonIdOf, buttonsOf, headerOf, textOf } from './harness.ts';

interface AnyBlock {
  type: string;
  text?: { type: string; text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<{ type: string; text: string | { text: string }; action_id?: string; value?: string }>;
}

const blocks = (reply: Reply) => renderMessage(reply).blocks as unknown as AnyBlock[];

function button(label: string, payload: string, extra: Partial<Button> = {}): Button {
  return { label, action: 'define.show', payload, style: 'secondary', ...extra };
}

/** Every limit Slack enforces on a message, checked on a rendered one. */
function expectWithinLimits(reply: Reply): void {
  const rendered = blocks(reply);
  expect(rendered.length).toBeLessThanOrEqual(LIMITS.blocks);
  expect(renderMessage(reply).text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  const actions = rendered.filter((block) => block.type === 'actions');
  expect(actions.length).toBeLessThanOrEqual(LIMITS.actionsBlocks);
  for (const block of rendered) {
    if (block.type === 'header') expect(block.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (block.type === 'section') {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect((block.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fieldsPerSection);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
    }
    if (block.type === 'actions') {
      expect(block.elements!.length).toBeLessThanOrEqual(LIMITS.buttonsPerActions);
      const ids = block.elements!.map((element) => element.action_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const element of block.elements!) {
        expect((element.text as { text: string }).text.length).toBeLessThanOrEqual(LIMITS.buttonText);
        expect(element.action_id!.length).toBeLessThanOrEqual(LIMITS.actionId);
        if (element.value !== undefined) expect(element.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
      }
    }
  }
}

describe('escaping', () => {
  it('GIVEN the three control characters THEN they become entities AND unescaping gives the text back', () => {
    expect(escapeText('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    fc.assert(fc.property(fc.string(), (text) => unescapeText(escapeText(text)) === text));
  });

  it('GIVEN any text anywhere in a reply THEN the message holds no < or > except the links the renderer made itself', () => {
    const text = fc.string({
      unit: fc.constantFrom('<', '>', '&', '!', '@', 'U', 'everyone', '|', 'https://x.io', ' ', '\n', '*', '`', '가', 'a'),
      maxLength: 60,
    });
    fc.assert(
      fc.property(text, text, text, text, text, (title, section, name, value, label) => {
        const reply: Reply = {
          visibility: 'channel',
          title,
          sections: [section],
          fields: [{ name, value, inline: true }],
          footer: section,
          buttons: [button(label || 'x', 'pod'), button(label || 'y', 'node', { disabled: true, style: 'success' })],
        };
        const json = JSON.stringify(renderMessage(reply));
        const withoutOwnLinks = json.replace(/<https?:\/\/[^\s|<>"]+>/g, '');
        expect(withoutOwnLinks).not.toMatch(/[<>]/);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN a section that mentions everyone, a user and a link THEN each is shown as text', () => {
    const rendered = renderMessage({ visibility: 'channel', title: '<!here> title', sections: ['hi <!everyone> <@U123> <https://evil.example|click>'] });
    expect(headerOf(rendered)).toBe('&lt;!here&gt; title');
    expect(textOf(rendered)).toContain('hi &lt;!everyone&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt;');
  });

  it('GIVEN a field value that is only a documentation URL THEN it is a link AND a URL inside a sentence is left as text', () => {
    const rendered = blocks({
      visibility: 'channel',
      sections: ['see https://evil.example now'],
      fields: [{ name: 'Docs', value: 'https://kubernetes.io/docs/a?b=1&c=2' }],
    });
    expect(rendered[0]!.text!.text).toBe('see https://evil.example now');
    expect(rendered[1]!.text!.text).toBe('*Docs*\n<https://kubernetes.io/docs/a?b=1&amp;c=2>');
  });
});

describe('markup', () => {
  it('GIVEN **bold** and `code` THEN Slack mrkdwn *bold* and `code` come out', () => {
    expect(toMrkdwn('**A.** worker node and `kubectl`')).toBe('*A.* worker node and `kubectl`');
  });

  it('GIVEN bold glued to Korean text THEN a zero-width space keeps Slack drawing it bold', () => {
    expect(toMrkdwn('정답은 **B**예요')).toBe('정답은 *B*\u200b예요');
    expect(toMrkdwn('`/define`을 입력')).toBe('`/define`\u200b을 입력');
  });

  it('GIVEN every text object THEN mrkdwn is verbatim so Slack never resolves names or links by itself', () => {
    for (const block of blocks({ visibility: 'channel', sections: ['a'], fields: [{ name: 'n', value: 'v', inline: true }], footer: 'f' })) {
      const objects = [block.text, ...(block.fields ?? []), ...(block.elements ?? [])].filter(Boolean) as Array<{ type: string; verbatim?: boolean }>;
      for (const object of objects) if (object.type === 'mrkdwn') expect(object.verbatim).toBe(true);
    }
  });
});

describe('structure', () => {
  it('GIVEN a full reply THEN header, sections, fields, context and actions come in that order', () => {
    const rendered = blocks({
      visibility: 'channel',
      title: 'kubelet · 큐블릿',
      sections: ['**short**', 'long'],
      fields: [
        { name: 'Notes §1.1', value: '§1.1', inline: true },
        { name: 'Docs', value: 'https://kubernetes.io/', inline: true },
        { name: 'Wide', value: 'full width' },
      ],
      footer: 'Related terms',
      buttons: [button('Pod · 파드', 'pod'), button('node · 노드', 'node')],
    });
    expect(rendered.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'section', 'context', 'actions']);
    expect(rendered[3]!.fields).toHaveLength(2);
    expect(rendered[4]!.text!.text).toBe('*Wide*\nfull width');
    expect(rendered[6]!.elements!.map(buttonIdOf)).toEqual(['define.show|pod', 'define.show|node']);
    // The action id is the button id, so no copy of it rides in value.
    expect(rendered[6]!.elements!.map((element) => element.value)).toEqual([undefined, undefined]);
  });

  it('GIVEN requester or channel visibility THEN the response type is ephemeral or in_channel', () => {
    expect(commandResponse({ visibility: 'requester', sections: ['x'] }).response_type).toBe('ephemeral');
    expect(commandResponse({ visibility: 'channel', sections: ['x'] }).response_type).toBe('in_channel');
  });

  it('GIVEN settled (disabled) choices THEN no buttons remain AND a context line marks the right and the wrong pick', () => {
    const reply: Reply = {
      visibility: 'requester',
      sections: ['q'],
      buttons: [
        { label: 'A', action: 'quiz.none', payload: 'A', style: 'danger', disabled: true },
        { label: 'B', action: 'quiz.none', payload: 'B', style: 'success', disabled: true },
        { label: 'C', action: 'quiz.none', payload: 'C', style: 'secondary', disabled: true },
      ],
    };
    expect(buttonsOf(renderMessage(reply))).toEqual([]);
    expect(textOf(renderMessage(reply))).toContain('❌ ~A~   ✅ *B*   C');
  });

  it('GIVEN two buttons with the same id THEN their action_ids still differ AND the second, whose action id is not the button id, carries the id in value', () => {
    const elements = blocks({ visibility: 'channel', sections: ['x'], buttons: [button('a', 'pod'), button('b', 'pod')] }).at(-1)!.elements!;
    expect(elements.map((element) => element.action_id)).toEqual(['define.show|pod', 'define.show|pod#1']);
    expect(elements.map((element) => element.value)).toEqual([undefined, 'define.show|pod']);
    expect(elements.map(buttonIdOf)).toEqual(['define.show|pod', 'define.show|pod']);
  });

  it('GIVEN primary, success, danger and secondary buttons THEN Slack gets primary, primary, danger and its default', () => {
    const styles = ['primary', 'success', 'danger', 'secondary'] as const;
    const elements = blocks({ visibility: 'channel', sections: ['x'], buttons: styles.map((style, index) => button(style, String(index), { style })) }).at(-1)!
      .elements! as Array<{ style?: string }>;
    expect(elements.map((element) => element.style)).toEqual(['primary', 'primary', 'danger', undefined]);
  });
});

describe("Slack's limits", () => {
  it('GIVEN oversized text everywhere THEN every piece is cut to its limit', () => {
    const long = (n: number) => 'x'.repeat(n);
    const reply: Reply = {
      visibility: 'channel',
      title: long(400),
      sections: [long(5000)],
      fields: Array.from({ length: 23 }, (_, i) => ({ name: `f${i}`, value: long(3000), inline: true })),
      footer: long(4000),
      buttons: Array.from({ length: 30 }, (_, i) => button(long(120), `p${i}`)),
    };
    expectWithinLimits(reply);
    const rendered = blocks(reply);
    expect(rendered.filter((block) => block.fields).map((block) => block.fields!.length)).toEqual([10, 10, 3]);
    expect(rendered.filter((block) => block.type === 'actions').map((block) => block.elements!.length)).toEqual([25, 5]);
  });

  it('GIVEN more sections than fit in 50 blocks THEN the body is shortened AND the title, footer and buttons stay', () => {
    const reply: Reply = {
      visibility: 'channel',
      title: 't',
      sections: Array.from({ length: 80 }, (_, i) => `s${i}`),
      footer: 'foot',
      buttons: [button('b', 'pod')],
    };
    const rendered = blocks(reply);
    expect(rendered).toHaveLength(LIMITS.blocks);
    expect(rendered[0]!.type).toBe('header');
    expect(rendered.at(-2)!.elements![0]).toMatchObject({ type: 'mrkdwn', text: 'foot' });
    expect(rendered.at(-1)!.type).toBe('actions');
    expect(textOf({ blocks: rendered })).toContain('…');
  });

  it('GIVEN random replies THEN every rendered message stays within the limits', () => {
    const text = fc.string({ maxLength: 4000 });
    const reply = fc.record({
      visibility: fc.constantFrom('requester' as const, 'channel' as const),
      title: text,
      sections: fc.array(text, { maxLength: 70 }),
      fields: fc.array(fc.record({ name: fc.string({ maxLength: 300 }), value: text, inline: fc.boolean() }), { maxLength: 40 }),
      footer: text,
      buttons: fc.array(
        fc.record({
          label: fc.string({ maxLength: 200 }),
          action: fc.constant('define.show'),
          payload: fc.string({ maxLength: 80 }).map((p) => p.replace(/\|/g, '')),
          style: fc.constantFrom('primary' as const, 'secondary' as const, 'success' as const, 'danger' as const),
          disabled: fc.boolean(),
        }),
        { maxLength: 140 },
      ),
    });
    fc.assert(
      fc.property(reply, (generated) => expectWithinLimits(generated)),
      { numRuns: 150 },
    );
  });

  it('GIVEN text cut at an entity or a surrogate pair THEN neither is left broken', () => {
    expect(clip('ab&amp;cd', 5)).toBe('ab…');
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clip('short', 10)).toBe('short');
  });

  it('GIVEN a reply with no title and no text THEN the fallback text is still not empty', () => {
    expect(renderMessage({ visibility: 'channel', sections: [] }).text.length).toBeGreaterThan(0);
    expect(blocksOf(renderMessage({ visibility: 'channel', sections: ['', '  '] }))).toEqual([]);
  });
});
