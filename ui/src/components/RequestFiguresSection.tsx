// The dashboard's "Requests" section (issue 3): figures as tiles (open, overdue, due within 7 days,
// on-time rate and median days to close over the last 12 months), received vs closed per month, the
// on-time rate per month, and requests by status and by type. Everything comes from request_stats; the
// months without requests are filled in here (requestFigures.ts).
import type { RequestStats } from '../api/types';
import { isRequestStatus, isRequestType, REQUEST_STATUSES } from '../api/enums';
import type { I18n } from '../i18n';
import { href } from '../lib/router';
import { BarChart, type Bar } from './BarChart';
import { ColumnChart, type ColumnGroup } from './ColumnChart';
import { fillMonths, medianText, monthOf, onTimeRate, rateText, type MonthFigures } from './requestFigures';

/** Today on this computer, "YYYY-MM-DD". */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const CLOSED_STATUSES = new Set(['completed', 'refused', 'withdrawn']);

export function RequestFiguresSection({ i18n, stats, today = localToday() }: { i18n: I18n; stats: RequestStats; today?: string }) {
  const { t } = i18n;
  const none = t('common.none');
  const rate = onTimeRate(stats.closed_on_time_in_window, stats.closed_in_window);
  const months = fillMonths(stats.by_month, monthOf(today));
  const shortMonth = new Intl.DateTimeFormat(i18n.lang, { month: 'short', timeZone: 'UTC' });
  const longMonth = new Intl.DateTimeFormat(i18n.lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const group = (m: MonthFigures, i: number, values: Array<number | null>): ColumnGroup => {
    const d = new Date(`${m.month}-01T00:00:00Z`);
    return {
      key: m.month,
      label: shortMonth.format(d),
      ...(i === 0 || m.month.endsWith('-01') ? { sub: m.month.slice(0, 4) } : {}),
      name: longMonth.format(d),
      values,
    };
  };
  const volume = months.map((m, i) => group(m, i, [m.received, m.closed]));
  const onTime = months.map((m, i) => group(m, i, [onTimeRate(m.onTime, m.closed)]));
  const figuresOf = new Map(months.map((m) => [m.month, m]));

  const statusCount = new Map(stats.by_status);
  const statuses: Bar[] = [
    ...REQUEST_STATUSES.map((s) => ({ key: s, count: statusCount.get(s) ?? 0 })),
    ...stats.by_status.filter(([s]) => !isRequestStatus(s)).map(([s, count]) => ({ key: s, count })),
  ].map(({ key, count }) => ({
    key,
    count,
    label: isRequestStatus(key) ? t(`reqStatus.${key}`) : key,
    ...(CLOSED_STATUSES.has(key) ? { tone: 'tone-accent2' } : {}),
  }));
  const types: Bar[] = stats.by_type.map(([type, count]) => ({ key: type, count, label: isRequestType(type) ? t(`reqType.${type}`) : type }));
  const describe = (b: Bar) => t('dashboard.chartItem', { label: b.label, count: i18n.number(b.count) });

  return (
    <section className="dash-requests" aria-labelledby="dash-req-h" data-testid="dash-requests">
      <div className="list-bar">
        <h2 id="dash-req-h">{t('dashboard.req.title')}</h2>
        <a className="btn" href={href({ name: 'requests' })} data-testid="dash-req-list">
          {t('dashboard.req.toList')}
        </a>
      </div>
      <div className="req-kpis">
        <div className="kpi card">
          <span className="kpi-value" data-testid="dash-req-open">
            {i18n.number(stats.open)}
          </span>
          <span className="kpi-label">{t('requests.stats.open')}</span>
          {stats.clock_stopped > 0 ? <span className="kpi-sub">{i18n.tp('requests.stats.paused', stats.clock_stopped)}</span> : null}
        </div>
        <a
          className={`kpi card kpi-button${stats.overdue > 0 ? ' kpi-danger' : ''}`}
          style={{ textDecoration: 'none' }}
          href={href({ name: 'requests', focus: 'overdue' })}
          aria-label={`${i18n.number(stats.overdue)} ${t('requests.stats.overdue')}. ${t('dashboard.req.overdueHint')}`}
          data-testid="dash-req-overdue-link"
        >
          <span className="kpi-value" data-testid="dash-req-overdue">
            {i18n.number(stats.overdue)}
          </span>
          <span className="kpi-label">{t('requests.stats.overdue')}</span>
          <span className="kpi-sub">{t('dashboard.req.overdueHint')}</span>
        </a>
        <div className={`kpi card${stats.due_within_7_days > 0 ? ' kpi-warn' : ''}`}>
          <span className="kpi-value" data-testid="dash-req-due-soon">
            {i18n.number(stats.due_within_7_days)}
          </span>
          <span className="kpi-label">{t('requests.stats.dueSoon')}</span>
        </div>
        <div className="kpi card">
          <span className="kpi-value" data-testid="dash-req-on-time">
            {rateText(rate, i18n.number, none)}
          </span>
          <span className="kpi-label">{t('requests.stats.onTime')}</span>
          <span className="kpi-sub" data-testid="dash-req-on-time-n">
            {rate === null
              ? t('requests.stats.noneClosed')
              : t('requests.stats.onTimeDetail', { onTime: i18n.number(stats.closed_on_time_in_window), closed: i18n.number(stats.closed_in_window) })}
          </span>
        </div>
        <div className="kpi card">
          <span className="kpi-value" data-testid="dash-req-median">
            {medianText(stats.median_days_to_close, i18n.number, none)}
          </span>
          <span className="kpi-label">{t('requests.stats.median')}</span>
        </div>
      </div>
      <div className="charts">
        <section className="card" data-testid="dash-req-by-month">
          <ColumnChart
            title={t('dashboard.req.byMonth')}
            series={[
              { key: 'received', label: t('dashboard.req.received') },
              { key: 'closed', label: t('dashboard.req.closed'), tone: 'tone-accent2' },
            ]}
            groups={volume}
            format={i18n.number}
            describe={(g) => t('dashboard.req.monthItem', { month: g.name, received: i18n.number(g.values[0] ?? 0), closed: i18n.number(g.values[1] ?? 0) })}
            tableSummary={t('dashboard.req.asTable')}
            groupHeader={t('dashboard.req.month')}
          />
        </section>
        <section className="card" data-testid="dash-req-on-time-by-month">
          <ColumnChart
            title={t('dashboard.req.onTimeByMonth')}
            series={[{ key: 'rate', label: t('dashboard.req.onTimeRate'), tone: 'tone-complete' }]}
            groups={onTime}
            max={100}
            format={(v) => `${i18n.number(v)} %`}
            columnLabel={i18n.number}
            describe={(g) => {
              const m = figuresOf.get(g.key);
              const r = g.values[0] ?? null;
              return m === undefined || r === null
                ? t('dashboard.req.onTimeNone', { month: g.name })
                : t('dashboard.req.onTimeItem', { month: g.name, rate: rateText(r, i18n.number), onTime: i18n.number(m.onTime), closed: i18n.number(m.closed) });
            }}
            tableSummary={t('dashboard.req.asTable')}
            groupHeader={t('dashboard.req.month')}
          />
          <p className="small muted">{t('dashboard.req.onTimeNote')}</p>
        </section>
        <section className="card" data-testid="dash-req-by-status">
          <BarChart title={t('dashboard.req.byStatus')} bars={statuses} describe={describe} />
        </section>
        <section className="card" data-testid="dash-req-by-type">
          {types.length > 0 ? (
            <BarChart title={t('dashboard.req.byType')} bars={types} describe={describe} />
          ) : (
            <figure className="chart">
              <figcaption>{t('dashboard.req.byType')}</figcaption>
              <p className="muted">{t('dashboard.req.noneReceived')}</p>
            </figure>
          )}
        </section>
      </div>
    </section>
  );
}
