import type { EngineParts } from '../engine-parts.ts';
import { HOUR_MS, hourlyTraffic } from '../store/traffic.ts';
import type { Traffic } from './contract.ts';
import type { TrafficInput } from './schemas.ts';

/** The last `hours` hours, the current (partial) hour last. */
export function traffic(parts: EngineParts, input: TrafficInput, now = Date.now()): Traffic {
  const end = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  const buckets = hourlyTraffic(parts.db, end - input.hours * HOUR_MS, end);
  return { buckets: buckets.map((bucket) => ({ ...bucket, hour: new Date(bucket.hour).toISOString() })) };
}
