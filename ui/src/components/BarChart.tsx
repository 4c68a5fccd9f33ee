// A horizontal bar chart in plain SVG. The numbers are also in the accessible name and in a
// visually-hidden list, so the chart is not only colour and length.
import { useId } from 'react';

export interface Bar {
  key: string;
  label: string;
  count: number;
  /** CSS class for the bar colour (e.g. band-complete). */
  tone?: string;
}

const ROW = 28;
const LABEL_W = 250;
const BAR_W = 230;
const WIDTH = LABEL_W + BAR_W + 50;

function clip(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function BarChart({ bars, title, describe }: { bars: Bar[]; title: string; describe: (b: Bar) => string }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.count));
  const height = bars.length * ROW + 4;
  return (
    <figure className="chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-label={`${title}: ${bars.map(describe).join('; ')}`}
        preserveAspectRatio="xMinYMin meet"
      >
        {bars.map((b, i) => {
          const y = i * ROW + 2;
          const w = Math.max(b.count > 0 ? 3 : 0, (b.count / max) * BAR_W);
          return (
            <g key={b.key}>
              <title>{describe(b)}</title>
              <text x={LABEL_W - 8} y={y + ROW / 2} className="chart-label" textAnchor="end" dominantBaseline="central">
                {clip(b.label)}
              </text>
              <rect x={LABEL_W} y={y + 5} width={BAR_W} height={ROW - 10} rx={4} className="chart-track" />
              <rect x={LABEL_W} y={y + 5} width={w} height={ROW - 10} rx={4} className={`chart-bar ${b.tone ?? ''}`} />
              <text x={LABEL_W + w + 6} y={y + ROW / 2} className="chart-value" dominantBaseline="central">
                {b.count}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
