// TEST DOUBLE data: a small, realistic register for the MockBackend (browser tests and UI development).
// Not the demo data of the product (that lives in the Rust crate cockpit-demo).
import type { Activity, Organisation, Vocabularies } from '../types';
import { emptyActivity } from '../enums';

export const SEED_ORGANISATION: Organisation = {
  name: 'Clínica Lumen S.L.',
  legal_form: 'Sociedad Limitada',
  registration_number: 'B-86123456',
  address: 'Calle de Alcalá 120, 28009 Madrid, Spain',
  email: 'info@clinicalumen.example',
  phone: '+34 910 000 000',
  representative: '',
  dpo_name: 'Marta Ruiz',
  dpo_email: 'dpo@clinicalumen.example',
  dpo_phone: '+34 910 000 099',
  employees: 180,
  art30_threshold: 250,
  establishments: [
    {
      name: 'Madrid headquarters',
      country: 'ES',
      region: 'ES-MD',
      timezone: 'Europe/Madrid',
      address: 'Calle de Alcalá 120, 28009 Madrid',
      main: true,
    },
    {
      name: 'Munich office',
      country: 'DE',
      region: 'DE-BY',
      timezone: 'Europe/Berlin',
      address: 'Leopoldstraße 50, 80802 München',
      main: false,
    },
  ],
};

export const SEED_VOCABULARIES: Omit<Vocabularies, 'departments'> = {
  data_subject_categories: [
    { name: 'Employees', description: 'Current and former staff' },
    { name: 'Job applicants', description: '' },
    { name: 'Patients', description: 'Persons receiving care' },
    { name: 'Customers', description: 'Private-pay clients and their contacts' },
    { name: 'Website visitors', description: '' },
    { name: 'Whistleblowers', description: 'Persons reporting breaches (Directive (EU) 2019/1937)' },
  ],
  data_categories: [
    { name: 'Contact details', kind: 'ordinary', description: 'Name, address, e-mail, phone' },
    { name: 'Identification data', kind: 'ordinary', description: 'ID card or passport number' },
    { name: 'Bank details', kind: 'ordinary', description: 'IBAN' },
    { name: 'Employment records', kind: 'ordinary', description: 'Contract, salary, absences' },
    { name: 'CVs and qualifications', kind: 'ordinary', description: '' },
    { name: 'Online identifiers', kind: 'ordinary', description: 'Cookies, IP addresses, device IDs' },
    { name: 'Health data', kind: 'special', description: 'Art. 9(1)' },
    { name: 'Images (CCTV)', kind: 'ordinary', description: '' },
    { name: 'Criminal records', kind: 'criminal', description: 'Art. 10' },
  ],
  recipients: [
    { name: 'HR team', kind: 'internal', processor: false, country: '', description: '' },
    { name: 'Payroll provider', kind: 'external', processor: true, country: 'ES', description: 'Nóminas Express S.A.' },
    { name: 'Tax authority', kind: 'external', processor: false, country: 'ES', description: 'Agencia Tributaria' },
    { name: 'Social security', kind: 'external', processor: false, country: 'ES', description: 'TGSS' },
    { name: 'CRM vendor', kind: 'external', processor: true, country: 'US', description: 'Cloud CRM (SaaS)' },
    { name: 'Analytics vendor', kind: 'external', processor: true, country: 'US', description: '' },
    { name: 'Recruitment agency', kind: 'external', processor: true, country: 'GB', description: '' },
    { name: 'Occupational health service', kind: 'external', processor: false, country: 'ES', description: '' },
  ],
  systems: [
    { name: 'HRIS', description: 'Human-resources information system', hosting_country: 'DE', owner: 'HR' },
    { name: 'Payroll system', description: '', hosting_country: 'ES', owner: 'Finance' },
    { name: 'CRM', description: '', hosting_country: 'US', owner: 'Sales' },
    { name: 'Website', description: 'Public website and CMS', hosting_country: 'IE', owner: 'Marketing' },
    { name: 'Patient records system', description: 'Electronic health records', hosting_country: 'ES', owner: 'Medical' },
    { name: 'CCTV recorder', description: 'On-premises NVR', hosting_country: 'ES', owner: 'Facilities' },
    { name: 'Reporting channel', description: 'Whistleblowing platform', hosting_country: 'DE', owner: 'Compliance' },
  ],
  measures: [
    { name: 'Encryption at rest', kind: 'technical', description: 'AES-256' },
    { name: 'Encryption in transit', kind: 'technical', description: 'TLS 1.2+' },
    { name: 'Role-based access control', kind: 'technical', description: '' },
    { name: 'Multi-factor authentication', kind: 'technical', description: '' },
    { name: 'Daily backups', kind: 'technical', description: '' },
    { name: 'Staff training', kind: 'organisational', description: 'Annual data-protection training' },
    { name: 'Confidentiality agreements', kind: 'organisational', description: '' },
    { name: 'Data processing agreements', kind: 'organisational', description: 'Art. 28(3) contracts' },
  ],
  parties: [
    {
      name: 'Hospital Clínico Norte',
      contact: 'Avenida del Norte 1, Madrid; privacidad@hcnorte.example',
      country: 'ES',
      representative: '',
      dpo: 'dpd@hcnorte.example',
    },
    { name: 'Mutua Salud', contact: 'contacto@mutuasalud.example', country: 'ES', representative: '', dpo: '' },
  ],
};

function activity(id: string, name: string, fields: Partial<Activity>): Activity {
  return { ...emptyActivity(id, name), ...fields };
}

/** [created at, activity, later edits as [at, change]]. */
export type SeedActivity = [string, Activity, Array<[string, Partial<Activity>]>];

export const SEED_ACTIVITIES: SeedActivity[] = [
  [
    '2025-01-15T09:12:00.000000Z',
    activity('PA-0001', 'Payroll', {
      description: 'Monthly payment of salaries, tax withholding and social-security contributions.',
      purposes: ['Pay salaries', 'Meet tax and social-security obligations'],
      lawful_bases: ['contract', 'legal_obligation'],
      data_subjects: ['Employees'],
      data_categories: [
        { category: 'Contact details', retention: { period: { amount: 6, unit: 'years', trigger: 'end of employment' }, criteria: '' } },
        { category: 'Bank details', retention: { period: { amount: 6, unit: 'years', trigger: 'end of employment' }, criteria: '' } },
        { category: 'Employment records', retention: { period: { amount: 4, unit: 'years', trigger: 'end of the tax year' }, criteria: '' } },
      ],
      recipients: ['HR team', 'Payroll provider', 'Tax authority', 'Social security'],
      measures: ['Encryption at rest', 'Role-based access control', 'Data processing agreements'],
      systems: ['HRIS', 'Payroll system'],
      data_source: 'The employee',
      department: 'Human Resources',
      owner: 'Head of HR',
      status: 'active',
      next_review: '2027-03-01',
    }),
    [['2025-06-02T14:30:00.000000Z', { measures: ['Encryption at rest', 'Role-based access control', 'Multi-factor authentication', 'Data processing agreements'] }]],
  ],
  [
    '2025-01-20T10:00:00.000000Z',
    activity('PA-0002', 'Recruitment', {
      description: 'Selection of candidates for open positions.',
      purposes: ['Select candidates'],
      lawful_bases: ['contract'],
      data_subjects: ['Job applicants'],
      data_categories: [
        { category: 'Contact details', retention: { period: { amount: 6, unit: 'months', trigger: 'end of the selection process' }, criteria: '' } },
        { category: 'CVs and qualifications', retention: { period: null, criteria: '' } },
      ],
      recipients: ['HR team', 'Recruitment agency'],
      transfers: [{ country: 'GB', recipient: 'Recruitment agency', mechanism: 'adequacy_decision', safeguards: '' }],
      measures: ['Role-based access control', 'Staff training'],
      systems: ['HRIS'],
      data_source: 'The applicant; recruitment agency',
      department: 'Human Resources',
      owner: 'Talent lead',
      status: 'active',
      next_review: '2027-01-31',
    }),
    [],
  ],
  [
    '2025-02-03T08:45:00.000000Z',
    activity('PA-0003', 'Customer relationship management', {
      description: 'Managing private-pay customers, invoices and service newsletters.',
      purposes: ['Manage customer relationships', 'Send service newsletters'],
      lawful_bases: ['contract', 'legitimate_interests'],
      data_subjects: ['Customers'],
      data_categories: [
        { category: 'Contact details', retention: { period: { amount: 5, unit: 'years', trigger: 'end of the relationship' }, criteria: '' } },
      ],
      recipients: ['CRM vendor'],
      transfers: [{ country: 'US', recipient: 'CRM vendor', mechanism: 'standard_contractual_clauses', safeguards: '' }],
      measures: ['Encryption in transit', 'Data processing agreements'],
      systems: ['CRM'],
      data_source: 'The customer',
      department: 'Sales',
      owner: 'Sales director',
      status: 'active',
      next_review: '2026-12-15',
    }),
    [['2025-09-10T11:00:00.000000Z', { purposes: ['Manage customer relationships', 'Send service newsletters'], owner: 'Head of Sales' }]],
  ],
  [
    '2025-02-18T16:20:00.000000Z',
    activity('PA-0004', 'Occupational health', {
      description: 'Medical examinations of staff and fitness-for-work certificates.',
      purposes: ['Assess fitness for work'],
      lawful_bases: ['legal_obligation'],
      data_subjects: ['Employees'],
      data_categories: [
        { category: 'Health data', retention: { period: null, criteria: 'As long as the employment lasts and limitation periods run' } },
      ],
      recipients: ['Occupational health service'],
      measures: ['Confidentiality agreements'],
      data_source: 'Medical examinations',
      department: 'Human Resources',
      owner: '',
      status: 'active',
      next_review: '2025-10-01',
    }),
    [],
  ],
  [
    '2025-03-05T12:00:00.000000Z',
    activity('PA-0005', 'Website analytics', {
      description: 'Measuring visits to the public website.',
      purposes: ['Measure website audience'],
      lawful_bases: ['consent'],
      data_subjects: ['Website visitors'],
      data_categories: [{ category: 'Online identifiers', retention: { period: null, criteria: '' } }],
      recipients: ['Analytics vendor'],
      transfers: [{ country: 'US', recipient: 'Analytics vendor', mechanism: null, safeguards: '' }],
      systems: ['Website'],
      department: 'Marketing',
      owner: 'Web team',
      status: 'draft',
      next_review: '2026-01-31',
    }),
    [],
  ],
  [
    '2025-04-11T09:30:00.000000Z',
    activity('PA-0006', 'Video surveillance', {
      description: 'CCTV at entrances and the pharmacy store room.',
      purposes: ['Protect people and property'],
      lawful_bases: ['legitimate_interests'],
      lia_reference: 'LIA-2025-03',
      data_subjects: ['Employees', 'Patients', 'Customers'],
      data_categories: [{ category: 'Images (CCTV)', retention: { period: { amount: 30, unit: 'days', trigger: '' }, criteria: '' } }],
      recipients: ['HR team'],
      measures: ['Role-based access control', 'Encryption at rest', 'Staff training'],
      systems: ['CCTV recorder'],
      data_source: 'Cameras',
      department: 'Facilities',
      owner: 'Facilities manager',
      status: 'active',
      next_review: '2027-04-30',
    }),
    [],
  ],
  [
    '2025-05-07T15:10:00.000000Z',
    activity('PA-0007', 'Appointment management for Hospital Clínico Norte', {
      description: 'Booking and reminding patients of appointments on behalf of the hospital.',
      role: 'processor',
      parties: ['Hospital Clínico Norte'],
      purposes: ['Appointment booking and reminders'],
      data_subjects: ['Patients'],
      data_categories: [
        { category: 'Contact details', retention: { period: null, criteria: 'Returned to the controller at the end of the contract' } },
        { category: 'Health data', retention: { period: null, criteria: 'Returned to the controller at the end of the contract' } },
      ],
      special_category_condition: 'health_or_social_care',
      measures: ['Encryption at rest', 'Encryption in transit', 'Multi-factor authentication', 'Daily backups'],
      systems: ['Patient records system'],
      data_source: 'The controller',
      department: 'Patient services',
      owner: 'Operations manager',
      status: 'active',
      next_review: '2027-05-01',
    }),
    [],
  ],
  [
    '2025-06-20T10:05:00.000000Z',
    activity('PA-0008', 'Whistleblowing channel', {
      description: 'Internal reporting channel under Ley 2/2023.',
      purposes: ['Receive and investigate reports of breaches'],
      lawful_bases: ['legal_obligation'],
      criminal_data: true,
      data_subjects: ['Whistleblowers', 'Employees'],
      data_categories: [
        { category: 'Contact details', retention: { period: { amount: 3, unit: 'months', trigger: 'receipt of the report' }, criteria: '' } },
        { category: 'Criminal records', retention: { period: { amount: 3, unit: 'months', trigger: 'receipt of the report' }, criteria: '' } },
      ],
      recipients: ['HR team'],
      measures: ['Encryption at rest', 'Role-based access control', 'Confidentiality agreements'],
      systems: ['Reporting channel'],
      data_source: 'The reporting person',
      dpia_required: true,
      dpia_reference: 'DPIA-2025-02',
      department: 'Compliance',
      owner: 'Compliance officer',
      status: 'active',
      next_review: '2027-06-30',
    }),
    [],
  ],
  [
    '2024-11-02T09:00:00.000000Z',
    activity('PA-0009', 'Spring 2025 marketing campaign', {
      description: 'One-off postal campaign; ended.',
      purposes: ['Promote new services'],
      lawful_bases: ['consent'],
      data_subjects: ['Customers'],
      data_categories: [{ category: 'Contact details', retention: { period: { amount: 1, unit: 'years', trigger: 'end of the campaign' }, criteria: '' } }],
      measures: ['Staff training'],
      department: 'Marketing',
      owner: 'Marketing lead',
      status: 'active',
      next_review: '2025-06-30',
    }),
    [['2025-07-01T08:00:00.000000Z', { status: 'retired' }]],
  ],
];

/** Deterministic extra activities for load tests of the register table (?rows=10000). */
export function generatedActivities(count: number, startNumber: number): Activity[] {
  const departments = ['Finance', 'Human Resources', 'Sales', 'Marketing', 'IT', 'Facilities', 'Patient services', 'Compliance'];
  const verbs = ['Processing of', 'Management of', 'Archiving of', 'Review of', 'Reporting on'];
  const things = ['supplier invoices', 'visitor logs', 'training records', 'IT tickets', 'expense claims', 'survey answers', 'badge access', 'contracts', 'call recordings', 'complaints'];
  const bases = ['contract', 'legal_obligation', 'legitimate_interests', 'consent', 'public_task'] as const;
  const out: Activity[] = [];
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T,>(l: readonly T[]): T => l[Math.floor(rnd() * l.length)]!;
  for (let i = 0; i < count; i++) {
    const n = startNumber + i;
    const complete = rnd() > 0.3;
    out.push(
      activity(`PA-${String(n).padStart(4, '0')}`, `${pick(verbs)} ${pick(things)} #${n}`, {
        purposes: complete || rnd() > 0.5 ? ['Business administration'] : [],
        lawful_bases: rnd() > 0.1 ? [pick(bases)] : [],
        lia_reference: 'LIA-GEN',
        data_subjects: ['Employees'],
        data_categories: [{ category: 'Contact details', retention: complete ? { period: { amount: 2, unit: 'years', trigger: '' }, criteria: '' } : { period: null, criteria: '' } }],
        recipients: rnd() > 0.2 ? ['HR team'] : [],
        measures: rnd() > 0.15 ? ['Encryption at rest'] : [],
        systems: ['HRIS'],
        data_source: 'The data subject',
        department: pick(departments),
        owner: 'Process owner',
        status: rnd() > 0.1 ? 'active' : rnd() > 0.5 ? 'draft' : 'retired',
        next_review: `${2025 + Math.floor(rnd() * 3)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-15`,
      }),
    );
  }
  return out;
}
