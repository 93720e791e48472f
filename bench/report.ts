/** Issue 11: on a repeated `/define kubelet` the bot keeps at least this share of a bare client's rate, measured side by side. */
export const THROUGHPUT_TARGET = 0.9;

/** One measured figure printed beside its baseline from the same run. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baselineName?: string;
  baseline?: number;
  /** e.g. "p99 < 1 ms" or ">= 0.8x baseline"; `met` says whether this run met it. */
  target?: string;
  met?: boolean;
}

export function printRows(title: string, rows: BenchRow[]): void {
  const fmt = (value: number | undefined) => (value === undefined ? '' : value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(4));
  console.log(`\n## ${title}`);
  console.log('| measure | value | baseline | target | met |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const baseline = row.baseline === undefined ? '' : `${fmt(row.baseline)} ${row.unit} (${row.baselineName ?? 'baseline'})`;
    const met = row.met === undefined ? '' : row.met ? 'yes' : 'NO';
    console.log(`| ${row.name} | ${fmt(row.value)} ${row.unit} | ${baseline} | ${row.target ?? ''} | ${met} |`);
  }
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
