// Runtime lists of the enumerations in types.ts, the article references the Rust core prints beside
// them, and constructors of empty values (Activity::new etc.). Kept apart from types.ts so that file can
// be swapped for generated bindings.
import type {
  Activity,
  ActivityQuery,
  ActivityStatus,
  BreachDeadline,
  CompletenessBand,
  DataCategoryKind,
  DeadlineAnswer,
  DeadlineQuery,
  EventKind,
  ExportFormat,
  LawfulBasis,
  LetterKind,
  LetterLanguage,
  MeasureKind,
  Organisation,
  RecipientKind,
  Regime,
  RequestChannel,
  RequestListQuery,
  RequestStatus,
  RequestType,
  RetentionUnit,
  Role,
  SpecialCategoryCondition,
  TransferMechanism,
  VocabularyKind,
} from './types';


export const ROLES: readonly Role[] = ['controller', 'joint_controller', 'processor'];
export const ACTIVITY_STATUSES: readonly ActivityStatus[] = ['draft', 'active', 'retired'];
export const LAWFUL_BASES: readonly LawfulBasis[] = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
];
export const SPECIAL_CATEGORY_CONDITIONS: readonly SpecialCategoryCondition[] = [
  'explicit_consent',
  'employment_social_security',
  'vital_interests',
  'not_for_profit_body',
  'made_public_by_subject',
  'legal_claims',
  'substantial_public_interest',
  'health_or_social_care',
  'public_health',
  'archiving_research_statistics',
];
export const TRANSFER_MECHANISMS: readonly TransferMechanism[] = [
  'adequacy_decision',
  'public_authority_instrument',
  'binding_corporate_rules',
  'standard_contractual_clauses',
  'code_of_conduct',
  'certification',
  'ad_hoc_clauses',
  'administrative_arrangement',
  'derogation_explicit_consent',
  'derogation_contract',
  'derogation_contract_in_interest',
  'derogation_public_interest',
  'derogation_legal_claims',
  'derogation_vital_interests',
  'derogation_public_register',
  'compelling_legitimate_interests',
];
export const DATA_CATEGORY_KINDS: readonly DataCategoryKind[] = ['ordinary', 'special', 'criminal'];
export const RECIPIENT_KINDS: readonly RecipientKind[] = ['internal', 'external'];
export const MEASURE_KINDS: readonly MeasureKind[] = ['technical', 'organisational'];
export const RETENTION_UNITS: readonly RetentionUnit[] = ['days', 'months', 'years'];
export const COMPLETENESS_BANDS: readonly CompletenessBand[] = ['complete', 'partial', 'poor'];
export const VOCABULARY_KINDS: readonly VocabularyKind[] = [
  'data_subject_category',
  'data_category',
  'recipient',
  'system',
  'measure',
  'party',
];
/** In the core's order (Regime::ALL): request regimes, then the breach clock. */
export const REGIMES: readonly Regime[] = ['gdpr', 'uk-gdpr', 'ccpa', 'vcdpa', 'cpa', 'ucpa', 'lgpd', 'fadp', 'pipeda', 'quebec', 'gdpr-breach'];
/** Regimes without any extension of the period (asking for one is an error). */
export const REGIMES_WITHOUT_EXTENSION: readonly Regime[] = ['lgpd', 'quebec'];
/** The regimes counted in months, where waits for identity or clarification can matter. */
export const MONTH_REGIMES: readonly Regime[] = ['gdpr', 'uk-gdpr'];
export const BREACH_REGIME: Regime = 'gdpr-breach';

export function isRegime(v: string): v is Regime {
  return (REGIMES as readonly string[]).includes(v);
}

export function isBreachDeadline(a: DeadlineAnswer): a is BreachDeadline {
  return 'legal_due_utc' in a;
}

export function emptyDeadlineQuery(regime: Regime = 'gdpr'): DeadlineQuery {
  return {
    regime,
    calendar: null,
    received: null,
    extended: false,
    id_requested: null,
    id_received: null,
    clarification_asked: null,
    clarification_received: null,
    aware_at: null,
    tz: null,
  };
}

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'xlsx'];

/** The article reference printed beside a transfer mechanism (TransferMechanism::article in Rust). */
export const MECHANISM_ARTICLE: Record<TransferMechanism, string> = {
  adequacy_decision: 'Art. 45',
  public_authority_instrument: 'Art. 46(2)(a)',
  binding_corporate_rules: 'Art. 46(2)(b), Art. 47',
  standard_contractual_clauses: 'Art. 46(2)(c)',
  code_of_conduct: 'Art. 46(2)(e)',
  certification: 'Art. 46(2)(f)',
  ad_hoc_clauses: 'Art. 46(3)(a)',
  administrative_arrangement: 'Art. 46(3)(b)',
  derogation_explicit_consent: 'Art. 49(1)(a)',
  derogation_contract: 'Art. 49(1)(b)',
  derogation_contract_in_interest: 'Art. 49(1)(c)',
  derogation_public_interest: 'Art. 49(1)(d)',
  derogation_legal_claims: 'Art. 49(1)(e)',
  derogation_vital_interests: 'Art. 49(1)(f)',
  derogation_public_register: 'Art. 49(1)(g)',
  compelling_legitimate_interests: 'Art. 49(1) subpara. 2',
};

export const LAWFUL_BASIS_ARTICLE: Record<LawfulBasis, string> = {
  consent: 'Art. 6(1)(a)',
  contract: 'Art. 6(1)(b)',
  legal_obligation: 'Art. 6(1)(c)',
  vital_interests: 'Art. 6(1)(d)',
  public_task: 'Art. 6(1)(e)',
  legitimate_interests: 'Art. 6(1)(f)',
};

export const CONDITION_ARTICLE: Record<SpecialCategoryCondition, string> = {
  explicit_consent: 'Art. 9(2)(a)',
  employment_social_security: 'Art. 9(2)(b)',
  vital_interests: 'Art. 9(2)(c)',
  not_for_profit_body: 'Art. 9(2)(d)',
  made_public_by_subject: 'Art. 9(2)(e)',
  legal_claims: 'Art. 9(2)(f)',
  substantial_public_interest: 'Art. 9(2)(g)',
  health_or_social_care: 'Art. 9(2)(h)',
  public_health: 'Art. 9(2)(i)',
  archiving_research_statistics: 'Art. 9(2)(j)',
};

export function bandOf(score: number): CompletenessBand {
  if (score >= 90) return 'complete';
  if (score >= 60) return 'partial';
  return 'poor';
}

/** Activity::new in Rust: an empty draft. */
export function emptyActivity(id = '', name = ''): Activity {
  return {
    id,
    name,
    description: '',
    role: 'controller',
    parties: [],
    purposes: [],
    lawful_bases: [],
    lia_reference: '',
    special_category_condition: null,
    criminal_data: false,
    data_subjects: [],
    data_categories: [],
    recipients: [],
    transfers: [],
    measures: [],
    systems: [],
    data_source: '',
    automated_decision: false,
    automated_decision_logic: '',
    dpia_required: false,
    dpia_reference: '',
    department: '',
    owner: '',
    status: 'draft',
    next_review: null,
  };
}

export function emptyOrganisation(): Organisation {
  return {
    name: '',
    legal_form: '',
    registration_number: '',
    address: '',
    email: '',
    phone: '',
    representative: '',
    dpo_name: '',
    dpo_email: '',
    dpo_phone: '',
    employees: null,
    art30_threshold: 250,
    establishments: [],
  };
}

export function emptyActivityQuery(): ActivityQuery {
  return {
    search: null,
    department: null,
    lawful_basis: null,
    status: null,
    band: null,
    sort: 'id',
    descending: false,
    offset: null,
    limit: null,
  };
}

// ------------------------------------------------------------------------------------------------
// Data-subject requests (crates/cockpit-domain/src/request.rs)

/** Every regime that times a request (all but the breach clock), in the core's order. */
export const REQUEST_REGIMES: readonly Regime[] = REGIMES.filter((r) => r !== BREACH_REGIME);
/** The US state laws, which name their own rights. */
export const US_REGIMES: readonly Regime[] = ['ccpa', 'vcdpa', 'cpa', 'ucpa'];
export const REQUEST_TYPES: readonly RequestType[] = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'automated-decision',
  'know',
  'delete',
  'correct',
  'opt-out',
  'limit',
];
const US_TYPES: readonly RequestType[] = ['know', 'delete', 'correct', 'opt-out', 'limit', 'portability'];

/** `RequestType::valid_for`: the US laws take know/delete/correct/opt-out/limit/portability, the others
 *  the GDPR catalogue (portability is in both). */
export function requestTypeValidFor(t: RequestType, regime: Regime): boolean {
  if (regime === BREACH_REGIME) return false;
  const us = US_REGIMES.includes(regime);
  return us === US_TYPES.includes(t) || t === 'portability';
}

export function requestTypesFor(regime: Regime): RequestType[] {
  return REQUEST_TYPES.filter((t) => requestTypeValidFor(t, regime));
}

/** The provision each right rests on (`RequestType::provision`). */
export const REQUEST_TYPE_PROVISION: Record<RequestType, string> = {
  access: 'GDPR Art. 15',
  rectification: 'GDPR Art. 16',
  erasure: 'GDPR Art. 17',
  restriction: 'GDPR Art. 18',
  portability: 'GDPR Art. 20',
  objection: 'GDPR Art. 21',
  'automated-decision': 'GDPR Art. 22',
  know: 'Cal. Civ. Code §1798.110',
  delete: 'Cal. Civ. Code §1798.105',
  correct: 'Cal. Civ. Code §1798.106',
  'opt-out': 'Cal. Civ. Code §1798.120',
  limit: 'Cal. Civ. Code §1798.121',
};

export const REQUEST_CHANNELS: readonly RequestChannel[] = ['email', 'web-form', 'post', 'phone', 'in-person', 'other'];

/** Letters to the requester, in the order the editor and the request detail offer them. */
export const LETTER_KINDS: readonly LetterKind[] = [
  'acknowledgement',
  'identity-request',
  'clarification-request',
  'extension-notice',
  'completion',
  'refusal',
  'access-answer',
];
export const LETTER_LANGUAGES: readonly LetterLanguage[] = ['en', 'es', 'de', 'fr'];
export const REQUEST_STATUSES: readonly RequestStatus[] = [
  'received',
  'identity-check',
  'in-progress',
  'waiting-for-requester',
  'extended',
  'completed',
  'refused',
  'withdrawn',
];
export const CLOSED_STATUSES: readonly RequestStatus[] = ['completed', 'refused', 'withdrawn'];
export const EVENT_KINDS: readonly EventKind[] = [
  'identity-requested',
  'identity-received',
  'started',
  'clarification-requested',
  'clarification-received',
  'extended',
  'completed',
  'refused',
  'withdrawn',
  'note',
];
/** Events whose note the core requires: the reasons told to the requester. */
export const EVENTS_NEEDING_NOTE: readonly EventKind[] = ['extended', 'refused'];

export function isRequestStatus(v: string): v is RequestStatus {
  return (REQUEST_STATUSES as readonly string[]).includes(v);
}

export function isRequestType(v: string): v is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(v);
}

export function isClosedStatus(s: string): boolean {
  return (CLOSED_STATUSES as readonly string[]).includes(s);
}

/** RequestListQuery::default() in Rust: every request, by due date, the first 100. */
export function emptyRequestListQuery(): RequestListQuery {
  return {
    open: null,
    statuses: [],
    regime: null,
    request_type: null,
    overdue: false,
    due_within_days: null,
    text: null,
    sort: null,
    desc: false,
    offset: 0,
    limit: null,
  };
}
