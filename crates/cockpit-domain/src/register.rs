//! The record of processing activities (GDPR Art. 30) as plain data.
//!
//! These types are the one shape of the register everywhere: storage loads and saves them, the API and
//! the desktop shell pass them across, the JSON export is them serialised, and the TypeScript UI gets
//! them through generated bindings. Vocabulary entries (data categories, recipients, systems, measures,
//! data-subject categories and external parties) are objects of their own; an activity refers to them by
//! name, which is unique per vocabulary (compared case-insensitively).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Art. 30(1) or Art. 30(2): whose record this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Controller,
    JointController,
    Processor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    #[default]
    Draft,
    Active,
    Retired,
}

/// Art. 6(1) lawful bases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LawfulBasis {
    /// Art. 6(1)(a)
    Consent,
    /// Art. 6(1)(b)
    Contract,
    /// Art. 6(1)(c)
    LegalObligation,
    /// Art. 6(1)(d)
    VitalInterests,
    /// Art. 6(1)(e)
    PublicTask,
    /// Art. 6(1)(f)
    LegitimateInterests,
}

/// Art. 9(2) conditions for special categories of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCategoryCondition {
    /// Art. 9(2)(a)
    ExplicitConsent,
    /// Art. 9(2)(b)
    EmploymentSocialSecurity,
    /// Art. 9(2)(c)
    VitalInterests,
    /// Art. 9(2)(d)
    NotForProfitBody,
    /// Art. 9(2)(e)
    MadePublicBySubject,
    /// Art. 9(2)(f)
    LegalClaims,
    /// Art. 9(2)(g)
    SubstantialPublicInterest,
    /// Art. 9(2)(h)
    HealthOrSocialCare,
    /// Art. 9(2)(i)
    PublicHealth,
    /// Art. 9(2)(j)
    ArchivingResearchStatistics,
}

/// Chapter V transfer tools (Art. 45 to 49).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TransferMechanism {
    /// Art. 45 adequacy decision.
    AdequacyDecision,
    /// Art. 46(2)(a) legally binding instrument between public authorities.
    PublicAuthorityInstrument,
    /// Art. 46(2)(b) and Art. 47 binding corporate rules.
    BindingCorporateRules,
    /// Art. 46(2)(c)/(d) standard data protection clauses.
    StandardContractualClauses,
    /// Art. 46(2)(e) approved code of conduct.
    CodeOfConduct,
    /// Art. 46(2)(f) approved certification mechanism.
    Certification,
    /// Art. 46(3)(a) ad hoc contractual clauses authorised by the supervisory authority.
    AdHocClauses,
    /// Art. 46(3)(b) administrative arrangements between public authorities.
    AdministrativeArrangement,
    /// Art. 49(1)(a) explicit consent.
    DerogationExplicitConsent,
    /// Art. 49(1)(b) performance of a contract with the data subject.
    DerogationContract,
    /// Art. 49(1)(c) contract in the interest of the data subject.
    DerogationContractInInterest,
    /// Art. 49(1)(d) important reasons of public interest.
    DerogationPublicInterest,
    /// Art. 49(1)(e) legal claims.
    DerogationLegalClaims,
    /// Art. 49(1)(f) vital interests.
    DerogationVitalInterests,
    /// Art. 49(1)(g) public register.
    DerogationPublicRegister,
    /// Art. 49(1) second subparagraph: compelling legitimate interests; Art. 30(1)(e) requires the
    /// documentation of the suitable safeguards.
    CompellingLegitimateInterests,
}

impl TransferMechanism {
    /// The article reference printed beside the mechanism; identical in every language.
    pub fn article(self) -> &'static str {
        use TransferMechanism::*;
        match self {
            AdequacyDecision => "Art. 45",
            PublicAuthorityInstrument => "Art. 46(2)(a)",
            BindingCorporateRules => "Art. 46(2)(b), Art. 47",
            StandardContractualClauses => "Art. 46(2)(c)",
            CodeOfConduct => "Art. 46(2)(e)",
            Certification => "Art. 46(2)(f)",
            AdHocClauses => "Art. 46(3)(a)",
            AdministrativeArrangement => "Art. 46(3)(b)",
            DerogationExplicitConsent => "Art. 49(1)(a)",
            DerogationContract => "Art. 49(1)(b)",
            DerogationContractInInterest => "Art. 49(1)(c)",
            DerogationPublicInterest => "Art. 49(1)(d)",
            DerogationLegalClaims => "Art. 49(1)(e)",
            DerogationVitalInterests => "Art. 49(1)(f)",
            DerogationPublicRegister => "Art. 49(1)(g)",
            CompellingLegitimateInterests => "Art. 49(1) subpara. 2",
        }
    }

    /// Art. 46 tools: appropriate safeguards whose documentation (e.g. the signed clauses and a transfer
    /// impact assessment) the record should point to.
    pub fn is_appropriate_safeguard(self) -> bool {
        use TransferMechanism::*;
        matches!(
            self,
            PublicAuthorityInstrument
                | BindingCorporateRules
                | StandardContractualClauses
                | CodeOfConduct
                | Certification
                | AdHocClauses
                | AdministrativeArrangement
        )
    }
}

/// How a personal-data category is classified under the GDPR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum DataCategoryKind {
    #[default]
    Ordinary,
    /// Art. 9(1) special categories.
    Special,
    /// Art. 10 personal data relating to criminal convictions and offences.
    Criminal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    #[default]
    Internal,
    External,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    #[default]
    Technical,
    Organisational,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RetentionUnit {
    Days,
    Months,
    Years,
}

/// A structured retention period: "6 years after the end of employment" is
/// `{ amount: 6, unit: years, trigger: "end of employment" }`. The trigger is the event the period runs
/// from; empty means "from collection".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RetentionPeriod {
    pub amount: u32,
    pub unit: RetentionUnit,
    #[serde(default)]
    pub trigger: String,
}

/// Art. 30(1)(f): "the envisaged time limits for erasure". Either a structured period, or (where a period
/// cannot be fixed) the criteria used to determine it, or both.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct Retention {
    #[serde(default)]
    pub period: Option<RetentionPeriod>,
    #[serde(default)]
    pub criteria: String,
}

impl Retention {
    pub fn is_documented(&self) -> bool {
        self.period.is_some() || !self.criteria.trim().is_empty()
    }
}

/// One personal-data category used by an activity, with its own retention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ActivityDataCategory {
    /// Name of a [`DataCategory`] vocabulary entry.
    pub category: String,
    #[serde(default)]
    pub retention: Retention,
}

/// A transfer to a third country or an international organisation (Art. 30(1)(e), Art. 44-49).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Transfer {
    /// ISO 3166-1 alpha-2 country code, or "INT" for an international organisation.
    pub country: String,
    /// Name of a [`Recipient`] vocabulary entry that receives the data, if known.
    #[serde(default)]
    pub recipient: Option<String>,
    #[serde(default)]
    pub mechanism: Option<TransferMechanism>,
    /// Where the safeguards are documented (e.g. "SCC module 2 signed 2024-03-01, TIA ref. T-12").
    #[serde(default)]
    pub safeguards: String,
}

/// A processing activity: one entry of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Activity {
    /// Stable reference such as "PA-0007"; assigned on creation.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub role: Role,
    /// Art. 30(1)(a) joint controllers, or Art. 30(2)(a) controllers on whose behalf a processor acts:
    /// names of [`Party`] vocabulary entries.
    #[serde(default)]
    pub parties: Vec<String>,
    /// Art. 30(1)(b) purposes; Art. 30(2)(b) categories of processing carried out for the controllers.
    #[serde(default)]
    pub purposes: Vec<String>,
    #[serde(default)]
    pub lawful_bases: Vec<LawfulBasis>,
    /// Reference of the legitimate-interest assessment when Art. 6(1)(f) is relied on.
    #[serde(default)]
    pub lia_reference: String,
    #[serde(default)]
    pub special_category_condition: Option<SpecialCategoryCondition>,
    /// Art. 10: personal data relating to criminal convictions and offences are processed.
    #[serde(default)]
    pub criminal_data: bool,
    /// Art. 30(1)(c) categories of data subjects (vocabulary names).
    #[serde(default)]
    pub data_subjects: Vec<String>,
    /// Art. 30(1)(c) and (f): categories of personal data, each with its retention.
    #[serde(default)]
    pub data_categories: Vec<ActivityDataCategory>,
    /// Art. 30(1)(d) recipients (vocabulary names).
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Art. 30(1)(e) transfers.
    #[serde(default)]
    pub transfers: Vec<Transfer>,
    /// Art. 30(1)(g) security measures (vocabulary names).
    #[serde(default)]
    pub measures: Vec<String>,
    /// Systems and assets that hold the data (vocabulary names).
    #[serde(default)]
    pub systems: Vec<String>,
    /// Where the data come from (Art. 14(2)(f), Art. 15(1)(g)).
    #[serde(default)]
    pub data_source: String,
    /// Art. 22 automated individual decision-making, including profiling.
    #[serde(default)]
    pub automated_decision: bool,
    #[serde(default)]
    pub automated_decision_logic: String,
    /// Art. 35: a DPIA is required.
    #[serde(default)]
    pub dpia_required: bool,
    #[serde(default)]
    pub dpia_reference: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub status: ActivityStatus,
    #[serde(default)]
    pub next_review: Option<NaiveDate>,
}

impl Activity {
    /// An empty draft with the given id and name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Activity {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            role: Role::Controller,
            parties: vec![],
            purposes: vec![],
            lawful_bases: vec![],
            lia_reference: String::new(),
            special_category_condition: None,
            criminal_data: false,
            data_subjects: vec![],
            data_categories: vec![],
            recipients: vec![],
            transfers: vec![],
            measures: vec![],
            systems: vec![],
            data_source: String::new(),
            automated_decision: false,
            automated_decision_logic: String::new(),
            dpia_required: false,
            dpia_reference: String::new(),
            department: String::new(),
            owner: String::new(),
            status: ActivityStatus::Draft,
            next_review: None,
        }
    }
}

/// What the UI sends to create or edit an activity: everything but the id.
pub type ActivityInput = Activity;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct DataSubjectCategory {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct DataCategory {
    pub name: String,
    #[serde(default)]
    pub kind: DataCategoryKind,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct Recipient {
    pub name: String,
    #[serde(default)]
    pub kind: RecipientKind,
    /// Acts as a processor (Art. 28) for us.
    #[serde(default)]
    pub processor: bool,
    /// ISO 3166-1 alpha-2 country where the recipient processes the data; empty when unknown.
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub description: String,
}

/// A system or asset holding personal data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct System {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// ISO 3166-1 alpha-2 country where the data are hosted.
    #[serde(default)]
    pub hosting_country: String,
    #[serde(default)]
    pub owner: String,
}

/// An Art. 32 technical or organisational measure from the reusable catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct Measure {
    pub name: String,
    #[serde(default)]
    pub kind: MeasureKind,
    #[serde(default)]
    pub description: String,
}

/// An external organisation named in the record: a joint controller, or a controller on whose behalf
/// we process as processor, with the Art. 30(2)(a) contact details.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct Party {
    pub name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub representative: String,
    #[serde(default)]
    pub dpo: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum VocabularyKind {
    DataSubjectCategory,
    DataCategory,
    Recipient,
    System,
    Measure,
    Party,
}

/// A vocabulary entry of any kind, tagged: `{"kind": "data_category", "entry": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "entry", rename_all = "snake_case")]
pub enum VocabularyEntry {
    DataSubjectCategory(DataSubjectCategory),
    DataCategory(DataCategory),
    Recipient(Recipient),
    System(System),
    Measure(Measure),
    Party(Party),
}

impl VocabularyEntry {
    pub fn kind(&self) -> VocabularyKind {
        match self {
            VocabularyEntry::DataSubjectCategory(_) => VocabularyKind::DataSubjectCategory,
            VocabularyEntry::DataCategory(_) => VocabularyKind::DataCategory,
            VocabularyEntry::Recipient(_) => VocabularyKind::Recipient,
            VocabularyEntry::System(_) => VocabularyKind::System,
            VocabularyEntry::Measure(_) => VocabularyKind::Measure,
            VocabularyEntry::Party(_) => VocabularyKind::Party,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            VocabularyEntry::DataSubjectCategory(v) => &v.name,
            VocabularyEntry::DataCategory(v) => &v.name,
            VocabularyEntry::Recipient(v) => &v.name,
            VocabularyEntry::System(v) => &v.name,
            VocabularyEntry::Measure(v) => &v.name,
            VocabularyEntry::Party(v) => &v.name,
        }
    }
}

impl VocabularyKind {
    pub const ALL: [VocabularyKind; 6] = [
        VocabularyKind::DataSubjectCategory,
        VocabularyKind::DataCategory,
        VocabularyKind::Recipient,
        VocabularyKind::System,
        VocabularyKind::Measure,
        VocabularyKind::Party,
    ];

    /// The snake_case name used in the audit trail, exports and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            VocabularyKind::DataSubjectCategory => "data_subject_category",
            VocabularyKind::DataCategory => "data_category",
            VocabularyKind::Recipient => "recipient",
            VocabularyKind::System => "system",
            VocabularyKind::Measure => "measure",
            VocabularyKind::Party => "party",
        }
    }
}

/// A place of business; its calendar and time zone decide local deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct Establishment {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// ISO 3166-2 subdivision such as "DE-BY" or "ES-MD"; empty for national.
    #[serde(default)]
    pub region: String,
    /// IANA time zone such as "Europe/Madrid".
    pub timezone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub main: bool,
    /// Public holidays of this place that the national or regional data lack (a town's holiday, 15
    /// August in a Catholic municipality of Bavaria): they move legal deadlines like any holiday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub local_holidays: Vec<cockpit_deadline::LocalHoliday>,
}

/// The controller's identity (Art. 30(1)(a)).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct Organisation {
    pub name: String,
    #[serde(default)]
    pub legal_form: String,
    #[serde(default)]
    pub registration_number: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    /// Art. 27 representative in the Union, where applicable.
    #[serde(default)]
    pub representative: String,
    #[serde(default)]
    pub dpo_name: String,
    #[serde(default)]
    pub dpo_email: String,
    #[serde(default)]
    pub dpo_phone: String,
    /// Head count, for the Art. 30(5) exemption.
    #[serde(default)]
    pub employees: Option<u32>,
    /// The Art. 30(5) threshold (250 today; a 750 proposal is pending).
    #[serde(default = "default_art30_threshold")]
    pub art30_threshold: u32,
    #[serde(default)]
    pub establishments: Vec<Establishment>,
}

fn default_art30_threshold() -> u32 {
    250
}

/// The whole register: the unit of export, import and "as of" queries.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct Register {
    #[serde(default)]
    pub organisation: Option<Organisation>,
    #[serde(default)]
    pub data_subject_categories: Vec<DataSubjectCategory>,
    #[serde(default)]
    pub data_categories: Vec<DataCategory>,
    #[serde(default)]
    pub recipients: Vec<Recipient>,
    #[serde(default)]
    pub systems: Vec<System>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub parties: Vec<Party>,
    #[serde(default)]
    pub activities: Vec<Activity>,
}

impl Register {
    /// Puts every list in a canonical order (vocabularies by name, activities by id) so that two
    /// registers with the same content compare and serialise equal.
    pub fn normalise(&mut self) {
        fn key(s: &str) -> String {
            s.to_lowercase()
        }
        self.data_subject_categories.sort_by_key(|v| key(&v.name));
        self.data_categories.sort_by_key(|v| key(&v.name));
        self.recipients.sort_by_key(|v| key(&v.name));
        self.systems.sort_by_key(|v| key(&v.name));
        self.measures.sort_by_key(|v| key(&v.name));
        self.parties.sort_by_key(|v| key(&v.name));
        self.activities.sort_by(|a, b| a.id.cmp(&b.id));
    }

    pub fn data_category(&self, name: &str) -> Option<&DataCategory> {
        self.data_categories.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn recipient(&self, name: &str) -> Option<&Recipient> {
        self.recipients.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn measure(&self, name: &str) -> Option<&Measure> {
        self.measures.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }
}
