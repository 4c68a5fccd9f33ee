//! The vocabularies the demonstration activities refer to. Each entry's name is a constant so that an
//! activity refers to it by the same pair of texts, and the reference resolves in either language.

use cockpit_domain::{DataCategoryKind as K, MeasureKind as M, RecipientKind as R};

use crate::T;

// ---------------------------------------------------------------------------------------------------
// Data-subject categories
// ---------------------------------------------------------------------------------------------------

pub(crate) const EMPLOYEES: T = T("Employees", "Empleados");
pub(crate) const FORMER_EMPLOYEES: T = T("Former employees", "Antiguos empleados");
pub(crate) const APPLICANTS: T = T("Job applicants", "Candidatos a un empleo");
pub(crate) const TRAINEES: T = T("Interns and apprentices", "Becarios y aprendices");
pub(crate) const FAMILY: T =
    T("Employees' family members and beneficiaries", "Familiares y beneficiarios de los empleados");
pub(crate) const CUSTOMERS: T = T("Retail customers", "Clientes particulares");
pub(crate) const PROSPECTS: T = T("Prospective customers", "Clientes potenciales");
pub(crate) const SUBSCRIBERS: T = T("Newsletter subscribers", "Suscriptores del boletín");
pub(crate) const WEB_VISITORS: T = T("Website and app users", "Usuarios del sitio web y de la app");
pub(crate) const LOYALTY_MEMBERS: T = T("Loyalty programme members", "Socios del programa de fidelización");
pub(crate) const B2B_CONTACTS: T = T("Business customer contacts", "Contactos de clientes empresariales");
pub(crate) const SUPPLIER_CONTACTS: T = T("Supplier contacts", "Contactos de proveedores");
pub(crate) const CLIENT_WORKERS: T = T("Workers of client companies", "Trabajadores de empresas cliente");
pub(crate) const VISITORS: T = T("Visitors to premises", "Visitantes de las instalaciones");
pub(crate) const WHISTLEBLOWERS: T =
    T("Whistleblowers and persons concerned", "Informantes y personas afectadas");

pub(crate) const DATA_SUBJECTS: &[(T, T)] = &[
    (
        EMPLOYEES,
        T(
            "Staff with an employment contract at any establishment, including managers and temporary staff.",
            "Personal con contrato laboral en cualquier centro, incluidos directivos y personal temporal.",
        ),
    ),
    (
        FORMER_EMPLOYEES,
        T(
            "People whose employment has ended and whose records are kept for statutory periods.",
            "Personas cuya relación laboral ha terminado y cuyos datos se conservan durante los plazos legales.",
        ),
    ),
    (
        APPLICANTS,
        T(
            "People who apply for a vacancy or send an unsolicited application.",
            "Personas que se presentan a una vacante o envían una candidatura espontánea.",
        ),
    ),
    (
        TRAINEES,
        T(
            "Students on curricular internships and dual vocational training apprentices.",
            "Estudiantes en prácticas curriculares y aprendices de FP dual.",
        ),
    ),
    (
        FAMILY,
        T(
            "Spouses, children and other beneficiaries named by employees for benefits and insurance.",
            "Cónyuges, hijos y otros beneficiarios que los empleados designan para beneficios sociales y seguros.",
        ),
    ),
    (
        CUSTOMERS,
        T(
            "Consumers who buy in our stores or in the online shop.",
            "Consumidores que compran en nuestras tiendas o en la tienda online.",
        ),
    ),
    (
        PROSPECTS,
        T(
            "People and companies who have shown interest but have not yet bought.",
            "Personas y empresas que han mostrado interés pero aún no han comprado.",
        ),
    ),
    (
        SUBSCRIBERS,
        T(
            "People who have subscribed to the commercial newsletter.",
            "Personas que se han suscrito al boletín comercial.",
        ),
    ),
    (
        WEB_VISITORS,
        T(
            "Visitors of the website and users of the mobile app.",
            "Visitantes del sitio web y usuarios de la aplicación móvil.",
        ),
    ),
    (
        LOYALTY_MEMBERS,
        T(
            "Customers registered in the co-branded loyalty programme.",
            "Clientes inscritos en el programa de fidelización compartido.",
        ),
    ),
    (
        B2B_CONTACTS,
        T(
            "Employees of business customers who act as our contact persons.",
            "Empleados de clientes empresariales que actúan como personas de contacto.",
        ),
    ),
    (
        SUPPLIER_CONTACTS,
        T(
            "Contact persons of suppliers and service providers, and self-employed suppliers.",
            "Personas de contacto de proveedores y prestadores de servicios, y proveedores autónomos.",
        ),
    ),
    (
        CLIENT_WORKERS,
        T(
            "Employees of the companies that contract our occupational-health services.",
            "Empleados de las empresas que contratan nuestros servicios de salud laboral.",
        ),
    ),
    (
        VISITORS,
        T(
            "Visitors, couriers and contractors entering offices, warehouses and health centres.",
            "Visitantes, mensajeros y contratistas que acceden a oficinas, almacenes y centros de salud.",
        ),
    ),
    (
        WHISTLEBLOWERS,
        T(
            "People who report breaches, the persons they report and witnesses.",
            "Personas que comunican infracciones, las personas a las que se refieren y los testigos.",
        ),
    ),
];

// ---------------------------------------------------------------------------------------------------
// Data categories
// ---------------------------------------------------------------------------------------------------

pub(crate) const IDENTIFICATION: T = T("Identification data", "Datos identificativos");
pub(crate) const CONTACT: T = T("Contact details", "Datos de contacto");
pub(crate) const EMPLOYMENT: T = T("Employment details", "Datos profesionales y del puesto");
pub(crate) const PAYROLL: T = T("Payroll and compensation data", "Datos de nómina y retribución");
pub(crate) const BANK: T = T("Bank account details", "Datos bancarios");
pub(crate) const TAX: T = T("Tax data", "Datos fiscales");
pub(crate) const SOCIAL_SECURITY: T = T("Social security data", "Datos de la Seguridad Social");
pub(crate) const WORKING_TIME: T = T("Working-time records", "Registro de jornada");
pub(crate) const PERFORMANCE: T = T("Performance evaluations", "Evaluaciones del desempeño");
pub(crate) const TRAINING: T = T("Training records", "Datos de formación");
pub(crate) const CV: T = T("CV and professional background", "Currículum y trayectoria profesional");
pub(crate) const ASSESSMENT: T =
    T("Interview notes and test results", "Notas de entrevista y resultados de pruebas");
pub(crate) const PURCHASES: T = T("Purchase history", "Historial de compras");
pub(crate) const PAYMENT: T = T("Payment transaction data", "Datos de transacciones de pago");
pub(crate) const ONLINE_IDS: T = T("Online identifiers and cookies", "Identificadores en línea y cookies");
pub(crate) const PREFERENCES: T =
    T("Marketing preferences and consents", "Preferencias y consentimientos comerciales");
pub(crate) const SUPPORT_INTERACTIONS: T =
    T("Customer service interactions", "Interacciones con atención al cliente");
pub(crate) const CALL_RECORDINGS: T = T("Call recordings", "Grabaciones de llamadas");
pub(crate) const CCTV: T = T("Video surveillance images", "Imágenes de videovigilancia");
pub(crate) const IT_LOGS: T = T("IT usage and access logs", "Registros de uso y acceso a sistemas");
pub(crate) const LOCATION: T = T("Vehicle location data", "Datos de geolocalización de vehículos");
pub(crate) const FRAUD_SIGNALS: T =
    T("Fraud-risk signals and scores", "Indicadores y puntuaciones de riesgo de fraude");
pub(crate) const REPORT_CONTENT: T = T("Content of reports", "Contenido de las comunicaciones");
pub(crate) const EMERGENCY_CONTACT: T = T("Emergency contacts", "Contactos de emergencia");
pub(crate) const HEALTH: T = T("Health data", "Datos de salud");
pub(crate) const MEDICAL_EXAMS: T =
    T("Occupational medical examination results", "Resultados de reconocimientos médicos laborales");
pub(crate) const DISABILITY: T = T("Disability status", "Grado de discapacidad");
pub(crate) const UNION: T = T("Trade-union membership", "Afiliación sindical");
pub(crate) const BIOMETRIC: T =
    T("Biometric data (fingerprint templates)", "Datos biométricos (plantillas de huella dactilar)");
pub(crate) const CRIMINAL_RECORDS: T =
    T("Criminal record certificates", "Certificados de antecedentes penales");

pub(crate) const DATA_CATEGORIES: &[(T, K, T)] = &[
    (
        IDENTIFICATION,
        K::Ordinary,
        T(
            "Name, national ID or passport number, date of birth, signature, photograph on the staff badge.",
            "Nombre, DNI/NIE o pasaporte, fecha de nacimiento, firma y fotografía de la tarjeta de empleado.",
        ),
    ),
    (
        CONTACT,
        K::Ordinary,
        T("Postal address, e-mail address, telephone numbers.", "Dirección postal, correo electrónico y teléfonos."),
    ),
    (
        EMPLOYMENT,
        K::Ordinary,
        T(
            "Job title, department, contract type, working pattern, start and end dates, employee number.",
            "Puesto, departamento, tipo de contrato, jornada, fechas de alta y baja y número de empleado.",
        ),
    ),
    (
        PAYROLL,
        K::Ordinary,
        T(
            "Salary, bonuses, deductions, garnishments, benefits in kind and payslips.",
            "Salario, variables, deducciones, embargos, retribución en especie y recibos de nómina.",
        ),
    ),
    (BANK, K::Ordinary, T("IBAN and account holder.", "IBAN y titular de la cuenta.")),
    (
        TAX,
        K::Ordinary,
        T(
            "Tax identification number, withholding rate, family situation relevant for withholding.",
            "NIF, porcentaje de retención y situación familiar a efectos de retenciones del IRPF.",
        ),
    ),
    (
        SOCIAL_SECURITY,
        K::Ordinary,
        T(
            "Social security number, contribution group, registrations and deregistrations.",
            "Número de afiliación, grupo de cotización, altas y bajas en la Seguridad Social.",
        ),
    ),
    (
        WORKING_TIME,
        K::Ordinary,
        T(
            "Daily start and end times, breaks, overtime and leave.",
            "Hora de inicio y fin de la jornada diaria, pausas, horas extraordinarias y permisos.",
        ),
    ),
    (
        PERFORMANCE,
        K::Ordinary,
        T(
            "Objectives, appraisal ratings, manager comments and development plans.",
            "Objetivos, valoraciones, comentarios del responsable y planes de desarrollo.",
        ),
    ),
    (
        TRAINING,
        K::Ordinary,
        T(
            "Courses attended, certificates, mandatory health and safety training.",
            "Cursos realizados, certificados y formación obligatoria en prevención de riesgos laborales.",
        ),
    ),
    (
        CV,
        K::Ordinary,
        T(
            "Education, work history, skills, languages and certifications.",
            "Formación académica, experiencia laboral, competencias, idiomas y certificaciones.",
        ),
    ),
    (
        ASSESSMENT,
        K::Ordinary,
        T(
            "Interviewer notes, scores in technical and aptitude tests, hiring decision.",
            "Notas de los entrevistadores, resultados de pruebas técnicas y de aptitud y decisión final.",
        ),
    ),
    (
        PURCHASES,
        K::Ordinary,
        T(
            "Products bought, dates, store or channel, amounts, returns.",
            "Productos comprados, fechas, tienda o canal, importes y devoluciones.",
        ),
    ),
    (
        PAYMENT,
        K::Ordinary,
        T(
            "Payment method, tokenised card reference, authorisation result. Full card numbers are never stored.",
            "Medio de pago, referencia tokenizada de la tarjeta y resultado de la autorización. Nunca se almacena el número completo de la tarjeta.",
        ),
    ),
    (
        ONLINE_IDS,
        K::Ordinary,
        T(
            "Cookie identifiers, device identifiers, IP address, browser and app usage events.",
            "Identificadores de cookies y de dispositivo, dirección IP, navegador y eventos de uso de la app.",
        ),
    ),
    (
        PREFERENCES,
        K::Ordinary,
        T(
            "Channels and topics chosen, consent records with date, wording and source.",
            "Canales y temas elegidos y registro de los consentimientos con fecha, texto y origen.",
        ),
    ),
    (
        SUPPORT_INTERACTIONS,
        K::Ordinary,
        T(
            "Tickets, e-mails, chat transcripts, complaint forms and their resolution.",
            "Tickets, correos, transcripciones de chat, hojas de reclamaciones y su resolución.",
        ),
    ),
    (
        CALL_RECORDINGS,
        K::Ordinary,
        T("Audio recordings of calls to the contact centre.", "Grabaciones de audio de las llamadas al centro de contacto."),
    ),
    (
        CCTV,
        K::Ordinary,
        T(
            "Images recorded by cameras at store entrances, tills and warehouses.",
            "Imágenes captadas por las cámaras de accesos, cajas y almacenes.",
        ),
    ),
    (
        IT_LOGS,
        K::Ordinary,
        T(
            "User IDs, authentication events, system and network logs, security alerts.",
            "Identificadores de usuario, eventos de autenticación, registros de sistemas y de red y alertas de seguridad.",
        ),
    ),
    (
        LOCATION,
        K::Ordinary,
        T(
            "GPS position, routes and mileage of company vehicles.",
            "Posición GPS, rutas y kilometraje de los vehículos de empresa.",
        ),
    ),
    (
        FRAUD_SIGNALS,
        K::Ordinary,
        T(
            "Device fingerprint, address mismatches, order velocity, risk score and decision.",
            "Huella del dispositivo, discrepancias de dirección, frecuencia de pedidos, puntuación de riesgo y decisión.",
        ),
    ),
    (
        REPORT_CONTENT,
        K::Ordinary,
        T(
            "Facts reported, evidence provided and the outcome of the investigation.",
            "Hechos comunicados, pruebas aportadas y resultado de la investigación.",
        ),
    ),
    (
        EMERGENCY_CONTACT,
        K::Ordinary,
        T(
            "Name and telephone number of the person to call in an emergency.",
            "Nombre y teléfono de la persona a la que avisar en caso de emergencia.",
        ),
    ),
    (
        HEALTH,
        K::Special,
        T(
            "Sick-leave certificates, medical restrictions, vaccination status and other health information.",
            "Partes de baja, limitaciones médicas, estado de vacunación y otra información sobre la salud.",
        ),
    ),
    (
        MEDICAL_EXAMS,
        K::Special,
        T(
            "Clinical findings of occupational medical examinations and the resulting fitness assessment.",
            "Hallazgos clínicos de los reconocimientos médicos laborales y la calificación de aptitud resultante.",
        ),
    ),
    (
        DISABILITY,
        K::Special,
        T(
            "Recognised degree of disability and the workplace adjustments it requires.",
            "Grado de discapacidad reconocido y adaptaciones del puesto que requiere.",
        ),
    ),
    (
        UNION,
        K::Special,
        T(
            "Membership of a trade union, as needed to deduct union dues from pay.",
            "Afiliación a un sindicato, en la medida necesaria para descontar la cuota sindical de la nómina.",
        ),
    ),
    (
        BIOMETRIC,
        K::Special,
        T(
            "Fingerprint templates (not images) used to unlock restricted rooms.",
            "Plantillas de huella dactilar (no imágenes) usadas para abrir salas restringidas.",
        ),
    ),
    (
        CRIMINAL_RECORDS,
        K::Criminal,
        T(
            "Certificates of the absence of sexual offences and certificates of good conduct, and the result of their verification.",
            "Certificados negativos de delitos de naturaleza sexual y certificados de antecedentes penales, y el resultado de su verificación.",
        ),
    ),
];

// ---------------------------------------------------------------------------------------------------
// Recipients
// ---------------------------------------------------------------------------------------------------

pub(crate) struct RecipientSpec {
    pub name: T,
    pub kind: R,
    pub processor: bool,
    pub country: &'static str,
    pub description: T,
}

pub(crate) const HR_TEAM: T = T("HR department", "Departamento de RR. HH.");
pub(crate) const FINANCE_TEAM: T = T("Finance department", "Departamento de Finanzas");
pub(crate) const IT_TEAM: T = T("IT and security team", "Equipo de TI y seguridad");
pub(crate) const SALES_TEAM: T = T("Sales team", "Equipo de ventas");
pub(crate) const MARKETING_TEAM: T = T("Marketing team", "Equipo de marketing");
pub(crate) const MEDICAL_STAFF: T =
    T("Occupational-health medical staff", "Personal sanitario de salud laboral");
pub(crate) const WORKS_COUNCIL: T =
    T("Works council and staff representatives", "Comité de empresa y delegados de personal");
pub(crate) const COMPLIANCE_TEAM: T =
    T("Compliance and legal team", "Equipo de cumplimiento y asesoría jurídica");
pub(crate) const PAYROLL_PROVIDER: T = T("Payroll service provider", "Proveedor de servicios de nómina");
pub(crate) const CRM_PROVIDER: T = T("Cloud CRM provider (US)", "Proveedor de CRM en la nube (EE. UU.)");
pub(crate) const EMAIL_PLATFORM: T = T("E-mail marketing platform", "Plataforma de e-mail marketing");
pub(crate) const RECRUITING_PLATFORM: T = T("Recruiting platform", "Plataforma de selección de personal");
pub(crate) const HELPDESK_PROVIDER: T =
    T("Helpdesk SaaS provider (US)", "Proveedor de helpdesk SaaS (EE. UU.)");
pub(crate) const SUPPORT_OUTSOURCER: T =
    T("Customer-support outsourcer (India)", "Centro de atención externalizado (India)");
pub(crate) const CHATBOT_PROVIDER: T = T("Chatbot provider (US)", "Proveedor de chatbot (EE. UU.)");
pub(crate) const BANKS: T = T("Banks", "Entidades bancarias");
pub(crate) const PAYMENT_PROVIDER: T = T("Payment service provider", "Proveedor de servicios de pago");
pub(crate) const TAX_ES: T =
    T("Spanish Tax Agency (AEAT)", "Agencia Estatal de Administración Tributaria (AEAT)");
pub(crate) const TAX_DE: T = T("German tax offices", "Oficinas tributarias alemanas (Finanzamt)");
pub(crate) const SOCIAL_SECURITY_BODIES: T = T("Social security bodies", "Organismos de la Seguridad Social");
pub(crate) const OCC_HEALTH_DE: T =
    T("External occupational physician (Munich)", "Servicio médico del trabajo externo (Múnich)");
pub(crate) const MUTUA: T =
    T("Mutual insurance society for work accidents", "Mutua colaboradora con la Seguridad Social");
pub(crate) const LABOUR_AUTHORITY: T = T("Labour inspectorate", "Inspección de Trabajo y Seguridad Social");
pub(crate) const AUDITORS: T = T("Statutory auditors", "Auditores de cuentas");
pub(crate) const INSURERS: T = T("Insurance companies", "Compañías aseguradoras");
pub(crate) const CARRIERS: T = T("Parcel carriers", "Empresas de mensajería");
pub(crate) const TRAVEL_AGENCY: T = T("Business travel agency", "Agencia de viajes de empresa");
pub(crate) const AUTHORITIES: T =
    T("Courts and law-enforcement authorities", "Juzgados y Fuerzas y Cuerpos de Seguridad");
pub(crate) const CLIENT_COMPANIES: T =
    T("Client companies (fitness certificates only)", "Empresas cliente (solo certificados de aptitud)");
pub(crate) const COLLECTION_AGENCY: T = T("Debt collection agency", "Agencia de recobro");

pub(crate) const RECIPIENTS: &[RecipientSpec] = &[
    RecipientSpec {
        name: HR_TEAM,
        kind: R::Internal,
        processor: false,
        country: "ES",
        description: T(
            "HR business partners and HR administration in Madrid and Munich.",
            "HR business partners y administración de personal en Madrid y Múnich.",
        ),
    },
    RecipientSpec {
        name: FINANCE_TEAM,
        kind: R::Internal,
        processor: false,
        country: "ES",
        description: T("Accounting, treasury and controlling.", "Contabilidad, tesorería y control de gestión."),
    },
    RecipientSpec {
        name: IT_TEAM,
        kind: R::Internal,
        processor: false,
        country: "ES",
        description: T(
            "IT operations, service desk and the security operations team.",
            "Operaciones de TI, service desk y equipo de operaciones de seguridad.",
        ),
    },
    RecipientSpec {
        name: SALES_TEAM,
        kind: R::Internal,
        processor: false,
        country: "ES",
        description: T(
            "Store managers, online shop team and key account managers.",
            "Responsables de tienda, equipo de la tienda online y gestores de grandes cuentas.",
        ),
    },
    RecipientSpec {
        name: MARKETING_TEAM,
        kind: R::Internal,
        processor: false,
        country: "ES",
        description: T("CRM, campaigns and loyalty programme team.", "Equipo de CRM, campañas y programa de fidelización."),
    },
    RecipientSpec {
        name: MEDICAL_STAFF,
        kind: R::Internal,
        processor: false,
        country: "ES",
        description: T(
            "Occupational physicians and nurses, bound by medical confidentiality. No one else sees clinical data.",
            "Médicos y enfermeros del trabajo, sujetos al secreto profesional. Nadie más accede a los datos clínicos.",
        ),
    },
    RecipientSpec {
        name: WORKS_COUNCIL,
        kind: R::Internal,
        processor: false,
        country: "ES",
        description: T(
            "Statutory staff representation in Spain and the Betriebsrat in Munich.",
            "Representación legal de los trabajadores en España y el Betriebsrat en Múnich.",
        ),
    },
    RecipientSpec {
        name: COMPLIANCE_TEAM,
        kind: R::Internal,
        processor: false,
        country: "ES",
        description: T(
            "Compliance officer and in-house lawyers; manage the whistleblowing channel.",
            "Responsable de cumplimiento y abogados internos; gestionan el canal de denuncias.",
        ),
    },
    RecipientSpec {
        name: PAYROLL_PROVIDER,
        kind: R::External,
        processor: true,
        country: "ES",
        description: T(
            "Labour consultancy that calculates payroll and files social security returns. DPA signed, ref. DPA-017.",
            "Asesoría laboral que calcula las nóminas y presenta los seguros sociales. Contrato de encargo firmado, ref. DPA-017.",
        ),
    },
    RecipientSpec {
        name: CRM_PROVIDER,
        kind: R::External,
        processor: true,
        country: "US",
        description: T(
            "Hosts the B2B CRM in the United States. DPF-certified; DPA ref. DPA-004.",
            "Aloja el CRM B2B en Estados Unidos. Certificado en el DPF; contrato de encargo ref. DPA-004.",
        ),
    },
    RecipientSpec {
        name: EMAIL_PLATFORM,
        kind: R::External,
        processor: true,
        country: "DE",
        description: T(
            "Sends newsletters and transactional e-mails from data centres in Germany. DPA ref. DPA-009.",
            "Envía boletines y correos transaccionales desde centros de datos en Alemania. Contrato de encargo ref. DPA-009.",
        ),
    },
    RecipientSpec {
        name: RECRUITING_PLATFORM,
        kind: R::External,
        processor: true,
        country: "IE",
        description: T(
            "Hosts the careers site and the applicant tracking system in Ireland. DPA ref. DPA-011.",
            "Aloja el portal de empleo y el sistema de gestión de candidatos en Irlanda. Contrato de encargo ref. DPA-011.",
        ),
    },
    RecipientSpec {
        name: HELPDESK_PROVIDER,
        kind: R::External,
        processor: true,
        country: "US",
        description: T(
            "Ticketing and chat software hosted in the United States. SCC module 2, DPA ref. DPA-013.",
            "Software de tickets y chat alojado en Estados Unidos. CCT módulo 2, contrato de encargo ref. DPA-013.",
        ),
    },
    RecipientSpec {
        name: SUPPORT_OUTSOURCER,
        kind: R::External,
        processor: true,
        country: "IN",
        description: T(
            "Second-level e-mail support from Bangalore, in English and Spanish. SCC module 2, DPA ref. DPA-014.",
            "Soporte de segundo nivel por correo desde Bangalore, en inglés y español. CCT módulo 2, contrato de encargo ref. DPA-014.",
        ),
    },
    RecipientSpec {
        name: CHATBOT_PROVIDER,
        kind: R::External,
        processor: true,
        country: "US",
        description: T(
            "Conversational AI vendor under evaluation for the website chat. Contract not yet signed.",
            "Proveedor de IA conversacional en evaluación para el chat de la web. Contrato aún no firmado.",
        ),
    },
    RecipientSpec {
        name: BANKS,
        kind: R::External,
        processor: false,
        country: "ES",
        description: T(
            "Our house banks, for salary transfers, supplier payments and direct debits.",
            "Nuestros bancos, para transferencias de nóminas, pagos a proveedores y domiciliaciones.",
        ),
    },
    RecipientSpec {
        name: PAYMENT_PROVIDER,
        kind: R::External,
        processor: false,
        country: "NL",
        description: T(
            "Card acquirer and payment gateway for the online shop and stores; independent controller under PSD2.",
            "Adquirente de tarjetas y pasarela de pago de la tienda online y las tiendas; responsable independiente conforme a PSD2.",
        ),
    },
    RecipientSpec {
        name: TAX_ES,
        kind: R::External,
        processor: false,
        country: "ES",
        description: T(
            "Receives withholding returns (forms 111 and 190) and other tax filings.",
            "Recibe las declaraciones de retenciones (modelos 111 y 190) y otras obligaciones tributarias.",
        ),
    },
    RecipientSpec {
        name: TAX_DE,
        kind: R::External,
        processor: false,
        country: "DE",
        description: T(
            "Receive wage tax filings for staff of the Munich branch.",
            "Reciben las declaraciones del impuesto sobre salarios del personal de la sucursal de Múnich.",
        ),
    },
    RecipientSpec {
        name: SOCIAL_SECURITY_BODIES,
        kind: R::External,
        processor: false,
        country: "ES",
        description: T(
            "Spanish General Treasury of Social Security (TGSS), INSS, and the German statutory insurers.",
            "Tesorería General de la Seguridad Social (TGSS), INSS y las aseguradoras públicas alemanas.",
        ),
    },
    RecipientSpec {
        name: OCC_HEALTH_DE,
        kind: R::External,
        processor: false,
        country: "DE",
        description: T(
            "Company doctor (Betriebsarzt) service for the Munich branch; independent controller of medical records.",
            "Servicio de médico de empresa (Betriebsarzt) de la sucursal de Múnich; responsable independiente de la historia clínica.",
        ),
    },
    RecipientSpec {
        name: MUTUA,
        kind: R::External,
        processor: false,
        country: "ES",
        description: T(
            "Covers work accidents and occupational diseases for Spanish staff.",
            "Cubre las contingencias profesionales del personal en España.",
        ),
    },
    RecipientSpec {
        name: LABOUR_AUTHORITY,
        kind: R::External,
        processor: false,
        country: "ES",
        description: T(
            "Receives accident notifications and may inspect working-time records.",
            "Recibe los partes de accidente y puede inspeccionar el registro de jornada.",
        ),
    },
    RecipientSpec {
        name: AUDITORS,
        kind: R::External,
        processor: false,
        country: "ES",
        description: T(
            "External auditors of the annual accounts, bound by professional secrecy.",
            "Auditores externos de las cuentas anuales, sujetos al deber de secreto.",
        ),
    },
    RecipientSpec {
        name: INSURERS,
        kind: R::External,
        processor: false,
        country: "ES",
        description: T(
            "Health, life and liability insurers of the group.",
            "Aseguradoras de salud, vida y responsabilidad civil del grupo.",
        ),
    },
    RecipientSpec {
        name: CARRIERS,
        kind: R::External,
        processor: true,
        country: "ES",
        description: T(
            "Deliver online orders; receive name, address and telephone only. DPA ref. DPA-021.",
            "Entregan los pedidos online; solo reciben nombre, dirección y teléfono. Contrato de encargo ref. DPA-021.",
        ),
    },
    RecipientSpec {
        name: TRAVEL_AGENCY,
        kind: R::External,
        processor: true,
        country: "ES",
        description: T(
            "Books flights, trains and hotels for business trips. DPA ref. DPA-024.",
            "Reserva vuelos, trenes y hoteles para los viajes de trabajo. Contrato de encargo ref. DPA-024.",
        ),
    },
    RecipientSpec {
        name: AUTHORITIES,
        kind: R::External,
        processor: false,
        country: "ES",
        description: T(
            "Only on a court order or a formal request, or to report an offence.",
            "Solo por orden judicial o requerimiento formal, o para denunciar un delito.",
        ),
    },
    RecipientSpec {
        name: CLIENT_COMPANIES,
        kind: R::External,
        processor: false,
        country: "ES",
        description: T(
            "Receive only the fitness conclusion (fit, fit with restrictions, unfit), never clinical data.",
            "Solo reciben la conclusión de aptitud (apto, apto con limitaciones, no apto), nunca datos clínicos.",
        ),
    },
    RecipientSpec {
        name: COLLECTION_AGENCY,
        kind: R::External,
        processor: true,
        country: "ES",
        description: T(
            "Recovers overdue B2B invoices on our instructions. DPA ref. DPA-027.",
            "Gestiona el cobro de facturas B2B vencidas siguiendo nuestras instrucciones. Contrato de encargo ref. DPA-027.",
        ),
    },
];

// ---------------------------------------------------------------------------------------------------
// Systems
// ---------------------------------------------------------------------------------------------------

pub(crate) struct SystemSpec {
    pub name: T,
    pub description: T,
    pub hosting_country: &'static str,
    pub owner: T,
}

pub(crate) const HRIS: T = T("HR information system (HRIS)", "Sistema de información de RR. HH. (HRIS)");
pub(crate) const PAYROLL_APP: T = T("Payroll application", "Aplicación de nóminas");
pub(crate) const ATS: T = T("Applicant tracking system (ATS)", "Sistema de gestión de candidatos (ATS)");
pub(crate) const CRM: T = T("Cloud CRM", "CRM en la nube");
pub(crate) const ERP: T = T("ERP (finance and logistics)", "ERP (finanzas y logística)");
pub(crate) const HELPDESK: T = T("Helpdesk ticketing tool", "Herramienta de tickets de atención al cliente");
pub(crate) const DWH: T = T("Data warehouse", "Almacén de datos (data warehouse)");
pub(crate) const M365: T =
    T("Microsoft 365 (e-mail and collaboration)", "Microsoft 365 (correo y colaboración)");
pub(crate) const BADGE: T = T("Access-control and badge system", "Sistema de control de accesos y tarjetas");
pub(crate) const CCTV_SYSTEM: T = T("Video surveillance system", "Sistema de videovigilancia");
pub(crate) const ESHOP: T = T("E-commerce platform", "Plataforma de comercio electrónico");
pub(crate) const POS: T = T("Point-of-sale system", "Sistema de punto de venta (TPV)");
pub(crate) const CLINICAL: T =
    T("Occupational-health clinical records", "Historia clínico-laboral electrónica");
pub(crate) const EMAIL_TOOL: T = T("E-mail marketing tool", "Herramienta de e-mail marketing");
pub(crate) const TELEPHONY: T = T("Contact-centre telephony", "Telefonía del centro de contacto");
pub(crate) const SIEM: T = T("SIEM and log management", "SIEM y gestión de registros");
pub(crate) const WHISTLE_SYSTEM: T = T("Whistleblowing channel", "Canal de denuncias");
pub(crate) const FLEET: T = T("Fleet telematics", "Telemática de flota");
pub(crate) const LMS: T = T("Learning management system", "Plataforma de formación (LMS)");
pub(crate) const IAM: T = T("Identity and access management", "Gestión de identidades y accesos");

pub(crate) const SYSTEMS: &[SystemSpec] = &[
    SystemSpec {
        name: HRIS,
        description: T(
            "Master data, organisation chart, contracts and absences. SaaS, EU data centres.",
            "Datos maestros, organigrama, contratos y ausencias. SaaS en centros de datos de la UE.",
        ),
        hosting_country: "DE",
        owner: T("HR Director", "Director de RR. HH."),
    },
    SystemSpec {
        name: PAYROLL_APP,
        description: T(
            "Payroll calculation, operated by the payroll service provider.",
            "Cálculo de la nómina, operado por el proveedor de servicios de nómina.",
        ),
        hosting_country: "ES",
        owner: T("Payroll Manager", "Responsable de Nóminas"),
    },
    SystemSpec {
        name: ATS,
        description: T(
            "Careers site, applications and interview workflow.",
            "Portal de empleo, candidaturas y flujo de entrevistas.",
        ),
        hosting_country: "IE",
        owner: T("Head of Talent Acquisition", "Responsable de Selección"),
    },
    SystemSpec {
        name: CRM,
        description: T(
            "B2B accounts, contacts, opportunities and activities.",
            "Cuentas B2B, contactos, oportunidades y actividades comerciales.",
        ),
        hosting_country: "US",
        owner: T("Head of B2B Sales", "Director de Ventas B2B"),
    },
    SystemSpec {
        name: ERP,
        description: T(
            "Accounting, invoicing, purchasing, stock and logistics. Hosted in our Madrid data centre.",
            "Contabilidad, facturación, compras, existencias y logística. Alojado en nuestro CPD de Madrid.",
        ),
        hosting_country: "ES",
        owner: T("Chief Financial Officer", "Director Financiero"),
    },
    SystemSpec {
        name: HELPDESK,
        description: T("Customer tickets, e-mail and chat.", "Tickets, correos y chat de clientes."),
        hosting_country: "US",
        owner: T("Head of Customer Service", "Responsable de Atención al Cliente"),
    },
    SystemSpec {
        name: DWH,
        description: T(
            "Reporting and analytics on pseudonymised sales and customer data.",
            "Informes y analítica sobre datos de ventas y clientes seudonimizados.",
        ),
        hosting_country: "DE",
        owner: T("Head of Data and Analytics", "Responsable de Datos y Analítica"),
    },
    SystemSpec {
        name: M365,
        description: T(
            "E-mail, calendars, Teams and file storage, EU Data Boundary.",
            "Correo, calendarios, Teams y almacenamiento de archivos, dentro del EU Data Boundary.",
        ),
        hosting_country: "IE",
        owner: T("Chief Information Officer", "Director de Sistemas"),
    },
    SystemSpec {
        name: BADGE,
        description: T(
            "Staff and visitor badges, door controllers and time clocks.",
            "Tarjetas de empleados y visitantes, controladores de puertas y terminales de fichaje.",
        ),
        hosting_country: "ES",
        owner: T("Facilities Manager", "Responsable de Servicios Generales"),
    },
    SystemSpec {
        name: CCTV_SYSTEM,
        description: T(
            "Cameras and video recorders in stores and warehouses, overwriting automatically.",
            "Cámaras y grabadores de las tiendas y almacenes, con sobrescritura automática.",
        ),
        hosting_country: "ES",
        owner: T("Chief Information Security Officer", "Responsable de Seguridad de la Información"),
    },
    SystemSpec {
        name: ESHOP,
        description: T(
            "Online shop, customer accounts and orders.",
            "Tienda online, cuentas de cliente y pedidos.",
        ),
        hosting_country: "DE",
        owner: T("Head of E-commerce", "Responsable de Comercio Electrónico"),
    },
    SystemSpec {
        name: POS,
        description: T("Tills and receipts in the stores.", "Cajas y tiques de venta en las tiendas."),
        hosting_country: "ES",
        owner: T("Head of Retail Operations", "Director de Operaciones de Tienda"),
    },
    SystemSpec {
        name: CLINICAL,
        description: T(
            "Medical records of occupational health, accessible to medical staff only.",
            "Historia clínica de salud laboral, accesible solo al personal sanitario.",
        ),
        hosting_country: "ES",
        owner: T("Medical Director", "Director Médico"),
    },
    SystemSpec {
        name: EMAIL_TOOL,
        description: T(
            "Newsletter lists, templates and campaign statistics.",
            "Listas, plantillas y estadísticas de campañas del boletín.",
        ),
        hosting_country: "DE",
        owner: T("Head of Marketing", "Director de Marketing"),
    },
    SystemSpec {
        name: TELEPHONY,
        description: T(
            "Cloud telephony with call recording.",
            "Telefonía en la nube con grabación de llamadas.",
        ),
        hosting_country: "ES",
        owner: T("Head of Customer Service", "Responsable de Atención al Cliente"),
    },
    SystemSpec {
        name: SIEM,
        description: T(
            "Central collection and correlation of security logs.",
            "Recogida y correlación centralizada de los registros de seguridad.",
        ),
        hosting_country: "ES",
        owner: T("Chief Information Security Officer", "Responsable de Seguridad de la Información"),
    },
    SystemSpec {
        name: WHISTLE_SYSTEM,
        description: T(
            "Web platform for reports, allowing anonymous reports and encrypted mailboxes.",
            "Plataforma web de comunicaciones que admite denuncias anónimas y buzones cifrados.",
        ),
        hosting_country: "DE",
        owner: T("Compliance Officer", "Responsable de Cumplimiento"),
    },
    SystemSpec {
        name: FLEET,
        description: T(
            "GPS boxes and portal for the company car fleet.",
            "Localizadores GPS y portal de la flota de vehículos.",
        ),
        hosting_country: "ES",
        owner: T("Fleet Manager", "Responsable de Flota"),
    },
    SystemSpec {
        name: LMS,
        description: T(
            "E-learning courses and training records.",
            "Cursos en línea y expedientes de formación.",
        ),
        hosting_country: "FR",
        owner: T("Learning and Development Manager", "Responsable de Formación y Desarrollo"),
    },
    SystemSpec {
        name: IAM,
        description: T(
            "Directory, single sign-on and multi-factor authentication.",
            "Directorio, inicio de sesión único y autenticación multifactor.",
        ),
        hosting_country: "IE",
        owner: T("Chief Information Officer", "Director de Sistemas"),
    },
];

// ---------------------------------------------------------------------------------------------------
// Security measures
// ---------------------------------------------------------------------------------------------------

pub(crate) const ENCRYPTION_REST: T = T("Encryption at rest", "Cifrado en reposo");
pub(crate) const ENCRYPTION_TRANSIT: T =
    T("Encryption in transit (TLS 1.2+)", "Cifrado en tránsito (TLS 1.2+)");
pub(crate) const MFA: T = T("Multi-factor authentication", "Autenticación multifactor");
pub(crate) const RBAC: T = T("Role-based access control", "Control de acceso basado en roles");
pub(crate) const PSEUDONYMISATION: T = T("Pseudonymisation", "Seudonimización");
pub(crate) const ACCESS_LOGGING: T = T("Access logging and monitoring", "Registro y supervisión de accesos");
pub(crate) const BACKUPS: T =
    T("Backups with restore tests", "Copias de seguridad con pruebas de restauración");
pub(crate) const ENDPOINT: T =
    T("Endpoint protection and disk encryption", "Protección de equipos y cifrado de disco");
pub(crate) const SEGMENTATION: T = T("Network segmentation", "Segmentación de red");
pub(crate) const AUTO_DELETION: T = T("Automated deletion routines", "Rutinas de borrado automático");
pub(crate) const PATCHING: T =
    T("Vulnerability management and patching", "Gestión de vulnerabilidades y parches");
pub(crate) const PHYSICAL: T = T("Physical access control", "Control de acceso físico");
pub(crate) const CONFIDENTIALITY: T = T("Confidentiality undertakings", "Compromisos de confidencialidad");
pub(crate) const TRAINING_DP: T = T("Data protection training", "Formación en protección de datos");
pub(crate) const DPAS: T =
    T("Data processing agreements (Art. 28)", "Contratos de encargo del tratamiento (art. 28)");
pub(crate) const VENDOR_ASSESSMENT: T =
    T("Supplier security assessments", "Evaluación de la seguridad de proveedores");
pub(crate) const INCIDENT_PROCEDURE: T =
    T("Incident and breach response procedure", "Procedimiento de gestión de incidentes y brechas");
pub(crate) const CLEAN_DESK: T = T("Clean desk and locked cabinets", "Mesa limpia y armarios bajo llave");
pub(crate) const FOUR_EYES: T = T("Four-eyes principle", "Principio de doble validación");

pub(crate) const MEASURES: &[(T, M, T)] = &[
    (
        ENCRYPTION_REST,
        M::Technical,
        T("AES-256 encryption of databases, file stores and backups.", "Cifrado AES-256 de bases de datos, almacenamiento y copias."),
    ),
    (
        ENCRYPTION_TRANSIT,
        M::Technical,
        T(
            "TLS 1.2 or higher for every connection that carries personal data.",
            "TLS 1.2 o superior en toda conexión que transporte datos personales.",
        ),
    ),
    (
        MFA,
        M::Technical,
        T(
            "Second factor for every remote and administrative access.",
            "Segundo factor en todo acceso remoto y administrativo.",
        ),
    ),
    (
        RBAC,
        M::Technical,
        T(
            "Permissions granted by role, approved by the data owner and recertified every six months.",
            "Permisos asignados por rol, aprobados por el propietario de los datos y revisados cada seis meses.",
        ),
    ),
    (
        PSEUDONYMISATION,
        M::Technical,
        T(
            "Direct identifiers replaced by keyed hashes for analytics and reporting.",
            "Sustitución de identificadores directos por hashes con clave para analítica e informes.",
        ),
    ),
    (
        ACCESS_LOGGING,
        M::Technical,
        T(
            "Read and write access to personal data is logged and alerts go to the SIEM.",
            "Se registran los accesos de lectura y escritura a datos personales y las alertas llegan al SIEM.",
        ),
    ),
    (
        BACKUPS,
        M::Technical,
        T(
            "Daily encrypted backups, stored off-site, with quarterly restore tests.",
            "Copias diarias cifradas, almacenadas fuera de las instalaciones, con pruebas de restauración trimestrales.",
        ),
    ),
    (
        ENDPOINT,
        M::Technical,
        T(
            "EDR agent and full-disk encryption on every laptop and workstation.",
            "Agente EDR y cifrado completo del disco en todos los portátiles y puestos.",
        ),
    ),
    (
        SEGMENTATION,
        M::Technical,
        T(
            "Separate network zones for stores, offices, clinics and cameras.",
            "Zonas de red separadas para tiendas, oficinas, consultorios y cámaras.",
        ),
    ),
    (
        AUTO_DELETION,
        M::Technical,
        T(
            "Scheduled jobs delete or anonymise records when their retention period ends.",
            "Tareas programadas que borran o anonimizan los registros al vencer su plazo de conservación.",
        ),
    ),
    (
        PATCHING,
        M::Technical,
        T(
            "Monthly scans; critical patches within 7 days.",
            "Escaneos mensuales; parches críticos en un máximo de 7 días.",
        ),
    ),
    (
        PHYSICAL,
        M::Technical,
        T(
            "Badge-controlled doors for offices, archives, server rooms and clinics.",
            "Puertas con control por tarjeta en oficinas, archivos, salas de servidores y consultorios.",
        ),
    ),
    (
        CONFIDENTIALITY,
        M::Organisational,
        T(
            "Every employee and contractor signs a confidentiality undertaking.",
            "Todo empleado y colaborador firma un compromiso de confidencialidad.",
        ),
    ),
    (
        TRAINING_DP,
        M::Organisational,
        T(
            "Annual mandatory e-learning, plus specific sessions for HR, support and medical staff.",
            "Curso anual obligatorio en línea y sesiones específicas para RR. HH., atención al cliente y personal sanitario.",
        ),
    ),
    (
        DPAS,
        M::Organisational,
        T(
            "Every processor is bound by a contract that meets Art. 28(3).",
            "Todo encargado está vinculado por un contrato que cumple el art. 28.3.",
        ),
    ),
    (
        VENDOR_ASSESSMENT,
        M::Organisational,
        T(
            "Security questionnaire and certificate review before contracting and every two years.",
            "Cuestionario de seguridad y revisión de certificaciones antes de contratar y cada dos años.",
        ),
    ),
    (
        INCIDENT_PROCEDURE,
        M::Organisational,
        T(
            "24/7 escalation, breach assessment by the DPO and notification within 72 hours.",
            "Escalado 24/7, evaluación de la brecha por el DPD y notificación en un máximo de 72 horas.",
        ),
    ),
    (
        CLEAN_DESK,
        M::Organisational,
        T(
            "Paper files are kept in locked cabinets and desks are cleared at the end of the day.",
            "La documentación en papel se guarda en armarios bajo llave y las mesas quedan despejadas al final de la jornada.",
        ),
    ),
    (
        FOUR_EYES,
        M::Organisational,
        T(
            "Sensitive changes (bank details, payments, deletions) need a second person's approval.",
            "Los cambios sensibles (datos bancarios, pagos, borrados) requieren la aprobación de una segunda persona.",
        ),
    ),
];

// ---------------------------------------------------------------------------------------------------
// Parties
// ---------------------------------------------------------------------------------------------------

pub(crate) struct PartySpec {
    pub name: &'static str,
    pub contact: T,
    pub country: &'static str,
    pub dpo: &'static str,
}

pub(crate) const HORIZONTE: &str = "Horizonte Energía, S.A.";
pub(crate) const LEVANTE: &str = "Construcciones Levante Norte, S.L.";
pub(crate) const HOTELERA: &str = "Hotelera Mediterránea Costa, S.A.";
pub(crate) const ALPENBLICK: &str = "Alpenblick Hotels GmbH";

pub(crate) const PARTIES: &[PartySpec] = &[
    PartySpec {
        name: HORIZONTE,
        contact: T(
            "Loyalty programme office, Calle del Ejemplo 8, 28020 Madrid, Spain, privacidad@horizonte-energia.example.org, +34 910 555 310",
            "Oficina del programa de fidelización, Calle del Ejemplo 8, 28020 Madrid, privacidad@horizonte-energia.example.org, +34 910 555 310",
        ),
        country: "ES",
        dpo: "dpo@horizonte-energia.example.org",
    },
    PartySpec {
        name: LEVANTE,
        contact: T(
            "Head of Health and Safety, Polígono Industrial Ejemplo, nave 4, 46980 Paterna (Valencia), Spain, prevencion@levante-norte.example.org",
            "Responsable de Prevención, Polígono Industrial Ejemplo, nave 4, 46980 Paterna (Valencia), prevencion@levante-norte.example.org",
        ),
        country: "ES",
        dpo: "dpd@levante-norte.example.org",
    },
    PartySpec {
        name: HOTELERA,
        contact: T(
            "HR Director, Passeig de l'Exemple 120, 08005 Barcelona, Spain, rrhh@hotelera-mediterranea.example.org",
            "Directora de RR. HH., Passeig de l'Exemple 120, 08005 Barcelona, rrhh@hotelera-mediterranea.example.org",
        ),
        country: "ES",
        dpo: "dpo@hotelera-mediterranea.example.org",
    },
    PartySpec {
        name: ALPENBLICK,
        contact: T(
            "Personnel department, Musterweg 3, 82467 Garmisch-Partenkirchen, Germany, personal@alpenblick-hotels.example.org",
            "Departamento de personal, Musterweg 3, 82467 Garmisch-Partenkirchen, Alemania, personal@alpenblick-hotels.example.org",
        ),
        country: "DE",
        dpo: "datenschutz@alpenblick-hotels.example.org",
    },
];
