import { tmpdir } from 'node:os';
import { type FakeSlack, formBody, interactiveBody } from '../fakes/fake-slack.ts';
import { type Captured, spawnCaptured } from './process.ts';
import { freePort } from './redis.ts';
import { FIXTURE_CONTENT } from './study.ts';

export const SECRET = 'running-bot-signing-secret';

export interface Bot extends Captured {
  base: string;
}

/** The bot as a process (`src/main.ts`), started and waited for until `/readyz` says ready. */
export async function startBot(env: Record<string, string>): Promise<Bot> {
  const port = await freePort();
  const bot = spawnCaptured(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), CONTENT_DIR: FIXTURE_CONTENT, LOG_LEVEL: 'warn', PORT: String(port), ...env },
  });
  const { child } = bot;
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`bot exited (${child.exitCode}) at start:\n${bot.err()}`);
    const ok = await fetch(`${base}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) break;
    if (attempt >= 300) throw new Error(`bot not ready after 30 s:\n${bot.err()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { ...bot, base };
}

/** A slash command as Slack posts it in HTTP mode. */
export const slashCommand = (fake: FakeSlack, command: string, text: string, userId = 'U0MINJI', responseUrl = fake.responseUrl()) =>
  formBody({
    token: 'unused',
    team_id: fake.teamId,
    team_domain: 'study',
    channel_id: 'C0STUDY',
    channel_name: 'study',
    user_id: userId,
    user_name: userId.toLowerCase(),
    command,
    text,
    api_app_id: 'A0STUDY',
    response_url: responseUrl,
    trigger_id: '1.2.3',
  });

/** A button press as Slack posts it; `responseUrl` is where the bot's reply to it goes. */
export const press = (fake: FakeSlack, userId: string, value: string, responseUrl = fake.responseUrl()) =>
  interactiveBody({
    type: 'block_actions',
    user: { id: userId, username: userId, name: userId, team_id: fake.teamId },
    api_app_id: 'A0STUDY',
    token: 'unused',
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C0STUDY', is_ephemeral: false },
    trigger_id: '1.2.3',
    team: { id: fake.teamId, domain: 'study' },
    channel: { id: 'C0STUDY', name: 'study' },
    message: { type: 'message', user: 'UBOT', ts: '1700000000.000001', text: 'quiz' },
    response_url: responseUrl,
    actions: [{ type: 'button', block_id: 'actions-0', action_id: value, value, text: { type: 'plain_text', text: 'A' }, action_ts: '1700000000.1' }],
  });
