import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/http/metrics.ts';
import { type HttpServer, startHttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log/logger.ts';
import { startLoopbackHttp } from '../support/http.ts';

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** Splits the file into stages by FROM, keyed by their `AS` name. */
function stages(all: Instruction[]): Map<string, Instruction[]> {
  const result = new Map<string, Instruction[]>();
  let current: Instruction[] | undefined;
  for (const instruction of all) {
    if (instruction.keyword === 'FROM') {
      current = [];
      result.set(instruction.args.split(/\s+AS\s+/i)[1] ?? `stage${result.size}`, current);
    }
    current?.push(instruction);
  }
  return result;
}

const dockerfile = instructions(readFileSync('Dockerfile', 'utf8'));
const byStage = stages(dockerfile);
const runtime = [...byStage.values()].at(-1) ?? [];
const ignored = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'));

function execForm(keyword: string, stage: Instruction[]): string[] {
  const instruction = stage.find((candidate) => candidate.keyword === keyword);
  const json = instruction?.args.slice(instruction.args.indexOf('['));
  return JSON.parse(json ?? '[]') as string[];
}

describe('Dockerfile', () => {
  it('GIVEN the final stage THEN CMD runs the file tsc emits for src/main.ts', () => {
    const tsconfig = JSON.parse(readFileSync('tsconfig.json', 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };
    const build = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { include: string[] };
    expect(tsconfig.compilerOptions.rootDir).toBe('.');
    expect(build.include).toEqual(expect.arrayContaining(['src', 'commands']));
    expect(execForm('CMD', runtime)).toEqual(['node', `${tsconfig.compilerOptions.outDir}/src/main.js`]);
  });

  it('GIVEN the build context THEN every COPY source exists and .dockerignore does not hide it', () => {
    const sources = dockerfile
      .filter((instruction) => instruction.keyword === 'COPY' && !instruction.args.includes('--from='))
      .flatMap((instruction) => instruction.args.split(/\s+/).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'commands', 'content']));
    for (const source of sources) {
      expect(existsSync(source), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
    for (const secretOrBulky of ['.env', 'node_modules', 'data', '.git']) expect(ignored).toContain(secretOrBulky);
  });

  it('GIVEN the final stage THEN it runs production dependencies only, as a non-root user, on slim Node 20', () => {
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    const copiesModulesFrom = runtime
      .find((instruction) => instruction.keyword === 'COPY' && instruction.args.includes('node_modules'))
      ?.args.match(/--from=(\S+)/)?.[1];
    const depsStage = byStage.get(copiesModulesFrom ?? '') ?? [];
    expect(depsStage.some((instruction) => instruction.keyword === 'RUN' && instruction.args.includes('npm ci --omit=dev'))).toBe(true);
    expect(runtime.some((instruction) => instruction.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(instruction.args))).toBe(false);
    const user = runtime.findLast((instruction) => instruction.keyword === 'USER')?.args ?? 'root';
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(runtime.find((instruction) => instruction.keyword === 'ENV')?.args).toContain('NODE_ENV=production');
    expect(runtime.find((instruction) => instruction.keyword === 'VOLUME')?.args).toBe('/app/data');
    expect(runtime.find((instruction) => instruction.keyword === 'EXPOSE')?.args).toBe('3000');
  });

  it('GIVEN the lock file THEN tsx and esbuild are dev-only, so the deps stage leaves them out AND nothing in the final stage runs them', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const production = Object.entries(lock.packages)
      .filter(([key, entry]) => key.startsWith('node_modules/') && !entry.dev)
      .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(production).toContain('discord.js');
    expect(production.filter((name) => /^(tsx|esbuild|@esbuild\/.+)$/.test(name))).toEqual([]);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    // npm start still runs from the sources on a machine where npm install brought the dev dependencies.
    expect(Object.keys(pkg.devDependencies)).toContain('tsx');
    expect(runtime.filter((instruction) => /\b(tsx|esbuild)\b/.test(instruction.args))).toEqual([]);
  });

  describe('HEALTHCHECK', () => {
    let server: HttpServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    function runHealthcheck(port: number): Promise<number | null> {
      const [command, ...args] = execForm('HEALTHCHECK', runtime);
      expect(command).toBe('node');
      const child = spawn(process.execPath, args, { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      return new Promise((resolve) =>
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        }),
      );
    }

    it('GIVEN the bot answering /healthz THEN the image healthcheck command exits 0', async () => {
      server = await startHttpServer({
        port: 0,
        host: '127.0.0.1',
        logger: createLogger({ level: 'silent', pretty: false }),
        metrics: createMetrics(),
        readiness: async () => ({ ready: false, reasons: ['not relevant to liveness'] }),
      });
      expect(await runHealthcheck(server.port)).toBe(0);
    });

    it('GIVEN nothing listening THEN the healthcheck command exits 1', async () => {
      const closed = await startLoopbackHttp();
      const port = closed.port;
      await closed.close();
      expect(await runHealthcheck(port)).toBe(1);
    });
  });
});
