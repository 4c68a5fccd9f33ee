import { useBackend } from '../api';
import { COMPLETENESS_BANDS, LAWFUL_BASIS_ARTICLE, LAWFUL_BASES } from '../api/enums';
import { useI18n } from '../i18n';
import { useAsync } from '../lib/hooks';
import { useReadySignal } from '../lib/ready';
import { loadDashboard, takeDashboardPrefetch } from '../lib/prefetch';
import { BarChart, type Bar } from '../components/BarChart';
import { RequestFiguresSection } from '../components/RequestFiguresSection';
import { ErrorBox, Loading, PageTitle } from '../components/ui';

export function Dashboard() {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [res, reload] = useAsync(() => {
    const load = () => loadDashboard(backend);
    // At start-up the figures were asked for with the page (lib/prefetch); if that failed, ask again.
    return takeDashboardPrefetch()?.catch(load) ?? load();
  }, [backend]);
  // The requests' figures load on their own: the register's figures do not wait for them, and an
  // error here leaves the rest of the dashboard in place.
  const [reqStats, reloadReqStats] = useAsync(() => backend.requestStats(), [backend]);
  // The dashboard is the first screen: once its figures are shown, the app is ready (start-up benchmark).
  useReadySignal(backend, res.state === 'ready');
  const describe = (b: Bar) => t('dashboard.chartItem', { label: b.label, count: b.count });
  return (
    <>
      <PageTitle>{t('dashboard.title')}</PageTitle>
      {res.state === 'error' ? <ErrorBox error={res.error} onRetry={reload} /> : null}
      {res.data === null ? (
        res.state === 'loading' ? <Loading /> : null
      ) : (
        (() => {
          const [d, org] = res.data;
          const count = (list: typeof d.by_band, key: string) => list.find((c) => c.key === key)?.count ?? 0;
          const bands: Bar[] = COMPLETENESS_BANDS.map((b) => ({
            key: b,
            label: t(`band.${b}`),
            count: count(d.by_band, b),
            tone: `tone-${b}`,
          }));
          const bases: Bar[] = LAWFUL_BASES.map((b) => ({
            key: b,
            label: `${t(`lawfulBasis.${b}`)} · ${LAWFUL_BASIS_ARTICLE[b]}`,
            count: count(d.by_lawful_basis, b),
          }));
          const countries: Bar[] = d.transfers_by_country.map((c) => ({
            key: c.key,
            label: `${i18n.country(c.key)} (${c.key})`,
            count: c.count,
            tone: 'tone-accent2',
          }));
          return (
            <div className="dashboard" data-testid="dashboard">
              <div className="kpis">
                <div className="kpi card">
                  <span className="kpi-value" data-testid="kpi-activities">{i18n.number(d.activities)}</span>
                  <span className="kpi-label">{t('dashboard.activities')}</span>
                </div>
                <div className="kpi card">
                  <span className="kpi-value">
                    {d.average_score}
                    <span className="kpi-unit"> / 100</span>
                  </span>
                  <span className="kpi-label">{t('dashboard.averageScore')}</span>
                </div>
                <div className={`kpi card${d.reviews_overdue > 0 ? ' kpi-warn' : ''}`}>
                  <span className="kpi-value">{i18n.number(d.reviews_overdue)}</span>
                  <span className="kpi-label">{t('dashboard.reviewsOverdue')}</span>
                </div>
              </div>
              <div className="charts" data-testid="register-charts">
                <section className="card">
                  <BarChart title={t('dashboard.byBand')} bars={bands} describe={describe} />
                </section>
                <section className="card">
                  <BarChart title={t('dashboard.byLawfulBasis')} bars={bases} describe={describe} />
                </section>
                <section className="card">
                  {countries.length > 0 ? (
                    <BarChart title={t('dashboard.byCountry')} bars={countries} describe={describe} />
                  ) : (
                    <figure className="chart">
                      <figcaption>{t('dashboard.byCountry')}</figcaption>
                      <p className="muted">{t('dashboard.noTransfers')}</p>
                    </figure>
                  )}
                </section>
              </div>
              <section className="card art305" aria-labelledby="art305-h">
                <h2 id="art305-h">{t('dashboard.art305.title')}</h2>
                <p>
                  {d.art30_5_headcount_exemption === null || !org || org.employees === null
                    ? t('dashboard.art305.unknown')
                    : t(d.art30_5_headcount_exemption ? 'dashboard.art305.could' : 'dashboard.art305.not', {
                        employees: i18n.number(org.employees),
                        threshold: i18n.number(org.art30_threshold),
                      })}
                </p>
              </section>
              {reqStats.state === 'error' ? <ErrorBox error={reqStats.error} onRetry={reloadReqStats} /> : null}
              {reqStats.data === null ? (
                reqStats.state === 'loading' ? <Loading /> : null
              ) : (
                <RequestFiguresSection i18n={i18n} stats={reqStats.data} />
              )}
            </div>
          );
        })()
      )}
    </>
  );
}
