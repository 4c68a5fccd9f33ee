//! The processing activities of the demonstration register, in the order of their ids (PA-0001 first).
//!
//! Five of them are deliberately incomplete (see [`crate::INCOMPLETE`]); every other one is complete.

use cockpit_domain::{
    ActivityStatus::{Active, Draft, Retired},
    LawfulBasis::{Consent, Contract, LegalObligation, LegitimateInterests},
    RetentionUnit::{Days, Months, Years},
    Role::{Controller, JointController, Processor},
    SpecialCategoryCondition as Art9, TransferMechanism as Tm,
};

use crate::vocabulary::*;
use crate::{Dept, Ret, Spec, Xfer, T};

const BASE: Spec = Spec {
    name: T("", ""),
    description: T("", ""),
    dept: Dept::Hr,
    owner: T("", ""),
    role: Controller,
    parties: &[],
    purposes: &[],
    bases: &[],
    lia: "",
    art9: None,
    criminal: false,
    subjects: &[],
    data: &[],
    recipients: &[],
    transfers: &[],
    measures: &[],
    systems: &[],
    source: T("", ""),
    automated: None,
    dpia_required: false,
    dpia: "",
    status: Active,
    review_in_days: 180,
};

// Retention triggers.
const COLLECTION: T = T("", "");
const END_EMPLOYMENT: T = T("end of employment", "fin de la relación laboral");
const END_FY: T = T("end of the financial year", "cierre del ejercicio");
const END_SELECTION: T = T("end of the selection process", "fin del proceso de selección");
const CONSENT_GIVEN: T = T("consent was given", "otorgamiento del consentimiento");
const END_CONTRACT: T = T("end of the customer relationship", "fin de la relación con el cliente");
const PURCHASE: T = T("date of purchase", "fecha de compra");
const CLOSURE: T = T("closure of the case", "cierre del expediente");
const LAST_EXAM: T = T("last medical examination", "último reconocimiento médico");
const RECORDING: T = T("recording", "grabación");

// Criteria shared by several activities.
const UNTIL_WITHDRAWN: T = T(
    "Until consent is withdrawn or the person unsubscribes; proof of consent is kept for 3 years afterwards to answer complaints.",
    "Hasta la retirada del consentimiento o la baja; la prueba del consentimiento se conserva 3 años más para atender reclamaciones.",
);
const LEGAL_HOLD: T = T(
    "Longer only while a claim, inspection or court case concerning the record is pending (legal hold).",
    "Más tiempo solo mientras esté pendiente una reclamación, inspección o procedimiento judicial sobre el registro (bloqueo).",
);
const AS_INSTRUCTED: T = T(
    "As instructed by the controller in the service agreement; returned or deleted within 30 days of the end of the contract.",
    "Según las instrucciones del responsable en el contrato de servicio; se devuelven o suprimen en los 30 días siguientes al fin del contrato.",
);

// Owners (job titles).
const HR_DIRECTOR: T = T("HR Director", "Director de RR. HH.");
const PAYROLL_MANAGER: T = T("Payroll Manager", "Responsable de Nóminas");
const HR_BP: T = T("Head of HR Business Partners", "Responsable de HR Business Partners");
const LD_MANAGER: T = T("Learning and Development Manager", "Responsable de Formación y Desarrollo");
const FLEET_MANAGER: T = T("Fleet Manager", "Responsable de Flota");
const COMPLIANCE_OFFICER: T = T("Compliance Officer", "Responsable de Cumplimiento");
const TALENT_HEAD: T = T("Head of Talent Acquisition", "Responsable de Selección");
const MARKETING_HEAD: T = T("Head of Marketing", "Director de Marketing");
const CRM_MANAGER: T = T("CRM and Loyalty Manager", "Responsable de CRM y Fidelización");
const DIGITAL_MANAGER: T = T("Digital Marketing Manager", "Responsable de Marketing Digital");
const ECOMMERCE_HEAD: T = T("Head of E-commerce", "Responsable de Comercio Electrónico");
const RETAIL_HEAD: T = T("Head of Retail Operations", "Director de Operaciones de Tienda");
const B2B_HEAD: T = T("Head of B2B Sales", "Director de Ventas B2B");
const PAYMENTS_MANAGER: T = T("Payments and Fraud Manager", "Responsable de Pagos y Fraude");
const SERVICE_HEAD: T = T("Head of Customer Service", "Responsable de Atención al Cliente");
const PRIVACY_MANAGER: T = T("Privacy Operations Manager", "Responsable de Operaciones de Privacidad");
const CIO: T = T("Chief Information Officer", "Director de Sistemas");
const CISO: T = T("Chief Information Security Officer", "Responsable de Seguridad de la Información");
const FACILITIES: T = T("Facilities Manager", "Responsable de Servicios Generales");
const MEDICAL_DIRECTOR: T = T("Medical Director", "Director Médico");
const PREVENTION_HEAD: T = T("Head of Health and Safety", "Responsable de Prevención de Riesgos Laborales");
const CFO: T = T("Chief Financial Officer", "Director Financiero");
const AP_MANAGER: T = T("Accounts Payable Manager", "Responsable de Cuentas a Pagar");
const CREDIT_MANAGER: T = T("Credit Control Manager", "Responsable de Gestión de Cobros");

// Measure sets.
const M_STANDARD: &[T] =
    &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, BACKUPS, CONFIDENTIALITY, TRAINING_DP];
const M_HR: &[T] = &[
    ENCRYPTION_REST,
    ENCRYPTION_TRANSIT,
    MFA,
    RBAC,
    ACCESS_LOGGING,
    BACKUPS,
    AUTO_DELETION,
    CONFIDENTIALITY,
    CLEAN_DESK,
];
const M_SENSITIVE: &[T] = &[
    ENCRYPTION_REST,
    ENCRYPTION_TRANSIT,
    MFA,
    RBAC,
    ACCESS_LOGGING,
    SEGMENTATION,
    BACKUPS,
    AUTO_DELETION,
    CONFIDENTIALITY,
    CLEAN_DESK,
];
const M_PAYMENTS: &[T] =
    &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, ACCESS_LOGGING, PATCHING, FOUR_EYES, DPAS];

// Transfers.
const X_CRM: Xfer = Xfer {
    country: "US",
    recipient: CRM_PROVIDER,
    mechanism: Some(Tm::AdequacyDecision),
    safeguards: T(
        "EU-U.S. Data Privacy Framework: the provider's active self-certification (covering HR and non-HR data) is checked every quarter on the DPF list, last check filed under TIA-2024-01. SCC module 2 are incorporated in DPA-004 as a fallback should the certification lapse.",
        "Marco de Privacidad de Datos UE-EE. UU.: la autocertificación vigente del proveedor (datos de RR. HH. y otros) se comprueba cada trimestre en la lista del DPF; última comprobación archivada en TIA-2024-01. El contrato DPA-004 incorpora las CCT módulo 2 como alternativa si la certificación decae.",
    ),
};
const X_HELPDESK: Xfer = Xfer {
    country: "US",
    recipient: HELPDESK_PROVIDER,
    mechanism: Some(Tm::StandardContractualClauses),
    safeguards: T(
        "SCC (Commission Implementing Decision 2021/914) module 2 annexed to DPA-013; transfer impact assessment TIA-2024-03; encryption of attachments and EU-region primary storage.",
        "CCT (Decisión de Ejecución 2021/914 de la Comisión) módulo 2 anexas al contrato DPA-013; evaluación de impacto de la transferencia TIA-2024-03; cifrado de adjuntos y almacenamiento principal en la región UE.",
    ),
};
const X_INDIA: Xfer = Xfer {
    country: "IN",
    recipient: SUPPORT_OUTSOURCER,
    mechanism: Some(Tm::StandardContractualClauses),
    safeguards: T(
        "SCC module 2 annexed to DPA-014; transfer impact assessment TIA-2024-04; agents work in our helpdesk through virtual desktops, no local copies, quarterly audit reports.",
        "CCT módulo 2 anexas al contrato DPA-014; evaluación de impacto de la transferencia TIA-2024-04; los agentes trabajan en nuestro helpdesk mediante escritorios virtuales, sin copias locales, con informes de auditoría trimestrales.",
    ),
};

pub(crate) const ACTIVITIES: &[Spec] = &[
    // ------------------------------------------------------------------------------------------------
    // HR
    // ------------------------------------------------------------------------------------------------
    Spec {
        name: T("Payroll administration", "Gestión de nóminas"),
        description: T(
            "Monthly calculation and payment of salaries for staff in Spain and Germany, withholding of income tax and social security contributions, and the related filings.",
            "Cálculo y pago mensual de los salarios del personal en España y Alemania, retención del IRPF y de las cotizaciones sociales, y las declaraciones correspondientes.",
        ),
        dept: Dept::Hr,
        owner: PAYROLL_MANAGER,
        purposes: &[
            T("Pay salaries, bonuses and expenses under the employment contract", "Abonar salarios, variables y gastos conforme al contrato de trabajo"),
            T("Withhold and pay income tax and social security contributions", "Retener e ingresar el IRPF y las cotizaciones a la Seguridad Social"),
            T("Issue payslips and annual withholding certificates", "Emitir recibos de salarios y certificados anuales de retenciones"),
        ],
        bases: &[Contract, LegalObligation],
        subjects: &[EMPLOYEES, FORMER_EMPLOYEES],
        data: &[
            (IDENTIFICATION, Ret::Period(6, Years, END_EMPLOYMENT)),
            (EMPLOYMENT, Ret::Period(6, Years, END_EMPLOYMENT)),
            (PAYROLL, Ret::Both(6, Years, END_FY, LEGAL_HOLD)),
            (BANK, Ret::Period(4, Years, END_FY)),
            (TAX, Ret::Period(4, Years, END_FY)),
            (SOCIAL_SECURITY, Ret::Period(4, Years, END_FY)),
        ],
        recipients: &[HR_TEAM, FINANCE_TEAM, PAYROLL_PROVIDER, BANKS, TAX_ES, TAX_DE, SOCIAL_SECURITY_BODIES],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, ACCESS_LOGGING, FOUR_EYES, DPAS, CONFIDENTIALITY],
        systems: &[HRIS, PAYROLL_APP, ERP],
        source: T(
            "The employee at hiring and through HR self-service; tax and social security authorities (withholding rates, garnishment orders).",
            "El empleado en su incorporación y a través del portal del empleado; la Administración tributaria y la Seguridad Social (tipos de retención, órdenes de embargo).",
        ),
        review_in_days: 142,
        ..BASE
    },
    Spec {
        name: T("Personnel file management", "Gestión del expediente de personal"),
        description: T(
            "Keeping each employee's contract, amendments, job changes, leave and disciplinary records in the HRIS.",
            "Mantenimiento en el HRIS del contrato, sus modificaciones, cambios de puesto, permisos y expedientes disciplinarios de cada empleado.",
        ),
        dept: Dept::Hr,
        owner: HR_DIRECTOR,
        purposes: &[
            T("Administer the employment relationship", "Gestionar la relación laboral"),
            T("Plan the workforce and the organisation chart", "Planificar la plantilla y el organigrama"),
            T("Contact the employee's emergency contact if needed", "Avisar al contacto de emergencia del empleado cuando sea necesario"),
        ],
        bases: &[Contract, LegalObligation, LegitimateInterests],
        lia: "LIA-2024-02",
        subjects: &[EMPLOYEES, FORMER_EMPLOYEES, FAMILY],
        data: &[
            (IDENTIFICATION, Ret::Period(4, Years, END_EMPLOYMENT)),
            (CONTACT, Ret::Period(4, Years, END_EMPLOYMENT)),
            (EMPLOYMENT, Ret::Both(4, Years, END_EMPLOYMENT, LEGAL_HOLD)),
            (EMERGENCY_CONTACT, Ret::Criteria(T(
                "Deleted when the employee replaces it or on the last day of employment.",
                "Se suprime cuando el empleado lo sustituye o el último día de la relación laboral.",
            ))),
        ],
        recipients: &[HR_TEAM, WORKS_COUNCIL, LABOUR_AUTHORITY],
        measures: M_HR,
        systems: &[HRIS, M365],
        source: T("The employee, and line managers for job changes.", "El propio empleado, y sus responsables para los cambios de puesto."),
        review_in_days: 201,
        ..BASE
    },
    Spec {
        name: T("Working-time recording", "Registro de jornada"),
        description: T(
            "Daily recording of start and end times at badge terminals and in the HR app, as required by Art. 34(9) of the Spanish Workers' Statute and the German Working Hours Act.",
            "Registro diario de la hora de inicio y fin de la jornada en los terminales de fichaje y en la app de RR. HH., como exige el art. 34.9 del Estatuto de los Trabajadores y la ley alemana de jornada laboral.",
        ),
        dept: Dept::Hr,
        owner: HR_BP,
        purposes: &[
            T("Comply with the statutory duty to record working time", "Cumplir la obligación legal de registrar la jornada"),
            T("Calculate overtime and time-off balances", "Calcular horas extraordinarias y saldos de permisos"),
        ],
        bases: &[LegalObligation],
        subjects: &[EMPLOYEES],
        data: &[
            (IDENTIFICATION, Ret::Period(4, Years, COLLECTION)),
            (WORKING_TIME, Ret::Period(4, Years, COLLECTION)),
        ],
        recipients: &[HR_TEAM, WORKS_COUNCIL, LABOUR_AUTHORITY],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, RBAC, ACCESS_LOGGING, AUTO_DELETION, CONFIDENTIALITY],
        systems: &[BADGE, HRIS],
        source: T("Badge terminals and the employee's own entries in the HR app.", "Terminales de fichaje y las anotaciones del propio empleado en la app de RR. HH."),
        review_in_days: 96,
        ..BASE
    },
    Spec {
        name: T("Sick leave and absence management", "Gestión de bajas por incapacidad temporal y ausencias"),
        description: T(
            "Recording sick-leave certificates, paying sick pay, and forwarding the required data to social security and the mutual insurer. Diagnoses are not recorded.",
            "Registro de los partes de baja y alta, abono de la prestación y envío de los datos exigidos a la Seguridad Social y a la mutua. No se registran diagnósticos.",
        ),
        dept: Dept::Hr,
        owner: HR_BP,
        purposes: &[
            T("Manage absences and sick pay", "Gestionar las ausencias y la prestación por incapacidad temporal"),
            T("Report sick leave to social security as required by law", "Comunicar las bajas a la Seguridad Social según exige la ley"),
        ],
        bases: &[LegalObligation, Contract],
        art9: Some(Art9::EmploymentSocialSecurity),
        subjects: &[EMPLOYEES],
        data: &[
            (IDENTIFICATION, Ret::Period(4, Years, END_FY)),
            (HEALTH, Ret::Both(4, Years, END_FY, T(
                "Only sick-leave periods and certificates, never diagnoses; deleted earlier if a court orders it.",
                "Solo periodos y partes de baja, nunca diagnósticos; se suprimen antes si así lo ordena un tribunal.",
            ))),
            (SOCIAL_SECURITY, Ret::Period(4, Years, END_FY)),
        ],
        recipients: &[HR_TEAM, PAYROLL_PROVIDER, SOCIAL_SECURITY_BODIES, MUTUA],
        measures: M_SENSITIVE,
        systems: &[HRIS, PAYROLL_APP],
        source: T(
            "The employee; the public health service and the mutual insurer (electronic sick-leave notifications).",
            "El empleado; el servicio público de salud y la mutua (comunicaciones electrónicas de bajas).",
        ),
        review_in_days: 123,
        ..BASE
    },
    Spec {
        name: T("Trade-union dues deduction", "Descuento de la cuota sindical"),
        description: T(
            "Deducting union dues from the payslip at the employee's written request and paying them to the union.",
            "Descuento de la cuota sindical en nómina a petición escrita del trabajador y su transferencia al sindicato.",
        ),
        dept: Dept::Hr,
        owner: PAYROLL_MANAGER,
        purposes: &[T(
            "Deduct union dues as requested by the employee (Art. 11(2) Spanish Trade Union Freedom Act)",
            "Descontar la cuota sindical a petición del trabajador (art. 11.2 de la Ley Orgánica de Libertad Sindical)",
        )],
        bases: &[LegalObligation],
        art9: Some(Art9::EmploymentSocialSecurity),
        subjects: &[EMPLOYEES],
        data: &[
            (IDENTIFICATION, Ret::Period(4, Years, END_FY)),
            (UNION, Ret::Both(4, Years, END_FY, T(
                "The membership flag is removed from the HRIS the month the employee revokes the request.",
                "La marca de afiliación se elimina del HRIS el mismo mes en que el trabajador revoca la solicitud.",
            ))),
            (PAYROLL, Ret::Period(6, Years, END_FY)),
        ],
        recipients: &[PAYROLL_PROVIDER, BANKS],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, ACCESS_LOGGING, CONFIDENTIALITY],
        systems: &[PAYROLL_APP],
        source: T("The employee's signed deduction request.", "La solicitud de descuento firmada por el trabajador."),
        review_in_days: 265,
        ..BASE
    },
    Spec {
        name: T("Performance reviews", "Evaluación del desempeño"),
        description: T(
            "Annual objectives and appraisal, with a mid-year check-in, used for development plans and the variable pay of managers.",
            "Fijación anual de objetivos y evaluación, con una revisión semestral, para los planes de desarrollo y la retribución variable de los mandos.",
        ),
        dept: Dept::Hr,
        owner: HR_BP,
        purposes: &[
            T("Set objectives and give structured feedback", "Fijar objetivos y dar una valoración estructurada"),
            T("Calculate objective-based variable pay", "Calcular la retribución variable por objetivos"),
            T("Identify training and career development needs", "Detectar necesidades de formación y desarrollo profesional"),
        ],
        bases: &[Contract, LegitimateInterests],
        lia: "LIA-2024-03",
        subjects: &[EMPLOYEES],
        data: &[
            (EMPLOYMENT, Ret::Period(3, Years, COLLECTION)),
            (PERFORMANCE, Ret::Period(3, Years, COLLECTION)),
        ],
        recipients: &[HR_TEAM],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, AUTO_DELETION, CONFIDENTIALITY],
        systems: &[HRIS],
        source: T("The employee and the line manager.", "El empleado y su responsable directo."),
        review_in_days: 309,
        ..BASE
    },
    Spec {
        name: T("Employee benefits and health insurance", "Retribución flexible y seguro médico"),
        description: T(
            "Flexible benefits (meal vouchers, transport, childcare) and the group health and life insurance, which can be extended to family members.",
            "Retribución flexible (tarjeta restaurante, transporte, guardería) y el seguro colectivo de salud y vida, ampliable a los familiares.",
        ),
        dept: Dept::Hr,
        owner: HR_DIRECTOR,
        purposes: &[
            T("Provide the benefits chosen by the employee", "Prestar los beneficios elegidos por el empleado"),
            T("Enrol employees and their beneficiaries in the group insurance", "Dar de alta a los empleados y sus beneficiarios en el seguro colectivo"),
        ],
        bases: &[Contract],
        subjects: &[EMPLOYEES, FAMILY],
        data: &[
            (IDENTIFICATION, Ret::Period(4, Years, END_EMPLOYMENT)),
            (CONTACT, Ret::Period(4, Years, END_EMPLOYMENT)),
            (PAYROLL, Ret::Period(6, Years, END_FY)),
        ],
        recipients: &[HR_TEAM, PAYROLL_PROVIDER, INSURERS],
        measures: M_STANDARD,
        systems: &[HRIS, PAYROLL_APP],
        source: T("The employee, including the data of the family members they enrol.", "El empleado, incluidos los datos de los familiares que da de alta."),
        review_in_days: 188,
        ..BASE
    },
    Spec {
        name: T("Employee wellbeing survey", "Encuesta de bienestar de la plantilla"),
        description: T(
            "Planned voluntary survey on stress, workload and health, to design the wellbeing programme. Still being set up.",
            "Encuesta voluntaria prevista sobre estrés, carga de trabajo y salud, para diseñar el programa de bienestar. En preparación.",
        ),
        dept: Dept::Hr,
        owner: HR_DIRECTOR,
        purposes: &[T(
            "Measure wellbeing and psychosocial risks to design the wellbeing programme",
            "Medir el bienestar y los riesgos psicosociales para diseñar el programa de bienestar",
        )],
        bases: &[Consent],
        subjects: &[EMPLOYEES],
        data: &[
            (EMPLOYMENT, Ret::Period(12, Months, COLLECTION)),
            (HEALTH, Ret::Period(12, Months, COLLECTION)),
        ],
        recipients: &[HR_TEAM],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, PSEUDONYMISATION, RBAC, CONFIDENTIALITY],
        systems: &[M365],
        source: T("The employee, through an online questionnaire.", "El empleado, mediante un cuestionario en línea."),
        status: Draft,
        review_in_days: 61,
        ..BASE
    },
    Spec {
        name: T("Company car fleet and telematics", "Flota de vehículos de empresa y telemática"),
        description: T(
            "GPS units in the sales and technician fleet for route planning, mileage records and theft recovery. Private trips can be switched to privacy mode.",
            "Localizadores GPS en la flota comercial y técnica para planificar rutas, registrar el kilometraje y recuperar vehículos robados. Los trayectos privados pueden pasar a modo privado.",
        ),
        dept: Dept::Hr,
        owner: FLEET_MANAGER,
        purposes: &[
            T("Plan routes and record business mileage", "Planificar rutas y registrar el kilometraje profesional"),
            T("Locate stolen vehicles", "Localizar vehículos robados"),
        ],
        bases: &[LegitimateInterests, LegalObligation],
        lia: "LIA-2024-07",
        subjects: &[EMPLOYEES],
        data: &[
            (IDENTIFICATION, Ret::Period(1, Years, END_EMPLOYMENT)),
            (LOCATION, Ret::Undocumented),
        ],
        recipients: &[HR_TEAM, INSURERS],
        measures: &[ENCRYPTION_TRANSIT, MFA, RBAC, ACCESS_LOGGING, CONFIDENTIALITY],
        systems: &[FLEET],
        source: T("GPS units installed in the vehicles.", "Localizadores GPS instalados en los vehículos."),
        review_in_days: 77,
        ..BASE
    },
    Spec {
        name: T("Whistleblowing channel", "Canal de denuncias"),
        description: T(
            "Internal reporting channel under Spanish Act 2/2023 and the German Whistleblower Protection Act, open to staff, former staff, applicants and suppliers, allowing anonymous reports.",
            "Sistema interno de información conforme a la Ley 2/2023 y a la ley alemana de protección de informantes, abierto a empleados, antiguos empleados, candidatos y proveedores, que admite comunicaciones anónimas.",
        ),
        dept: Dept::Hr,
        owner: COMPLIANCE_OFFICER,
        purposes: &[
            T("Receive and investigate reports of breaches", "Recibir e investigar comunicaciones sobre infracciones"),
            T("Protect whistleblowers against retaliation", "Proteger a los informantes frente a represalias"),
            T("Keep the register of reports required by law", "Llevar el libro-registro de informaciones exigido por la ley"),
        ],
        bases: &[LegalObligation],
        criminal: true,
        subjects: &[WHISTLEBLOWERS, EMPLOYEES, SUPPLIER_CONTACTS],
        data: &[
            (IDENTIFICATION, Ret::Both(3, Months, COLLECTION, T(
                "Deleted after 3 months unless an investigation is opened; then kept until it ends, and the register entry for at most 10 years.",
                "Se suprimen a los 3 meses salvo que se abra una investigación; en ese caso, hasta su conclusión, y el asiento del libro-registro durante un máximo de 10 años.",
            ))),
            (CONTACT, Ret::Period(3, Months, COLLECTION)),
            (REPORT_CONTENT, Ret::Both(10, Years, CLOSURE, T(
                "Reports that turn out to be unfounded are deleted at once, except an anonymised summary.",
                "Las comunicaciones que resulten infundadas se suprimen de inmediato, salvo un resumen anonimizado.",
            ))),
        ],
        recipients: &[COMPLIANCE_TEAM, AUTHORITIES],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, ACCESS_LOGGING, AUTO_DELETION, CONFIDENTIALITY, TRAINING_DP],
        systems: &[WHISTLE_SYSTEM],
        source: T("The whistleblower; witnesses and documents gathered during the investigation.", "El informante; testigos y documentos recabados durante la investigación."),
        dpia_required: true,
        dpia: "DPIA-2023-02",
        review_in_days: 156,
        ..BASE
    },
    Spec {
        name: T("Training management", "Gestión de la formación"),
        description: T(
            "Planning and recording mandatory training (health and safety, data protection, anti-harassment) and voluntary courses, including state-subsidised training.",
            "Planificación y registro de la formación obligatoria (prevención de riesgos, protección de datos, prevención del acoso) y voluntaria, incluida la formación bonificada.",
        ),
        dept: Dept::Hr,
        owner: LD_MANAGER,
        purposes: &[
            T("Deliver and prove mandatory training", "Impartir y acreditar la formación obligatoria"),
            T("Claim training subsidies from the State Foundation for Employment Training", "Solicitar las bonificaciones de la Fundación Estatal para la Formación en el Empleo"),
        ],
        bases: &[LegalObligation, Contract],
        subjects: &[EMPLOYEES, TRAINEES],
        data: &[
            (IDENTIFICATION, Ret::Period(5, Years, END_EMPLOYMENT)),
            (TRAINING, Ret::Period(5, Years, END_EMPLOYMENT)),
        ],
        recipients: &[HR_TEAM, SOCIAL_SECURITY_BODIES],
        measures: &[ENCRYPTION_TRANSIT, MFA, RBAC, DPAS, TRAINING_DP],
        systems: &[LMS, HRIS],
        source: T("The employee, trainers and the e-learning platform.", "El empleado, los formadores y la plataforma de formación en línea."),
        review_in_days: 244,
        ..BASE
    },
    // ------------------------------------------------------------------------------------------------
    // Recruiting
    // ------------------------------------------------------------------------------------------------
    Spec {
        name: T("Recruitment and selection", "Selección de personal"),
        description: T(
            "Publishing vacancies, receiving applications through the careers site, interviewing and selecting candidates for stores, offices and health centres.",
            "Publicación de vacantes, recepción de candidaturas a través del portal de empleo, entrevistas y selección de candidatos para tiendas, oficinas y centros de salud.",
        ),
        dept: Dept::Recruiting,
        owner: TALENT_HEAD,
        purposes: &[
            T("Assess applicants for a specific vacancy", "Evaluar a los candidatos para una vacante concreta"),
            T("Take steps at the applicant's request before entering into a contract", "Aplicar medidas precontractuales a petición del candidato"),
        ],
        bases: &[Contract],
        subjects: &[APPLICANTS],
        data: &[
            (IDENTIFICATION, Ret::Period(6, Months, END_SELECTION)),
            (CONTACT, Ret::Period(6, Months, END_SELECTION)),
            (CV, Ret::Period(6, Months, END_SELECTION)),
            (ASSESSMENT, Ret::Both(6, Months, END_SELECTION, LEGAL_HOLD)),
        ],
        recipients: &[HR_TEAM, RECRUITING_PLATFORM],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, AUTO_DELETION, DPAS, CONFIDENTIALITY],
        systems: &[ATS, M365],
        source: T("The applicant, job boards and, with the applicant's knowledge, recruitment agencies.", "El candidato, portales de empleo y, con conocimiento del candidato, agencias de selección."),
        review_in_days: 118,
        ..BASE
    },
    Spec {
        name: T("Talent pool", "Bolsa de talento"),
        description: T(
            "Keeping the profiles of applicants who agree to be considered for future vacancies.",
            "Conservación de los perfiles de los candidatos que aceptan ser tenidos en cuenta para futuras vacantes.",
        ),
        dept: Dept::Recruiting,
        owner: TALENT_HEAD,
        purposes: &[T("Contact applicants about future vacancies", "Contactar a los candidatos para futuras vacantes")],
        bases: &[Consent],
        subjects: &[APPLICANTS],
        data: &[
            (CONTACT, Ret::Both(2, Years, CONSENT_GIVEN, UNTIL_WITHDRAWN)),
            (CV, Ret::Both(2, Years, CONSENT_GIVEN, UNTIL_WITHDRAWN)),
            (PREFERENCES, Ret::Criteria(UNTIL_WITHDRAWN)),
        ],
        recipients: &[HR_TEAM, RECRUITING_PLATFORM],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, RBAC, AUTO_DELETION, DPAS],
        systems: &[ATS],
        source: T("The applicant, via the consent box of the careers site.", "El candidato, mediante la casilla de consentimiento del portal de empleo."),
        review_in_days: 231,
        ..BASE
    },
    Spec {
        name: T("Automated CV pre-screening", "Preselección automatizada de currículos"),
        description: T(
            "For high-volume store vacancies, the ATS applies knock-out criteria and ranks the remaining applications before a recruiter looks at them.",
            "En las vacantes de tienda con gran volumen, el ATS aplica criterios excluyentes y ordena las candidaturas restantes antes de que las revise un seleccionador.",
        ),
        dept: Dept::Recruiting,
        owner: TALENT_HEAD,
        purposes: &[
            T("Handle high-volume recruitment campaigns within reasonable time", "Gestionar en un plazo razonable las campañas de selección masiva"),
            T("Apply the same objective criteria to every applicant", "Aplicar los mismos criterios objetivos a todos los candidatos"),
        ],
        bases: &[Contract, LegitimateInterests],
        lia: "LIA-2024-05",
        subjects: &[APPLICANTS],
        data: &[
            (CV, Ret::Period(6, Months, END_SELECTION)),
            (ASSESSMENT, Ret::Period(6, Months, END_SELECTION)),
        ],
        recipients: &[HR_TEAM, RECRUITING_PLATFORM],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, ACCESS_LOGGING, DPAS, FOUR_EYES],
        systems: &[ATS],
        source: T("The applicant's application form and CV.", "El formulario de candidatura y el currículum del candidato."),
        automated: Some(T(
            "Knock-out rules (work permit, availability for the shift pattern, minimum age for the role) reject applications automatically; the rest are ranked on declared skills and experience against the job profile. Rejected applicants are told, can ask for a recruiter to review the decision, and 5% of rejections are re-checked by hand every month for bias.",
            "Reglas excluyentes (permiso de trabajo, disponibilidad para el turno, edad mínima para el puesto) descartan automáticamente candidaturas; el resto se ordena según las competencias y la experiencia declaradas frente al perfil del puesto. Los candidatos descartados son informados y pueden pedir que un seleccionador revise la decisión, y cada mes se revisa a mano un 5 % de los descartes para detectar sesgos.",
        )),
        dpia_required: true,
        dpia: "DPIA-2024-02",
        review_in_days: 84,
        ..BASE
    },
    Spec {
        name: T("Criminal-record checks for regulated roles", "Verificación de antecedentes penales para puestos regulados"),
        description: T(
            "Before hiring staff who will have regular contact with minors (children's health checks, apprentice tutors), we verify the certificate of no sexual offences required by Art. 13(5) of Organic Act 1/1996, and in Munich the extended certificate of good conduct.",
            "Antes de contratar a personal que tendrá contacto habitual con menores (reconocimientos infantiles, tutores de aprendices), verificamos el certificado negativo de delitos de naturaleza sexual exigido por el art. 13.5 de la Ley Orgánica 1/1996 y, en Múnich, el certificado de antecedentes ampliado.",
        ),
        dept: Dept::Recruiting,
        owner: TALENT_HEAD,
        purposes: &[T(
            "Verify the criminal-record certificates that the law requires for roles involving minors",
            "Verificar los certificados de antecedentes penales que exige la ley para puestos con menores",
        )],
        bases: &[LegalObligation],
        criminal: true,
        subjects: &[APPLICANTS, EMPLOYEES],
        data: &[
            (IDENTIFICATION, Ret::Period(6, Months, END_SELECTION)),
            (CRIMINAL_RECORDS, Ret::Criteria(T(
                "The certificate is shown, not copied: only the date, the issuing authority and the result of the check are recorded, and deleted at the end of employment or, for applicants not hired, with the selection file.",
                "El certificado se exhibe y no se copia: solo se registra la fecha, la autoridad que lo emite y el resultado de la comprobación, que se suprimen al terminar la relación laboral o, para los candidatos no contratados, con el expediente de selección.",
            ))),
        ],
        recipients: &[HR_TEAM],
        measures: &[ENCRYPTION_REST, RBAC, ACCESS_LOGGING, CONFIDENTIALITY, CLEAN_DESK],
        systems: &[HRIS],
        source: T("The applicant, who requests the certificate from the Ministry of Justice or the Federal Office of Justice.", "El candidato, que solicita el certificado al Ministerio de Justicia o a la Oficina Federal de Justicia alemana."),
        dpia_required: true,
        dpia: "DPIA-2023-03",
        review_in_days: 173,
        ..BASE
    },
    Spec {
        name: T("Onboarding of new hires", "Incorporación de nuevos empleados"),
        description: T(
            "Collecting the documents needed to start work, registering the new hire with social security, and issuing badge, laptop and accounts.",
            "Recogida de la documentación necesaria para empezar a trabajar, alta en la Seguridad Social y entrega de tarjeta, portátil y cuentas.",
        ),
        dept: Dept::Recruiting,
        owner: TALENT_HEAD,
        purposes: &[
            T("Register the new hire with social security before the first day", "Dar de alta al nuevo empleado en la Seguridad Social antes del primer día"),
            T("Check the right to work", "Comprobar la autorización para trabajar"),
            T("Prepare the workplace, equipment and accounts", "Preparar el puesto, el equipo y las cuentas"),
        ],
        bases: &[Contract, LegalObligation],
        subjects: &[EMPLOYEES, TRAINEES],
        data: &[
            (IDENTIFICATION, Ret::Period(4, Years, END_EMPLOYMENT)),
            (CONTACT, Ret::Period(4, Years, END_EMPLOYMENT)),
            (BANK, Ret::Period(4, Years, END_EMPLOYMENT)),
            (SOCIAL_SECURITY, Ret::Period(4, Years, END_EMPLOYMENT)),
        ],
        recipients: &[HR_TEAM, IT_TEAM, PAYROLL_PROVIDER, SOCIAL_SECURITY_BODIES],
        measures: M_HR,
        systems: &[HRIS, IAM, BADGE],
        source: T("The new hire.", "El nuevo empleado."),
        review_in_days: 212,
        ..BASE
    },
    // ------------------------------------------------------------------------------------------------
    // Marketing
    // ------------------------------------------------------------------------------------------------
    Spec {
        name: T("Commercial newsletter", "Boletín comercial"),
        description: T(
            "Weekly e-mail newsletter with offers and news, sent to people who subscribed with double opt-in.",
            "Boletín semanal por correo electrónico con ofertas y novedades, enviado a quienes se suscribieron con doble confirmación.",
        ),
        dept: Dept::Marketing,
        owner: CRM_MANAGER,
        purposes: &[
            T("Send commercial communications by e-mail", "Enviar comunicaciones comerciales por correo electrónico"),
            T("Measure opens and clicks to improve the content", "Medir aperturas y clics para mejorar los contenidos"),
        ],
        bases: &[Consent],
        subjects: &[SUBSCRIBERS, CUSTOMERS],
        data: &[
            (CONTACT, Ret::Criteria(UNTIL_WITHDRAWN)),
            (PREFERENCES, Ret::Both(3, Years, T("withdrawal of consent", "retirada del consentimiento"), T(
                "The e-mail address stays on the suppression list for as long as we send newsletters, so that it is never mailed again.",
                "La dirección permanece en la lista de exclusión mientras enviemos boletines, para no volver a escribirle nunca.",
            ))),
            (ONLINE_IDS, Ret::Period(13, Months, COLLECTION)),
        ],
        recipients: &[MARKETING_TEAM, EMAIL_PLATFORM],
        measures: &[ENCRYPTION_TRANSIT, MFA, RBAC, AUTO_DELETION, DPAS, VENDOR_ASSESSMENT],
        systems: &[EMAIL_TOOL],
        source: T("The subscriber, through the website, the app or the checkout.", "El suscriptor, a través de la web, la app o el proceso de compra."),
        review_in_days: 167,
        ..BASE
    },
    Spec {
        name: T("Co-branded loyalty programme", "Programa de fidelización compartido"),
        description: T(
            "Loyalty programme run jointly with Horizonte Energía: members earn points in our stores and at Horizonte service stations and redeem them with either partner. The Art. 26 arrangement (ref. JCA-2023-01) assigns information duties and rights requests to us.",
            "Programa de fidelización gestionado conjuntamente con Horizonte Energía: los socios acumulan puntos en nuestras tiendas y en las estaciones de servicio de Horizonte y los canjean con cualquiera de los dos. El acuerdo del art. 26 (ref. JCA-2023-01) nos atribuye el deber de información y la atención de los derechos.",
        ),
        dept: Dept::Marketing,
        owner: CRM_MANAGER,
        role: JointController,
        parties: &[HORIZONTE],
        purposes: &[
            T("Manage membership, points and rewards", "Gestionar la afiliación, los puntos y las recompensas"),
            T("Send programme communications to members", "Enviar a los socios las comunicaciones del programa"),
        ],
        bases: &[Contract],
        subjects: &[LOYALTY_MEMBERS],
        data: &[
            (IDENTIFICATION, Ret::Period(2, Years, T("end of membership", "baja en el programa"))),
            (CONTACT, Ret::Period(2, Years, T("end of membership", "baja en el programa"))),
            (PURCHASES, Ret::Both(3, Years, PURCHASE, T(
                "Points expire after 3 years; the underlying transactions are then aggregated.",
                "Los puntos caducan a los 3 años; después las transacciones se agregan.",
            ))),
        ],
        recipients: &[MARKETING_TEAM, EMAIL_PLATFORM],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, PSEUDONYMISATION, DPAS, CONFIDENTIALITY],
        systems: &[ESHOP, POS, DWH],
        source: T("The member at sign-up; tills of both partners.", "El socio al inscribirse; los terminales de venta de ambos socios del programa."),
        review_in_days: 274,
        ..BASE
    },
    Spec {
        name: T("Website and app analytics", "Analítica web y de la app"),
        description: T(
            "Audience measurement with first-party analytics, loaded only after consent in the cookie banner.",
            "Medición de audiencias con analítica propia, que solo se carga tras el consentimiento en el banner de cookies.",
        ),
        dept: Dept::Marketing,
        owner: DIGITAL_MANAGER,
        purposes: &[T("Measure use of the website and app to improve them", "Medir el uso de la web y de la app para mejorarlas")],
        bases: &[Consent],
        subjects: &[WEB_VISITORS],
        data: &[
            (ONLINE_IDS, Ret::Period(13, Months, COLLECTION)),
            (PREFERENCES, Ret::Period(24, Months, CONSENT_GIVEN)),
        ],
        recipients: &[MARKETING_TEAM],
        measures: &[ENCRYPTION_TRANSIT, PSEUDONYMISATION, RBAC, AUTO_DELETION],
        systems: &[ESHOP, DWH],
        source: T("The visitor's browser or device.", "El navegador o dispositivo del visitante."),
        review_in_days: 135,
        ..BASE
    },
    Spec {
        name: T("Prize draws and promotions", "Sorteos y promociones"),
        description: T(
            "Seasonal prize draws in stores and online, under published terms and conditions.",
            "Sorteos de temporada en tienda y online, conforme a las bases publicadas.",
        ),
        dept: Dept::Marketing,
        owner: MARKETING_HEAD,
        purposes: &[
            T("Run the draw and deliver the prizes", "Celebrar el sorteo y entregar los premios"),
            T("Withhold and report tax on prizes above the legal threshold", "Practicar e informar la retención de los premios que superen el umbral legal"),
        ],
        bases: &[Contract, LegalObligation],
        subjects: &[CUSTOMERS, PROSPECTS],
        data: &[
            (IDENTIFICATION, Ret::Period(6, Months, T("date of the draw", "fecha del sorteo"))),
            (CONTACT, Ret::Period(6, Months, T("date of the draw", "fecha del sorteo"))),
            (TAX, Ret::Period(4, Years, END_FY)),
        ],
        recipients: &[MARKETING_TEAM, TAX_ES],
        systems: &[ESHOP, EMAIL_TOOL],
        source: T("The participant, through the entry form.", "El participante, mediante el formulario de participación."),
        review_in_days: 103,
        ..BASE
    },
    Spec {
        name: T("Customer segmentation and personalised offers", "Segmentación de clientes y ofertas personalizadas"),
        description: T(
            "Segments built from purchase history in the data warehouse, used to personalise offers for customers who have not objected.",
            "Segmentos elaborados a partir del historial de compras en el almacén de datos, para personalizar las ofertas a los clientes que no se han opuesto.",
        ),
        dept: Dept::Marketing,
        owner: CRM_MANAGER,
        purposes: &[
            T("Offer products similar to those already bought", "Ofrecer productos similares a los ya comprados"),
            T("Plan assortment and campaigns per store", "Planificar el surtido y las campañas de cada tienda"),
        ],
        bases: &[LegitimateInterests],
        lia: "LIA-2024-01",
        subjects: &[CUSTOMERS, LOYALTY_MEMBERS],
        data: &[
            (PURCHASES, Ret::Period(3, Years, PURCHASE)),
            (PREFERENCES, Ret::Criteria(T(
                "Kept while the customer relationship lasts; an objection removes the customer from every segment within 48 hours.",
                "Mientras dure la relación con el cliente; una oposición lo excluye de todos los segmentos en 48 horas.",
            ))),
        ],
        recipients: &[MARKETING_TEAM],
        measures: &[ENCRYPTION_REST, PSEUDONYMISATION, RBAC, ACCESS_LOGGING, AUTO_DELETION, TRAINING_DP],
        systems: &[DWH, EMAIL_TOOL],
        source: T("Our own sales records and the loyalty programme.", "Nuestros registros de ventas y el programa de fidelización."),
        dpia_required: true,
        dpia: "DPIA-2024-01",
        review_in_days: 189,
        ..BASE
    },
    Spec {
        name: T("Printed catalogue mailings", "Envío de catálogos impresos"),
        description: T(
            "Postal catalogue sent twice a year to customers. Discontinued: the last mailing was sent two years ago and the address list was deleted.",
            "Catálogo postal enviado dos veces al año a los clientes. Suspendido: el último envío se hizo hace dos años y la lista de direcciones se suprimió.",
        ),
        dept: Dept::Marketing,
        owner: MARKETING_HEAD,
        purposes: &[T("Send the printed catalogue by post", "Enviar el catálogo impreso por correo postal")],
        bases: &[LegitimateInterests],
        lia: "LIA-2021-06",
        subjects: &[CUSTOMERS],
        data: &[
            (IDENTIFICATION, Ret::Criteria(T(
                "Deleted when the programme ended; only the list of people who objected is kept as a suppression list.",
                "Se suprimieron al terminar el programa; solo se conserva como lista de exclusión la de quienes se opusieron.",
            ))),
            (CONTACT, Ret::Criteria(T("Deleted when the programme ended.", "Se suprimieron al terminar el programa."))),
        ],
        recipients: &[MARKETING_TEAM],
        measures: &[ENCRYPTION_TRANSIT, RBAC, DPAS],
        systems: &[ERP],
        source: T("Our customer records.", "Nuestros registros de clientes."),
        status: Retired,
        review_in_days: 151,
        ..BASE
    },
    // ------------------------------------------------------------------------------------------------
    // Sales
    // ------------------------------------------------------------------------------------------------
    Spec {
        name: T("Online shop orders", "Pedidos de la tienda online"),
        description: T(
            "Customer accounts, orders, payment, delivery and invoicing in the online shop.",
            "Cuentas de cliente, pedidos, pago, entrega y facturación en la tienda online.",
        ),
        dept: Dept::Sales,
        owner: ECOMMERCE_HEAD,
        purposes: &[
            T("Perform the purchase contract: payment, delivery and invoicing", "Ejecutar el contrato de compraventa: pago, entrega y facturación"),
            T("Manage the customer account", "Gestionar la cuenta de cliente"),
            T("Keep invoices and accounting records", "Conservar las facturas y los registros contables"),
        ],
        bases: &[Contract, LegalObligation],
        subjects: &[CUSTOMERS],
        data: &[
            (IDENTIFICATION, Ret::Period(6, Years, END_FY)),
            (CONTACT, Ret::Both(3, Years, END_CONTRACT, T(
                "Customer accounts inactive for 3 years are closed after an e-mail warning.",
                "Las cuentas inactivas durante 3 años se cierran tras un aviso por correo.",
            ))),
            (PURCHASES, Ret::Period(6, Years, END_FY)),
            (PAYMENT, Ret::Period(13, Months, PURCHASE)),
        ],
        recipients: &[SALES_TEAM, FINANCE_TEAM, CARRIERS, PAYMENT_PROVIDER],
        measures: M_PAYMENTS,
        systems: &[ESHOP, ERP],
        source: T("The customer.", "El cliente."),
        review_in_days: 126,
        ..BASE
    },
    Spec {
        name: T("In-store sales and receipts", "Ventas en tienda y tiques"),
        description: T(
            "Card payments at the tills and full invoices on request; no personal data for cash sales with a simplified receipt.",
            "Pagos con tarjeta en caja y facturas completas a petición; en las ventas en efectivo con factura simplificada no se tratan datos personales.",
        ),
        dept: Dept::Sales,
        owner: RETAIL_HEAD,
        purposes: &[
            T("Take payment and issue receipts and invoices", "Cobrar y emitir tiques y facturas"),
            T("Handle exchanges", "Gestionar los cambios de productos"),
        ],
        bases: &[Contract, LegalObligation],
        subjects: &[CUSTOMERS],
        data: &[
            (IDENTIFICATION, Ret::Period(6, Years, END_FY)),
            (PURCHASES, Ret::Period(6, Years, END_FY)),
            (PAYMENT, Ret::Period(13, Months, PURCHASE)),
        ],
        recipients: &[SALES_TEAM, FINANCE_TEAM, PAYMENT_PROVIDER],
        measures: &[ENCRYPTION_TRANSIT, RBAC, SEGMENTATION, PATCHING, PHYSICAL, CONFIDENTIALITY],
        systems: &[POS, ERP],
        source: T("The customer at the till.", "El cliente en caja."),
        review_in_days: 298,
        ..BASE
    },
    Spec {
        name: T("Fraud scoring for online payments", "Puntuación de riesgo de fraude en pagos online"),
        description: T(
            "Every card order in the online shop is scored for fraud risk before the payment is captured.",
            "Cada pedido con tarjeta de la tienda online recibe una puntuación de riesgo de fraude antes de cobrar el pago.",
        ),
        dept: Dept::Sales,
        owner: PAYMENTS_MANAGER,
        purposes: &[
            T("Prevent payment fraud and chargebacks", "Prevenir el fraude en los pagos y las devoluciones de cargo"),
            T("Apply strong customer authentication where the risk requires it", "Aplicar autenticación reforzada cuando el riesgo lo exige"),
        ],
        bases: &[LegitimateInterests, Contract],
        lia: "LIA-2024-06",
        subjects: &[CUSTOMERS],
        data: &[
            (IDENTIFICATION, Ret::Period(13, Months, PURCHASE)),
            (PAYMENT, Ret::Period(13, Months, PURCHASE)),
            (ONLINE_IDS, Ret::Period(13, Months, PURCHASE)),
            (FRAUD_SIGNALS, Ret::Both(13, Months, PURCHASE, T(
                "Confirmed fraud cases are kept until the limitation period for the claim ends (5 years).",
                "Los casos de fraude confirmados se conservan hasta que prescriba la acción (5 años).",
            ))),
        ],
        recipients: &[FINANCE_TEAM, PAYMENT_PROVIDER],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, ACCESS_LOGGING, PSEUDONYMISATION, FOUR_EYES],
        systems: &[ESHOP],
        source: T("The order and the customer's device; the payment service provider.", "El pedido y el dispositivo del cliente; el proveedor de servicios de pago."),
        automated: Some(T(
            "A rules-and-model score from 0 to 100 uses order value, address mismatch, device fingerprint and order velocity. Below 60 the order is accepted; 60 to 85 triggers strong authentication; above 85 card payment is declined and the customer is offered bank transfer or cash on delivery. Customers can contest the decision with customer service, and an analyst reviews it within one working day.",
            "Una puntuación de 0 a 100, basada en reglas y en un modelo, usa el importe, las discrepancias de dirección, la huella del dispositivo y la frecuencia de pedidos. Por debajo de 60 el pedido se acepta; de 60 a 85 se exige autenticación reforzada; por encima de 85 se rechaza el pago con tarjeta y se ofrece transferencia o contra reembolso. El cliente puede impugnar la decisión ante atención al cliente y un analista la revisa en un día laborable.",
        )),
        dpia_required: true,
        dpia: "DPIA-2024-06",
        review_in_days: 71,
        ..BASE
    },
    Spec {
        name: T("B2B account management (CRM)", "Gestión de cuentas de clientes empresariales (CRM)"),
        description: T(
            "Contacts, opportunities, quotes and visits for business customers (corporate gifts, occupational-health contracts), kept in a CRM hosted in the United States.",
            "Contactos, oportunidades, ofertas y visitas de clientes empresariales (regalo corporativo, contratos de salud laboral), gestionados en un CRM alojado en Estados Unidos.",
        ),
        dept: Dept::Sales,
        owner: B2B_HEAD,
        purposes: &[
            T("Manage relationships with business customers and prospects", "Gestionar la relación con clientes y potenciales clientes empresariales"),
            T("Prepare quotes and follow up contracts", "Preparar ofertas y hacer seguimiento de los contratos"),
        ],
        bases: &[LegitimateInterests],
        lia: "LIA-2024-04",
        subjects: &[B2B_CONTACTS, PROSPECTS],
        data: &[
            (CONTACT, Ret::Both(3, Years, T("last contact", "último contacto"), T(
                "Contacts who leave the customer company are deleted as soon as we learn of it.",
                "Los contactos que dejan la empresa cliente se suprimen en cuanto lo sabemos.",
            ))),
            (EMPLOYMENT, Ret::Period(3, Years, T("last contact", "último contacto"))),
            (PREFERENCES, Ret::Criteria(UNTIL_WITHDRAWN)),
        ],
        recipients: &[SALES_TEAM, CRM_PROVIDER],
        transfers: &[X_CRM],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, DPAS, VENDOR_ASSESSMENT],
        systems: &[CRM, M365],
        source: T("The contacts themselves, trade fairs and business cards, and public company registers.", "Los propios contactos, ferias y tarjetas de visita, y registros mercantiles públicos."),
        review_in_days: 88,
        ..BASE
    },
    Spec {
        name: T("Warranty claims and returns", "Garantías y devoluciones"),
        description: T(
            "Handling returns within the withdrawal period and warranty claims during the 3-year legal guarantee.",
            "Gestión de las devoluciones en el plazo de desistimiento y de las reclamaciones durante la garantía legal de 3 años.",
        ),
        dept: Dept::Sales,
        owner: RETAIL_HEAD,
        purposes: &[
            T("Process returns and refunds", "Tramitar devoluciones y reembolsos"),
            T("Repair or replace defective products under the legal guarantee", "Reparar o sustituir los productos defectuosos conforme a la garantía legal"),
        ],
        bases: &[LegalObligation, Contract],
        subjects: &[CUSTOMERS],
        data: &[
            (IDENTIFICATION, Ret::Period(3, Years, PURCHASE)),
            (CONTACT, Ret::Period(3, Years, PURCHASE)),
            (PURCHASES, Ret::Both(3, Years, PURCHASE, LEGAL_HOLD)),
        ],
        recipients: &[SALES_TEAM, CARRIERS],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, RBAC, AUTO_DELETION, DPAS],
        systems: &[ERP, HELPDESK],
        source: T("The customer.", "El cliente."),
        review_in_days: 257,
        ..BASE
    },
    Spec {
        name: T("Lead capture at trade fairs", "Captación de contactos en ferias"),
        description: T(
            "Scanning visitor badges at trade-fair stands with the organiser's app, for follow-up by the B2B team. To start with the next trade-fair season.",
            "Escaneo de las acreditaciones de los visitantes en el estand con la app del organizador, para el seguimiento del equipo B2B. Comenzará en la próxima temporada de ferias.",
        ),
        dept: Dept::Sales,
        owner: B2B_HEAD,
        purposes: &[T("Follow up on interest shown at the stand", "Dar seguimiento al interés mostrado en el estand")],
        bases: &[LegitimateInterests],
        lia: "LIA-2025-01",
        subjects: &[PROSPECTS, B2B_CONTACTS],
        data: &[
            (CONTACT, Ret::Period(12, Months, T("the trade fair", "la feria"))),
            (EMPLOYMENT, Ret::Period(12, Months, T("the trade fair", "la feria"))),
        ],
        recipients: &[SALES_TEAM],
        measures: &[ENCRYPTION_TRANSIT, RBAC, AUTO_DELETION, TRAINING_DP],
        systems: &[M365],
        source: T("The visitor, who lets us scan the badge.", "El visitante, que nos permite escanear su acreditación."),
        status: Draft,
        review_in_days: 64,
        ..BASE
    },
    // ------------------------------------------------------------------------------------------------
    // Customer support
    // ------------------------------------------------------------------------------------------------
    Spec {
        name: T("Customer enquiries and complaints", "Consultas y reclamaciones de clientes"),
        description: T(
            "Enquiries and complaints by e-mail, chat, telephone and official complaint forms, handled in a US-hosted helpdesk; second-level e-mail support is outsourced to a provider in India.",
            "Consultas y reclamaciones por correo, chat, teléfono y hojas oficiales de reclamaciones, gestionadas en un helpdesk alojado en Estados Unidos; el soporte de segundo nivel por correo está externalizado en un proveedor de la India.",
        ),
        dept: Dept::Support,
        owner: SERVICE_HEAD,
        purposes: &[
            T("Answer enquiries and resolve complaints", "Responder consultas y resolver reclamaciones"),
            T("Reply to official complaint forms within the legal deadline", "Contestar las hojas de reclamaciones en el plazo legal"),
        ],
        bases: &[Contract, LegalObligation],
        subjects: &[CUSTOMERS, PROSPECTS],
        data: &[
            (IDENTIFICATION, Ret::Period(3, Years, CLOSURE)),
            (CONTACT, Ret::Period(3, Years, CLOSURE)),
            (PURCHASES, Ret::Period(3, Years, CLOSURE)),
            (SUPPORT_INTERACTIONS, Ret::Both(3, Years, CLOSURE, LEGAL_HOLD)),
        ],
        recipients: &[SALES_TEAM, HELPDESK_PROVIDER, SUPPORT_OUTSOURCER],
        transfers: &[X_HELPDESK, X_INDIA],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, ACCESS_LOGGING, DPAS, VENDOR_ASSESSMENT, TRAINING_DP],
        systems: &[HELPDESK, TELEPHONY, ERP],
        source: T("The customer.", "El cliente."),
        review_in_days: 110,
        ..BASE
    },
    Spec {
        name: T("Contact-centre call recording", "Grabación de llamadas del centro de contacto"),
        description: T(
            "Calls to the customer service line are recorded after an announcement, for quality and to prove telephone orders. Callers can ask for the recording to be switched off.",
            "Las llamadas a la línea de atención al cliente se graban tras una locución informativa, para el control de calidad y como prueba de los pedidos telefónicos. Quien llama puede pedir que no se grabe.",
        ),
        dept: Dept::Support,
        owner: SERVICE_HEAD,
        purposes: &[
            T("Check and improve the quality of service", "Comprobar y mejorar la calidad del servicio"),
            T("Prove orders and agreements made by telephone", "Acreditar los pedidos y acuerdos realizados por teléfono"),
        ],
        bases: &[LegitimateInterests],
        lia: "LIA-2024-08",
        subjects: &[CUSTOMERS, PROSPECTS, EMPLOYEES],
        data: &[(CALL_RECORDINGS, Ret::Both(90, Days, RECORDING, T(
            "Recordings that prove a telephone order are kept for the 3-year guarantee period.",
            "Las grabaciones que acreditan un pedido telefónico se conservan durante los 3 años de garantía.",
        )))],
        recipients: &[SALES_TEAM],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, RBAC, ACCESS_LOGGING, AUTO_DELETION, CONFIDENTIALITY],
        systems: &[TELEPHONY],
        source: T("The call.", "La propia llamada."),
        review_in_days: 235,
        ..BASE
    },
    Spec {
        name: T("Customer satisfaction surveys", "Encuestas de satisfacción"),
        description: T(
            "A short survey e-mailed after a purchase or a support case; customers can opt out in every e-mail.",
            "Breve encuesta enviada por correo tras una compra o una incidencia; el cliente puede darse de baja en cada correo.",
        ),
        dept: Dept::Support,
        owner: SERVICE_HEAD,
        purposes: &[T("Measure satisfaction and improve products and service", "Medir la satisfacción y mejorar productos y servicio")],
        bases: &[LegitimateInterests],
        lia: "LIA-2024-09",
        subjects: &[CUSTOMERS],
        data: &[
            (CONTACT, Ret::Period(12, Months, COLLECTION)),
            (SUPPORT_INTERACTIONS, Ret::Criteria(T(
                "Answers are anonymised after 12 months; the aggregated results are kept.",
                "Las respuestas se anonimizan a los 12 meses; se conservan los resultados agregados.",
            ))),
        ],
        recipients: &[MARKETING_TEAM, EMAIL_PLATFORM],
        measures: &[ENCRYPTION_TRANSIT, PSEUDONYMISATION, RBAC, AUTO_DELETION, DPAS],
        systems: &[EMAIL_TOOL, DWH],
        source: T("The customer.", "El cliente."),
        review_in_days: 327,
        ..BASE
    },
    Spec {
        name: T("Data subject requests", "Atención de los derechos de los interesados"),
        description: T(
            "Receiving, verifying and answering requests for access, rectification, erasure, objection, restriction and portability from any data subject, coordinated with the DPO.",
            "Recepción, verificación y respuesta de las solicitudes de acceso, rectificación, supresión, oposición, limitación y portabilidad de cualquier interesado, en coordinación con el DPD.",
        ),
        dept: Dept::Support,
        owner: PRIVACY_MANAGER,
        purposes: &[
            T("Answer data subject requests within one month", "Responder a las solicitudes de los interesados en el plazo de un mes"),
            T("Be able to demonstrate how each request was handled", "Poder demostrar cómo se atendió cada solicitud"),
        ],
        bases: &[LegalObligation],
        subjects: &[CUSTOMERS, EMPLOYEES, FORMER_EMPLOYEES, APPLICANTS, SUBSCRIBERS],
        data: &[
            (IDENTIFICATION, Ret::Period(3, Years, CLOSURE)),
            (CONTACT, Ret::Period(3, Years, CLOSURE)),
            (SUPPORT_INTERACTIONS, Ret::Period(3, Years, CLOSURE)),
        ],
        recipients: &[COMPLIANCE_TEAM],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, AUTO_DELETION, CONFIDENTIALITY],
        systems: &[HELPDESK, M365],
        source: T("The data subject or their representative.", "El interesado o su representante."),
        review_in_days: 160,
        ..BASE
    },
    Spec {
        name: T("Website chatbot", "Chatbot de atención en la web"),
        description: T(
            "Pilot of an AI chatbot that answers order and delivery questions on the website and hands over to an agent. The provider is in the United States; the contract is still under negotiation.",
            "Piloto de un chatbot con IA que responde preguntas sobre pedidos y entregas en la web y deriva a un agente. El proveedor está en Estados Unidos; el contrato sigue en negociación.",
        ),
        dept: Dept::Support,
        owner: SERVICE_HEAD,
        purposes: &[T("Answer frequent questions outside office hours", "Responder a las preguntas frecuentes fuera del horario de atención")],
        bases: &[Contract],
        subjects: &[CUSTOMERS, WEB_VISITORS],
        data: &[
            (CONTACT, Ret::Period(90, Days, COLLECTION)),
            (SUPPORT_INTERACTIONS, Ret::Period(90, Days, COLLECTION)),
        ],
        recipients: &[CHATBOT_PROVIDER],
        transfers: &[Xfer {
            country: "US",
            recipient: CHATBOT_PROVIDER,
            mechanism: None,
            safeguards: T(
                "Pending: the provider has not yet confirmed DPF certification or signed the SCC.",
                "Pendiente: el proveedor aún no ha confirmado su certificación en el DPF ni firmado las CCT.",
            ),
        }],
        measures: &[ENCRYPTION_TRANSIT, RBAC, VENDOR_ASSESSMENT],
        systems: &[HELPDESK],
        source: T("The website visitor, in the chat window.", "El visitante de la web, en la ventana de chat."),
        status: Draft,
        review_in_days: 45,
        ..BASE
    },
    // ------------------------------------------------------------------------------------------------
    // IT/Security
    // ------------------------------------------------------------------------------------------------
    Spec {
        name: T("User accounts and access management", "Gestión de cuentas de usuario y accesos"),
        description: T(
            "Creating, changing and removing user accounts and permissions for staff and contractors, with single sign-on and multi-factor authentication.",
            "Alta, modificación y baja de cuentas de usuario y permisos de empleados y colaboradores, con inicio de sesión único y autenticación multifactor.",
        ),
        dept: Dept::It,
        owner: CIO,
        purposes: &[
            T("Give each person the access their job needs, and no more", "Dar a cada persona el acceso que requiere su puesto, y no más"),
            T("Remove access on the last day of work", "Retirar los accesos el último día de trabajo"),
        ],
        bases: &[Contract, LegitimateInterests],
        lia: "LIA-2024-10",
        subjects: &[EMPLOYEES, TRAINEES],
        data: &[
            (IDENTIFICATION, Ret::Period(12, Months, END_EMPLOYMENT)),
            (EMPLOYMENT, Ret::Period(12, Months, END_EMPLOYMENT)),
            (IT_LOGS, Ret::Period(12, Months, COLLECTION)),
        ],
        recipients: &[IT_TEAM],
        measures: &[MFA, RBAC, ACCESS_LOGGING, PATCHING, FOUR_EYES],
        systems: &[IAM, HRIS],
        source: T("The HRIS (joiners, movers and leavers) and managers' access requests.", "El HRIS (altas, cambios y bajas) y las solicitudes de acceso de los responsables."),
        review_in_days: 203,
        ..BASE
    },
    Spec {
        name: T("Security logging and monitoring", "Registro y monitorización de seguridad"),
        description: T(
            "Security logs from servers, network, cloud services and endpoints are collected in the SIEM to detect and investigate attacks. Not used to monitor productivity.",
            "Los registros de seguridad de servidores, red, servicios en la nube y equipos se recogen en el SIEM para detectar e investigar ataques. No se usan para controlar la productividad.",
        ),
        dept: Dept::It,
        owner: CISO,
        purposes: &[
            T("Detect, investigate and respond to security incidents", "Detectar, investigar y responder a incidentes de seguridad"),
            T("Keep evidence of incidents", "Conservar evidencias de los incidentes"),
        ],
        bases: &[LegitimateInterests, LegalObligation],
        lia: "LIA-2024-11",
        subjects: &[EMPLOYEES, WEB_VISITORS],
        data: &[(IT_LOGS, Ret::Both(12, Months, COLLECTION, T(
            "Logs linked to an incident are kept until the incident and any resulting proceedings are closed.",
            "Los registros vinculados a un incidente se conservan hasta el cierre del incidente y de los procedimientos derivados.",
        )))],
        recipients: &[IT_TEAM, AUTHORITIES],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, ACCESS_LOGGING, SEGMENTATION, FOUR_EYES],
        systems: &[SIEM],
        source: T("Servers, network devices, endpoints and cloud services.", "Servidores, dispositivos de red, equipos y servicios en la nube."),
        dpia_required: true,
        dpia: "DPIA-2025-01",
        review_in_days: 148,
        ..BASE
    },
    Spec {
        name: T("Video surveillance of stores and warehouses", "Videovigilancia de tiendas y almacenes"),
        description: T(
            "Cameras at entrances, tills, stockrooms and loading bays, with signs at every entrance. No cameras in changing rooms, toilets or rest areas, and no audio.",
            "Cámaras en accesos, cajas, trastiendas y muelles de carga, con carteles en cada entrada. No hay cámaras en probadores, aseos ni zonas de descanso, ni se graba audio.",
        ),
        dept: Dept::It,
        owner: CISO,
        purposes: &[
            T("Protect people, goods and premises", "Proteger a las personas, los bienes y las instalaciones"),
            T("Provide evidence of offences to the authorities", "Aportar pruebas de delitos a las autoridades"),
        ],
        bases: &[LegitimateInterests],
        lia: "LIA-2023-02",
        subjects: &[CUSTOMERS, EMPLOYEES, VISITORS],
        data: &[(CCTV, Ret::Both(30, Days, RECORDING, T(
            "Images showing an offence are extracted and handed to the police within 72 hours of discovery; in Munich, recordings are overwritten after 72 hours.",
            "Las imágenes que muestran un delito se extraen y se entregan a la policía en las 72 horas siguientes a su descubrimiento; en Múnich, las grabaciones se sobrescriben a las 72 horas.",
        )))],
        recipients: &[IT_TEAM, AUTHORITIES],
        measures: &[ENCRYPTION_REST, RBAC, ACCESS_LOGGING, SEGMENTATION, AUTO_DELETION, PHYSICAL, CONFIDENTIALITY],
        systems: &[CCTV_SYSTEM],
        source: T("The cameras.", "Las cámaras."),
        dpia_required: true,
        dpia: "DPIA-2023-01",
        review_in_days: 219,
        ..BASE
    },
    Spec {
        name: T("Fingerprint access to restricted rooms", "Acceso por huella dactilar a salas restringidas"),
        description: T(
            "Fingerprint readers on the server room and the medicines store of the health centres. Staff who do not consent use a badge plus PIN instead.",
            "Lectores de huella en la sala de servidores y en el almacén de medicamentos de los centros de salud. Quien no da su consentimiento usa tarjeta más PIN.",
        ),
        dept: Dept::It,
        owner: CISO,
        purposes: &[T(
            "Restrict access to rooms holding critical systems and medicines to authorised staff",
            "Limitar al personal autorizado el acceso a las salas con sistemas críticos y medicamentos",
        )],
        bases: &[Consent],
        art9: Some(Art9::ExplicitConsent),
        subjects: &[EMPLOYEES],
        data: &[
            (BIOMETRIC, Ret::Criteria(T(
                "The template is stored only on the reader and deleted when consent is withdrawn, access is no longer needed, or employment ends.",
                "La plantilla se guarda solo en el lector y se borra al retirar el consentimiento, dejar de necesitar el acceso o terminar la relación laboral.",
            ))),
            (IT_LOGS, Ret::Period(12, Months, COLLECTION)),
        ],
        recipients: &[IT_TEAM],
        measures: &[ENCRYPTION_REST, RBAC, ACCESS_LOGGING, SEGMENTATION, PHYSICAL, AUTO_DELETION],
        systems: &[BADGE],
        source: T("The employee, at enrolment.", "El empleado, en el registro de la huella."),
        dpia_required: true,
        dpia: "DPIA-2023-04",
        review_in_days: 92,
        ..BASE
    },
    Spec {
        name: T("Visitor registration", "Registro de visitantes"),
        description: T(
            "Visitors to offices, warehouses and health centres sign in at reception and receive a temporary badge.",
            "Los visitantes de oficinas, almacenes y centros de salud se registran en recepción y reciben una tarjeta temporal.",
        ),
        dept: Dept::It,
        owner: FACILITIES,
        purposes: &[
            T("Control access to the premises", "Controlar el acceso a las instalaciones"),
            T("Know who is on site in an evacuation", "Saber quién está en el edificio en caso de evacuación"),
        ],
        bases: &[LegitimateInterests],
        lia: "LIA-2023-05",
        subjects: &[VISITORS, SUPPLIER_CONTACTS],
        data: &[
            (IDENTIFICATION, Ret::Period(30, Days, T("visit", "visita"))),
            (CONTACT, Ret::Period(30, Days, T("visit", "visita"))),
        ],
        recipients: &[IT_TEAM],
        measures: &[RBAC, AUTO_DELETION, PHYSICAL, CONFIDENTIALITY],
        systems: &[BADGE],
        source: T("The visitor.", "El visitante."),
        review_in_days: 282,
        ..BASE
    },
    Spec {
        name: T("Personal data breach management", "Gestión de brechas de datos personales"),
        description: T(
            "Assessment, documentation and notification of personal data breaches to the Spanish and Bavarian supervisory authorities and to the people affected.",
            "Evaluación, documentación y notificación de las brechas de datos personales a la AEPD y a la autoridad de control bávara, y a las personas afectadas.",
        ),
        dept: Dept::It,
        owner: CISO,
        purposes: &[
            T("Contain breaches and notify them within 72 hours where required", "Contener las brechas y notificarlas en 72 horas cuando proceda"),
            T("Keep the internal breach register (Art. 33(5))", "Llevar el registro interno de brechas (art. 33.5)"),
        ],
        bases: &[LegalObligation],
        subjects: &[EMPLOYEES, CUSTOMERS, APPLICANTS],
        data: &[
            (IDENTIFICATION, Ret::Period(5, Years, CLOSURE)),
            (CONTACT, Ret::Period(5, Years, CLOSURE)),
            (IT_LOGS, Ret::Period(5, Years, CLOSURE)),
        ],
        recipients: &[IT_TEAM, COMPLIANCE_TEAM, AUTHORITIES],
        measures: &[ENCRYPTION_REST, MFA, RBAC, ACCESS_LOGGING, INCIDENT_PROCEDURE],
        systems: &[SIEM, M365],
        source: T("Our own detection, staff reports and processors' notifications.", "Nuestra propia detección, los avisos del personal y las notificaciones de los encargados."),
        review_in_days: 177,
        ..BASE
    },
    Spec {
        name: T("E-mail and collaboration", "Correo electrónico y colaboración"),
        description: T(
            "Corporate e-mail, calendars, chat, video calls and document storage. Mailboxes of leavers are closed; access to them requires a documented reason and the works council's knowledge.",
            "Correo corporativo, calendarios, chat, videollamadas y almacenamiento de documentos. Los buzones de quienes se marchan se cierran; acceder a ellos exige un motivo documentado y que lo sepa el comité de empresa.",
        ),
        dept: Dept::It,
        owner: CIO,
        purposes: &[
            T("Provide the tools needed for daily work", "Proporcionar las herramientas necesarias para el trabajo diario"),
            T("Archive business correspondence", "Archivar la correspondencia comercial"),
        ],
        bases: &[Contract, LegitimateInterests],
        lia: "LIA-2024-12",
        subjects: &[EMPLOYEES, B2B_CONTACTS, SUPPLIER_CONTACTS],
        data: &[
            (IDENTIFICATION, Ret::Period(3, Months, END_EMPLOYMENT)),
            (CONTACT, Ret::Period(3, Months, END_EMPLOYMENT)),
            (IT_LOGS, Ret::Period(180, Days, COLLECTION)),
        ],
        recipients: &[IT_TEAM],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, ENDPOINT, BACKUPS, DPAS, TRAINING_DP],
        systems: &[M365, IAM],
        source: T("Staff and the people who write to them.", "El personal y las personas que les escriben."),
        review_in_days: 239,
        ..BASE
    },
    // ------------------------------------------------------------------------------------------------
    // Occupational health
    // ------------------------------------------------------------------------------------------------
    Spec {
        name: T("Health surveillance of our own staff", "Vigilancia de la salud de la plantilla propia"),
        description: T(
            "Pre-employment and periodic medical examinations by our own occupational-health service (Art. 22 Spanish Occupational Risk Prevention Act); the Munich branch uses an external company doctor. Managers only learn the fitness conclusion.",
            "Reconocimientos médicos iniciales y periódicos realizados por nuestro servicio de prevención propio (art. 22 de la Ley de Prevención de Riesgos Laborales); la sucursal de Múnich recurre a un médico de empresa externo. Los responsables solo conocen la conclusión de aptitud.",
        ),
        dept: Dept::Health,
        owner: MEDICAL_DIRECTOR,
        purposes: &[
            T("Monitor workers' health in relation to the risks of their job", "Vigilar la salud de los trabajadores en función de los riesgos del puesto"),
            T("Issue fitness assessments and recommend preventive measures", "Emitir la calificación de aptitud y recomendar medidas preventivas"),
        ],
        bases: &[LegalObligation],
        art9: Some(Art9::HealthOrSocialCare),
        subjects: &[EMPLOYEES],
        data: &[
            (IDENTIFICATION, Ret::Period(5, Years, LAST_EXAM)),
            (MEDICAL_EXAMS, Ret::Both(5, Years, LAST_EXAM, T(
                "40 years after the end of exposure for workers exposed to carcinogens, mutagens or asbestos.",
                "40 años desde el fin de la exposición para los trabajadores expuestos a agentes cancerígenos, mutágenos o amianto.",
            ))),
            (HEALTH, Ret::Period(5, Years, LAST_EXAM)),
        ],
        recipients: &[MEDICAL_STAFF, OCC_HEALTH_DE, HR_TEAM],
        measures: M_SENSITIVE,
        systems: &[CLINICAL],
        source: T("The worker and the clinical tests performed.", "El trabajador y las pruebas clínicas realizadas."),
        dpia_required: true,
        dpia: "DPIA-2022-01",
        review_in_days: 99,
        ..BASE
    },
    Spec {
        name: T("Health surveillance for client companies", "Vigilancia de la salud para empresas cliente"),
        description: T(
            "As processor for client companies that contract our occupational-health service: scheduling and performing medical examinations of their workers, keeping the clinical records on their behalf and issuing fitness certificates.",
            "Como encargado de las empresas cliente que contratan nuestro servicio de salud laboral: citación y realización de los reconocimientos médicos de sus trabajadores, custodia de la historia clínica por su cuenta y emisión de los certificados de aptitud.",
        ),
        dept: Dept::Health,
        owner: MEDICAL_DIRECTOR,
        role: Processor,
        parties: &[LEVANTE, HOTELERA],
        purposes: &[
            T("Scheduling and performing medical examinations", "Citación y realización de reconocimientos médicos"),
            T("Keeping clinical records on behalf of the client", "Custodia de la historia clínica por cuenta del cliente"),
            T("Issuing fitness certificates to the client", "Emisión de los certificados de aptitud para el cliente"),
        ],
        subjects: &[CLIENT_WORKERS],
        data: &[
            (IDENTIFICATION, Ret::Criteria(AS_INSTRUCTED)),
            (EMPLOYMENT, Ret::Criteria(AS_INSTRUCTED)),
            (MEDICAL_EXAMS, Ret::Criteria(AS_INSTRUCTED)),
        ],
        recipients: &[MEDICAL_STAFF, CLIENT_COMPANIES],
        measures: M_SENSITIVE,
        systems: &[CLINICAL],
        source: T("The client company (worker lists) and the workers themselves.", "La empresa cliente (relaciones de trabajadores) y los propios trabajadores."),
        review_in_days: 194,
        ..BASE
    },
    Spec {
        name: T("Employee assistance helpline for client companies", "Línea de apoyo psicológico para empresas cliente"),
        description: T(
            "As processor for client companies: a confidential helpline staffed by psychologists in Munich for their employees. Clients only receive anonymous usage statistics.",
            "Como encargado de las empresas cliente: una línea confidencial atendida por psicólogos en Múnich para sus empleados. Los clientes solo reciben estadísticas de uso anónimas.",
        ),
        dept: Dept::Health,
        owner: MEDICAL_DIRECTOR,
        role: Processor,
        parties: &[ALPENBLICK],
        purposes: &[
            T("Telephone and video counselling sessions", "Sesiones de orientación por teléfono y videollamada"),
            T("Anonymous usage reporting to the client", "Informes anónimos de uso para el cliente"),
        ],
        subjects: &[CLIENT_WORKERS],
        data: &[
            (CONTACT, Ret::Criteria(AS_INSTRUCTED)),
            (HEALTH, Ret::Criteria(AS_INSTRUCTED)),
        ],
        recipients: &[MEDICAL_STAFF],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, ACCESS_LOGGING, PSEUDONYMISATION, CONFIDENTIALITY],
        systems: &[CLINICAL, TELEPHONY],
        source: T("The employees of the client company who call.", "Los empleados de la empresa cliente que llaman."),
        review_in_days: 251,
        ..BASE
    },
    Spec {
        name: T("Work-accident investigation and reporting", "Investigación y notificación de accidentes de trabajo"),
        description: T(
            "Investigating work accidents and occupational diseases, reporting them to the authorities through the official system and to the mutual insurer, and recording preventive actions.",
            "Investigación de los accidentes de trabajo y enfermedades profesionales, su notificación a la autoridad laboral a través del sistema oficial y a la mutua, y registro de las medidas preventivas.",
        ),
        dept: Dept::Health,
        owner: PREVENTION_HEAD,
        purposes: &[
            T("Report accidents and occupational diseases within the legal deadlines", "Notificar los accidentes y enfermedades profesionales en los plazos legales"),
            T("Find the causes and prevent recurrence", "Averiguar las causas y evitar que se repitan"),
        ],
        bases: &[LegalObligation],
        art9: Some(Art9::EmploymentSocialSecurity),
        subjects: &[EMPLOYEES, TRAINEES],
        data: &[
            (IDENTIFICATION, Ret::Period(5, Years, CLOSURE)),
            (EMPLOYMENT, Ret::Period(5, Years, CLOSURE)),
            (HEALTH, Ret::Both(5, Years, CLOSURE, LEGAL_HOLD)),
        ],
        recipients: &[MUTUA, LABOUR_AUTHORITY, SOCIAL_SECURITY_BODIES, WORKS_COUNCIL],
        measures: M_SENSITIVE,
        systems: &[CLINICAL, HRIS],
        source: T("The injured worker, witnesses, the line manager and the medical report.", "El trabajador accidentado, los testigos, el responsable directo y el parte médico."),
        review_in_days: 137,
        ..BASE
    },
    Spec {
        name: T("Protection of particularly sensitive workers", "Protección de trabajadores especialmente sensibles"),
        description: T(
            "Adapting jobs for workers who are particularly sensitive to workplace risks, including pregnant and breastfeeding workers and workers with disabilities (Arts. 25 and 26 of the Occupational Risk Prevention Act).",
            "Adaptación del puesto de los trabajadores especialmente sensibles a los riesgos laborales, incluidas las trabajadoras embarazadas o en periodo de lactancia y los trabajadores con discapacidad (arts. 25 y 26 de la Ley de Prevención de Riesgos Laborales).",
        ),
        dept: Dept::Health,
        owner: PREVENTION_HEAD,
        purposes: &[
            T("Assess the job and propose adaptations or a change of job", "Evaluar el puesto y proponer adaptaciones o un cambio de puesto"),
            T("Meet the employment-quota and reasonable-adjustment duties for workers with disabilities", "Cumplir la cuota de reserva y la obligación de ajustes razonables para trabajadores con discapacidad"),
        ],
        bases: &[LegalObligation],
        art9: Some(Art9::EmploymentSocialSecurity),
        subjects: &[EMPLOYEES],
        data: &[
            (IDENTIFICATION, Ret::Period(5, Years, END_EMPLOYMENT)),
            (HEALTH, Ret::Period(5, Years, END_EMPLOYMENT)),
            (DISABILITY, Ret::Both(5, Years, END_EMPLOYMENT, T(
                "Only the recognised degree and the certificate's validity date are kept outside the clinical record.",
                "Fuera de la historia clínica solo se conservan el grado reconocido y la fecha de validez del certificado.",
            ))),
        ],
        recipients: &[MEDICAL_STAFF, HR_TEAM],
        measures: M_SENSITIVE,
        systems: &[CLINICAL, HRIS],
        source: T("The worker and the occupational physician.", "El trabajador y el médico del trabajo."),
        review_in_days: 166,
        ..BASE
    },
    Spec {
        name: T("COVID-19 screening at workplaces", "Cribado de COVID-19 en los centros de trabajo"),
        description: T(
            "Temperature checks and antigen tests at stores and warehouses during the pandemic. Ended when the health emergency measures were lifted; records have been deleted.",
            "Control de temperatura y test de antígenos en tiendas y almacenes durante la pandemia. Finalizó con el levantamiento de las medidas de emergencia sanitaria; los registros se han suprimido.",
        ),
        dept: Dept::Health,
        owner: MEDICAL_DIRECTOR,
        purposes: &[T("Prevent the spread of COVID-19 at work", "Prevenir la propagación de la COVID-19 en el trabajo")],
        bases: &[LegalObligation],
        art9: Some(Art9::PublicHealth),
        subjects: &[EMPLOYEES, VISITORS],
        data: &[
            (IDENTIFICATION, Ret::Criteria(T("Deleted when the programme ended.", "Se suprimieron al terminar el programa."))),
            (HEALTH, Ret::Criteria(T(
                "Deleted when the programme ended; only anonymous statistics remain.",
                "Se suprimieron al terminar el programa; solo quedan estadísticas anónimas.",
            ))),
        ],
        recipients: &[MEDICAL_STAFF],
        measures: &[ENCRYPTION_REST, RBAC, AUTO_DELETION, CONFIDENTIALITY],
        systems: &[CLINICAL],
        source: T("The worker or visitor.", "El trabajador o el visitante."),
        status: Retired,
        review_in_days: 330,
        ..BASE
    },
    // ------------------------------------------------------------------------------------------------
    // Finance
    // ------------------------------------------------------------------------------------------------
    Spec {
        name: T("Supplier management and accounts payable", "Gestión de proveedores y cuentas a pagar"),
        description: T(
            "Supplier onboarding, purchase orders, invoice booking and payment. New or changed bank details are confirmed by call-back before the first payment.",
            "Alta de proveedores, pedidos de compra, contabilización de facturas y pago. Los datos bancarios nuevos o modificados se confirman por teléfono antes del primer pago.",
        ),
        dept: Dept::Finance,
        owner: AP_MANAGER,
        purposes: &[
            T("Purchase goods and services and pay suppliers", "Comprar bienes y servicios y pagar a los proveedores"),
            T("Keep accounting records and invoices", "Llevar la contabilidad y conservar las facturas"),
            T("Prevent invoice and payment fraud", "Prevenir el fraude en facturas y pagos"),
        ],
        bases: &[Contract, LegalObligation],
        subjects: &[SUPPLIER_CONTACTS],
        data: &[
            (IDENTIFICATION, Ret::Period(6, Years, END_FY)),
            (CONTACT, Ret::Period(6, Years, END_FY)),
            (BANK, Ret::Period(6, Years, END_FY)),
            (TAX, Ret::Period(6, Years, END_FY)),
        ],
        recipients: &[FINANCE_TEAM, BANKS, TAX_ES, AUDITORS],
        measures: M_PAYMENTS,
        systems: &[ERP],
        source: T("The supplier.", "El proveedor."),
        review_in_days: 209,
        ..BASE
    },
    Spec {
        name: T("Accounts receivable and debt collection", "Cobros y reclamación de impagos"),
        description: T(
            "Invoicing business customers, reminders, and handing overdue invoices to a collection agency after two reminders. Consumers' debts are not reported to credit reference files.",
            "Facturación a clientes empresariales, recordatorios y cesión de las facturas vencidas a una agencia de recobro tras dos avisos. Las deudas de consumidores no se comunican a ficheros de solvencia.",
        ),
        dept: Dept::Finance,
        owner: CREDIT_MANAGER,
        purposes: &[
            T("Collect amounts owed", "Cobrar las cantidades adeudadas"),
            T("Bring legal claims for unpaid invoices", "Ejercer acciones judiciales por facturas impagadas"),
        ],
        bases: &[Contract, LegitimateInterests],
        lia: "LIA-2023-07",
        subjects: &[B2B_CONTACTS, CUSTOMERS],
        data: &[
            (IDENTIFICATION, Ret::Period(6, Years, END_FY)),
            (CONTACT, Ret::Period(6, Years, END_FY)),
            (PURCHASES, Ret::Both(6, Years, END_FY, LEGAL_HOLD)),
        ],
        recipients: &[FINANCE_TEAM, COLLECTION_AGENCY, BANKS],
        measures: &[ENCRYPTION_REST, ENCRYPTION_TRANSIT, MFA, RBAC, DPAS],
        systems: &[ERP],
        source: T("Our sales records.", "Nuestros registros de ventas."),
        review_in_days: -23,
        ..BASE
    },
    Spec {
        name: T("Statutory audit of the annual accounts", "Auditoría de las cuentas anuales"),
        description: T(
            "Giving the external auditors access to accounting, payroll and supplier records that they sample for the statutory audit.",
            "Acceso de los auditores externos a los registros contables, de nóminas y de proveedores que seleccionan para la auditoría obligatoria.",
        ),
        dept: Dept::Finance,
        owner: CFO,
        purposes: &[T("Have the annual accounts audited as required by law", "Someter las cuentas anuales a la auditoría que exige la ley")],
        bases: &[LegalObligation],
        subjects: &[EMPLOYEES, SUPPLIER_CONTACTS, B2B_CONTACTS],
        data: &[
            (IDENTIFICATION, Ret::Period(6, Years, END_FY)),
            (PAYROLL, Ret::Period(6, Years, END_FY)),
            (BANK, Ret::Period(6, Years, END_FY)),
        ],
        recipients: &[AUDITORS, FINANCE_TEAM],
        measures: &[ENCRYPTION_TRANSIT, MFA, RBAC, ACCESS_LOGGING, CONFIDENTIALITY],
        systems: &[ERP, M365],
        source: T("Our accounting and payroll records.", "Nuestros registros contables y de nóminas."),
        review_in_days: 315,
        ..BASE
    },
    Spec {
        name: T("Business travel and expense claims", "Viajes de empresa y liquidación de gastos"),
        description: T(
            "Booking business trips through the travel agency and reimbursing expenses claimed by staff.",
            "Reserva de los viajes de trabajo a través de la agencia de viajes y reembolso de los gastos que presenta el personal.",
        ),
        dept: Dept::Finance,
        owner: CFO,
        purposes: &[
            T("Book travel and accommodation", "Reservar viajes y alojamiento"),
            T("Reimburse and account for expenses", "Reembolsar y contabilizar los gastos"),
        ],
        bases: &[Contract, LegalObligation],
        subjects: &[EMPLOYEES],
        data: &[
            (IDENTIFICATION, Ret::Period(6, Years, END_FY)),
            (CONTACT, Ret::Period(6, Years, END_FY)),
            (BANK, Ret::Period(6, Years, END_FY)),
            (PAYROLL, Ret::Period(6, Years, END_FY)),
        ],
        recipients: &[FINANCE_TEAM, TRAVEL_AGENCY, BANKS],
        measures: &[ENCRYPTION_TRANSIT, MFA, RBAC, FOUR_EYES, DPAS],
        systems: &[ERP],
        source: T("The employee and the travel agency.", "El empleado y la agencia de viajes."),
        review_in_days: 268,
        ..BASE
    },
];
