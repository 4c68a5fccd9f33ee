// The plan of a rule (what a run would do now: cutoff, counts, sample keys, the exact statements), its
// approval, and a run with a progress bar and Cancel. The run goes on in the backend; this dialog polls
// it every 500 ms until it ends (closing the dialog stops the polling, not the run).
import { useEffect, useRef, useState } from 'react';
import { useBackend } from '../../api';
import type { PlanInfo, RunRow } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useAsync } from '../../lib/hooks';
import { ApiMessage, RunStatus } from './common';

export const POLL_MS = 500;

export function PlanDialog({
  name,
  following = null,
  onClose,
  onEvidence,
  onRunChanged,
}: {
  name: string;
  /** A run of this rule that is still going on (started earlier): followed instead of a new one. */
  following?: RunRow | null;
  onClose: () => void;
  onEvidence: (runId: number) => void;
  /** Called when this dialog starts a run and when a run it follows ends (the screen reads its lists
   *  again: the schedule then polls while the run goes on, and shows its end at once). */
  onRunChanged?: (run: RunRow) => void;
}) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [plan, reloadPlan] = useAsync(() => backend.retentionPlan(name), [backend, name]);
  const [approved, setApproved] = useState<PlanInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [run, setRun] = useState<RunRow | null>(following);
  const [cancelling, setCancelling] = useState(false);
  const alive = useRef(true);
  const onRunChangedRef = useRef(onRunChanged);
  onRunChangedRef.current = onRunChanged;
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const p = approved ?? plan.data;
  const isApproved = p?.approved ?? false;

  // Poll the run while it is running.
  const runId = run?.id;
  const running = run?.status === 'running';
  useEffect(() => {
    if (runId === undefined || !running) return;
    const timer = setInterval(() => {
      backend.retentionRun(runId).then(
        (r) => {
          if (!alive.current) return;
          setRun(r);
          if (r.status !== 'running') onRunChangedRef.current?.(r);
        },
        (e: unknown) => {
          if (alive.current) setError(e);
        },
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [backend, runId, running]);

  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      const a = await backend.approveRetention(name);
      if (alive.current) setApproved(a);
    } catch (e) {
      if (alive.current) setError(e);
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await backend.startRetentionRun(name);
      if (alive.current) {
        setRun(r);
        onRunChangedRef.current?.(r);
      }
    } catch (e) {
      if (alive.current) setError(e);
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const cancel = async () => {
    if (run === null) return;
    setCancelling(true);
    try {
      await backend.cancelRetentionRun(run.id);
    } catch (e) {
      if (alive.current) setError(e);
    }
  };

  const replan = () => {
    setApproved(null);
    setRun(null);
    setCancelling(false);
    reloadPlan();
  };

  return (
    <Dialog
      title={t('ret.plan.title', { rule: name })}
      onClose={onClose}
      wide
      testId="plan-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.close')}
          </button>
          {run === null ? (
            <>
              {!isApproved ? (
                <button type="button" className="btn btn-primary" onClick={approve} disabled={busy || p === null} data-testid="plan-approve">
                  {t('ret.plan.approve')}
                </button>
              ) : null}
              <button type="button" className="btn btn-danger" onClick={start} disabled={busy || !isApproved} data-testid="plan-run">
                {t('ret.plan.run')}
              </button>
            </>
          ) : running ? (
            <button type="button" className="btn btn-danger-outline" onClick={cancel} disabled={cancelling} data-testid="run-cancel">
              {cancelling ? t('ret.run.cancelling') : t('ret.run.cancel')}
            </button>
          ) : (
            <>
              <button type="button" className="btn" onClick={replan} data-testid="plan-again">
                {t('ret.plan.again')}
              </button>
              <button type="button" className="btn btn-primary" onClick={() => onEvidence(run.id)} data-testid="run-evidence">
                {t('ret.runs.evidence')}
              </button>
            </>
          )}
        </>
      }
    >
      {error !== null ? <ApiMessage i18n={i18n} error={error} testId="plan-error" /> : null}
      {plan.state === 'error' && p === null ? <ApiMessage i18n={i18n} error={plan.error} testId="plan-error" /> : null}
      {p === null ? (
        plan.state === 'loading' ? <Loading label={t('ret.plan.loading')} /> : null
      ) : (
        <div data-testid="plan">
          {run === null ? (
            <p className={`callout ${isApproved ? 'callout-ok' : 'callout-warn'}`} data-testid="plan-approval">
              {isApproved ? t('ret.plan.approvedNote', { version: p.version }) : t('ret.plan.needsApproval', { version: p.version })}
            </p>
          ) : null}
          <dl className="props">
            <dt>{t('ret.plan.cutoff')}</dt>
            <dd data-testid="plan-cutoff">
              <time dateTime={p.cutoff}>{i18n.dateTime(p.cutoff)}</time> <span className="muted">({p.cutoff})</span>
            </dd>
            <dt>{t('ret.plan.period')}</dt>
            <dd>{p.period}</dd>
            <dt>{t('ret.plan.action')}</dt>
            <dd>{p.action}</dd>
            <dt>{t('ret.plan.affected')}</dt>
            <dd data-testid="plan-affected">{i18n.number(p.affected)}</dd>
            <dt>{t('ret.plan.held')}</dt>
            <dd data-testid="plan-held">{i18n.number(p.held)}</dd>
            <dt>{t('ret.plan.timeComparison')}</dt>
            <dd>{p.time_comparison.explanation}</dd>
          </dl>
          {p.whole_rule_holds.length > 0 ? (
            <p className="callout callout-warn" data-testid="plan-whole-held">
              {t('ret.plan.wholeHeld', { ids: p.whole_rule_holds.join(', ') })}
            </p>
          ) : null}
          <h3>{t('ret.plan.sample')}</h3>
          {p.sample_keys.length === 0 ? (
            <p className="muted">{t('ret.plan.noSample')}</p>
          ) : (
            <p className="mono" data-testid="plan-sample">
              {p.sample_keys.join(', ')}
            </p>
          )}
          <h3>{t('ret.plan.statements')}</h3>
          <pre className="statements" data-testid="plan-statements">
            {p.statements.join('\n\n')}
          </pre>
        </div>
      )}
      {run !== null ? <RunProgress run={run} /> : null}
    </Dialog>
  );
}

export function RunProgress({ run }: { run: RunRow }) {
  const i18n = useI18n();
  const { t } = i18n;
  const max = Math.max(run.planned, 1);
  return (
    <section className="run-progress subcard" aria-labelledby="run-progress-h" data-testid="run-progress">
      <h3 id="run-progress-h">
        {t('ret.run.title', { id: run.id })} <RunStatus i18n={i18n} run={run} />
      </h3>
      <progress
        max={max}
        value={run.status === 'completed' ? max : Math.min(run.affected, max)}
        aria-label={t('ret.run.progressLabel')}
        data-testid="run-progress-bar"
      />
      <p aria-live="polite" data-testid="run-progress-text">
        {t('ret.run.progress', { done: i18n.number(run.affected), planned: i18n.number(run.planned), batches: run.batches })}
        {run.held > 0 ? ` ${t('ret.run.heldNote', { held: i18n.number(run.held) })}` : ''}
      </p>
      {run.errors.length > 0 ? (
        <div className="callout callout-error" role="alert">
          {run.errors.map((e, i) => (
            <p key={i}>{e}</p>
          ))}
        </div>
      ) : null}
      {run.status === 'cancelled' ? <p className="callout callout-warn">{t('ret.run.cancelledNote')}</p> : null}
    </section>
  );
}
