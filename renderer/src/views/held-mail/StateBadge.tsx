import type { DeliveryState } from '../../stores/messages-query.ts';
import { STATE_LABELS } from './states.ts';

/** A delivery state in words, coloured as the theme colours it. */
export function StateBadge({ state }: { state: DeliveryState }) {
  return <span className={`badge ${state}`}>{STATE_LABELS[state]}</span>;
}
