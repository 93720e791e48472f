import { convertHangulToQwerty } from 'es-hangul';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/loader.ts';
import { normalizeTerm } from '../../src/content/terms.ts';
import { GlossarySearch } from '../../src/core/glossary-search.ts';
import { FIXTURE_CONTENT, SHIPPED_CONTENT } from '../support/study.ts';

let search: GlossarySearch;
beforeAll(async () => {
  search = new GlossarySearch((await loadContent(FIXTURE_CONTENT)).glossary);
});

describe('glossary search', () => {
  it.each([
    ['kubelet', 'kubelet'],
    ['KUBELET', 'kubelet'],
    [' Kube-Let ', 'kubelet'],
    ['큐블렛', 'kubelet'],
    ['쿠블렛', 'kubelet'],
    ['큐블릿', 'kubelet'],
    ['파드', 'pod'],
    ['control plane', 'control-plane'],
    ['controlplane', 'control-plane'],
    ['컨트롤플레인', 'control-plane'],
    ['DemonSet', 'daemonset'],
  ])('GIVEN %s THEN it finds %s exactly', (query, id) => {
    expect(search.search(query)).toMatchObject({ kind: 'exact', entry: { id } });
  });

  it('GIVEN Hangul initial consonants THEN the Korean name is found', () => {
    expect(search.search('ㅋㅂㄹ')).toMatchObject({ kind: 'initials', entry: { id: 'kubelet' } });
    expect(search.search('ㄷㅁㅅ')).toMatchObject({ entry: { id: 'daemonset' } });
  });

  it.each([
    ['kubelte', 'kubelet'],
    ['kublet', 'kubelet'],
    ['demonset', 'daemonset'],
    ['daemonsett', 'daemonset'],
    ['큐블랫', 'kubelet'],
  ])('GIVEN the typo %s THEN it finds %s', (query, id) => {
    expect(search.search(query).entry?.id).toBe(id);
  });

  it('GIVEN Korean typed on an English keyboard layout THEN it is found', () => {
    expect(search.search('vkem')).toMatchObject({ kind: 'keyboard', entry: { id: 'pod' } });
  });

  it('GIVEN every Korean name of the shipped glossary typed with the wrong layout THEN each finds its entry', async () => {
    const shipped = (await loadContent(SHIPPED_CONTENT)).glossary;
    const everything = new GlossarySearch(shipped);
    const typed = shipped
      // Names with Latin in them (OCI 레지스트리) are not typed in one layout.
      .filter((entry) => /^[가-힣]+$/.test(normalizeTerm(entry.ko.name)))
      .map((entry) => ({ entry, keys: convertHangulToQwerty(normalizeTerm(entry.ko.name)) }))
      // Shifted keys (ㅃ, ㅆ…) are upper case, which a query loses when it is normalised.
      .filter(({ keys }) => /^[a-z]+$/.test(keys));
    expect(typed.length).toBeGreaterThan(50);
    for (const { entry, keys } of typed) {
      const found = everything.search(keys);
      expect(found.entry?.ko.name, keys).toBe(entry.ko.name);
      expect(found.kind === 'keyboard' || found.kind === 'exact', keys).toBe(true);
    }
  });

  it('GIVEN nothing close THEN there is no entry AND at most three suggestions', () => {
    const result = search.search('zebra crossing');
    expect(result.entry).toBeUndefined();
    expect(result.suggestions.length).toBeLessThanOrEqual(3);
  });

  it('GIVEN a near miss THEN the closest terms are suggested', () => {
    const result = search.search('nod');
    expect([result.entry?.id, ...result.suggestions.map((s) => s.id)]).toContain('node');
  });

  it('GIVEN a partial input THEN autocomplete lists prefix matches first and never more than asked', () => {
    expect(search.complete('ku')[0]?.id).toBe('kubelet');
    expect(search.complete('', 3)).toHaveLength(3);
    expect(search.complete('ㅋ').map((e) => e.id)).toContain('kubelet');
  });

  it('GIVEN any string THEN search and complete never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        search.search(text);
        expect(search.complete(text).length).toBeLessThanOrEqual(25);
      }),
      { numRuns: 500, examples: [['nJq'], ['hnjq']] },
    );
  });

  it('GIVEN case, spaces, hyphens and NFD Hangul THEN normalisation makes them one', () => {
    expect(normalizeTerm('Kube-Proxy')).toBe(normalizeTerm('kube proxy'));
    expect(normalizeTerm('파드'.normalize('NFD'))).toBe('파드');
  });
});
