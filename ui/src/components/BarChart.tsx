// A horizontal bar chart in HTML: one row per bar (label, bar, count). The numbers are also in the
// accessible name, so the chart is not only colour and length. HTML rather than SVG: WebKitGTK took
// about 0.1 s to lay out the dashboard's three SVG charts on first paint, against a few milliseconds
// for the same rows as boxes.
import { useId } from 'react';

export interface Bar {
  key: string;
  label: string;
  count: number;
  /** CSS class for the bar colour (e.g. tone-complete). */
  tone?: string;
}

function clip(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function BarChart({ bars, title, describe }: { bars: Bar[]; title: string; describe: (b: Bar) => string }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.count));
  return (
    <figure className="chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      <div className="hbars" role="img" aria-label={`${title}: ${bars.map(describe).join('; ')}`}>
        {bars.map((b) => (
          <div className="hbar" key={b.key} title={describe(b)}>
            <span className="hbar-label">{clip(b.label)}</span>
            <span className="hbar-track">
              {b.count > 0 ? (
                <span
                  className={`hbar-fill ${b.tone ?? ''}`}
                  // The share of the longest bar; a bar of 1 stays visible (at least 1 %).
                  style={{ width: `${Math.max(1, (b.count / max) * 100)}%` }}
                />
              ) : null}
            </span>
            <span className="hbar-value">{b.count}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}
