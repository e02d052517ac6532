import { useMemo } from 'react';
import type { TrafficBucket } from '../../../../core/api/contract.ts';
import { CHART, chartModel, chartSummary } from './chart-geometry.ts';

/** Messages received and delivered per hour over the last 24 hours, as plain SVG bars. */
export function TrafficChart({ buckets, error }: { buckets: readonly TrafficBucket[] | null; error: string | null }) {
  const model = useMemo(() => (buckets ? chartModel(buckets) : null), [buckets]);
  return (
    <section className="card traffic" aria-labelledby="traffic-title">
      <div className="card-head">
        <h2 id="traffic-title">Last 24 hours</h2>
        <ul className="legend" aria-label="Legend">
          <li>
            <span className="swatch received" aria-hidden="true" /> Received
          </li>
          <li>
            <span className="swatch delivered" aria-hidden="true" /> Delivered to the primary
          </li>
        </ul>
      </div>
      {error !== null && (
        <p className="error-banner" role="alert">
          Cannot load the traffic: {error}
        </p>
      )}
      {model === null ? (
        error === null && (
          <p className="empty" role="status">
            Loading the last 24 hours…
          </p>
        )
      ) : (
        <figure>
          <svg viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-labelledby="traffic-summary" className="chart">
            {model.ticks.map((tick) => (
              <g key={tick.value} className="tick">
                <line x1={CHART.left} x2={CHART.width - CHART.right} y1={tick.y} y2={tick.y} />
                <text x={CHART.left - 6} y={tick.y} dy="0.32em" textAnchor="end">
                  {tick.value}
                </text>
              </g>
            ))}
            {model.hours.map((hour) => (
              <g key={hour.key} className="hour">
                <title>{hour.title}</title>
                <rect className="hit" x={hour.x - hour.received.width - 2} y={CHART.top} width={hour.received.width * 2 + 4} height={CHART.height - CHART.top - CHART.bottom} />
                <rect className="bar received" x={hour.received.x} y={hour.received.y} width={hour.received.width} height={hour.received.height} />
                <rect className="bar delivered" x={hour.delivered.x} y={hour.delivered.y} width={hour.delivered.width} height={hour.delivered.height} />
                {hour.showLabel && (
                  <text className="axis-label" x={hour.x} y={CHART.height - 8} textAnchor="middle">
                    {hour.label}
                  </text>
                )}
              </g>
            ))}
            {model.empty && (
              <text className="chart-empty" x={CHART.width / 2} y={CHART.height / 2} textAnchor="middle">
                No mail in the last 24 hours
              </text>
            )}
          </svg>
          <figcaption id="traffic-summary" className="muted">
            {chartSummary(model)}
          </figcaption>
        </figure>
      )}
    </section>
  );
}
