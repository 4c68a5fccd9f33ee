// One activity: every field grouped by the Art. 30 element it documents, its completeness with the
// findings, Edit / Retire, and the version history with field diffs. With `asOf`, the activity as it
// stood on that date (read-only).
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useBackend } from '../api';
import type {
  Activity,
  ActivityVersion,
  Completeness,
  FieldChange,
  JsonValue,
  Organisation,
  Vocabularies,
} from '../api/types';
import { CONDITION_ARTICLE, LAWFUL_BASIS_ARTICLE, MECHANISM_ARTICLE } from '../api/enums';
import { useI18n, type I18n } from '../i18n';
import { useAsync } from '../lib/hooks';
import { href } from '../lib/router';
import { ConfirmDialog } from '../components/Dialog';
import { ErrorBox, Loading, PageTitle, Ref, ScoreBadge, Section, StatusChip } from '../components/ui';
import { CompletenessPanel } from '../components/CompletenessPanel';

interface Loaded {
  activity: Activity;
  completeness: Completeness;
  version: number;
  created_at: string | null;
  updated_at: string;
  vocab: Vocabularies;
  org: Organisation | null;
}

export function ActivityDetailScreen({ id, asOf, tab: initialTab }: { id: string; asOf: string | null; tab: 'details' | 'history' }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [tab, setTab] = useState<'details' | 'history'>(initialTab);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);

  const [res, reload] = useAsync<Loaded | 'missing'>(async () => {
    const [vocab, org] = await Promise.all([backend.getVocabularies(), backend.getOrganisation()]);
    if (asOf === null) {
      const d = await backend.getActivity(id);
      return { ...d, vocab, org };
    }
    const history = await backend.activityHistory(id);
    const end = `${asOf}T23:59:59.999999Z`;
    const v = [...history].reverse().find((h) => h.at <= end);
    if (!v) return 'missing';
    const completeness = await backend.checkActivity(v.snapshot);
    return { activity: v.snapshot, completeness, version: v.version, created_at: history[0]?.at ?? null, updated_at: v.at, vocab, org };
  }, [backend, id, asOf, nonce]);

  const retire = async () => {
    setBusy(true);
    setActionError(null);
    try {
      await backend.retireActivity(id);
      setConfirm(false);
      setNonce((n) => n + 1);
    } catch (e) {
      setActionError(e);
      setConfirm(false);
    } finally {
      setBusy(false);
    }
  };

  const tabs: Array<'details' | 'history'> = ['details', 'history'];
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const j = (next + tabs.length) % tabs.length;
    setTab(tabs[j]!);
    tabRefs.current[j]?.focus();
  };

  const back = (
    <a className="back-link" href={href({ name: 'register' })}>
      <span aria-hidden="true">← </span>
      {t('detail.back')}
    </a>
  );

  if (res.state === 'error' && res.data === null) {
    return (
      <>
        {back}
        <PageTitle>{id}</PageTitle>
        <ErrorBox error={res.error} onRetry={reload} />
      </>
    );
  }
  if (res.data === null) {
    return (
      <>
        {back}
        <Loading />
      </>
    );
  }
  if (res.data === 'missing') {
    return (
      <>
        {back}
        <PageTitle>{id}</PageTitle>
        <p className="callout callout-info">{t('detail.notYetExisting', { date: i18n.date(asOf) })}</p>
      </>
    );
  }
  const d = res.data;
  const a = d.activity;
  const readOnly = asOf !== null;

  return (
    <>
      {back}
      <PageTitle
        actions={
          readOnly ? null : (
            <>
              <a className="btn btn-primary" href={href({ name: 'edit', id })} data-testid="edit-activity">
                {t('common.edit')}
              </a>
              {a.status !== 'retired' ? (
                <button type="button" className="btn btn-danger-outline" onClick={() => setConfirm(true)} data-testid="retire-activity">
                  {t('detail.retire')}
                </button>
              ) : null}
            </>
          )
        }
      >
        <span className="title-id mono">{a.id}</span> {a.name}
      </PageTitle>
      <div className="meta-line">
        <StatusChip status={a.status} />
        <ScoreBadge score={d.completeness.score} />
        <span>{t('detail.version', { version: d.version })}</span>
        {d.created_at ? <span>{t('detail.created', { date: i18n.dateTime(d.created_at) })}</span> : null}
        <span>{t('detail.updated', { date: i18n.dateTime(d.updated_at) })}</span>
      </div>
      {readOnly ? (
        <p className="callout callout-info" role="status">
          {t('detail.asOfBanner', { date: i18n.date(asOf), version: d.version })}
        </p>
      ) : null}
      {actionError !== null ? <ErrorBox error={actionError} /> : null}

      <div className="tabs" role="tablist" aria-label={t('detail.tabs')}>
        {tabs.map((k, i) => (
          <button
            key={k}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`panel-${k}`}
            tabIndex={tab === k ? 0 : -1}
            className={`tab${tab === k ? ' tab-active' : ''}`}
            onClick={() => setTab(k)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t(`detail.tab.${k}`)}
          </button>
        ))}
      </div>

      {tab === 'details' ? (
        <div role="tabpanel" id="panel-details" aria-labelledby="tab-details" className="detail-grid">
          <div className="detail-main">
            <ActivityFields activity={a} vocab={d.vocab} org={d.org} />
          </div>
          <aside className="detail-side">
            <CompletenessPanel completeness={d.completeness} title={t('completeness.title')} />
          </aside>
        </div>
      ) : (
        <div role="tabpanel" id="panel-history" aria-labelledby="tab-history">
          <HistoryView id={id} key={nonce} />
        </div>
      )}

      {confirm ? (
        <ConfirmDialog
          title={t('detail.retireTitle', { name: a.name })}
          body={t('detail.retireBody')}
          confirmLabel={t('detail.retireConfirm')}
          danger
          busy={busy}
          onConfirm={() => void retire()}
          onCancel={() => setConfirm(false)}
        />
      ) : null}
    </>
  );
}

function List({ items, render }: { items: string[]; render?: (s: string) => ReactNode }) {
  const { t } = useI18n();
  if (items.length === 0) return <span className="muted">{t('common.none')}</span>;
  return (
    <ul className="plain-list">
      {items.map((s, i) => (
        <li key={`${s}-${i}`}>{render ? render(s) : s}</li>
      ))}
    </ul>
  );
}

function Prop({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function text(i18n: I18n, s: string): ReactNode {
  return s.trim() === '' ? <span className="muted">{i18n.t('common.none')}</span> : s;
}

export function retentionText(i18n: I18n, r: Activity['data_categories'][number]['retention']): string {
  const parts: string[] = [];
  if (r.period) {
    parts.push(
      `${i18n.t('retention.period', { amount: r.period.amount, unit: i18n.t(`unit.${r.period.unit}`) })} ${
        r.period.trigger.trim() === '' ? i18n.t('retention.fromCollection') : i18n.t('retention.after', { trigger: r.period.trigger })
      }`,
    );
  }
  if (r.criteria.trim() !== '') parts.push(r.criteria);
  return parts.length > 0 ? parts.join(' — ') : i18n.t('detail.noRetention');
}

function ActivityFields({ activity: a, vocab, org }: { activity: Activity; vocab: Vocabularies; org: Organisation | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const processor = a.role === 'processor';
  const kindOf = (name: string) => vocab.data_categories.find((c) => c.name.toLowerCase() === name.toLowerCase())?.kind;
  const recipient = (name: string) => vocab.recipients.find((c) => c.name.toLowerCase() === name.toLowerCase());
  const measure = (name: string) => vocab.measures.find((c) => c.name.toLowerCase() === name.toLowerCase());
  return (
    <>
      {a.description.trim() !== '' ? <p className="description">{a.description}</p> : null}
      <Section id="sec-a" title={t('detail.section.a')} reference={processor ? 'Art. 30(2)(a)' : 'Art. 30(1)(a)'}>
        <dl className="props">
          <Prop label={t('field.role')}>{t(`role.${a.role}`)}</Prop>
          <Prop label={t('detail.controller')}>
            {org ? (
              <>
                {org.name}
                {org.dpo_name ? (
                  <span className="muted">
                    {' '}
                    · {t('org.dpo')}: {org.dpo_name}
                    {org.dpo_email ? ` <${org.dpo_email}>` : ''}
                  </span>
                ) : null}
              </>
            ) : (
              <span className="muted">{t('common.notSet')}</span>
            )}
          </Prop>
          {a.role !== 'controller' || a.parties.length > 0 ? (
            <Prop label={t('field.parties')}>
              <List
                items={a.parties}
                render={(p) => {
                  const party = vocab.parties.find((x) => x.name.toLowerCase() === p.toLowerCase());
                  return (
                    <>
                      {p}
                      {party?.contact ? <span className="muted"> · {party.contact}</span> : null}
                    </>
                  );
                }}
              />
            </Prop>
          ) : null}
        </dl>
      </Section>
      <Section id="sec-b" title={t('detail.section.b')} reference={processor ? 'Art. 30(2)(b)' : 'Art. 30(1)(b)'}>
        <dl className="props">
          <Prop label={t('field.purposes')}>
            <List items={a.purposes} />
          </Prop>
          <Prop label={t('field.lawful_bases')}>
            <List
              items={a.lawful_bases}
              render={(b) => {
                const basis = b as Activity['lawful_bases'][number];
                return (
                  <>
                    {t(`lawfulBasis.${basis}`)} <Ref>{LAWFUL_BASIS_ARTICLE[basis]}</Ref>
                  </>
                );
              }}
            />
          </Prop>
          {a.lawful_bases.includes('legitimate_interests') || a.lia_reference !== '' ? (
            <Prop label={t('field.lia_reference')}>{text(i18n, a.lia_reference)}</Prop>
          ) : null}
          <Prop label={t('field.special_category_condition')}>
            {a.special_category_condition ? (
              <>
                {t(`condition.${a.special_category_condition}`)} <Ref>{CONDITION_ARTICLE[a.special_category_condition]}</Ref>
              </>
            ) : (
              <span className="muted">{t('common.none')}</span>
            )}
          </Prop>
          <Prop label={t('field.criminal_data')}>{a.criminal_data ? t('common.yes') : t('common.no')}</Prop>
        </dl>
      </Section>
      <Section id="sec-c" title={t('detail.section.c')} reference="Art. 30(1)(c)">
        <dl className="props">
          <Prop label={t('field.data_subjects')}>
            <List items={a.data_subjects} />
          </Prop>
          <Prop label={t('field.data_categories')}>
            <List
              items={a.data_categories.map((c) => c.category)}
              render={(c) => {
                const k = kindOf(c);
                return (
                  <>
                    {c}
                    {k && k !== 'ordinary' ? <span className={`tag tag-${k}`}>{t(`dataCategoryKind.${k}`)}</span> : null}
                  </>
                );
              }}
            />
          </Prop>
        </dl>
      </Section>
      <Section id="sec-d" title={t('detail.section.d')} reference={processor ? 'Art. 30(2)' : 'Art. 30(1)(d)'}>
        <List
          items={a.recipients}
          render={(r) => {
            const v = recipient(r);
            return (
              <>
                {r}
                {v ? (
                  <span className="muted">
                    {' '}
                    · {t(`recipientKind.${v.kind}`)}
                    {v.country ? ` · ${i18n.country(v.country)}` : ''}
                    {v.processor ? ' · Art. 28' : ''}
                  </span>
                ) : null}
              </>
            );
          }}
        />
      </Section>
      <Section id="sec-e" title={t('detail.section.e')} reference={processor ? 'Art. 30(2)(c)' : 'Art. 30(1)(e)'}>
        {a.transfers.length === 0 ? (
          <p className="muted">{t('detail.noTransfers')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('field.country')}</th>
                  <th scope="col">{t('field.recipient')}</th>
                  <th scope="col">{t('field.mechanism')}</th>
                  <th scope="col">{t('field.safeguards')}</th>
                </tr>
              </thead>
              <tbody>
                {a.transfers.map((tr, i) => (
                  <tr key={i}>
                    <td>
                      {i18n.country(tr.country)} <span className="muted mono">{tr.country}</span>
                    </td>
                    <td>{tr.recipient ?? <span className="muted">{t('common.none')}</span>}</td>
                    <td>
                      {tr.mechanism ? (
                        <>
                          {t(`mechanism.${tr.mechanism}`)} <Ref>{MECHANISM_ARTICLE[tr.mechanism]}</Ref>
                        </>
                      ) : (
                        <span className="muted">{t('common.none')}</span>
                      )}
                    </td>
                    <td>{text(i18n, tr.safeguards)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      {!processor ? (
        <Section id="sec-f" title={t('detail.section.f')} reference="Art. 30(1)(f)">
          {a.data_categories.length === 0 ? (
            <p className="muted">{t('common.none')}</p>
          ) : (
            <dl className="props">
              {a.data_categories.map((c, i) => (
                <Prop key={i} label={c.category}>
                  <span className={c.retention.period || c.retention.criteria.trim() ? '' : 'text-warn'}>{retentionText(i18n, c.retention)}</span>
                </Prop>
              ))}
            </dl>
          )}
        </Section>
      ) : null}
      <Section id="sec-g" title={t('detail.section.g')} reference={processor ? 'Art. 30(2)(d), Art. 32(1)' : 'Art. 30(1)(g), Art. 32(1)'}>
        <List
          items={a.measures}
          render={(m) => {
            const v = measure(m);
            return (
              <>
                {m}
                {v ? <span className="muted"> · {t(`measureKind.${v.kind}`)}</span> : null}
              </>
            );
          }}
        />
      </Section>
      <Section id="sec-other" title={t('detail.section.other')}>
        <dl className="props">
          <Prop label={t('field.systems')}>
            <List items={a.systems} />
          </Prop>
          <Prop label={t('field.data_source')}>{text(i18n, a.data_source)}</Prop>
          <Prop label={t('field.automated_decision')}>
            {a.automated_decision ? t('common.yes') : t('common.no')}
            {a.automated_decision && a.automated_decision_logic ? <span className="muted"> · {a.automated_decision_logic}</span> : null}
          </Prop>
          <Prop label={t('field.dpia_required')}>
            {a.dpia_required ? t('common.yes') : t('common.no')}
            {a.dpia_reference ? <span className="muted"> · {a.dpia_reference}</span> : null}
          </Prop>
        </dl>
      </Section>
      <Section id="sec-mgmt" title={t('detail.section.management')}>
        <dl className="props">
          <Prop label={t('field.department')}>{text(i18n, a.department)}</Prop>
          <Prop label={t('field.owner')}>{text(i18n, a.owner)}</Prop>
          <Prop label={t('field.status')}>{t(`status.${a.status}`)}</Prop>
          <Prop label={t('field.next_review')}>{i18n.date(a.next_review)}</Prop>
        </dl>
      </Section>
    </>
  );
}

/** A JSON value as a person reads it. */
export function showValue(i18n: I18n, v: JsonValue): string {
  if (v === null) return i18n.t('common.none');
  if (typeof v === 'boolean') return v ? i18n.t('common.yes') : i18n.t('common.no');
  if (typeof v === 'string') return v === '' ? i18n.t('common.none') : v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return i18n.t('common.none');
    if (v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => showValue(i18n, x)).join(', ');
  }
  return JSON.stringify(v);
}

function HistoryView({ id }: { id: string }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [res, reload] = useAsync<ActivityVersion[]>(() => backend.activityHistory(id), [backend, id]);
  const [selected, setSelected] = useState<number | null>(null);
  if (res.state === 'error') return <ErrorBox error={res.error} onRetry={reload} />;
  if (res.data === null) return <Loading />;
  const versions = [...res.data].reverse();
  const sel = versions.find((v) => v.version === selected) ?? null;
  return (
    <div className="history-grid">
      <section className="card" aria-labelledby="hist-h">
        <h2 id="hist-h">{t('history.title')}</h2>
        {versions.length === 0 ? (
          <p className="muted">{t('history.empty')}</p>
        ) : (
          <table className="table table-select" data-testid="history-table">
            <thead>
              <tr>
                <th scope="col">{t('history.version')}</th>
                <th scope="col">{t('history.at')}</th>
                <th scope="col">{t('history.actor')}</th>
                <th scope="col">{t('history.action')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version} className={v.version === selected ? 'selected' : undefined}>
                  <td>
                    <button
                      type="button"
                      className="link-btn"
                      aria-pressed={v.version === selected}
                      onClick={() => setSelected(v.version)}
                      data-testid={`version-${v.version}`}
                    >
                      v{v.version}
                    </button>
                  </td>
                  <td>{i18n.dateTime(v.at)}</td>
                  <td>{v.actor}</td>
                  <td>{actionLabel(i18n, v.action)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-live="polite" aria-labelledby="diff-h">
        {sel === null ? (
          <p className="muted" id="diff-h">
            {t('history.select')}
          </p>
        ) : (
          <>
            <h2 id="diff-h">{t('history.changes', { version: sel.version })}</h2>
            {sel.changes.length === 0 ? (
              <p className="muted">{t('history.noChanges')}</p>
            ) : (
              <table className="table diff" data-testid="diff-table">
                <thead>
                  <tr>
                    <th scope="col">{t('history.field')}</th>
                    <th scope="col">{t('history.before')}</th>
                    <th scope="col" aria-hidden="true"></th>
                    <th scope="col">{t('history.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {expandChanges(sel.changes).map((c) => (
                    <tr key={c.path}>
                      <th scope="row" className="mono">{c.path === '' ? '*' : c.path}</th>
                      <td className="diff-before">{showValue(i18n, c.before)}</td>
                      <td aria-hidden="true" className="diff-arrow">→</td>
                      <td className="diff-after">{showValue(i18n, c.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </section>
    </div>
  );
}

/** A creation is one change of the whole object: show it field by field (non-empty fields only). */
export function expandChanges(changes: FieldChange[]): FieldChange[] {
  return changes.flatMap((c) => {
    if (c.path !== '' || c.after === null || typeof c.after !== 'object' || Array.isArray(c.after)) return [c];
    const before = c.before !== null && typeof c.before === 'object' && !Array.isArray(c.before) ? c.before : {};
    return Object.entries(c.after)
      .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k] ?? null) && !isEmptyValue(v))
      .map(([k, v]) => ({ path: k, before: before[k] ?? null, after: v }));
  });
}

function isEmptyValue(v: JsonValue): boolean {
  return v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0);
}

export function actionLabel(i18n: I18n, action: string): string {
  switch (action) {
    case 'create':
    case 'update':
    case 'retire':
    case 'delete':
    case 'import':
      return i18n.t(`action.${action}`);
    default:
      return action;
  }
}

