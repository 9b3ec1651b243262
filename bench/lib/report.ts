// Printing: plain aligned tables, so the output reads the same in a terminal and in a CI log.

export interface Column {
  title: string;
  /** figures align right, words left */
  align?: 'left' | 'right';
}

export function table(columns: Column[], rows: string[][]): string {
  const all = [columns.map((c) => c.title), ...rows];
  const widths = columns.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    columns
      .map((c, i) => {
        const v = r[i] ?? '';
        const w = widths[i] ?? 0;
        return c.align === 'right' ? v.padStart(w) : v.padEnd(w);
      })
      .join('   ')
      .trimEnd();
  return [line(all[0] ?? []), widths.map((w) => '-'.repeat(w)).join('   '), ...rows.map(line)].join('\n');
}

export const fmtRate = (n: number, unit: string): string => `${n.toLocaleString('en-US', { maximumFractionDigits: n >= 100 ? 0 : 1 })} ${unit}`;

// autocannon records latency in whole milliseconds: 0 means "under one".
export const fmtMs = (n: number): string => (n < 1 ? '<1 ms' : `${n.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms`);

export interface Ratio {
  name: string;
  value: number;
  /** null: reported for information, with no target */
  target: number | null;
}

export function ratioTable(ratios: Ratio[]): string {
  return table(
    [{ title: 'ratio' }, { title: 'value', align: 'right' }, { title: 'target', align: 'right' }, { title: 'result' }],
    ratios.map((r) => [
      r.name,
      Number.isFinite(r.value) ? r.value.toFixed(2) : 'n/a',
      r.target === null ? '—' : `≥ ${r.target.toFixed(2)}`,
      r.target === null ? 'info' : r.value >= r.target ? 'PASS' : 'BELOW',
    ]),
  );
}

/** Median of `rounds` timings of `fn`, in milliseconds. */
export function medianMs(rounds: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)] as number;
}
