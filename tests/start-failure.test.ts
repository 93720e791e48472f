import { describe, expect, it } from 'vitest';
import { StoreError } from '../src/store/store-error.ts';
import { describeTarget, StartupError, startFailureLine, startStep } from '../src/start-failure.ts';

const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });

describe('the start-up failure line', () => {
  it.each([
    ['redis://:secret@10.0.0.5:6380/2', '10.0.0.5:6380'],
    ['redis://user:secret@redis', 'redis:6379'],
    ['https://slack.com/api/', 'slack.com:443'],
    ['http://127.0.0.1:9999/api', '127.0.0.1:9999'],
    ['sqlite://data/studybot.sqlite', 'data/studybot.sqlite'],
    ['memory://', 'memory'],
  ])('GIVEN %s THEN the target reads %s (never the credentials)', (url, target) => {
    expect(describeTarget(url)).toBe(target);
  });

  it('GIVEN a store error whose cause has a system code THEN the line carries that code, not the wrapper', () => {
    const error = new StoreError('store_unavailable', { cause: refused('127.0.0.1:6390'), message: 'redis at 127.0.0.1:6390 unreachable' });
    expect(startFailureLine('store', 'redis://127.0.0.1:6390', error)).toBe(
      'start-up failed: store at 127.0.0.1:6390: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:6390)',
    );
  });

  it('GIVEN a fetch that failed for both loopback addresses (an AggregateError under the cause) THEN the code is found', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new AggregateError([refused('::1:80'), refused('127.0.0.1:80')]), { code: 'ECONNREFUSED' }),
    });
    expect(startFailureLine('slack', 'http://localhost/api/', error)).toMatch(/^start-up failed: slack at localhost:80: ECONNREFUSED \(connect ECONNREFUSED/);
  });

  it("GIVEN Slack's platform error THEN its error field is the code", () => {
    const error = Object.assign(new Error('An API error occurred: invalid_auth'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'invalid_auth' },
    });
    expect(startFailureLine('slack', 'https://slack.com/api/', error)).toBe(
      'start-up failed: slack at slack.com:443: invalid_auth (An API error occurred: invalid_auth)',
    );
  });

  it('GIVEN a message over several lines THEN the line stays one line', () => {
    expect(startFailureLine('http', 'port 3000', new Error('first\nsecond'))).not.toContain('\n');
  });

  it('GIVEN a step that never answers THEN startStep fails it with ETIMEDOUT after its limit', async () => {
    const started = Date.now();
    const error = await startStep('discord', 'https://discord.com/api', () => new Promise<never>(() => undefined), 200).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toBe('start-up failed: discord at discord.com:443: ETIMEDOUT (no answer within 0.2 s)');
  });
});
