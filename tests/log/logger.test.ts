import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, cutUserText } from '../../src/log/logger.ts';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe('logger', () => {
  it('GIVEN token-shaped text deeper than any redaction path, or inside a message THEN the line carries none of it', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ level: 'info', pretty: false, destination: stream });
    const discordToken = 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
    const request = { response: { config: { headers: { Authorization: `Bot ${discordToken}` } }, data: { deeper: { still: 'xoxb-1234567890-abcdefghij' } } } };
    logger.error({ failure: { request }, note: 'xapp-1-A0123-4567-abcdef' }, `sent with xoxp-9876543210-zyxwvut`);
    const text = JSON.stringify(lines());
    expect(text).toContain('"deeper"');
    for (const secret of [discordToken, 'xoxb-1234567890', 'xapp-1-A0123', 'xoxp-9876543210']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(lines()[0]!.msg).toBe('sent with [redacted]');
  });

  it('GIVEN tokens in a logged object THEN the line carries [redacted] and none of the secrets', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ level: 'info', pretty: false, destination: stream });
    logger.info(
      {
        config: {
          DISCORD_TOKEN: 'discord-secret',
          SLACK_BOT_TOKEN: 'xoxb-secret',
          SLACK_APP_TOKEN: 'xapp-secret',
          SLACK_SIGNING_SECRET: 'signing-secret',
          PORT: 3000,
        },
        token: 'top-level-secret',
        request: { headers: { authorization: 'Bot header-secret', 'content-type': 'application/json' } },
        err: { config: { headers: { Authorization: 'Bearer nested-secret' } } },
      },
      'started',
    );
    const text = JSON.stringify(lines());
    for (const secret of ['discord-secret', 'xoxb-secret', 'xapp-secret', 'signing-secret', 'top-level-secret', 'header-secret', 'nested-secret']) {
      expect(text).not.toContain(secret);
    }
    const [line] = lines();
    expect(line).toMatchObject({
      level: 'info',
      msg: 'started',
      config: { DISCORD_TOKEN: '[redacted]', PORT: 3000 },
      token: '[redacted]',
      request: { headers: { authorization: '[redacted]', 'content-type': 'application/json' } },
    });
  });

  it('GIVEN a child logger bound with a token THEN the binding is redacted too', () => {
    const { stream, lines } = capture();
    createLogger({ level: 'info', pretty: false, destination: stream })
      .child({ part: 'slack', options: { botToken: 'xoxb-child' } })
      .warn('reconnecting');
    expect(JSON.stringify(lines())).not.toContain('xoxb-child');
    expect(lines()[0]).toMatchObject({ part: 'slack', options: { botToken: '[redacted]' }, level: 'warn' });
  });

  it('GIVEN level warn THEN info lines are dropped', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ level: 'warn', pretty: false, destination: stream });
    logger.info('quiet');
    logger.error('loud');
    expect(lines().map((line) => line.msg)).toEqual(['loud']);
  });

  it('GIVEN pretty output THEN secrets are redacted there as well', () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    createLogger({ level: 'info', pretty: true, destination: stream }).info({ config: { SLACK_BOT_TOKEN: 'xoxb-pretty' } }, 'hello');
    const text = chunks.join('');
    expect(text).toContain('hello');
    expect(text).not.toContain('xoxb-pretty');
  });
});

describe('cutUserText', () => {
  it('GIVEN short text THEN it is unchanged', () => {
    expect(cutUserText('/define 파드')).toBe('/define 파드');
  });

  it('GIVEN long text THEN it is cut to the limit with an ellipsis', () => {
    const cut = cutUserText('가'.repeat(500));
    expect(Array.from(cut)).toHaveLength(200);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('GIVEN emoji at the cut THEN no surrogate half is left behind', () => {
    const cut = cutUserText('😀'.repeat(20), 5);
    expect(cut).toBe('😀😀😀😀…');
  });

  it('GIVEN newlines and control characters THEN the text stays on one line', () => {
    expect(cutUserText('a\nfake log line\r\n\u001b[31mred')).toBe('a fake log line [31mred');
  });

  it('GIVEN a log file (the console on a terminal) THEN the screen gets warnings and errors only AND the file everything from the level up, both masked', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'studybot-log-'));
    try {
      const chunks: string[] = [];
      const screen = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk.toString('utf8'));
          done();
        },
      });
      const file = path.join(dir, 'nested', 'studybot.log');
      const logger = createLogger({ level: 'info', pretty: true, destination: screen, file });
      logger.debug('below the level');
      logger.info('study bot started');
      logger.warn('slow store');
      logger.error({ token: 'xoxb-1234567890-abcdefghij' }, 'post failed with xoxb-1234567890-abcdefghij');
      const onScreen = chunks.join('');
      const inFile = readFileSync(file, 'utf8');
      expect(onScreen).toContain('slow store');
      expect(onScreen).toContain('post failed');
      expect(onScreen).not.toContain('study bot started');
      expect(inFile).toContain('study bot started');
      expect(inFile).toContain('slow store');
      expect(inFile).not.toContain('below the level');
      for (const text of [onScreen, inFile]) expect(text).not.toContain('xoxb-1234567890');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
