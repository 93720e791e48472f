import { describe, expect, it } from 'vitest';
import { clip, LIMITS, renderComponents, renderEmbed, renderMessage, TONE_COLOURS } from '../../../src/adapters/discord/render.ts';
import { type Button, decodeButtonId, type Reply } from '../../../src/core/reply.ts';

const button = (index: number, overrides: Partial<Button> = {}): Button => ({
  label: `b${index}`,
  action: 'define.show',
  payload: `term-${index}`,
  style: 'secondary',
  ...overrides,
});
const reply = (overrides: Partial<Reply> = {}): Reply => ({ visibility: 'channel', sections: ['hello'], ...overrides });

describe('Discord rendering', () => {
  it('GIVEN 12 buttons WHEN rendered THEN they fill rows of at most 5 in order', () => {
    const rows = renderComponents(Array.from({ length: 12 }, (_, i) => button(i)));
    expect(rows.map((row) => row.components.length)).toEqual([5, 5, 2]);
    expect(rows.every((row) => row.type === 1)).toBe(true);
    expect(rows.flatMap((row) => row.components.map((component) => component.label))).toEqual(Array.from({ length: 12 }, (_, i) => `b${i}`));
  });

  it('GIVEN 40 buttons WHEN rendered THEN only the first 25 are sent, in 5 rows', () => {
    const rows = renderComponents(Array.from({ length: 40 }, (_, i) => button(i)));
    expect(rows).toHaveLength(LIMITS.rows);
    expect(rows.flatMap((row) => row.components)).toHaveLength(25);
    expect(rows.at(-1)?.components.at(-1)?.label).toBe('b24');
  });

  it('GIVEN a 200-character label WHEN rendered THEN it is cut to 80 with an ellipsis', () => {
    const [row] = renderComponents([button(0, { label: '가'.repeat(200) })]);
    const label = row!.components[0]!.label!;
    expect(label).toHaveLength(80);
    expect(label.endsWith('…')).toBe(true);
  });

  it('GIVEN a button WHEN rendered THEN custom_id is action|payload within 100 characters and decodes back', () => {
    const long = button(0, { payload: 'x'.repeat(100 - 'define.show|'.length) });
    const [row] = renderComponents([long, button(1, { action: 'quiz.practice', payload: 'fx-terms-002:B' })]);
    const ids = row!.components.map((component) => ('custom_id' in component ? component.custom_id : ''));
    expect(ids.every((id) => id.length <= LIMITS.customId)).toBe(true);
    expect(ids[0]).toHaveLength(100);
    expect(decodeButtonId(ids[1]!)).toEqual({ action: 'quiz.practice', payload: 'fx-terms-002:B' });
  });

  it('GIVEN a payload that would make the id longer than 100 WHEN rendered THEN rendering refuses rather than send an id Discord would reject', () => {
    expect(() => renderComponents([button(0, { payload: 'x'.repeat(100) })])).toThrow(/too long/);
  });

  it('GIVEN two buttons with the same id WHEN rendered THEN only the first is sent (Discord refuses duplicate ids)', () => {
    const [row] = renderComponents([button(1), button(1, { label: 'twin' }), button(2)]);
    expect(row!.components.map((component) => component.label)).toEqual(['b1', 'b2']);
  });

  it('GIVEN styles and a disabled button WHEN rendered THEN Discord styles 1-4 and disabled are used', () => {
    const [row] = renderComponents([
      button(0, { style: 'primary' }),
      button(1, { style: 'secondary' }),
      button(2, { style: 'success', disabled: true }),
      button(3, { style: 'danger' }),
    ]);
    expect(row!.components.map((component) => [component.style, component.disabled ?? false])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, false],
    ]);
  });

  it.each(Object.entries(TONE_COLOURS))('GIVEN tone %s WHEN rendered THEN the embed has its colour', (tone, colour) => {
    expect(renderEmbed(reply({ tone: tone as NonNullable<Reply['tone']> })).color).toBe(colour);
  });

  it('GIVEN a requester-only reply WHEN rendered THEN it is ephemeral, a channel reply is not, and both allow no mentions', () => {
    expect(renderMessage(reply({ visibility: 'requester' }))).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
    expect(renderMessage(reply())).toMatchObject({ flags: 0, allowed_mentions: { parse: [] } });
  });

  it('GIVEN title, sections, fields and footer WHEN rendered THEN sections become paragraphs and the footer loses its markup', () => {
    const embed = renderEmbed(
      reply({
        title: 't',
        sections: ['**a**', '', 'b'],
        fields: [
          { name: 'n', value: 'v', inline: true },
          { name: '', value: '' },
        ],
        footer: '**bold** `code`',
      }),
    );
    expect(embed.description).toBe('**a**\n\nb');
    expect(embed.fields).toEqual([
      { name: 'n', value: 'v', inline: true },
      { name: '\u200b', value: '\u200b' },
    ]);
    expect(embed.footer?.text).toBe('bold code');
  });

  it('GIVEN a reply with nothing to show WHEN rendered THEN the embed is still one Discord accepts', () => {
    expect(renderEmbed({ visibility: 'channel', sections: [] }).description).toBe('\u200b');
  });

  it('GIVEN oversize text WHEN rendered THEN every part is within its limit and the embed within 6000 characters', () => {
    const embed = renderEmbed(
      reply({
        title: 'T'.repeat(400),
        sections: ['D'.repeat(5000)],
        fields: Array.from({ length: 30 }, (_, i) => ({ name: `N${i}`.repeat(200), value: 'V'.repeat(2000) })),
        footer: 'F'.repeat(3000),
      }),
    );
    expect(embed.title).toHaveLength(LIMITS.title);
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.footer!.text).toHaveLength(LIMITS.footer);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
    const total =
      embed.title!.length +
      (embed.description?.length ?? 0) +
      embed.footer!.text.length +
      (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  });

  it('GIVEN @everyone and @here in any text WHEN rendered THEN they are broken with a zero-width space', () => {
    const embed = renderEmbed(reply({ title: '@everyone', sections: ['hi @here'], footer: '@everyone' }));
    expect(JSON.stringify(embed)).not.toMatch(/@(everyone|here)/);
    expect(embed.title).toBe('@\u200beveryone');
  });

  it('GIVEN an emoji at the cut WHEN clipped THEN no half surrogate pair is left', () => {
    const cut = clip(`${'a'.repeat(78)}😀😀`, 80);
    expect(cut).toBe(`${'a'.repeat(78)}…`);
  });
});

describe('reused replies', () => {
  it('GIVEN a frozen (reused) reply THEN it is rendered once: the same message comes back, equal to rendering a fresh copy', () => {
    const fresh: Reply = {
      visibility: 'channel',
      title: 'kubelet',
      sections: ['node **agent**'],
      tone: 'info',
      buttons: [{ label: 'more', action: 'define.more', payload: 'kubelet', style: 'secondary' }],
    };
    const frozen = Object.freeze({ ...fresh });
    const first = renderMessage(frozen);
    expect(renderMessage(frozen)).toBe(first);
    expect(first).toEqual(renderMessage(fresh));
    expect(renderMessage(fresh)).not.toBe(renderMessage(fresh));
  });
});
