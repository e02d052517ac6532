import type { TrafficBucket } from '../../../../core/api/contract.ts';
import { clockTime } from './time-words.ts';

/** Sizes of the chart in SVG units; the SVG scales to its box. */
export const CHART = { width: 720, height: 220, left: 36, right: 8, top: 12, bottom: 28 } as const;

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

export interface ChartHour {
  /** The bucket's hour as the API gave it: unique, unlike the label when clocks go back. */
  key: string;
  label: string;
  /** Shown under the axis every few hours, so labels never crowd. */
  showLabel: boolean;
  /** Centre of the hour's slot. */
  x: number;
  received: Bar;
  delivered: Bar;
  /** For a tooltip: "14:00–15:00: 5 received, 3 delivered". */
  title: string;
}

export interface ChartModel {
  hours: ChartHour[];
  /** Gridlines with their values, bottom first. */
  ticks: { y: number; value: number }[];
  max: number;
  totals: { received: number; delivered: number };
  empty: boolean;
}

/** The smallest of 1, 2, 5, 10, 20, 50… at or above `value` (at least 1), so the axis reads in round numbers. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Ticks at 0, half and the top; whole numbers only. */
function tickValues(max: number): number[] {
  return max >= 2 && max % 2 === 0 ? [0, max / 2, max] : [0, max];
}

/** Bars for each hour: received and delivered side by side, scaled to the busiest hour. */
export function chartModel(buckets: readonly TrafficBucket[]): ChartModel {
  const { width, height, left, right, top, bottom } = CHART;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const busiest = Math.max(0, ...buckets.map((bucket) => Math.max(bucket.received, bucket.delivered)));
  const max = niceMax(busiest);
  const slot = plotWidth / Math.max(1, buckets.length);
  const barWidth = Math.max(1, slot * 0.36);
  const baseline = top + plotHeight;
  const bar = (value: number, x: number): Bar => {
    const barHeight = (value / max) * plotHeight;
    return { x, y: baseline - barHeight, width: barWidth, height: barHeight, value };
  };
  const labelEvery = buckets.length > 12 ? 3 : 1;
  const hours = buckets.map((bucket, index) => {
    const start = Date.parse(bucket.hour);
    const centre = left + slot * index + slot / 2;
    const label = clockTime(start);
    return {
      key: bucket.hour,
      label,
      // Counted from the current hour, so it is always labelled.
      showLabel: (buckets.length - 1 - index) % labelEvery === 0,
      x: centre,
      received: bar(bucket.received, centre - barWidth - 0.5),
      delivered: bar(bucket.delivered, centre + 0.5),
      title: `${label}–${clockTime(start + 3_600_000)}: ${bucket.received} received, ${bucket.delivered} delivered`,
    };
  });
  const totals = {
    received: buckets.reduce((sum, bucket) => sum + bucket.received, 0),
    delivered: buckets.reduce((sum, bucket) => sum + bucket.delivered, 0),
  };
  return {
    hours,
    ticks: tickValues(max).map((value) => ({ value, y: baseline - (value / max) * plotHeight })),
    max,
    totals,
    empty: totals.received === 0 && totals.delivered === 0,
  };
}

/** One sentence for screen readers and the figure's caption. */
export function chartSummary(model: ChartModel): string {
  if (model.empty) return 'No mail was received or delivered in the last 24 hours.';
  const busiest = model.hours.reduce((best, hour) => (hour.received.value > best.received.value ? hour : best), model.hours[0]!);
  const peak = busiest.received.value > 0 ? ` The busiest hour was ${busiest.label}, with ${busiest.received.value} received.` : '';
  return `In the last 24 hours: ${model.totals.received} received, ${model.totals.delivered} delivered to the primary.${peak}`;
}
