/**
 * `npm run bench`: every benchmark in turn, figures beside their baselines.
 * `npm run bench -- core` runs only the named ones.
 */
const suites: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  core: () => import('./core.ts'),
  rounds: () => import('./rounds.ts'),
  communities: () => import('./communities.ts'),
  discord: () => import('./discord.ts'),
  slack: () => import('./slack.ts'),
  web: () => import('./web.ts'),
};

const wanted = process.argv.slice(2).filter((name) => name in suites);
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  console.log(`\n# ${name}`);
  const started = performance.now();
  try {
    await (await suites[name]!()).default();
  } catch (error) {
    console.error(`bench ${name} failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
  }
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
