// The retention screen: the schedule of rules (next run, last result, approval), the rule editor, the
// plan with approval and a run with progress and cancel, run history with evidence, legal holds and
// datastores. Everything is decided by the core (cockpit-api/src/retention.rs); this screen shows it.
// While a run is going on (started here, by the scheduler or by the command line), the schedule and the
// run history refresh themselves every SCHEDULE_POLL_MS; nothing is polled when nothing runs.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useBackend } from '../api';
import type { RuleInfo } from '../api/types';
import { Loading, PageTitle } from '../components/ui';
import { useI18n } from '../i18n';
import { useAsync } from '../lib/hooks';
import { actionText, ApiMessage, isActiveRun, periodText, RunStatus, targetText } from './retention/common';
import { PlanDialog } from './retention/PlanDialog';
import { RuleEditor } from './retention/RuleEditor';
import { EvidenceDialog, RunsPanel } from './retention/Runs';
import { HoldsPanel } from './retention/Holds';
import { DatastoresPanel } from './retention/Datastores';

type Tab = 'schedule' | 'runs' | 'holds' | 'datastores';
const TABS: Tab[] = ['schedule', 'runs', 'holds', 'datastores'];

/** How often the schedule and the run history are read again while a run is going on. */
export const SCHEDULE_POLL_MS = 2000;

export function RetentionScreen() {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [tab, setTab] = useState<Tab>('schedule');
  const [rules, reloadRules] = useAsync(() => backend.retentionRules(), [backend]);
  const [runs, reloadRuns] = useAsync(() => backend.retentionRuns(null, 200), [backend]);
  const [datastores, reloadDatastores] = useAsync(() => backend.listDatastores(), [backend]);
  const [editing, setEditing] = useState<RuleInfo | 'new' | null>(null);
  const [planning, setPlanning] = useState<string | null>(null);
  const [evidence, setEvidence] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  const reload = () => {
    reloadRules();
    reloadRuns();
  };
  const reloadRef = useRef(reload);
  reloadRef.current = reload;

  // A run is going on when a rule's last run or a listed run is still `running`. Then both lists are
  // read again SCHEDULE_POLL_MS after the previous answers came (not on a fixed beat, so that a slow
  // answer is never overtaken by the next question). The timer goes with the last run, or the screen.
  const active = (rules.data ?? []).some((r) => isActiveRun(r.last_run)) || (runs.data ?? []).some((r) => isActiveRun(r));
  const settled = rules.state !== 'loading' && runs.state !== 'loading';
  useEffect(() => {
    if (!active || !settled) return;
    const timer = setTimeout(() => reloadRef.current(), SCHEDULE_POLL_MS);
    return () => clearTimeout(timer);
  }, [active, settled, rules, runs]);

  const onTabKey = (e: KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const j = (next + TABS.length) % TABS.length;
    setTab(TABS[j]!);
    tabRefs.current[j]?.focus();
  };

  return (
    <>
      <PageTitle
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} disabled={(datastores.data ?? []).length === 0} data-testid="rule-new">
            {t('ret.newRule')}
          </button>
        }
      >
        {t('nav.retention')}
      </PageTitle>
      <p className="help">{t('ret.intro')}</p>
      {notice ? (
        <p className="callout callout-ok" role="status" data-testid="retention-notice">
          {notice}
        </p>
      ) : null}

      {active ? (
        <p className="callout callout-info" role="status" data-testid="retention-live">
          {t('ret.liveRefresh', { seconds: SCHEDULE_POLL_MS / 1000 })}
        </p>
      ) : null}

      <div className="tabs" role="tablist" aria-label={t('ret.tabs')}>
        {TABS.map((k, i) => (
          <button
            key={k}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`ret-tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`ret-panel-${k}`}
            tabIndex={tab === k ? 0 : -1}
            className={`tab${tab === k ? ' tab-active' : ''}`}
            onClick={() => setTab(k)}
            onKeyDown={(e) => onTabKey(e, i)}
            data-testid={`ret-tab-${k}`}
          >
            {t(`ret.tab.${k}`)}
          </button>
        ))}
      </div>

      <div role="tabpanel" id={`ret-panel-${tab}`} aria-labelledby={`ret-tab-${tab}`}>
        {tab === 'schedule' ? (
          <>
            {rules.state === 'error' ? <ApiMessage i18n={i18n} error={rules.error} /> : null}
            {rules.data === null ? (
              rules.state === 'loading' ? <Loading /> : null
            ) : rules.data.length === 0 ? (
              <p className="muted" data-testid="rules-empty">
                {t('ret.noRules')}
              </p>
            ) : (
              <div className="table-scroll card table-card">
                <table className="table rules-table" data-testid="rules-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('ret.rule')}</th>
                      <th scope="col">{t('ret.target')}</th>
                      <th scope="col">{t('ret.period')}</th>
                      <th scope="col">{t('ret.action')}</th>
                      <th scope="col">{t('ret.schedule')}</th>
                      <th scope="col">{t('ret.nextRun')}</th>
                      <th scope="col">{t('ret.lastRun')}</th>
                      <th scope="col">{t('ret.approval')}</th>
                      <th scope="col">{t('ret.enabled')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rules.data.map((r) => (
                      <tr key={r.rule.name} data-testid={`rule-${r.rule.name}`}>
                        <td>
                          <strong>{r.rule.name}</strong> <span className="muted small">v{r.version}</span>
                          {r.rule.description ? <div className="small muted">{r.rule.description}</div> : null}
                        <div className="rule-actions">
                          <button type="button" className="btn btn-small btn-primary" onClick={() => setPlanning(r.rule.name)} data-testid={`rule-plan-${r.rule.name}`}>
                            {t('ret.planButton')}
                          </button>{' '}
                          <button type="button" className="btn btn-small" onClick={() => setEditing(r)} data-testid={`rule-edit-${r.rule.name}`}>
                            {t('common.edit')}
                          </button>
                        </div>
                        </td>
                        <td className="mono small">{targetText(r.rule)}</td>
                        <td>{periodText(i18n, r.rule.keep)}</td>
                        <td>{actionText(i18n, r.rule.action)}</td>
                        <td>
                          {r.rule.schedule === null ? (
                            <span className="muted">{t('ret.manualOnly')}</span>
                          ) : (
                            <>
                              <span className="mono">{r.rule.schedule}</span>
                              <div className="small muted">{r.rule.timezone}</div>
                            </>
                          )}
                        </td>
                        <td className="nowrap" data-testid={`rule-next-${r.rule.name}`}>
                          {r.next_run === null ? <span className="muted">{t('common.none')}</span> : i18n.dateTime(r.next_run)}
                        </td>
                        <td data-testid={`rule-last-${r.rule.name}`}>
                          {r.last_run === null ? (
                            <span className="muted">{t('ret.never')}</span>
                          ) : (
                            <>
                              <RunStatus i18n={i18n} run={r.last_run} />
                              <div className="small" data-testid={`rule-last-summary-${r.rule.name}`}>
                                {isActiveRun(r.last_run)
                                  ? t('ret.lastRunProgress', {
                                      done: i18n.number(r.last_run.affected),
                                      planned: i18n.number(r.last_run.planned),
                                      when: i18n.dateTime(r.last_run.started_at),
                                    })
                                  : t('ret.lastRunSummary', { affected: i18n.number(r.last_run.affected), when: i18n.dateTime(r.last_run.started_at) })}
                              </div>
                            </>
                          )}
                        </td>
                        <td data-testid={`rule-approval-${r.rule.name}`}>
                          {r.approved ? (
                            <span className="tag tag-ok" title={r.approved_at ? t('ret.approvedBy', { who: r.approved_by ?? '', when: i18n.dateTime(r.approved_at) }) : undefined}>
                              {t('ret.approved', { version: r.version })}
                            </span>
                          ) : (
                            <span className="tag tag-warn">{t('ret.needsApproval')}</span>
                          )}
                        </td>
                        <td>{r.rule.enabled ? t('common.yes') : t('common.no')}</td>

                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        ) : null}
        {tab === 'runs' ? (
          <>
            {runs.state === 'error' ? <ApiMessage i18n={i18n} error={runs.error} /> : null}
            <RunsPanel runs={runs.data} onEvidence={setEvidence} />
          </>
        ) : null}
        {tab === 'holds' ? <HoldsPanel rules={rules.data ?? []} onChanged={reloadRules} /> : null}
        {tab === 'datastores' ? <DatastoresPanel datastores={datastores.data} onAdded={reloadDatastores} /> : null}
      </div>

      {editing !== null ? (
        <RuleEditor
          existing={editing === 'new' ? null : editing}
          datastores={datastores.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null);
            setNotice(r.approved ? t('ret.savedUnchanged', { rule: r.rule.name }) : t('ret.saved', { rule: r.rule.name, version: r.version }));
            reloadRules();
          }}
        />
      ) : null}
      {planning !== null ? (
        <PlanDialog
          name={planning}
          following={(rules.data ?? []).find((r) => r.rule.name === planning && isActiveRun(r.last_run))?.last_run ?? null}
          onRunChanged={reload}
          onClose={() => {
            setPlanning(null);
            reload();
          }}
          onEvidence={(id) => {
            setPlanning(null);
            reload();
            setEvidence(id);
          }}
        />
      ) : null}
      {evidence !== null ? <EvidenceDialog id={evidence} onClose={() => setEvidence(null)} /> : null}
    </>
  );
}
