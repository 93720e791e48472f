import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

async function importsOf(folder: string): Promise<Array<{ file: string; from: string }>> {
  const found: Array<{ file: string; from: string }> = [];
  for (const name of await readdir(path.join(SRC, folder))) {
    if (!name.endsWith('.ts')) continue;
    const text = await readFile(path.join(SRC, folder, name), 'utf8');
    for (const match of text.matchAll(/from '([^']+)'/g)) found.push({ file: `${folder}/${name}`, from: match[1]! });
  }
  return found;
}

describe('layers', () => {
  it.each(['store', 'content'])('GIVEN src/%s THEN nothing in it imports from the core, the adapters or the schedule', async (folder) => {
    const upward = (await importsOf(folder)).filter(({ from }) => /^\.\.\/(core|adapters|schedule|http)\//.test(from));
    expect(upward).toEqual([]);
  });
});
