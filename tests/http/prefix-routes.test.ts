/** Prefix routes on the one HTTP listener: exact paths first, then the longest mounted prefix. */
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../src/http/server.ts';
import { startLoopbackHttp } from '../support/http.ts';

const servers: HttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(): Promise<{ server: HttpServer; get: (path: string, method?: string) => Promise<{ status: number; text: string }> }> {
  const server = await startLoopbackHttp();
  servers.push(server);
  const get = async (path: string, method = 'GET') => {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method });
    return { status: res.status, text: await res.text() };
  };
  return { server, get };
}

const answer = (name: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(name);
};

describe('mountPrefix', () => {
  it('GIVEN nested prefixes and an exact path THEN the exact path wins, then the longest prefix', async () => {
    const { server, get } = await start();
    server.mountPrefix('GET', '/a/', answer('a'));
    server.mountPrefix('GET', '/a/b/', answer('a/b'));
    server.mount('GET', '/a/exact', answer('exact'));
    expect((await get('/a/x')).text).toBe('a');
    expect((await get('/a/b/c?q=1')).text).toBe('a/b');
    expect((await get('/a/exact')).text).toBe('exact');
    expect((await get('/a')).status).toBe(404);
    expect((await get('/healthz')).status).toBe(200);
  });

  it('GIVEN a GET prefix THEN HEAD is answered by it and POST is not', async () => {
    const { server, get } = await start();
    server.mountPrefix('GET', '/p/', answer('p'));
    expect((await get('/p/x', 'HEAD')).status).toBe(200);
    expect((await get('/p/x', 'POST')).status).toBe(404);
  });

  it('GIVEN a prefix mounted twice or without slashes THEN mounting throws', async () => {
    const { server } = await start();
    server.mountPrefix('GET', '/p/', answer('p'));
    expect(() => server.mountPrefix('get', '/p/', answer('again'))).toThrow(/already mounted/);
    expect(() => server.mountPrefix('GET', '/nope', answer('x'))).toThrow(/must start and end with/);
  });
});
