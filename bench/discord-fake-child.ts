/**
 * The fake Discord in a process of its own for the throughput figure in bench/discord.ts,
 * so its work (sending interactions, parsing answers) is not charged to the client being
 * measured. It reports its API URL over IPC, then on `{ drive }` sends that many
 * `/define kubelet` interactions with a window in flight and reports the answer rate.
 */
import { commandPayload, GUILD, stringOption } from '../tests/adapters/discord/harness.ts';
import { FakeDiscord } from '../tests/fakes/fake-discord.ts';

export interface DriveRequest {
  drive: number;
  window: number;
  /** What a right answer contains: the definition's title, or the bare client's constant. */
  expect: { embedTitle: string } | { content: string };
  timeoutMs: number;
}

export interface DriveResult {
  rate: number;
  wrong: number;
  /** This fake's CPU time per interaction: sending it and reading the answer. */
  cpuMicros: number;
  error?: string;
}

const payload = commandPayload('define', [stringOption('term', 'kubelet')], { locale: 'en-US' });

function drive(fake: FakeDiscord, request: DriveRequest): Promise<DriveResult> {
  return new Promise((resolve) => {
    let sent = 0;
    let answered = 0;
    let wrong = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const cpuMicros = () => {
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / request.drive;
    };
    const timer = setTimeout(() => {
      fake.onCallback = undefined;
      resolve({ rate: 0, wrong, cpuMicros: cpuMicros(), error: `${answered}/${request.drive} answered within ${request.timeoutMs} ms` });
    }, request.timeoutMs);
    const right = (data: Record<string, unknown> | undefined): boolean =>
      'content' in request.expect
        ? data?.content === request.expect.content
        : (data?.embeds as Array<{ title?: string }> | undefined)?.[0]?.title === request.expect.embedTitle;
    fake.onCallback = (_id, callback) => {
      answered += 1;
      if (callback.type !== 4 || !right(callback.data)) wrong += 1;
      if (answered === request.drive) {
        clearTimeout(timer);
        fake.onCallback = undefined;
        resolve({ rate: request.drive / ((performance.now() - started) / 1000), wrong, cpuMicros: cpuMicros() });
      } else if (sent < request.drive) {
        sent += 1;
        fake.dispatchInteraction(payload);
      }
    };
    for (; sent < Math.min(request.window, request.drive); sent += 1) fake.dispatchInteraction(payload);
  });
}

const fake = await FakeDiscord.start({ guilds: [GUILD] });
fake.record = false;
process.on('message', (message: DriveRequest) => {
  void drive(fake, message).then((result) => process.send?.(result));
});
// The parent going away (or killing us) is the only way this ends.
process.on('disconnect', () => {
  void fake.close().then(() => process.exit(0));
});
process.send?.({ apiUrl: fake.apiUrl, token: fake.token });
