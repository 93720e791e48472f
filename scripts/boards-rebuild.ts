/**
 * `npm run boards:rebuild`: recomputes every board of every community (tallies, streaks,
 * streak board, weekly, monthly and all-time boards) from the answer records, on the store
 * the bot uses (STORE_URL). A repair and upgrade tool: run it with the bot stopped, or on
 * Redis while nobody answers, since answers counted live during the run could be counted
 * twice into records it is rebuilding.
 */
import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { loadConfig } from '../src/config.ts';
import { loadContent } from '../src/content/loader.ts';
import { rebuildBoards } from '../src/core/boards-rebuild.ts';
import { systemClock } from '../src/core/clock.ts';
import { createStudy } from '../src/core/create-study.ts';
import { cronSchedule } from '../src/schedule/cron-schedule.ts';
import { createStore } from '../src/store/keyv-store.ts';

async function rebuild(): Promise<number> {
  if (existsSync('.env')) dotenv.config({ quiet: true });
  const config = loadConfig();
  const store = await createStore(config.STORE_URL, { timeoutMs: 30_000 });
  try {
    const study = createStudy({
      content: await loadContent(config.CONTENT_DIR, 'CONTENT_DIR'),
      store,
      clock: systemClock,
      schedule: cronSchedule(config.QUIZ_CRON, config.QUIZ_TIMEZONE),
      defaultLocale: config.DEFAULT_LOCALE,
    });
    let skipped = 0;
    for (const community of await study.rounds.communities()) {
      const outcome = await rebuildBoards(study, community);
      if (outcome.rebuilt) process.stdout.write(`${community}: rebuilt from ${outcome.rounds} rounds, ${outcome.answers} answers\n`);
      else {
        skipped += 1;
        process.stdout.write(`${community}: left as it is (${outcome.reason})\n`);
      }
    }
    return skipped > 0 ? 2 : 0;
  } finally {
    await store.close();
  }
}

rebuild().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`boards:rebuild failed: ${(error as Error)?.message ?? error}\n`);
    process.exit(1);
  },
);
