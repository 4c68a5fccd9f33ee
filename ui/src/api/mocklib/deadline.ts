// TEST DOUBLE for the deadline calculator (crates/cockpit-deadline), used by MockBackend only. It restates
// enough of the core's arithmetic for the browser and component tests to get real, input-dependent
// answers: GDPR/UK GDPR one-month periods (Reg. 1182/71: same date number, clamped to the month's last
// day, a Saturday or Sunday end moved to the Monday), the UK late start and clarification pause, the EU
// guidance-based identity pause, the extension, the fixed-day regimes as plain day counts, and the
// 72-hour breach clock in UTC across clock changes (time zones through Intl).
//
// SIMPLIFICATION: the mock has no holiday data. Every calendar it lists is treated as `none` (weekends
// only): a public holiday never moves a date here, unlike in the Rust core. It lists a few dozen of the
// core's ~340 calendars, with their real labels and coverage years. Messages are the core's, shortened.
import type { BreachDeadline, CalendarInfo, Candidate, DeadlineAnswer, DeadlineQuery, Regime, RequestDeadline } from '../types';
import { REGIMES } from '../enums';

/** Why a question cannot be answered: becomes a `validation` ApiError in MockBackend. */
export class DeadlineQueryError extends Error {}

function bad(message: string): never {
  throw new DeadlineQueryError(message);
}

// ------------------------------------------------------------------------------------------------
// Calendars (a subset; see the header)

const ALL_YEARS: [number, number] = [2000, 2050];
const SPAIN_YEARS: [number, number] = [2008, 2050];
const UK = 'United Kingdom of Great Britain and Northern Ireland';
const CALENDAR_ROWS: Array<[string, string, [number, number] | null]> = [
  ['none', 'Weekends only, no public holidays (none)', null],
  ['AT', 'Austria (AT)', ALL_YEARS],
  ['AT-9', 'Austria — Wien (AT-9)', ALL_YEARS],
  ['BE', 'Belgium (BE)', ALL_YEARS],
  ['BR', 'Brazil (BR)', ALL_YEARS],
  ['BR-SP', 'Brazil — São Paulo (BR-SP)', ALL_YEARS],
  ['CA', 'Canada (CA)', ALL_YEARS],
  ['CA-ON', 'Canada — Ontario (CA-ON)', ALL_YEARS],
  ['CA-QC', 'Canada — Quebec (CA-QC)', ALL_YEARS],
  ['CH', 'Switzerland (CH)', ALL_YEARS],
  ['CH-GE', 'Switzerland — Genève (CH-GE)', ALL_YEARS],
  ['CH-ZH', 'Switzerland — Zürich (CH-ZH)', ALL_YEARS],
  ['DE', 'Germany (DE)', ALL_YEARS],
  ['DE-BE', 'Germany — Berlin (DE-BE)', ALL_YEARS],
  ['DE-BY', 'Germany — Bayern (DE-BY)', ALL_YEARS],
  ['DE-NW', 'Germany — Nordrhein-Westfalen (DE-NW)', ALL_YEARS],
  ['ES', 'Spain (ES)', SPAIN_YEARS],
  ['ES-CT', 'Spain — Catalunya (ES-CT)', SPAIN_YEARS],
  ['ES-MD', 'Spain — Madrid, Comunidad de (ES-MD)', SPAIN_YEARS],
  ['FR', 'France (FR)', ALL_YEARS],
  ['GB', `${UK} (GB)`, ALL_YEARS],
  ['GB-ENG', `${UK} — England (GB-ENG)`, ALL_YEARS],
  ['GB-NIR', `${UK} — Northern Ireland (GB-NIR)`, ALL_YEARS],
  ['GB-SCT', `${UK} — Scotland (GB-SCT)`, ALL_YEARS],
  ['GB-WLS', `${UK} — Wales (GB-WLS)`, ALL_YEARS],
  ['IE', 'Ireland (IE)', ALL_YEARS],
  ['IT', 'Italy (IT)', ALL_YEARS],
  ['NL', 'Netherlands (Kingdom of the) (NL)', ALL_YEARS],
  ['PL', 'Poland (PL)', ALL_YEARS],
  ['PT', 'Portugal (PT)', ALL_YEARS],
  ['SE', 'Sweden (SE)', ALL_YEARS],
  ['US-CA', 'United States of America — California (US-CA)', ALL_YEARS],
];

export const MOCK_CALENDARS: readonly CalendarInfo[] = CALENDAR_ROWS.map(([code, label, years]) => ({
  code,
  label,
  first_year: years?.[0] ?? null,
  last_year: years?.[1] ?? null,
}));

const validCalendars = () => MOCK_CALENDARS.map((c) => c.code).join(', ');

function calendar(code: string): CalendarInfo {
  const want = code.trim().toUpperCase();
  return (
    MOCK_CALENDARS.find((c) => c.code.toUpperCase() === want) ??
    bad(`unknown calendar ${JSON.stringify(code)}; valid calendars: ${validCalendars()}`)
  );
}

// ------------------------------------------------------------------------------------------------
// Dates as day numbers (days since 1970-01-01, UTC)

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

type Day = number;

const ymd = (day: Day) => {
  const d = new Date(day * DAY_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), wd: d.getUTCDay() };
};
const dayOf = (y: number, m: number, d: number): Day => Date.UTC(y, m - 1, d) / DAY_MS;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function isoDate(day: Day): string {
  const { y, m, d } = ymd(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

function parseDate(field: string, s: string | null): Day | null {
  if (s === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  const invalid = () => bad(`invalid date ${JSON.stringify(s)} for ${field}: expected YYYY-MM-DD, a real calendar date`);
  if (!m) return invalid();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return invalid();
  return dayOf(y, mo, d);
}

const ordinal = (n: number) => {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
};
/** "Sat 31 Jan 2026" */
const full = (day: Day) => {
  const { y, m, d, wd } = ymd(day);
  return `${WEEKDAYS[wd]} ${d} ${MONTHS[m - 1]} ${y}`;
};
/** "28 Feb", with the year when it differs from `year`. */
const short = (day: Day, year: number) => {
  const { y, m, d } = ymd(day);
  return y === year ? `${d} ${MONTHS[m - 1]}` : `${d} ${MONTHS[m - 1]} ${y}`;
};
/** "Mon 2 Mar", with the year when it differs from `year`. */
const withWeekday = (day: Day, year: number) => (ymd(day).y === year ? `${WEEKDAYS[ymd(day).wd]} ${short(day, year)}` : full(day));

/** One month (or n) later the Reg. 1182/71 way: the same date number, or the month's last day. */
export function addMonths(day: Day, n: number): { day: Day; clamp: string | null } {
  const { y, m, d } = ymd(day);
  const total = y * 12 + (m - 1) + n;
  const [ty, tm] = [Math.floor(total / 12), (total % 12) + 1];
  const last = daysInMonth(ty, tm);
  const out = dayOf(ty, tm, Math.min(d, last));
  return { day: out, clamp: d > last ? `${MONTH_NAMES[tm - 1]} has no ${ordinal(d)}` : null };
}

/** Which days move an end: Saturday and Sunday, Sunday only (Canada), or none (the US regimes). */
type Rest = 'sat-sun' | 'sun';

const isOff = (day: Day, rest: Rest) => {
  const wd = ymd(day).wd;
  return wd === 0 || (rest === 'sat-sun' && wd === 6);
};

/** Moves a day off to the next working day (weekends only: see the header). */
export function roll(day: Day, rest: Rest = 'sat-sun'): { day: Day; skipped: Day[] } {
  const skipped: Day[] = [];
  let out = day;
  while (isOff(out, rest)) {
    skipped.push(out);
    out += 1;
  }
  return { day: out, skipped };
}

/** "Saturday" or "Sunday": why a date moved (a Sunday right after a Saturday goes without saying). */
const describeSkipped = (skipped: Day[]) => (ymd(skipped[0]!).wd === 6 ? 'Saturday' : 'Sunday');

/** " → 28 Feb (February has no 31st) → Saturday → Mon 2 Mar", as the core writes it. */
function chain(raw: Day, clamp: string | null, pauses: string[], pausedRaw: Day, due: Day, skipped: Day[], y: number): string {
  const moved = skipped.length > 0;
  const fmt = (d: Day, last: boolean) => (last ? withWeekday(d, y) : short(d, y));
  let s = ` → ${fmt(raw, pauses.length === 0 && !moved)}`;
  if (clamp !== null) s += ` (${clamp})`;
  if (pauses.length > 0) {
    for (const p of pauses) s += ` ${p}`;
    s += ` → ${fmt(pausedRaw, !moved)}`;
  }
  if (moved) s += ` → ${describeSkipped(skipped)} → ${withWeekday(due, y)}`;
  return s;
}

// ------------------------------------------------------------------------------------------------
// Requests

interface Wait {
  asked: Day;
  answered: Day;
}

function pair(what: string, fa: string, a: string | null, fb: string, b: string | null): Wait | null {
  const asked = parseDate(fa, a);
  const answered = parseDate(fb, b);
  if (asked !== null && answered !== null) return { asked, answered };
  if (asked === null && answered === null) return null;
  return bad(`${what}: give both ${fa} and ${fb}`);
}

function checkWait(what: string, w: Wait, received: Day) {
  if (w.asked < received) bad(`${what} asked on ${isoDate(w.asked)} before the request was received (${isoDate(received)})`);
  if (w.answered < w.asked) bad(`${what} answered on ${isoDate(w.answered)} before it was asked (${isoDate(w.asked)})`);
}

const GDPR_SOURCE =
  'GDPR Art. 12(3); Regulation (EEC, Euratom) No 1182/71 Art. 3(2)(c) and 3(4); CJEU C-171/03 Toeters; ICO guidance on the right of access (time limits)';
const UK_SOURCE =
  'UK GDPR Art. 12(3) and 12A; Regulation (EEC, Euratom) No 1182/71 Art. 3 as applied by the ICO; ICO guidance on the right of access (time limits)';
const MONTH_RULE =
  "one month from receipt (Reg. 1182/71 Art. 3): the day of receipt is not counted; the period ends on the same date number in the next month, or on that month's last day if it has no such date; a Saturday, Sunday or public holiday end moves to the next working day";

interface RequestInput {
  regime: Regime;
  calendar: string;
  received: Day;
  extended: boolean;
  id: Wait | null;
  clarification: Wait | null;
}

function monthRegime(input: RequestInput): RequestDeadline {
  const uk = input.regime === 'uk-gdpr';
  const source = uk ? UK_SOURCE : GDPR_SOURCE;
  const { received } = input;
  const y = ymd(received).y;
  const notes: string[] = [];
  let explanation = `received ${full(received)}`;

  // UK: the period starts when the proof of identity arrives (Art. 12A).
  let start = received;
  if (uk && input.id) {
    explanation += `; identity asked ${short(input.id.asked, y)}, received ${short(input.id.answered, y)}: the month runs from ${withWeekday(input.id.answered, y)}`;
    start = input.id.answered;
  }
  const { day: raw, clamp } = addMonths(start, 1);

  // The wait that stops the clock on the legal reading: UK clarification; EU identity (guidance only).
  let wait: Wait | null;
  let what: string;
  let basis: string;
  if (uk) {
    [wait, what, basis] = [input.clarification, 'clarification', 'UK GDPR Art. 12A; ICO guidance (clarification pause)'];
  } else {
    if (input.clarification) notes.push('The GDPR has no clarification pause: the period runs on while a clarification is awaited.');
    [wait, what, basis] = [
      input.id,
      'proof of identity',
      'guidance-based: EDPB Guidelines 01/2022 §5.3 as read by commentators and some authorities (e.g. Berlin); the GDPR itself has no pause',
    ];
  }
  let paused = 0;
  const phrases: string[] = [];
  if (wait) {
    if (wait.asked > raw) {
      notes.push(`${what} asked on ${full(wait.asked)} after the period had ended (${full(raw)}): it does not stop the clock`);
    } else {
      const from = Math.max(wait.asked, start + 1);
      if (wait.answered >= from) {
        paused = wait.answered - from + 1;
        phrases.push(`+ ${paused} day${paused === 1 ? '' : 's'} waiting for ${what} (${short(wait.asked, y)}–${short(wait.answered, y)})`);
      }
    }
  }
  const pausedRaw = raw + paused;
  const { day: legal, skipped } = roll(pausedRaw);
  explanation += chain(raw, clamp, phrases, pausedRaw, legal, skipped, y);
  const { day: safe } = roll(raw);

  const candidates: Candidate[] = [{ label: 'legal', date: isoDate(legal), rule: MONTH_RULE, source }];
  let rule = MONTH_RULE;
  if (paused > 0) {
    candidates[0]!.rule += `; ${paused} day(s) paused (${basis})`;
    rule += `; clock stopped ${paused} day(s) (${basis})`;
    explanation += `; safe date ${withWeekday(safe, y)} ignores the pause`;
    candidates.push({ label: 'safe: without any pause', date: isoDate(safe), rule: MONTH_RULE, source });
  }

  const out: RequestDeadline = {
    regime: input.regime,
    calendar: input.calendar,
    received: isoDate(received),
    clock_start: isoDate(start),
    legal_due: isoDate(legal),
    safe_due: isoDate(safe),
    extension_notice_due: isoDate(legal),
    extension_notice_safe_due: isoDate(safe),
    paused_days: paused,
    rule,
    source,
    explanation,
    candidates,
    other_dates: [],
    notes,
  };

  if (input.extended) {
    // ICO: three months from the start; alternative: two further months from the end of the first.
    const { day: three, clamp: clamp3 } = addMonths(start, 3);
    const threePaused = three + paused;
    const { day: extLegal, skipped: extSkipped } = roll(threePaused);
    const { day: extIcoNoPause } = roll(three);
    const { day: extBgb } = roll(addMonths(raw, 2).day);
    const extSafe = Math.min(extIcoNoPause, extBgb);
    out.explanation += `; extended: three months from ${short(start, y)}`;
    out.explanation += chain(three, clamp3, paused > 0 ? [`+ ${paused} day(s) paused`] : [], threePaused, extLegal, extSkipped, y);
    if (extSafe < extLegal) {
      out.explanation += `; extended safe date ${withWeekday(extSafe, y)}`;
      if (extBgb < extIcoNoPause) out.explanation += ` (two months from the end of the first month, ${short(raw, y)})`;
    }
    candidates.push(
      {
        label: 'extended legal: three months from the start',
        date: isoDate(extLegal),
        rule: 'one month plus two further months, counted as three months from the start, then the same end-of-month and working-day rules',
        source: `GDPR Art. 12(3) second sentence; ICO guidance (three months from receipt); ${source}`,
      },
      {
        label: 'extended alternative: two months from the end of the first month',
        date: isoDate(extBgb),
        rule: 'the two further months run from the end of the first month (unmoved by a weekend), as in BGB §190',
        source: 'GDPR Art. 12(3); BGB §190 (extension runs from the end of the previous period)',
      },
    );
    out.extended_legal_due = isoDate(extLegal);
    out.extended_safe_due = isoDate(extSafe);
  }
  return out;
}

type Extension = { kind: 'none' } | { kind: 'days'; days: number; source: string } | { kind: 'no-maximum'; source: string };

interface DayRule {
  title: string;
  days: number;
  /** Days off that move the legal end; null: the end never moves. */
  rest: Rest | null;
  rule: string;
  source: string;
  /** The safe date counts the day of receipt as day 1 (else it is the unmoved end). */
  safeCountsReceiptDay: boolean;
  safeReason: string;
  altRoll: string | null;
  extension: Extension;
  waitNote: string;
}

const US_SAFE = 'the 45 days counted with the day of receipt as day 1';
const US_WAIT = 'Verification does not stop the clock: the period runs from receipt.';
const us = (title: string, rule: string, source: string, altRoll: string, extSource: string, safeReason = US_SAFE): DayRule => ({
  title,
  days: 45,
  rest: null,
  rule,
  source,
  safeCountsReceiptDay: true,
  safeReason,
  altRoll,
  extension: { kind: 'days', days: 90, source: extSource },
  waitNote: US_WAIT,
});

const DAY_RULES: Record<Exclude<Regime, 'gdpr' | 'uk-gdpr' | 'gdpr-breach'>, DayRule> = {
  ccpa: us(
    'California CCPA/CPRA',
    '45 calendar days after receipt (the day of receipt excluded); the end does not move',
    'Cal. Civ. Code §1798.130(a)(2)(A); Cal. Civ. Code §10; 11 CCR §7021(b)',
    'Cal. Code Civ. Proc. §12a (whether it applies to the CCPA is untested)',
    'Cal. Civ. Code §1798.130(a)(2)(A); 11 CCR §7021(b): once, up to 90 days from receipt, with notice within the first 45 days',
    '11 CCR §7021(b): the 45-day period begins on the day the request is received',
  ),
  vcdpa: us(
    'Virginia VCDPA',
    '45 days of receipt (the day of receipt excluded); the end does not move',
    'Va. Code §59.1-577(B)(1)',
    'Va. Code §1-210 (whether it applies is untested)',
    'Va. Code §59.1-577(B)(1): once by 45 additional days, with notice within the first 45',
  ),
  cpa: us(
    'Colorado CPA',
    '45 days after receipt (the day of receipt excluded); the end does not move',
    'C.R.S. §6-1-1306(2)',
    'C.R.S. §2-4-108(2) (whether it applies is untested)',
    'C.R.S. §6-1-1306(2): by 45 additional days where reasonably necessary, with notice within the first 45',
  ),
  ucpa: us(
    'Utah UCPA',
    '45 days after the day of receipt; the end does not move',
    'Utah Code §13-61-203',
    'Utah Code §68-3-7 (whether it applies is untested)',
    'Utah Code §13-61-203: by 45 additional days where reasonably necessary, with notice within the first 45',
  ),
  lgpd: {
    title: 'Brazil LGPD',
    days: 15,
    rest: 'sat-sun',
    rule: '15 days from the request (the first day excluded); an end on a weekend or holiday moves to the next working day',
    source: 'LGPD (Lei 13.709/2018) Art. 19(II); Código Civil Art. 132 caput and §1',
    safeCountsReceiptDay: false,
    safeReason: 'whether Código Civil Art. 132 §1 moves an LGPD deadline is not settled: the safe date does not move',
    altRoll: null,
    extension: { kind: 'none' },
    waitNote: 'The LGPD has no pause for identity checks or clarifications.',
  },
  fadp: {
    title: 'Switzerland revFADP',
    days: 30,
    rest: 'sat-sun',
    rule: '30 days (the day of receipt not counted); an end on a Saturday, Sunday or public holiday moves to the next working day',
    source: 'revFADP Art. 25(7); CO Art. 77(1)(1) and 78(1); Federal Act on Time Limits Ending on Saturday (SR 173.110.3)',
    safeCountsReceiptDay: false,
    safeReason: 'the safe date does not move: the move rests on the Code of Obligations, not the FADP',
    altRoll: null,
    extension: {
      kind: 'no-maximum',
      source: 'DPO (DSV) Art. 18(2): tell the data subject within the 30 days when the information will come; no maximum is set',
    },
    waitNote: 'The revFADP has no pause for identity checks or clarifications.',
  },
  pipeda: {
    title: 'Canada PIPEDA',
    days: 30,
    rest: 'sun',
    rule: '30 days after receipt; an end on a holiday (Sundays included, Saturdays not) moves to the next day that is not a holiday',
    source: 'PIPEDA s. 8(3); Interpretation Act (R.S.C. 1985, c. I-21) ss. 26, 27 and 35',
    safeCountsReceiptDay: false,
    safeReason: 'the safe date does not move: the move rests on the Interpretation Act',
    altRoll: null,
    extension: { kind: 'days', days: 60, source: 'PIPEDA s. 8(4)(a): up to 30 more days, with notice within the first 30' },
    waitNote: 'PIPEDA has no pause for identity checks or clarifications.',
  },
  quebec: {
    title: 'Quebec private-sector Act (P-39.1)',
    days: 30,
    rest: 'sun',
    rule: '30 days of receipt; an end on a holiday (Sundays included, Saturdays not) moves to the next day that is not a holiday',
    source: 'Act respecting the protection of personal information in the private sector (CQLR c. P-39.1) s. 32; Interpretation Act (CQLR c. I-16) ss. 52 and 61',
    safeCountsReceiptDay: false,
    safeReason: 'the safe date does not move: the move rests on the Interpretation Act',
    altRoll: null,
    extension: { kind: 'none' },
    waitNote: 'The Quebec Act has no pause for identity checks or clarifications.',
  },
};

/** The fixed-day regimes: a plain count of calendar days, then the regime's move off a rest day. */
function dayRegime(input: RequestInput, r: DayRule): RequestDeadline {
  const { received } = input;
  const y = ymd(received).y;
  if (input.extended && r.extension.kind === 'none') bad(`${r.title} provides no extension of the period`);
  const notes: string[] = [];
  if (input.id || input.clarification) notes.push(r.waitNote);
  const raw = received + r.days;
  const { day: legal, skipped } = r.rest === null ? { day: raw, skipped: [] } : roll(raw, r.rest);
  let explanation = `received ${full(received)} → + ${r.days} days` + chain(raw, null, [], raw, legal, skipped, y);
  const safe = r.safeCountsReceiptDay ? received + r.days - 1 : raw;
  const candidates: Candidate[] = [{ label: 'legal', date: isoDate(legal), rule: r.rule, source: r.source }];
  if (safe !== legal) {
    explanation += `; safe date ${withWeekday(safe, y)}: ${r.safeReason}`;
    candidates.push({ label: 'safe', date: isoDate(safe), rule: r.safeReason, source: r.source });
  }
  if (r.altRoll !== null) {
    const alt = roll(raw);
    if (alt.day !== legal) {
      notes.push(
        `If a weekend or holiday end moved to the next business day (${r.altRoll}), the date would be ${withWeekday(alt.day, y)}; this reading is shown only as an alternative.`,
      );
      candidates.push({
        label: 'alternative: end moved to the next business day',
        date: isoDate(alt.day),
        rule: `${short(raw, y)} moved past ${describeSkipped(alt.skipped)}`,
        source: r.altRoll,
      });
    }
  }
  const otherDates: Candidate[] = [];
  if (input.regime === 'ccpa') {
    // 11 CCR §7021(a): confirm receipt within 10 business days.
    let d = received;
    for (let n = 0; n < 10; ) {
      d += 1;
      if (!isOff(d, 'sat-sun')) n += 1;
    }
    otherDates.push({
      label: 'acknowledge receipt',
      date: isoDate(d),
      rule: 'confirm receipt and explain the process within 10 business days',
      source: '11 CCR §7021(a)',
    });
  }
  const out: RequestDeadline = {
    regime: input.regime,
    calendar: input.calendar,
    received: isoDate(received),
    clock_start: isoDate(received),
    legal_due: isoDate(legal),
    safe_due: isoDate(safe),
    extension_notice_due: r.extension.kind === 'none' ? null : isoDate(legal),
    extension_notice_safe_due: r.extension.kind === 'none' ? null : isoDate(safe),
    paused_days: 0,
    rule: r.rule,
    source: r.source,
    explanation,
    candidates,
    other_dates: otherDates,
    notes,
  };
  if (input.extended && r.extension.kind === 'days') {
    const { days, source } = r.extension;
    const rawExt = received + days;
    const ext = r.rest === null ? { day: rawExt, skipped: [] } : roll(rawExt, r.rest);
    const safeExt = r.safeCountsReceiptDay ? received + days - 1 : rawExt;
    out.explanation += `; extended: + ${days} days from receipt` + chain(rawExt, null, [], rawExt, ext.day, ext.skipped, y);
    if (safeExt !== ext.day) out.explanation += ` (safe ${withWeekday(safeExt, y)})`;
    candidates.push({ label: 'extended legal', date: isoDate(ext.day), rule: `${days} days after receipt in all`, source });
    out.extended_legal_due = isoDate(ext.day);
    out.extended_safe_due = isoDate(safeExt);
  }
  if (input.extended && r.extension.kind === 'no-maximum') {
    notes.push(`${r.title} sets no maximum for a postponed answer: the new date is the one you tell the data subject (${r.extension.source}).`);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// The breach clock

export const BREACH_HOURS = 72;
const HOUR_MS = 3_600_000;

/** The zone name as given (Intl would canonicalise Asia/Kolkata to Asia/Calcutta; the core keeps it). */
function validZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz.trim() });
    return tz.trim();
  } catch {
    return bad(`unknown time zone ${JSON.stringify(tz)}: give an IANA name such as Europe/Berlin, Europe/London or UTC`);
  }
}

/** The zone's offset from UTC at an instant, in minutes. */
export function offsetMinutes(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

const offsetText = (min: number) => `${min < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(min) / 60))}:${pad(Math.abs(min) % 60)}`;

/** RFC 3339 as chrono serialises it: "2026-03-31T11:00:00+02:00", or "…Z" at a zero offset. */
function rfc3339(ms: number, offset: number | 'Z'): string {
  const min = offset === 'Z' ? 0 : offset;
  const local = new Date(ms + min * 60_000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${date}T${time}${min === 0 ? 'Z' : offsetText(min)}`;
}

/** "Tue 31 Mar 2026 11:00" of an instant at an offset. */
function describeAt(ms: number, offset: number): string {
  const local = new Date(ms + offset * 60_000);
  const day = Math.floor(local.getTime() / DAY_MS);
  return `${full(day)} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** "CET", "BST", "EST" where Intl knows an abbreviation (en-GB for Europe, en-US for the Americas), else "UTC+05:30". */
function zoneName(ms: number, tz: string, offset: number): string {
  for (const locale of ['en-GB', 'en-US']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: 'short' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name && !/^(GMT|UTC)[+-]/.test(name)) return name;
  }
  return `UTC${offsetText(offset)}`;
}

/** A wall-clock time in `tz` as an instant; a time that does not exist or happens twice is refused. */
function localInstant(wall: number, tz: string, text: string): number {
  const offsets = new Set([offsetMinutes(wall - DAY_MS, tz), offsetMinutes(wall + DAY_MS, tz), offsetMinutes(wall, tz)]);
  const fits = [...offsets].map((o) => wall - o * 60_000).filter((ms) => offsetMinutes(ms, tz) * 60_000 === wall - ms);
  const found = [...new Set(fits)].sort((a, b) => a - b);
  if (found.length === 0) bad(`${text} does not exist in ${tz} (clocks jump forward at that hour)`);
  if (found.length > 1) {
    const [a, b] = [found[0]!, found[1]!];
    bad(`${text} happens twice in ${tz} (clocks go back): give the offset, e.g. ${rfc3339(a, offsetMinutes(a, tz))} or ${rfc3339(b, offsetMinutes(b, tz))}`);
  }
  return found[0]!;
}

function breach(q: DeadlineQuery): BreachDeadline {
  if (q.tz === null) bad('tz is required for gdpr-breach (an IANA name, e.g. Europe/Berlin)');
  const tz = validZone(q.tz);
  const aware = q.aware_at ?? bad('aware_at is required for gdpr-breach (YYYY-MM-DDTHH:MM:SS)');
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/.exec(aware.trim());
  const invalid = () => bad(`invalid aware_at ${JSON.stringify(aware)}: expected YYYY-MM-DDTHH:MM:SS, optionally with an offset (+02:00)`);
  if (!m) return invalid();
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return invalid();
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  let awareMs: number;
  const zone = m[7];
  if (zone !== undefined) {
    const sign = zone.startsWith('-') ? -1 : 1;
    awareMs = zone === 'Z' ? wall : wall - sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  } else {
    awareMs = localInstant(wall, tz, aware.trim().replace('T', ' ') + (m[6] === undefined ? ':00' : ''));
  }
  const dueMs = awareMs + BREACH_HOURS * HOUR_MS;
  const [o1, o2] = [offsetMinutes(awareMs, tz), offsetMinutes(dueMs, tz)];
  const hhmm = (ms: number) => rfc3339(ms, 'Z').slice(11, 16);
  let explanation =
    `aware ${describeAt(awareMs, o1)} ${zoneName(awareMs, tz, o1)} (${hhmm(awareMs)} UTC) → + 72 hours = ` +
    `${describeAt(dueMs, 0)} UTC = ${describeAt(dueMs, o2)} ${zoneName(dueMs, tz, o2)}`;
  if (o1 !== o2) {
    explanation += ` (the clocks changed in between: UTC${offsetText(o1)} then UTC${offsetText(o2)}, so the local time differs by the change)`;
  }
  explanation += '; weekends and holidays count';
  return {
    regime: 'gdpr-breach',
    tz,
    aware_at: rfc3339(awareMs, o1),
    aware_at_utc: rfc3339(awareMs, 'Z'),
    legal_due: rfc3339(dueMs, o2),
    legal_due_utc: rfc3339(dueMs, 'Z'),
    safe_due: rfc3339(dueMs, o2),
    rule: '72 hours of real time after becoming aware, counted in UTC; nothing moves to a working day',
    source:
      'GDPR Art. 33(1): without undue delay and, where feasible, not later than 72 hours after becoming aware; a later notification carries the reasons for the delay',
    explanation,
  };
}

// ------------------------------------------------------------------------------------------------

/** Answers a question like `DeadlineQuery::answer` in the core; throws DeadlineQueryError. */
export function answer(q: DeadlineQuery): DeadlineAnswer {
  const code = q.regime.trim().toLowerCase();
  const regime = REGIMES.find((r) => r === code) ?? bad(`unknown regime ${JSON.stringify(q.regime)}; valid regimes: ${REGIMES.join(', ')}`);
  if (regime === 'gdpr-breach') return breach(q);
  if (q.calendar === null) bad(`calendar is required (valid calendars: ${validCalendars()})`);
  const cal = calendar(q.calendar);
  const received = parseDate('received', q.received) ?? bad('received is required (YYYY-MM-DD)');
  const input: RequestInput = {
    regime,
    calendar: cal.code,
    received,
    extended: q.extended,
    id: pair('identity check', 'id_requested', q.id_requested, 'id_received', q.id_received),
    clarification: pair('clarification', 'clarification_asked', q.clarification_asked, 'clarification_received', q.clarification_received),
  };
  if (input.id) checkWait('proof of identity', input.id, received);
  if (input.clarification) checkWait('clarification', input.clarification, received);
  if (cal.first_year !== null && cal.last_year !== null) {
    const year = ymd(received).y;
    if (year < cal.first_year || year > cal.last_year) {
      bad(`calendar ${cal.code} has holiday data for ${cal.first_year}–${cal.last_year} only, not for ${isoDate(received)}`);
    }
  }
  return regime === 'gdpr' || regime === 'uk-gdpr' ? monthRegime(input) : dayRegime(input, DAY_RULES[regime]);
}
