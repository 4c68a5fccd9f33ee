// A vertical column chart in plain SVG, one group of columns per category (a month) and one column
// per series (received, closed). Not only colour and height: every column carries its value above it,
// the series are named in a legend in the order they stand in each group, the figures are in the
// accessible name, and a table with the same figures can be opened below the chart.
import { useId } from 'react';

export interface ColumnSeries {
  key: string;
  label: string;
  /** CSS class for the column colour (e.g. tone-accent2); the accent colour without it. */
  tone?: string;
}

export interface ColumnGroup {
  key: string;
  /** Under the group ("Nov"). */
  label: string;
  /** A second line under the label ("2026"), e.g. where the year changes. */
  sub?: string;
  /** The full name of the group for the text alternative ("November 2026"). */
  name: string;
  /** One value per series; null = nothing to show (drawn as "—"). */
  values: Array<number | null>;
}

const PLOT_H = 150;
const TOP = 40;
const BOTTOM = 38;
const LEFT = 48;
/** Every group is as wide, whatever the number of series, so that charts side by side share a scale. */
const GROUP_W = 38;

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ that is at least `v` (at least 1). */
export function niceMax(v: number): number {
  if (!(v > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function ColumnChart({
  title,
  series,
  groups,
  max,
  format = String,
  columnLabel = format,
  describe,
  tableSummary,
  groupHeader,
  testId,
}: {
  title: string;
  series: ColumnSeries[];
  groups: ColumnGroup[];
  /** The top of the scale (e.g. 100 for percentages); from the values otherwise. */
  max?: number;
  /** A value as text (on the column, on the axis and in the table). */
  format?: (v: number) => string;
  /** A value as written above its column, where room is short (e.g. "100" under a "%" scale). */
  columnLabel?: (v: number) => string;
  /** One group in words, for the accessible name and the tooltip. */
  describe: (g: ColumnGroup) => string;
  /** The label of the "show the figures as a table" disclosure. */
  tableSummary: string;
  /** The header of the table's first column ("Month"). */
  groupHeader: string;
  testId?: string;
}) {
  const id = useId();
  const top = max ?? niceMax(Math.max(0, ...groups.flatMap((g) => g.values.map((v) => v ?? 0))));
  const barW = Math.min(24, Math.floor((GROUP_W - 8) / Math.max(1, series.length)));
  const gap = GROUP_W - series.length * barW;
  const width = LEFT + groups.length * GROUP_W + 6;
  const height = TOP + PLOT_H + BOTTOM;
  const y = (v: number) => TOP + PLOT_H - (Math.min(v, top) / top) * PLOT_H;
  const ticks = Number.isInteger(top / 2) || max !== undefined ? [0, top / 2, top] : [0, top];
  return (
    <figure className="chart" aria-labelledby={`${id}-cap`} data-testid={testId}>
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={`${title}: ${groups.map(describe).join('; ')}`}
        preserveAspectRatio="xMinYMin meet"
      >
        {series.length > 1
          ? series.map((s, i) => (
              <g key={s.key}>
                <rect x={LEFT + i * 120} y={4} width={12} height={12} rx={2} className={`chart-bar ${s.tone ?? ''}`} />
                <text x={LEFT + i * 120 + 17} y={10} className="chart-label" dominantBaseline="central">
                  {s.label}
                </text>
              </g>
            ))
          : null}
        {ticks.map((tk) => (
          <g key={tk}>
            <line x1={LEFT - 4} x2={width - 4} y1={y(tk)} y2={y(tk)} className="chart-track" stroke="currentColor" strokeOpacity={0.15} />
            <text x={LEFT - 8} y={y(tk)} className="chart-value" textAnchor="end" dominantBaseline="central">
              {format(tk)}
            </text>
          </g>
        ))}
        {groups.map((g, gi) => {
          const x0 = LEFT + gi * GROUP_W + gap / 2;
          return (
            <g key={g.key}>
              <title>{describe(g)}</title>
              {series.map((s, si) => {
                const v = g.values[si] ?? null;
                const x = x0 + si * barW;
                if (v === null) {
                  return (
                    <text key={s.key} x={x + (barW - 2) / 2} y={y(0) - 8} className="chart-value" textAnchor="middle">
                      —
                    </text>
                  );
                }
                const h = Math.max(v > 0 ? 2 : 0, y(0) - y(v));
                return (
                  <g key={s.key}>
                    <rect x={x} y={y(0) - h} width={barW - 2} height={h} rx={2} className={`chart-bar ${s.tone ?? ''}`} />
                    <text x={x + (barW - 2) / 2} y={y(0) - h - 4} className="chart-value" textAnchor="middle" fontSize={9.5}>
                      {columnLabel(v)}
                    </text>
                  </g>
                );
              })}
              <text x={x0 + (GROUP_W - gap) / 2} y={TOP + PLOT_H + 14} className="chart-label" textAnchor="middle" fontSize={11}>
                {g.label}
              </text>
              {g.sub ? (
                <text x={x0 + (GROUP_W - gap) / 2} y={TOP + PLOT_H + 29} className="chart-value" textAnchor="middle" fontSize={10}>
                  {g.sub}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <details className="chart-table">
        <summary>{tableSummary}</summary>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{groupHeader}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col" className="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key}>
                  <th scope="row">{g.name}</th>
                  {series.map((s, si) => {
                    const v = g.values[si] ?? null;
                    return (
                      <td key={s.key} className="num">
                        {v === null ? '—' : format(v)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
