// TEST DOUBLE for the request register (crates/cockpit-domain/src/request.rs, crates/cockpit-store/src/
// request.rs, crates/cockpit-api/src/requests.rs), used by MockBackend only. Status comes from the
// events through the same workflow walk as the core (lib/requestFlow.ts, same refusal messages); dates
// come from the mock's deadline arithmetic (./deadline.ts: weekends only, no holidays). Validation,
// list filters, sort orders and the figures restate the core's.
//
// SIMPLIFICATIONS: one clarification wait is counted (the last), as the mock calculator takes one; the
// generated requests (`?requests=N`, for trying the list with many rows) are EU GDPR requests on the
// `none` calendar whose list rows are computed with the plain one-month rule, so they stay cheap to
// make, and become ordinary stored requests once opened.
import type {
  DataSubjectRequest,
  FieldError,
  NaiveDate,
  Regime,
  RequestChannel,
  RequestDue,
  RequestEvent,
  RequestListQuery,
  RequestRow,
  RequestStats,
  RequestStatus,
  RequestType,
} from '../types';
import { isClosedStatus, REQUEST_TYPE_PROVISION, requestTypeValidFor } from '../enums';
import { addDays, daysBetween, replay } from '../../lib/requestFlow';
import { addMonths, answer, isoDate, MOCK_CALENDARS, roll } from './deadline';

const REGIME_TITLE: Record<Regime, string> = {
  gdpr: 'EU GDPR',
  'uk-gdpr': 'UK GDPR',
  ccpa: 'California CCPA/CPRA',
  vcdpa: 'Virginia VCDPA',
  cpa: 'Colorado CPA',
  ucpa: 'Utah UCPA',
  lgpd: 'Brazil LGPD',
  fadp: 'Switzerland revFADP',
  pipeda: 'Canada PIPEDA',
  quebec: 'Quebec private-sector Act (P-39.1)',
  'gdpr-breach': 'GDPR breach notification (Art. 33)',
};

export const receivedDate = (r: DataSubjectRequest): NaiveDate => r.received_at.slice(0, 10);

/** The calendar code the mock calculator knows (it treats every one as weekends only). */
function mockCalendar(code: string): string {
  const want = code.trim().toUpperCase();
  return MOCK_CALENDARS.find((c) => c.code.toUpperCase() === want)?.code ?? 'none';
}

export function knownCalendar(code: string): boolean {
  const want = code.trim().toUpperCase();
  return want === 'NONE' || /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(want);
}

/** `request_due` in the core: the dates that matter today, from the events. Throws EventRefused. */
export function requestDue(r: DataSubjectRequest, today: NaiveDate): RequestDue {
  const received = receivedDate(r);
  const progress = replay(received, r.regime, r.events);
  const until = [progress.closedOn ?? today, received].sort().at(-1)!;
  const later = (a: NaiveDate, b: NaiveDate) => (a > b ? a : b);
  let pendingId: NaiveDate | null = null;
  let pendingClar: NaiveDate | null = null;
  let idWait: [NaiveDate, NaiveDate] | null = null;
  let clarWait: [NaiveDate, NaiveDate] | null = null;
  for (const e of r.events) {
    if (e.kind === 'identity-requested') pendingId = e.date;
    if (e.kind === 'identity-received' && pendingId !== null) {
      idWait = [pendingId, e.date];
      pendingId = null;
    }
    if (e.kind === 'clarification-requested') pendingClar = e.date;
    if (e.kind === 'clarification-received' && pendingClar !== null) {
      clarWait = [pendingClar, e.date];
      pendingClar = null;
    }
  }
  const open = pendingId !== null || pendingClar !== null;
  if (pendingId !== null) idWait = [pendingId, later(until, pendingId)];
  if (pendingClar !== null) clarWait = [pendingClar, later(until, pendingClar)];
  const deadline = answer({
    regime: r.regime,
    calendar: mockCalendar(r.calendar),
    received,
    extended: progress.extendedOn !== null,
    id_requested: idWait?.[0] ?? null,
    id_received: idWait?.[1] ?? null,
    clarification_asked: clarWait?.[0] ?? null,
    clarification_received: clarWait?.[1] ?? null,
    aware_at: null,
    tz: null,
  });
  if (!('candidates' in deadline)) throw new Error('a request regime gave a breach answer');
  deadline.calendar = r.calendar;
  const warnings = [...deadline.notes];
  let due = deadline.legal_due;
  let safeDue = deadline.safe_due;
  const on = progress.extendedOn;
  const noticeBy = deadline.extension_notice_due;
  if (on !== null && noticeBy !== null) {
    if (on > noticeBy) {
      warnings.push(
        `The extension was recorded on ${on}, after the first period ended (${noticeBy}): it is too late to take effect, so the answer was due on ${noticeBy}.`,
      );
    } else if (deadline.extended_legal_due && deadline.extended_safe_due) {
      due = deadline.extended_legal_due;
      safeDue = deadline.extended_safe_due;
    }
  }
  const clockStopped =
    (open && progress.closedOn === null && deadline.paused_days > 0) || (pendingId !== null && r.regime === 'uk-gdpr' && progress.closedOn === null);
  const closed = isClosedStatus(progress.status);
  return {
    status: progress.status,
    due,
    safe_due: safeDue,
    days_left: closed ? null : daysBetween(today, due),
    overdue: !closed && !clockStopped && today > due,
    clock_stopped: clockStopped,
    closed_on: progress.closedOn,
    on_time: progress.closedOn === null ? null : progress.closedOn <= due,
    deadline,
    warnings,
  };
}

/** `validate_request` in the core (timezone and calendar are set by the mock, so they are valid). */
export function validateRequest(r: DataSubjectRequest, today: NaiveDate): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, code: FieldError['code'], message: string) => errors.push({ field, code, message });
  if (r.regime === 'gdpr-breach') err('regime', 'invalid_format', `${r.regime} is not a request regime`);
  if (!requestTypeValidFor(r.request_type, r.regime)) {
    err('request_type', 'invalid_format', `${r.request_type} is not a right under ${REGIME_TITLE[r.regime]}`);
  }
  if (receivedDate(r) > today) err('received_at', 'out_of_range', `${receivedDate(r)} is in the future`);
  if (r.requester.name.trim() === '' && r.requester.reference.trim() === '') {
    err('requester.name', 'required', "give the requester's name or a reference");
  }
  if (r.requester.email !== '' && !r.requester.email.includes('@')) err('requester.email', 'invalid_format', 'not an e-mail address');
  for (const [field, v, max] of [
    ['requester.name', r.requester.name, 200],
    ['requester.email', r.requester.email, 320],
    ['requester.reference', r.requester.reference, 200],
    ['summary', r.summary, 4000],
  ] as const) {
    if ([...v].length > max) err(field, 'too_long', `at most ${max} characters`);
  }
  if (!knownCalendar(r.calendar)) err('calendar', 'invalid_format', `unknown holiday calendar ${JSON.stringify(r.calendar)}`);
  return errors;
}

export function searchText(r: DataSubjectRequest): string {
  return `${r.id} ${r.requester.name} ${r.requester.email} ${r.requester.reference} ${r.summary}`.toLowerCase();
}

/** A list row, and what the store indexes beside it. */
export interface IndexedRow {
  row: RequestRow;
  search: string;
  /** Days from receipt to closing. */
  daysToClose: number | null;
}

export function toRow(r: DataSubjectRequest, version: number, due: RequestDue): IndexedRow {
  const received = receivedDate(r);
  return {
    row: {
      id: r.id,
      regime: r.regime,
      request_type: r.request_type,
      channel: r.channel,
      status: due.status,
      received,
      due: due.due,
      safe_due: due.safe_due,
      clock_stopped: due.clock_stopped,
      closed_on: due.closed_on,
      on_time: due.on_time,
      requester_name: r.requester.name,
      version,
    },
    search: searchText(r),
    daysToClose: due.closed_on === null ? null : daysBetween(received, due.closed_on),
  };
}

const idKey = (id: string): [number, number] => {
  const m = /^DSR-(\d+)-(\d+)$/.exec(id);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
};

const byId = (a: RequestRow, b: RequestRow) => {
  const [ya, na] = idKey(a.id);
  const [yb, nb] = idKey(b.id);
  return ya - yb || na - nb || a.id.localeCompare(b.id);
};

/** `push_filters` and the ORDER BY of the store's `list`. */
export function runRequestQuery(
  rows: IndexedRow[],
  q: RequestListQuery,
  today: NaiveDate,
  maxLimit = 1000,
): { items: RequestRow[]; total: number } {
  const text = q.text?.trim().toLowerCase() ?? '';
  const dueUntil = q.due_within_days === null ? null : addDays(today, q.due_within_days);
  const hits: RequestRow[] = [];
  for (const { row, search } of rows) {
    const open = row.closed_on === null;
    if (q.open !== null && open !== q.open) continue;
    if (q.statuses.length > 0 && !q.statuses.includes(row.status as RequestStatus)) continue;
    if (q.regime !== null && row.regime !== q.regime) continue;
    if (q.request_type !== null && row.request_type !== q.request_type) continue;
    if (q.overdue && !(open && !row.clock_stopped && row.due < today)) continue;
    if (dueUntil !== null && !(open && !row.clock_stopped && row.due <= dueUntil)) continue;
    if (text !== '' && !search.includes(text)) continue;
    hits.push(row);
  }
  const cmp =
    q.sort === 'received'
      ? (a: RequestRow, b: RequestRow) => (a.received < b.received ? -1 : a.received > b.received ? 1 : a.id.localeCompare(b.id))
      : q.sort === 'id'
        ? byId
        : (a: RequestRow, b: RequestRow) => {
            const oa = a.closed_on === null ? 0 : 1;
            const ob = b.closed_on === null ? 0 : 1;
            return oa - ob || (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id.localeCompare(b.id));
          };
  hits.sort(q.desc ? (a, b) => cmp(b, a) : cmp);
  const limit = q.limit === null && maxLimit === Infinity ? Infinity : Math.min(maxLimit, Math.max(1, q.limit ?? 100));
  return { items: hits.slice(q.offset, q.offset + limit), total: hits.length };
}

/** `stats` in the store: figures as of today over requests since `windowStart`. */
export function requestStats(rows: IndexedRow[], today: NaiveDate, windowStart: NaiveDate): RequestStats {
  const week = addDays(today, 7);
  let [open, overdue, due7, stopped] = [0, 0, 0, 0];
  const statuses = new Map<string, number>();
  const types = new Map<string, number>();
  const months = new Map<string, [number, number, number]>();
  const month = (d: string) => {
    const m = d.slice(0, 7);
    let e = months.get(m);
    if (!e) months.set(m, (e = [0, 0, 0]));
    return e;
  };
  const closedDays: number[] = [];
  let onTime = 0;
  for (const { row, daysToClose } of rows) {
    if (row.closed_on === null) {
      open++;
      if (row.clock_stopped) stopped++;
      else if (row.due < today) overdue++;
      else if (row.due <= week) due7++;
      statuses.set(row.status, (statuses.get(row.status) ?? 0) + 1);
    }
    if (row.received >= windowStart) {
      month(row.received)[0]++;
      types.set(row.request_type, (types.get(row.request_type) ?? 0) + 1);
    }
    if (row.closed_on !== null && row.closed_on >= windowStart) {
      const e = month(row.closed_on);
      e[1]++;
      if (row.on_time === true) {
        e[2]++;
        onTime++;
      }
      statuses.set(row.status, (statuses.get(row.status) ?? 0) + 1);
      closedDays.push(daysToClose ?? 0);
    }
  }
  closedDays.sort((a, b) => a - b);
  const n = closedDays.length;
  const median = n === 0 ? null : n % 2 === 1 ? closedDays[(n - 1) / 2]! : (closedDays[n / 2 - 1]! + closedDays[n / 2]!) / 2;
  const byType = [...types].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    open,
    overdue,
    due_within_7_days: due7,
    clock_stopped: stopped,
    by_status: [...statuses].sort((a, b) => a[0].localeCompare(b[0])),
    by_type: byType,
    by_month: [...months].sort((a, b) => a[0].localeCompare(b[0])).map(([m, [r, c, o]]) => [m, r, c, o]),
    closed_in_window: n,
    closed_on_time_in_window: onTime,
    median_days_to_close: median,
  };
}

// ------------------------------------------------------------------------------------------------
// Seed and generated requests

interface SeedRequest {
  regime: Regime;
  type: RequestType;
  channel: RequestChannel;
  /** Days before today. */
  ago: number;
  name: string;
  reference?: string;
  summary: string;
  activities?: string[];
  /** [days before today, kind, note] */
  events?: Array<[number, RequestEvent['kind'], string?]>;
}

const SEED: SeedRequest[] = [
  { regime: 'gdpr', type: 'access', channel: 'email', ago: 41, name: 'Lucía Fernández', summary: 'Copy of all appointment records and invoices since 2022.', activities: ['PA-0007'], events: [[38, 'started']] },
  { regime: 'gdpr', type: 'erasure', channel: 'web-form', ago: 24, name: 'Marco Rossi', summary: 'Delete my newsletter profile and marketing history.', events: [[23, 'identity-requested']] },
  { regime: 'gdpr', type: 'access', channel: 'post', ago: 26, name: 'Hannah Becker', reference: 'EMP-2231', summary: 'Former employee: copy of the personnel file.', activities: ['PA-0001'], events: [[25, 'started']] },
  { regime: 'uk-gdpr', type: 'access', channel: 'email', ago: 12, name: 'Oliver Hughes', summary: 'All recordings of phone calls with the clinic.', events: [[11, 'identity-requested'], [6, 'identity-received']] },
  { regime: 'ccpa', type: 'know', channel: 'web-form', ago: 20, name: 'Jordan Lee', summary: 'Categories of personal information collected and disclosed.' },
  { regime: 'gdpr', type: 'rectification', channel: 'email', ago: 55, name: 'Ana Martín', reference: 'PAT-88120', summary: 'Wrong date of birth and address in the patient record.', events: [[52, 'started'], [40, 'extended', 'Records held in three archives must be checked']] },
  { regime: 'gdpr', type: 'objection', channel: 'email', ago: 95, name: 'Pierre Dubois', summary: 'Object to profiling for marketing.', events: [[90, 'started'], [74, 'completed']] },
  { regime: 'gdpr', type: 'access', channel: 'phone', ago: 120, name: 'Unknown caller', reference: 'TEL-0412', summary: 'Asked by phone for the records of a relative.', events: [[114, 'refused', 'No authority to act for the data subject']] },
  { regime: 'gdpr', type: 'portability', channel: 'web-form', ago: 2, name: 'Sofía García', summary: 'Export of the health questionnaire answers.' },
  { regime: 'lgpd', type: 'access', channel: 'email', ago: 11, name: 'João Silva', summary: 'Confirmation of processing and a copy of the data.' },
  { regime: 'gdpr', type: 'erasure', channel: 'email', ago: 48, name: 'Eva Novak', summary: 'Erase "everything" (which services?).', events: [[46, 'clarification-requested']] },
  { regime: 'gdpr', type: 'restriction', channel: 'in-person', ago: 70, name: 'Tomás Ruiz', summary: 'Restrict processing while the accuracy is contested.', events: [[65, 'started'], [60, 'withdrawn']] },
  { regime: 'gdpr', type: 'access', channel: 'email', ago: 200, name: 'Inés Torres', summary: 'Copy of the CCTV footage of 12 March.', events: [[190, 'started'], [175, 'completed']] },
];

export function seedRequests(today: NaiveDate, establishment: { name: string; timezone: string; calendar: string } | null): DataSubjectRequest[] {
  const out: DataSubjectRequest[] = [];
  const perYear = new Map<number, number>();
  const sorted = [...SEED].sort((a, b) => b.ago - a.ago);
  for (const s of sorted) {
    const received = addDays(today, -s.ago);
    const year = Number(received.slice(0, 4));
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    out.push({
      id: `DSR-${year}-${String(n).padStart(4, '0')}`,
      regime: s.regime,
      request_type: s.type,
      channel: s.channel,
      received_at: `${received}T09:30:00`,
      timezone: establishment?.timezone ?? 'UTC',
      establishment: establishment?.name ?? '',
      calendar: establishment?.calendar ?? 'none',
      requester: {
        name: s.name,
        email: s.reference?.startsWith('TEL') ? '' : `${s.name.split(' ')[0]!.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')}@example.org`,
        reference: s.reference ?? '',
      },
      summary: s.summary,
      activities: s.activities ?? [],
      events: (s.events ?? []).map(([ago, kind, note]) => ({ date: addDays(today, -ago), kind, note: note ?? '' })),
    });
  }
  return out;
}

const FIRST_NAMES = ['Ana', 'Luis', 'Marta', 'Jorge', 'Elena', 'Pablo', 'Clara', 'David', 'Lucía', 'Hugo', 'Sara', 'Iván'];
const LAST_NAMES = ['García', 'López', 'Martín', 'Sánchez', 'Pérez', 'Gómez', 'Díaz', 'Moreno', 'Álvarez', 'Romero'];
const GEN_TYPES: RequestType[] = ['access', 'erasure', 'rectification', 'objection', 'portability', 'restriction'];

/** The generated request number `i` (0-based), `ago` days before today: received, maybe started,
 *  maybe completed. Deterministic. */
function generatedShape(i: number) {
  const ago = 1 + ((i * 7919) % 720);
  const phase = (i * 31) % 10; // 0–3 open received, 4–6 open started, 7–9 completed
  return { ago, phase, type: GEN_TYPES[i % GEN_TYPES.length]!, name: `${FIRST_NAMES[i % 12]} ${LAST_NAMES[(i * 7) % 10]} ${i + 1}` };
}

/** Generated ids live in a year of their own (DSR-2000-…) so they never collide with real ones. */
export const GENERATED_YEAR = 2000;
export const generatedId = (i: number) => `DSR-${GENERATED_YEAR}-${String(i + 1).padStart(6, '0')}`;

export function generatedRequest(i: number, today: NaiveDate): DataSubjectRequest {
  const g = generatedShape(i);
  const received = addDays(today, -g.ago);
  const events: RequestEvent[] = [];
  if (g.phase >= 4) events.push({ date: addDays(received, Math.min(2, g.ago - 1)), kind: 'started', note: '' });
  if (g.phase >= 7) events.push({ date: addDays(received, Math.min(20 + (i % 20), g.ago - 1)), kind: 'completed', note: '' });
  return {
    id: generatedId(i),
    regime: 'gdpr',
    request_type: g.type,
    channel: 'email',
    received_at: `${received}T10:00:00`,
    timezone: 'UTC',
    establishment: '',
    calendar: 'none',
    requester: { name: g.name, email: '', reference: '' },
    summary: `${REQUEST_TYPE_PROVISION[g.type]} request`,
    activities: [],
    events,
  };
}

/** The list row of a generated request, without the calculator: one month, weekends moved. */
export function generatedRow(i: number, today: NaiveDate): IndexedRow {
  const r = generatedRequest(i, today);
  const received = receivedDate(r);
  const day = Date.parse(`${received}T00:00:00Z`) / 86_400_000;
  const due = isoDate(roll(addMonths(day, 1).day).day);
  const safe = due;
  const closedOn = r.events.find((e) => e.kind === 'completed')?.date ?? null;
  const status: RequestStatus = closedOn !== null ? 'completed' : r.events.length > 0 ? 'in-progress' : 'received';
  return {
    row: {
      id: r.id,
      regime: r.regime,
      request_type: r.request_type,
      channel: r.channel,
      status,
      received,
      due,
      safe_due: safe,
      clock_stopped: false,
      closed_on: closedOn,
      on_time: closedOn === null ? null : closedOn <= due,
      requester_name: r.requester.name,
      version: 1,
    },
    search: searchText(r),
    daysToClose: closedOn === null ? null : daysBetween(received, closedOn),
  };
}
