// Shared pieces of the retention screen: how periods, actions, targets, run states and holds read.
import { toApiError } from '../../api';
import type { HoldScope, LegalHold, RetentionAction, RetentionRule, RulePeriod, RunRow } from '../../api/types';
import type { I18n } from '../../i18n';

export function periodText(i18n: I18n, p: RulePeriod): string {
  if (p.kind === 'elapsed') return i18n.tp(`ret.period.${p.unit}`, p.amount);
  const end = `${String(p.fy_end_day).padStart(2, '0')}-${String(p.fy_end_month).padStart(2, '0')}`;
  return i18n.tp('ret.period.fy', p.years, { end });
}

export function actionText(i18n: I18n, a: RetentionAction): string {
  if (a.kind === 'anonymize') {
    return i18n.t('ret.action.anonymizeColumns', {
      columns: a.columns.map((c) => (c.method.method === 'fixed' ? `${c.column}=“${c.method.value}”` : `${c.column} (${i18n.t(`ret.anon.${c.method.method}`)})`)).join(', '),
    });
  }
  return i18n.t(`ret.action.${a.kind}`);
}

export function targetText(r: RetentionRule): string {
  if (r.target.kind === 'folder') return `${r.datastore}: ${r.target.glob}`;
  return `${r.datastore}.${r.target.table} (${r.target.time_column})`;
}

export const RUN_STATUSES = ['running', 'completed', 'held', 'cancelled', 'failed'] as const;

/** A run still going on: the core keeps it `running` until it ends (completed, held, cancelled, failed). */
export function isActiveRun(run: RunRow | null | undefined): boolean {
  return run?.status === 'running';
}

export function RunStatus({ i18n, run }: { i18n: I18n; run: RunRow }) {
  const tone = run.status === 'completed' ? 'tag-ok' : run.status === 'failed' ? 'tag-danger' : run.status === 'running' ? '' : 'tag-warn';
  const known = (RUN_STATUSES as readonly string[]).includes(run.status);
  return (
    <span className={`tag ${tone}`} data-testid={`run-status-${run.id}`}>
      {known ? i18n.t(`ret.status.${run.status as (typeof RUN_STATUSES)[number]}`) : run.status}
    </span>
  );
}

export type HoldState = 'active' | 'expired' | 'released';

export function holdState(h: LegalHold, today: string): HoldState {
  if (h.released_at !== null) return 'released';
  if (h.until !== null && h.until < today) return 'expired';
  return 'active';
}

export function scopeText(i18n: I18n, s: HoldScope): string {
  if (s.kind === 'rule') return i18n.t('ret.holds.scopeRule', { rule: s.rule });
  if (s.kind === 'activity') return i18n.t('ret.holds.scopeActivity', { activity: s.activity });
  return i18n.tp('ret.holds.scopeKeys', s.keys.length, { rule: s.rule, keys: s.keys.slice(0, 5).join(', ') + (s.keys.length > 5 ? ', …' : '') });
}

/** The API's message for validation errors without field errors (retention reports its checks as one
 *  message naming the problem), else the usual translated text. */
export function apiMessage(i18n: I18n, e: unknown): string {
  const err = toApiError(e);
  if (err.code === 'validation' || err.code === 'conflict' || err.code === 'not_found') {
    return `${i18n.t(`ret.error.${err.code}`)} ${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
  }
  return i18n.t(`error.${err.code}`, { message: err.message });
}

export function ApiMessage({ i18n, error, testId }: { i18n: I18n; error: unknown; testId?: string }) {
  return (
    <div className="callout callout-error" role="alert" data-testid={testId}>
      <p>{apiMessage(i18n, error)}</p>
    </div>
  );
}

/** Today in this computer's zone, "YYYY-MM-DD". */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function durationText(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
