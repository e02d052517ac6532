import { format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { CHART, chartModel, chartSummary, niceMax } from './chart-geometry.ts';
import { bucketsFixture } from './test-fixtures.ts';

const NOW = Date.parse('2026-11-29T10:45:00Z');

describe('the traffic chart geometry', () => {
  it('rounds the scale up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 2, 3, 7, 11, 40, 51, 999].map(niceMax)).toEqual([1, 1, 2, 5, 10, 20, 50, 100, 1000]);
  });

  it('draws bars in proportion to the busiest hour, on one baseline, inside the plot', () => {
    const model = chartModel(bucketsFixture(NOW, { 0: { received: 10, delivered: 5 }, 5: { received: 2, delivered: 0 } }));
    expect(model.hours).toHaveLength(24);
    expect(model.max).toBe(10);
    const last = model.hours[23]!;
    const plotHeight = CHART.height - CHART.top - CHART.bottom;
    expect(last.received.height).toBeCloseTo(plotHeight);
    expect(last.delivered.height).toBeCloseTo(plotHeight / 2);
    expect(last.received.y + last.received.height).toBeCloseTo(last.delivered.y + last.delivered.height);
    expect(model.hours[0]!.received.height).toBe(0);
    for (const hour of model.hours) {
      expect(hour.received.x).toBeGreaterThanOrEqual(CHART.left);
      expect(hour.delivered.x + hour.delivered.width).toBeLessThanOrEqual(CHART.width - CHART.right);
    }
    expect(model.ticks.map((tick) => tick.value)).toEqual([0, 5, 10]);
    expect(model.totals).toEqual({ received: 12, delivered: 5 });
  });

  it('labels every third hour, always the current one, and titles each hour with its numbers', () => {
    const buckets = bucketsFixture(NOW, { 0: { received: 3, delivered: 1 } });
    const model = chartModel(buckets);
    expect(model.hours.filter((hour) => hour.showLabel)).toHaveLength(8);
    expect(model.hours[23]!.showLabel).toBe(true);
    const start = Date.parse(buckets[23]!.hour);
    expect(model.hours[23]!.title).toBe(`${format(start, 'HH:mm')}–${format(start + 3_600_000, 'HH:mm')}: 3 received, 1 delivered`);
  });

  it('sums up the day in a sentence, and says so when there was no mail', () => {
    const busy = chartModel(bucketsFixture(NOW, { 1: { received: 6, delivered: 2 }, 0: { received: 1, delivered: 4 } }));
    expect(chartSummary(busy)).toMatch(/^In the last 24 hours: 7 received, 6 delivered to the primary\. The busiest hour was \d\d:\d\d, with 6 received\.$/);
    const quiet = chartModel(bucketsFixture(NOW));
    expect(quiet.empty).toBe(true);
    expect(quiet.max).toBe(1);
    expect(chartSummary(quiet)).toBe('No mail was received or delivered in the last 24 hours.');
  });
});
