// TEST DOUBLE for the work a request creates (crates/cockpit-domain/src/request_work.rs and the
// link / task / notice calls of crates/cockpit-api/src/requests.rs), used by MockBackend only: one task
// per system of the linked activities (per owner where an activity names no system), due some working
// days before the safe date; for rectification, erasure and restriction one Art. 19 ledger entry per
// recipient of those activities. Same rules and refusal messages as the core.
//
// SIMPLIFICATION: working days skip Saturdays and Sundays only (the mock's calendars have no holidays).
import type { Activity, NaiveDate, NoticeStatus, Recipient, RecipientNotice, RequestType, System, SystemTask } from '../types';
import { addDays } from '../../lib/requestFlow';
import { sameName } from './rules';

/** Working days between a task's internal due date and the request's safe date (TASK_LEAD_WORKING_DAYS). */
export const TASK_LEAD_WORKING_DAYS = 5;

/** `RequestType::notifies_recipients`: the rights whose outcome Art. 19 says to pass on to recipients. */
export function notifiesRecipients(t: RequestType): boolean {
  return t === 'rectification' || t === 'erasure' || t === 'restriction' || t === 'delete' || t === 'correct';
}

/** Why a task or notice cannot be recorded (`EventRefused` in Rust). */
export class WorkRefused extends Error {}

const isWeekend = (d: NaiveDate) => {
  const day = new Date(`${d}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
};

/** `working_days_before`: `workingDays` working days before `before`, never before `notBefore`. */
export function workingDaysBefore(before: NaiveDate, workingDays: number, notBefore: NaiveDate): NaiveDate {
  let d = before;
  let left = workingDays;
  while (left > 0 && d > notBefore) {
    d = addDays(d, -1);
    if (!isWeekend(d)) left -= 1;
  }
  return d > notBefore ? d : notBefore;
}

/** `plan_work`: a system or recipient seen for the first time gets a new entry; existing entries keep
 *  their state and gain the activity; nothing is removed. Edits `tasks` and `notices` in place. */
export function planWork(
  linked: readonly Activity[],
  systems: readonly System[],
  recipients: readonly Recipient[],
  notify: boolean,
  taskDue: NaiveDate,
  tasks: SystemTask[],
  notices: RecipientNotice[],
): void {
  for (const a of linked) {
    const targets: Array<[string, string]> =
      a.systems.length === 0
        ? [['', a.owner]]
        : a.systems.map((s) => {
            const owner = systems.find((x) => sameName(x.name, s))?.owner ?? '';
            return [s, owner !== '' ? owner : a.owner];
          });
    for (const [system, owner] of targets) {
      const existing = tasks.find((t) => (system === '' ? t.system === '' && sameName(t.owner, owner) : sameName(t.system, system)));
      if (existing) {
        if (!existing.activities.includes(a.id)) existing.activities.push(a.id);
      } else {
        tasks.push({ system, owner, activities: [a.id], due: taskDue });
      }
    }
    if (!notify) continue;
    for (const r of a.recipients) {
      const n = notices.find((x) => sameName(x.recipient, r));
      if (n) {
        if (!n.activities.includes(a.id)) n.activities.push(a.id);
        continue;
      }
      const known = recipients.find((x) => sameName(x.name, r));
      const notice: RecipientNotice = { recipient: r, external: known === undefined || known.kind !== 'internal', activities: [a.id], status: 'pending' };
      if (known && known.country !== '') notice.country = known.country;
      notices.push(notice);
    }
  }
}

/** The name a task is known by: its system, or its owner where it has none. */
export const taskKey = (t: SystemTask): string => (t.system === '' ? t.owner : t.system);

/** `complete_task`: closes a task with its evidence. Throws WorkRefused. */
export function completeTask(tasks: SystemTask[], key: string, date: NaiveDate, evidence: string): void {
  const t = tasks.find((x) => (x.system === '' ? sameName(x.owner, key) : sameName(x.system, key)));
  if (!t) throw new WorkRefused(`no task for ${JSON.stringify(key)}; the tasks are: ${tasks.map(taskKey).join(', ')}`);
  if (t.done_on !== undefined && t.done_on !== null) throw new WorkRefused(`the task for ${key} is already done`);
  if (evidence.trim() === '') throw new WorkRefused('say what was done and where the evidence is');
  t.done_on = date;
  t.evidence = evidence.trim();
}

/** `record_notice`: where telling one recipient stands. Throws WorkRefused. */
export function recordNotice(notices: RecipientNotice[], recipient: string, status: NoticeStatus, date: NaiveDate, reason: string): void {
  const n = notices.find((x) => sameName(x.recipient, recipient));
  if (!n) throw new WorkRefused(`${JSON.stringify(recipient)} is not a recipient of the linked activities`);
  if (status === 'pending') throw new WorkRefused('a recipient cannot go back to pending');
  if ((status === 'impossible' || status === 'disproportionate-effort') && reason.trim() === '') {
    throw new WorkRefused('give the reason why telling this recipient is impossible or disproportionate (Art. 19)');
  }
  if (status === 'acknowledged' && n.status === 'pending') throw new WorkRefused(`${recipient} has not been notified yet`);
  n.status = status;
  n.date = date;
  if (reason.trim() === '') delete n.reason;
  else n.reason = reason.trim();
}

/** The tasks still open, by name (what a completion is refused for). */
export function openTasks(tasks: readonly SystemTask[] | undefined): string[] {
  return (tasks ?? []).filter((t) => t.done_on === undefined || t.done_on === null).map(taskKey);
}

/** Whether a date lies between receipt and today (the check of the task and notice calls). */
export function withinRequest(date: NaiveDate, received: NaiveDate, today: NaiveDate): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && date >= received && date <= today;
}
