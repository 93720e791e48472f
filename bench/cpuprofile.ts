/**
 * Reads `.cpuprofile` files (from `node --cpu-prof`): self time by function, per request.
 *   npx tsx bench/cpuprofile.ts ours.cpuprofile [bare.cpuprofile] [--per 10000] [--top 40]
 * With two profiles, each function's time in the first beside the second and sorted by the
 * difference: what the first client costs beyond the second. With BENCH_ONLY each profile
 * holds one client's warm-up and rounds (Slack 1,000 + 6×1,500 requests; Discord 3,000 + 8×1,000).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function selfTimes(file: string): Map<string, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)!.callFrame;
    const where = frame.url.replace(/^file:\/\/.*?\/(node_modules\/|src\/|bench\/|tests\/|commands\/)/, '$1');
    // tsx compiles a module to one line, so the column is what tells two functions of a file apart.
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}:${frame.columnNumber}`;
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  return times;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args.splice(at, 2)[1]) : fallback;
};
const per = option('--per', 1);
const top = option('--top', 40);
const [first, second] = args.map(selfTimes);
if (!first) throw new Error('usage: npx tsx bench/cpuprofile.ts a.cpuprofile [b.cpuprofile] [--per N] [--top N]');
const other = second ?? new Map<string, number>();
const rows = [...new Set([...first.keys(), ...other.keys()])]
  .map((key) => ({ key, a: (first.get(key) ?? 0) / per, b: (other.get(key) ?? 0) / per }))
  .sort((x, y) => y.a - y.b - (x.a - x.b));
const unit = per === 1 ? 'µs' : 'µs/request';
console.log(second ? `| ${unit} | first | second | function |` : `| ${unit} | function |`);
for (const row of rows.slice(0, top)) {
  console.log(second ? `| ${(row.a - row.b).toFixed(1)} | ${row.a.toFixed(1)} | ${row.b.toFixed(1)} | ${row.key} |` : `| ${row.a.toFixed(1)} | ${row.key} |`);
}
