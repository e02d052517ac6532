import type { Reading } from './measurements.ts';

export interface Row {
  label: string;
  /** Readings in column order: MX Standby first, then the reference. */
  readings: (Reading | undefined)[];
}

function formatNumber(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function formatReading(reading: Reading | undefined): string {
  if (reading === undefined) return 'n/a';
  const value = reading.value === null ? 'failed' : formatNumber(reading.value);
  return reading.note ? `${value} (${reading.note})` : value;
}

/** Ours over theirs, whichever way is better: the reader compares it to 1. */
function formatRatio(ours: Reading | undefined, theirs: Reading | undefined): string {
  if (!ours || !theirs || ours.value === null || theirs.value === null || theirs.value === 0) return 'n/a';
  return `${(ours.value / theirs.value).toFixed(2)}x`;
}

/** A plain-text table: one row per measurement, one column per target, then ours/theirs. */
export function formatTable(columns: string[], rows: Row[]): string {
  const header = ['measurement', ...columns, `ratio (${columns[0]} / ${columns[1] ?? 'reference'})`];
  const body = rows.map((row) => [row.label, ...row.readings.map(formatReading), formatRatio(row.readings[0], row.readings[1])]);
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...body.map(line)].join('\n');
}
