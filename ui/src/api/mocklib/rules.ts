// TEST DOUBLE: a TypeScript re-statement of part of the Rust rules (cockpit-domain validate.rs and
// completeness.rs) so that the MockBackend behaves plausibly in browser tests and UI development.
// The Rust core is the authority; nothing here is used when the app runs inside Tauri.
import type {
  Activity,
  Completeness,
  FieldError,
  Finding,
  FindingCode,
  Organisation,
  Severity,
  ValidationCode,
  Vocabularies,
  VocabularyEntry,
} from '../types';
import { hasAdequacyDecision, isCountry, isThirdCountry } from '../../lib/countries';

export const MAX_NAME = 200;
export const MAX_TEXT = 20_000;

export function sameName(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

class Errors {
  readonly list: FieldError[] = [];
  push(field: string, code: ValidationCode, message: string) {
    this.list.push({ field, code, message });
  }
  name(field: string, value: string) {
    if (value.trim() === '') this.push(field, 'required', 'must not be empty');
    else if ([...value].length > MAX_NAME) this.push(field, 'too_long', `must be at most ${MAX_NAME} characters`);
    // eslint-disable-next-line no-control-regex
    else if (value.includes(';') || /[\u0000-\u001f\u007f]/.test(value))
      this.push(field, 'invalid_character', "must not contain ';' or control characters");
    else if (value.trim() !== value) this.push(field, 'invalid_format', 'must not start or end with spaces');
  }
  text(field: string, value: string) {
    if ([...value].length > MAX_TEXT) this.push(field, 'too_long', `must be at most ${MAX_TEXT} characters`);
  }
  country(field: string, value: string, required: boolean) {
    if (value === '') {
      if (required) this.push(field, 'required', 'a country code is required');
    } else if (!isCountry(value)) {
      this.push(field, 'invalid_country', `'${value}' is not an ISO 3166-1 alpha-2 country code (e.g. DE, ES, US)`);
    }
  }
  refs(field: string, values: string[], known: string[], what: string) {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      const path = `${field}[${i}]`;
      const key = v.toLowerCase();
      if (seen.has(key)) this.push(path, 'duplicate', `'${v}' is listed twice`);
      else if (!known.some((k) => sameName(k, v))) this.push(path, 'unknown_reference', `no ${what} named '${v}'`);
      seen.add(key);
    });
  }
}

export function isValidActivityId(id: string): boolean {
  return /^[A-Za-z0-9._-]{1,32}$/.test(id);
}

export function validateActivity(a: Activity, v: Vocabularies): FieldError[] {
  const e = new Errors();
  if (!isValidActivityId(a.id)) {
    e.push('id', 'invalid_format', "must be 1-32 letters, digits, '.', '_' or '-' (e.g. PA-0007)");
  }
  e.name('name', a.name);
  for (const f of ['description', 'lia_reference', 'data_source', 'automated_decision_logic', 'dpia_reference'] as const) {
    e.text(f, a[f]);
  }
  for (const f of ['department', 'owner'] as const) {
    if ([...a[f]].length > MAX_NAME) e.push(f, 'too_long', `must be at most ${MAX_NAME} characters`);
  }
  a.purposes.forEach((p, i) => {
    if (p.trim() === '') e.push(`purposes[${i}]`, 'required', 'a purpose must not be empty');
    else if (p.includes(';')) e.push(`purposes[${i}]`, 'invalid_character', "must not contain ';' (one purpose per entry)");
  });
  const bases = new Set<string>();
  a.lawful_bases.forEach((b, i) => {
    if (bases.has(b)) e.push(`lawful_bases[${i}]`, 'duplicate', 'lawful basis listed twice');
    bases.add(b);
  });
  const names = <T extends { name: string }>(l: T[]) => l.map((x) => x.name);
  e.refs('data_subjects', a.data_subjects, names(v.data_subject_categories), 'data-subject category');
  e.refs(
    'data_categories',
    a.data_categories.map((c) => c.category),
    names(v.data_categories),
    'data category',
  );
  // As in Rust, an unknown category is reported at data_categories[i]; the UI maps it to the select.
  a.data_categories.forEach((c, i) => {
    const p = c.retention.period;
    if (p && (!Number.isInteger(p.amount) || p.amount < 1 || p.amount > 1000)) {
      e.push(`data_categories[${i}].retention.period.amount`, 'out_of_range', 'a retention period must be between 1 and 1000');
    }
    e.text(`data_categories[${i}].retention.criteria`, c.retention.criteria);
  });
  e.refs('recipients', a.recipients, names(v.recipients), 'recipient');
  e.refs('measures', a.measures, names(v.measures), 'security measure');
  e.refs('systems', a.systems, names(v.systems), 'system');
  e.refs('parties', a.parties, names(v.parties), 'party');
  a.transfers.forEach((t, i) => {
    e.country(`transfers[${i}].country`, t.country, true);
    if (t.recipient !== null && !v.recipients.some((r) => sameName(r.name, t.recipient ?? ''))) {
      e.push(`transfers[${i}].recipient`, 'unknown_reference', `no recipient named '${t.recipient}'`);
    }
    e.text(`transfers[${i}].safeguards`, t.safeguards);
  });
  if (a.next_review !== null && !/^\d{4}-\d{2}-\d{2}$/.test(a.next_review)) {
    e.push('next_review', 'invalid_format', 'must be a date (YYYY-MM-DD)');
  }
  return e.list;
}

export function validateOrganisation(o: Organisation): FieldError[] {
  const e = new Errors();
  if (o.name.trim() === '') e.push('name', 'required', 'must not be empty');
  for (const f of ['email', 'dpo_email'] as const) {
    const s = o[f];
    if (s !== '' && !/^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]+$/.test(s)) e.push(f, 'invalid_format', 'is not an e-mail address');
  }
  if (!(o.art30_threshold > 0)) e.push('art30_threshold', 'out_of_range', 'must be a positive head count');
  const seen = new Set<string>();
  o.establishments.forEach((est, i) => {
    const p = (f: string) => `establishments[${i}].${f}`;
    e.name(p('name'), est.name);
    if (seen.has(est.name.toLowerCase())) e.push(p('name'), 'duplicate', 'two establishments have this name');
    seen.add(est.name.toLowerCase());
    e.country(p('country'), est.country, true);
    if (est.region !== '' && !new RegExp(`^${est.country}-[A-Z0-9]{1,3}$`).test(est.region)) {
      e.push(p('region'), 'invalid_region', `'${est.region}' is not an ISO 3166-2 subdivision of ${est.country}`);
    }
    if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(est.timezone) && est.timezone !== 'UTC') {
      e.push(p('timezone'), 'invalid_time_zone', `'${est.timezone}' is not an IANA time zone (e.g. Europe/Madrid)`);
    }
  });
  if (o.establishments.filter((x) => x.main).length > 1) {
    e.push('establishments', 'duplicate', 'only one establishment can be the main one');
  }
  return e.list;
}

export function validateVocabularyEntry(v: VocabularyEntry): FieldError[] {
  const e = new Errors();
  e.name('name', v.entry.name);
  switch (v.kind) {
    case 'recipient':
    case 'party':
      e.country('country', v.entry.country, false);
      break;
    case 'system':
      e.country('hosting_country', v.entry.hosting_country, false);
      break;
    default:
      break;
  }
  return e.list;
}

const PENALTY: Record<Severity, number> = { missing: 15, weak: 5 };
const APPROPRIATE_SAFEGUARDS = new Set([
  'public_authority_instrument',
  'binding_corporate_rules',
  'standard_contractual_clauses',
  'code_of_conduct',
  'certification',
  'ad_hoc_clauses',
  'administrative_arrangement',
]);

/** completeness.rs check_activity, restated. */
export function checkActivity(a: Activity, v: Vocabularies, today: string): Completeness {
  const findings: Finding[] = [];
  const add = (code: FindingCode, severity: Severity, field: string, reference: string, subject = '', message = code) =>
    findings.push({ code, severity, field, reference, subject, message: message.replace(/_/g, ' ') });
  const processor = a.role === 'processor';

  if (a.purposes.every((p) => p.trim() === '')) {
    add('no_purpose', 'missing', 'purposes', processor ? 'Art. 30(2)(b)' : 'Art. 30(1)(b)');
  }
  if (a.role === 'processor' && a.parties.length === 0) {
    add('processor_without_controllers', 'missing', 'parties', 'Art. 30(2)(a)');
  }
  if (a.role === 'joint_controller' && a.parties.length === 0) {
    add('joint_controller_without_parties', 'missing', 'parties', 'Art. 30(1)(a), Art. 26');
  }
  if (!processor) {
    if (a.lawful_bases.length === 0) add('no_lawful_basis', 'missing', 'lawful_bases', 'Art. 6(1)');
    if (a.lawful_bases.includes('legitimate_interests') && a.lia_reference.trim() === '') {
      add('legitimate_interest_without_assessment', 'weak', 'lia_reference', 'Art. 6(1)(f), Art. 5(2)');
    }
    if (a.data_subjects.length === 0) add('no_data_subjects', 'missing', 'data_subjects', 'Art. 30(1)(c)');
    if (a.data_categories.length === 0) add('no_data_categories', 'missing', 'data_categories', 'Art. 30(1)(c)');
    a.data_categories.forEach((dc, i) => {
      if (dc.retention.period === null && dc.retention.criteria.trim() === '') {
        add('retention_missing', 'missing', `data_categories[${i}].retention`, 'Art. 30(1)(f), Art. 5(1)(e)', dc.category);
      }
    });
    const kinds = a.data_categories.map((dc) => v.data_categories.find((c) => sameName(c.name, dc.category))?.kind);
    if (kinds.includes('special') && a.special_category_condition === null) {
      add('special_category_without_condition', 'missing', 'special_category_condition', 'Art. 9(2)');
    }
    if (kinds.includes('criminal') && !a.criminal_data) {
      add('criminal_data_not_flagged', 'weak', 'criminal_data', 'Art. 10');
    }
    if (a.recipients.length === 0) add('no_recipients_documented', 'weak', 'recipients', 'Art. 30(1)(d)');
    if (a.data_source.trim() === '') add('no_data_source', 'weak', 'data_source', 'Art. 14(2)(f), Art. 15(1)(g)');
  }
  a.transfers.forEach((t, i) => {
    const f = `transfers[${i}]`;
    const m = t.mechanism;
    if (m === null) {
      add('transfer_without_mechanism', 'missing', `${f}.mechanism`, 'Art. 44-49', t.country);
    } else if (m === 'compelling_legitimate_interests' && t.safeguards.trim() === '') {
      add('transfer_without_safeguard_documentation', 'missing', `${f}.safeguards`, 'Art. 30(1)(e), Art. 49(1) subpara. 2', t.country);
    } else if (APPROPRIATE_SAFEGUARDS.has(m) && t.safeguards.trim() === '') {
      add('transfer_without_safeguard_documentation', 'weak', `${f}.safeguards`, 'Art. 46', t.country);
    } else if (m === 'adequacy_decision' && !hasAdequacyDecision(t.country)) {
      add('adequacy_claimed_without_decision', 'missing', `${f}.mechanism`, 'Art. 45', t.country);
    }
  });
  for (const name of a.recipients) {
    const r = v.recipients.find((x) => sameName(x.name, name));
    if (r && r.kind === 'external' && isThirdCountry(r.country) && !a.transfers.some((t) => t.country === r.country)) {
      add('third_country_recipient_without_transfer', 'weak', 'transfers', 'Art. 30(1)(e)', `${r.name} (${r.country})`);
    }
  }
  if (a.measures.length === 0) {
    add('no_security_measures', 'missing', 'measures', processor ? 'Art. 30(2)(d), Art. 32(1)' : 'Art. 30(1)(g), Art. 32(1)');
  } else if (!a.measures.some((m) => v.measures.find((x) => sameName(x.name, m))?.kind === 'technical')) {
    add('no_technical_measures', 'weak', 'measures', 'Art. 32(1)');
  }
  if (a.systems.length === 0) add('no_systems', 'weak', 'systems', 'Art. 30, Art. 32');
  if (a.dpia_required && a.dpia_reference.trim() === '') add('dpia_without_reference', 'missing', 'dpia_reference', 'Art. 35');
  if (a.automated_decision && !a.dpia_required) {
    add('automated_decision_without_dpia', 'weak', 'dpia_required', 'Art. 22, Art. 35(3)(a)');
  }
  if (a.owner.trim() === '' && a.department.trim() === '') add('no_owner', 'weak', 'owner', 'Art. 5(2), Art. 24');
  if (a.next_review === null) add('no_review_date', 'weak', 'next_review', 'Art. 24(1)');
  else if (a.next_review < today && a.status !== 'retired') {
    add('review_overdue', 'missing', 'next_review', 'Art. 24(1)', a.next_review);
  }
  const penalty = findings.reduce((s, f) => s + PENALTY[f.severity], 0);
  // Stable sort: missing before weak.
  findings.sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'missing' ? -1 : 1));
  return { activity_id: a.id, score: Math.max(0, 100 - penalty), findings };
}
