import { statement, type Db } from './open.ts';

export const HOUR_MS = 3_600_000;

export interface HourCount {
  /** Start of the hour, milliseconds since the epoch. */
  hour: number;
  received: number;
  delivered: number;
}

/**
 * Messages received, and received messages handed over, per hour in
 * [fromHour, toHour) (both multiples of HOUR_MS), every hour present and
 * oldest first. A message whose recipients were delivered in one hour counts
 * once there; bounces this server sent (no message.received) are not counted.
 * The event (type, at) index makes this a range scan of the two types; the
 * unary + keeps the look-up of each delivered message's arrival on event_qid.
 */
export function hourlyTraffic(db: Db, fromHour: number, toHour: number): HourCount[] {
  const rows = statement(
    db,
    `SELECT e.at / ${HOUR_MS} AS slot,
       SUM(e.type = 'message.received') AS received,
       COUNT(DISTINCT CASE WHEN e.type = 'delivery.delivered'
         AND EXISTS (SELECT 1 FROM event r WHERE r.qid = e.qid AND +r.type = 'message.received') THEN e.qid END) AS delivered
     FROM event e
     WHERE e.type IN ('message.received', 'delivery.delivered') AND e.at >= @from AND e.at < @to
     GROUP BY slot`,
  ).all({ from: fromHour, to: toHour }) as { slot: number; received: number; delivered: number }[];
  const bySlot = new Map(rows.map((row) => [row.slot, row]));
  const hours: HourCount[] = [];
  for (let hour = fromHour; hour < toHour; hour += HOUR_MS) {
    const row = bySlot.get(hour / HOUR_MS);
    hours.push({ hour, received: row?.received ?? 0, delivered: row?.delivered ?? 0 });
  }
  return hours;
}
