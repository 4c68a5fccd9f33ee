// The tasks of a request: one card per system (or, where an activity records no system, per owner)
// that holds the requester's data, in two columns, open and done. An open task shows its internal due
// date (red when passed, amber within three days); "Mark done…" closes it with a date and an evidence
// note. "Link activities…" adds processing activities, whose systems become tasks (the backend plans
// them, and the Art. 19 ledger with them).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useBackend } from '../../api';
import type { FieldError, RequestView, SystemTask } from '../../api/types';
import { useI18n } from '../../i18n';
import { daysBetween } from '../../lib/requestFlow';
import { href } from '../../lib/router';
import { Dialog } from '../../components/Dialog';
import { Field, FieldErrorsContext } from '../../components/ui';
import { formFieldErrors, WorkFailure } from './common';
import { LinkActivitiesDialog } from './LinkActivitiesDialog';

/** The name a task is known by (and completed with): its system, or its owner where it has none. */
export const taskName = (t: SystemTask): string => (t.system === '' ? t.owner : t.system);

const isDone = (t: SystemTask) => t.done_on !== undefined && t.done_on !== null;

export type DueState = 'overdue' | 'soon' | 'ok';

/** Overdue once the internal date has passed; soon within three days. */
export function taskDueState(task: SystemTask, today: string): DueState {
  if (isDone(task)) return 'ok';
  const left = daysBetween(today, task.due);
  return left < 0 ? 'overdue' : left <= 3 ? 'soon' : 'ok';
}

interface Props {
  view: RequestView;
  onChanged: (v: RequestView) => void;
  onReload: () => void;
}

export function TaskBoard({ view, onChanged, onReload }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const tasks = view.request.tasks ?? [];
  const open = tasks.filter((x) => !isDone(x));
  const done = tasks.filter(isDone);
  const closed = view.due.closed_on !== null;
  const [dialog, setDialog] = useState<{ kind: 'done'; task: SystemTask } | { kind: 'link' } | null>(null);
  const [message, setMessage] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);

  // After a change the opener may be gone (the card moved to "Done"): keep the focus on the board.
  const changed = (v: RequestView, text: string) => {
    setDialog(null);
    setMessage(text);
    onChanged(v);
    setTimeout(() => headingRef.current?.focus(), 0);
  };
  const reload = () => {
    setDialog(null);
    onReload();
  };

  return (
    <section className="card task-board" aria-labelledby="tasks-h" data-testid="task-board">
      <div className="card-title-row">
        <h2 id="tasks-h" tabIndex={-1} ref={headingRef}>
          {t('tasks.title')}
        </h2>
        {!closed ? (
          <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'link' })} data-testid="tasks-link">
            {t('tasks.link')}
          </button>
        ) : null}
      </div>
      <p className="help">{t('tasks.help')}</p>
      {closed ? <p className="muted small">{t('tasks.closedNote')}</p> : null}
      {tasks.length === 0 ? (
        <p className="task-empty" data-testid="tasks-empty">
          {t('tasks.empty')}
        </p>
      ) : (
        <>
          <p className="task-summary" data-testid="tasks-summary">
            {t('tasks.summary', { done: i18n.number(done.length), total: i18n.number(tasks.length) })}
          </p>
          <div className="task-columns">
            <TaskColumn id="tasks-open" title={t('tasks.open')} empty={t('tasks.noneOpen')} tasks={open} view={view} onMarkDone={(task) => setDialog({ kind: 'done', task })} />
            <TaskColumn id="tasks-done" title={t('tasks.done')} empty={t('tasks.noneDone')} tasks={done} view={view} />
          </div>
        </>
      )}
      <p className="ok-text" role="status" aria-live="polite" data-testid="tasks-message">
        {message}
      </p>
      {dialog?.kind === 'done' ? (
        <MarkDoneDialog
          view={view}
          task={dialog.task}
          onClose={() => setDialog(null)}
          onDone={(v) => changed(v, t('tasks.saved', { name: taskName(dialog.task) }))}
          onReload={reload}
        />
      ) : null}
      {dialog?.kind === 'link' ? (
        <LinkActivitiesDialog
          view={view}
          onClose={() => setDialog(null)}
          onLinked={(v, n) => changed(v, i18n.tp('tasks.linked', n))}
          onReload={reload}
        />
      ) : null}
    </section>
  );
}

function TaskColumn({
  id,
  title,
  empty,
  tasks,
  view,
  onMarkDone,
}: {
  id: string;
  title: string;
  empty: string;
  tasks: SystemTask[];
  view: RequestView;
  onMarkDone?: (t: SystemTask) => void;
}) {
  return (
    <section className="task-column" aria-labelledby={`${id}-h`} data-testid={id}>
      <h3 id={`${id}-h`}>
        {title} <span className="task-count">{tasks.length}</span>
      </h3>
      {tasks.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul className="task-list">
          {tasks.map((task) => (
            <TaskCard key={`${task.system}\u0000${task.owner}`} task={task} view={view} onMarkDone={onMarkDone} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TaskCard({ task, view, onMarkDone }: { task: SystemTask; view: RequestView; onMarkDone?: ((t: SystemTask) => void) | undefined }) {
  const i18n = useI18n();
  const { t } = i18n;
  const state = taskDueState(task, view.today);
  const name = taskName(task);
  return (
    <li className={`task-card task-card-${isDone(task) ? 'done' : state}`} data-testid="task-card" data-name={name}>
      <h4 className="task-name">{task.system !== '' ? task.system : <span className="muted">{t('tasks.noSystem')}</span>}</h4>
      <dl className="task-props">
        <dt>{t('tasks.owner')}</dt>
        <dd>{task.owner || <span className="muted">{t('tasks.ownerUnknown')}</span>}</dd>
        <dt>{t('tasks.activities')}</dt>
        <dd>
          {task.activities.map((a, i) => (
            <span key={a}>
              {i > 0 ? ', ' : null}
              <a href={href({ name: 'activity', id: a, asOf: null, tab: 'details' })}>{a}</a>
            </span>
          ))}
        </dd>
        {isDone(task) ? (
          <>
            <dt>{t('tasks.doneOn')}</dt>
            <dd>
              <time dateTime={task.done_on ?? ''} data-testid="task-done-on">
                {i18n.date(task.done_on ?? null)}
              </time>
            </dd>
            <dt>{t('tasks.evidence')}</dt>
            <dd className="task-evidence" data-testid="task-evidence">
              {task.evidence}
            </dd>
          </>
        ) : (
          <>
            <dt>{t('tasks.due')}</dt>
            <dd>
              <time dateTime={task.due} className={state === 'overdue' ? 'days-overdue' : state === 'soon' ? 'days-soon' : undefined} data-testid="task-due">
                {i18n.date(task.due)}
              </time>
              {state !== 'ok' ? (
                <span className={`tag ${state === 'overdue' ? 'tag-danger' : 'tag-warn'}`} data-testid="task-due-state">
                  {t(state === 'overdue' ? 'tasks.overdue' : 'tasks.dueSoon')}
                </span>
              ) : null}
            </dd>
          </>
        )}
      </dl>
      {onMarkDone && !isDone(task) ? (
        <button type="button" className="btn btn-small" onClick={() => onMarkDone(task)} aria-label={t('tasks.markDoneLabel', { name })} data-testid="task-mark-done">
          {t('tasks.markDone')}
        </button>
      ) : null}
    </li>
  );
}

function MarkDoneDialog({
  view,
  task,
  onClose,
  onDone,
  onReload,
}: {
  view: RequestView;
  task: SystemTask;
  onClose: () => void;
  onDone: (v: RequestView) => void;
  onReload: () => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const name = taskName(task);
  const received = view.request.received_at.slice(0, 10);
  const [date, setDate] = useState(view.today);
  const [evidence, setEvidence] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const fieldErrors = formFieldErrors(failure, { date: 'task-date' });

  useEffect(() => {
    if (fieldErrors?.has('task-date')) document.getElementById('f-task-date')?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [failure]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (evidence.trim() === '') {
      setMissing(true);
      document.getElementById('f-task-evidence')?.focus();
      return;
    }
    setMissing(false);
    setFailure(null);
    setBusy(true);
    try {
      onDone(await backend.completeRequestTask(view.request.id, name, date, evidence.trim(), view.version));
    } catch (err) {
      setFailure(err);
      setBusy(false);
    }
  };

  const errors = new Map<string, FieldError[]>(fieldErrors ?? []);
  if (missing) errors.set('task-evidence', [{ field: 'task-evidence', code: 'required', message: t('tasks.evidenceMissing') }]);
  return (
    <Dialog
      title={t('tasks.dialogTitle', { name })}
      onClose={onClose}
      testId="task-done-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="task-done-form" className="btn btn-primary" disabled={busy} data-testid="task-done-save">
            {busy ? t('tasks.saving') : t('tasks.save')}
          </button>
        </>
      }
    >
      <FieldErrorsContext.Provider value={errors}>
        <form id="task-done-form" onSubmit={(e) => void submit(e)} noValidate>
          <Field name="task-date" label={t('tasks.doneOn')} help={t('tasks.dateHelp')}>
            {(p) => <input {...p} type="date" value={date} min={received} max={view.today} onChange={(e) => setDate(e.currentTarget.value)} />}
          </Field>
          <Field name="task-evidence" label={t('tasks.evidence')} help={t('tasks.evidenceHelp')} required>
            {(p) => (
              <textarea {...p} rows={3} value={evidence} onChange={(e) => setEvidence(e.currentTarget.value)} aria-required="true" data-autofocus data-testid="task-evidence-input" />
            )}
          </Field>
          {fieldErrors === null ? <WorkFailure failure={failure} onReload={onReload} testId="task-error" /> : null}
        </form>
      </FieldErrorsContext.Provider>
    </Dialog>
  );
}
