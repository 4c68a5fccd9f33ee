//! The deletion certificate of one retention run, as report sections in English, Spanish, German or
//! French. Plain data in, sections out (tested as data); the API fills the input from the run's stored
//! evidence. Codes a DPO may look up elsewhere (rule names, column names, the period code `10y`, time
//! formats, digests) are printed as stored; the words around them are translated.

use crate::i18n::Lang;
use crate::model::{Block, Section, Table};
use cockpit_domain::retention::{
    PeriodUnit, RetentionAction, RetentionPeriod, RetentionRule, RetentionTarget,
};

/// The facts of the run, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRun {
    pub id: i64,
    pub rule_version: u32,
    /// `manual` or `schedule`.
    pub trigger: String,
    pub slot: Option<String>,
    pub cutoff: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// `running`, `completed`, `cancelled`, `failed` or `held`.
    pub status: String,
    pub resumed: u32,
    pub planned: u64,
    pub affected: u64,
    pub held: u64,
    pub batches: u32,
    pub errors: Vec<String>,
}

/// One committed batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateBatch {
    pub n: u32,
    /// Its commit was confirmed after an interruption.
    pub recovered: bool,
    pub count: u64,
    pub held: u64,
    pub first_key: Option<String>,
    pub last_key: Option<String>,
    pub ms: u64,
    pub digest: String,
}

/// Everything a certificate prints.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateInput {
    pub run: CertificateRun,
    /// The rule as it stood for this run (its version).
    pub rule: RetentionRule,
    pub datastore_name: String,
    pub datastore_kind: String,
    /// The datastore's address without its secret.
    pub datastore_url: String,
    pub activity_name: Option<String>,
    pub batches: Vec<CertificateBatch>,
    pub recomputed_digest: String,
    pub audited_digest: Option<String>,
    pub evidence_consistent: bool,
    pub audit_chain_ok: bool,
}

/// The certificate's title, scope line and sections.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateText {
    pub title: String,
    pub scope: String,
    pub sections: Vec<Section>,
}

/// The fixed texts of a certificate in one language. `{}` placeholders are filled in order.
struct Words {
    title: &'static str,
    scope: &'static str,
    rule: &'static str,
    version: &'static str,
    activity: &'static str,
    data_category: &'static str,
    datastore: &'static str,
    target: &'static str,
    table_target: &'static str,
    where_: &'static str,
    folder_target: &'static str,
    period: &'static str,
    action: &'static str,
    delete_rows: &'static str,
    delete_files: &'static str,
    anonymise: &'static str,
    cutoff: &'static str,
    cutoff_note: &'static str,
    trigger: &'static str,
    manual: &'static str,
    schedule: &'static str,
    slot: &'static str,
    started: &'static str,
    finished: &'static str,
    not_finished: &'static str,
    status: &'static str,
    resumed: &'static str,
    planned: &'static str,
    affected: &'static str,
    held: &'static str,
    batches: &'static str,
    digest_recomputed: &'static str,
    digest_audited: &'static str,
    none: &'static str,
    consistent: &'static str,
    chain: &'static str,
    yes: &'static str,
    no: &'static str,
    error: &'static str,
    certificate: &'static str,
    digest_note: &'static str,
    batches_note: &'static str,
    col_batch: &'static str,
    col_count: &'static str,
    col_held: &'static str,
    col_first: &'static str,
    col_last: &'static str,
    col_digest: &'static str,
    statuses: [&'static str; 5],
    /// day, days, calendar month, calendar months, year, years
    units: [&'static str; 6],
    /// "{years} year(s) after the end of the fiscal year (ending {dd-mm})": one year, several years.
    fiscal: [&'static str; 2],
}

const STATUS_CODES: [&str; 5] = ["running", "completed", "cancelled", "failed", "held"];

const EN: Words = Words {
    title: "Deletion certificate — retention run {}",
    scope: "What retention run {} of rule '{}' deleted or anonymised, with the evidence to check it",
    rule: "Rule",
    version: "version {}",
    activity: "Processing activity",
    data_category: "data category {}",
    datastore: "Datastore",
    target: "Target",
    table_target: "table {}, dated by {} ({}), key {}",
    where_: "where {}",
    folder_target: "files matching {}, dated by modification time",
    period: "Retention period",
    action: "Action",
    delete_rows: "delete the rows",
    delete_files: "delete the files",
    anonymise: "anonymise {}",
    cutoff: "Cutoff",
    cutoff_note: "entries dated before it",
    trigger: "Trigger",
    manual: "manual",
    schedule: "schedule",
    slot: "slot {}",
    started: "Started",
    finished: "Finished",
    not_finished: "not finished",
    status: "Status",
    resumed: "resumed {} time(s) after an interruption",
    planned: "Planned",
    affected: "Affected",
    held: "Held (kept)",
    batches: "Batches",
    digest_recomputed: "Digest (recomputed)",
    digest_audited: "Digest in the audit trail",
    none: "none",
    consistent: "Evidence consistent",
    chain: "Audit chain verifies",
    yes: "yes",
    no: "NO",
    error: "Error",
    certificate: "Certificate",
    digest_note: "The digest of each batch is SHA-256 over its affected keys, one per line, in key order; the run's \
                  digest is SHA-256 over the batch digests, one per line, in batch order. The run's closing entry in \
                  the audit hash chain records the same digest and counts.",
    batches_note: "Each batch was one short transaction on the datastore. * marks a batch whose commit was confirmed \
                   after an interruption (its keys were checked on the datastore).",
    col_batch: "Batch",
    col_count: "Count",
    col_held: "Held",
    col_first: "First key",
    col_last: "Last key",
    col_digest: "Digest (SHA-256)",
    statuses: ["running", "completed", "cancelled", "failed", "held (nothing touched)"],
    units: ["day", "days", "calendar month", "calendar months", "year", "years"],
    fiscal: [
        "{} year after the end of the fiscal year (ending {})",
        "{} years after the end of the fiscal year (ending {})",
    ],
};

const ES: Words = Words {
    title: "Certificado de supresión — ejecución de conservación {}",
    scope: "Lo que la ejecución {} de la regla «{}» suprimió o anonimizó, con las pruebas para comprobarlo",
    rule: "Regla",
    version: "versión {}",
    activity: "Actividad de tratamiento",
    data_category: "categoría de datos {}",
    datastore: "Almacén de datos",
    target: "Objetivo",
    table_target: "tabla {}, fechada por {} ({}), clave {}",
    where_: "donde {}",
    folder_target: "archivos que coinciden con {}, fechados por su fecha de modificación",
    period: "Plazo de conservación",
    action: "Acción",
    delete_rows: "suprimir las filas",
    delete_files: "suprimir los archivos",
    anonymise: "anonimizar {}",
    cutoff: "Fecha de corte",
    cutoff_note: "entradas fechadas antes de ella",
    trigger: "Origen",
    manual: "manual",
    schedule: "programada",
    slot: "turno {}",
    started: "Inicio",
    finished: "Fin",
    not_finished: "sin terminar",
    status: "Estado",
    resumed: "reanudada {} vez/veces tras una interrupción",
    planned: "Previstas",
    affected: "Afectadas",
    held: "Retenidas (conservadas)",
    batches: "Lotes",
    digest_recomputed: "Resumen (recalculado)",
    digest_audited: "Resumen en el registro de auditoría",
    none: "ninguno",
    consistent: "Pruebas coherentes",
    chain: "La cadena de auditoría se verifica",
    yes: "sí",
    no: "NO",
    error: "Error",
    certificate: "Certificado",
    digest_note: "El resumen de cada lote es SHA-256 sobre sus claves afectadas, una por línea, en orden de clave; el \
                  resumen de la ejecución es SHA-256 sobre los resúmenes de los lotes, uno por línea, en orden de lote. \
                  La entrada de cierre de la ejecución en la cadena de hashes de auditoría registra el mismo resumen y \
                  los mismos recuentos.",
    batches_note: "Cada lote fue una transacción breve en el almacén de datos. * marca un lote cuya confirmación se \
                   comprobó tras una interrupción (sus claves se verificaron en el almacén de datos).",
    col_batch: "Lote",
    col_count: "Número",
    col_held: "Retenidas",
    col_first: "Primera clave",
    col_last: "Última clave",
    col_digest: "Resumen (SHA-256)",
    statuses: ["en curso", "completada", "cancelada", "fallida", "retenida (nada modificado)"],
    units: ["día", "días", "mes natural", "meses naturales", "año", "años"],
    fiscal: [
        "{} año tras el cierre del ejercicio (que termina el {})",
        "{} años tras el cierre del ejercicio (que termina el {})",
    ],
};

const DE: Words = Words {
    title: "Löschnachweis — Aufbewahrungslauf {}",
    scope: "Was Lauf {} der Regel „{}“ gelöscht oder anonymisiert hat, mit den Nachweisen zur Prüfung",
    rule: "Regel",
    version: "Version {}",
    activity: "Verarbeitungstätigkeit",
    data_category: "Datenkategorie {}",
    datastore: "Datenspeicher",
    target: "Ziel",
    table_target: "Tabelle {}, datiert durch {} ({}), Schlüssel {}",
    where_: "wobei {}",
    folder_target: "Dateien nach Muster {}, datiert nach Änderungszeit",
    period: "Aufbewahrungsfrist",
    action: "Maßnahme",
    delete_rows: "Zeilen löschen",
    delete_files: "Dateien löschen",
    anonymise: "anonymisieren: {}",
    cutoff: "Stichtag",
    cutoff_note: "Einträge, die davor datiert sind",
    trigger: "Auslöser",
    manual: "manuell",
    schedule: "Zeitplan",
    slot: "Termin {}",
    started: "Begonnen",
    finished: "Beendet",
    not_finished: "nicht beendet",
    status: "Status",
    resumed: "nach einer Unterbrechung {}-mal fortgesetzt",
    planned: "Geplant",
    affected: "Betroffen",
    held: "Gesperrt (aufbewahrt)",
    batches: "Stapel",
    digest_recomputed: "Prüfsumme (neu berechnet)",
    digest_audited: "Prüfsumme im Prüfprotokoll",
    none: "keine",
    consistent: "Nachweise stimmig",
    chain: "Prüfkette gültig",
    yes: "ja",
    no: "NEIN",
    error: "Fehler",
    certificate: "Nachweis",
    digest_note: "Die Prüfsumme jedes Stapels ist SHA-256 über seine betroffenen Schlüssel, einer pro Zeile, in \
                  Schlüsselreihenfolge; die Prüfsumme des Laufs ist SHA-256 über die Prüfsummen der Stapel, eine pro \
                  Zeile, in Stapelreihenfolge. Der abschließende Eintrag des Laufs in der Hash-Kette des \
                  Prüfprotokolls enthält dieselbe Prüfsumme und dieselben Zahlen.",
    batches_note: "Jeder Stapel war eine kurze Transaktion im Datenspeicher. * kennzeichnet einen Stapel, dessen \
                   Festschreibung nach einer Unterbrechung bestätigt wurde (seine Schlüssel wurden im Datenspeicher \
                   geprüft).",
    col_batch: "Stapel",
    col_count: "Anzahl",
    col_held: "Gesperrt",
    col_first: "Erster Schlüssel",
    col_last: "Letzter Schlüssel",
    col_digest: "Prüfsumme (SHA-256)",
    statuses: ["läuft", "abgeschlossen", "abgebrochen", "fehlgeschlagen", "gesperrt (nichts verändert)"],
    units: ["Tag", "Tage", "Kalendermonat", "Kalendermonate", "Jahr", "Jahre"],
    fiscal: [
        "{} Jahr nach Ende des Geschäftsjahres (Ende am {})",
        "{} Jahre nach Ende des Geschäftsjahres (Ende am {})",
    ],
};

const FR: Words = Words {
    title: "Certificat d'effacement — exécution de conservation {}",
    scope: "Ce que l'exécution {} de la règle « {} » a effacé ou anonymisé, avec les preuves permettant de le vérifier",
    rule: "Règle",
    version: "version {}",
    activity: "Activité de traitement",
    data_category: "catégorie de données {}",
    datastore: "Source de données",
    target: "Cible",
    table_target: "table {}, datée par {} ({}), clé {}",
    where_: "où {}",
    folder_target: "fichiers correspondant à {}, datés par leur date de modification",
    period: "Durée de conservation",
    action: "Action",
    delete_rows: "supprimer les lignes",
    delete_files: "supprimer les fichiers",
    anonymise: "anonymiser {}",
    cutoff: "Date limite",
    cutoff_note: "entrées datées avant elle",
    trigger: "Déclenchement",
    manual: "manuel",
    schedule: "planifié",
    slot: "créneau {}",
    started: "Début",
    finished: "Fin",
    not_finished: "non terminée",
    status: "Statut",
    resumed: "reprise {} fois après une interruption",
    planned: "Prévues",
    affected: "Traitées",
    held: "Gelées (conservées)",
    batches: "Lots",
    digest_recomputed: "Empreinte (recalculée)",
    digest_audited: "Empreinte dans la piste d'audit",
    none: "aucune",
    consistent: "Preuves cohérentes",
    chain: "Chaîne d'audit vérifiée",
    yes: "oui",
    no: "NON",
    error: "Erreur",
    certificate: "Certificat",
    digest_note: "L'empreinte de chaque lot est le SHA-256 de ses clés traitées, une par ligne, dans l'ordre des clés ; \
                  l'empreinte de l'exécution est le SHA-256 des empreintes des lots, une par ligne, dans l'ordre des \
                  lots. L'entrée de clôture de l'exécution dans la chaîne de hachage d'audit enregistre la même \
                  empreinte et les mêmes nombres.",
    batches_note: "Chaque lot a été une transaction courte sur la source de données. * marque un lot dont la validation \
                   a été confirmée après une interruption (ses clés ont été vérifiées sur la source de données).",
    col_batch: "Lot",
    col_count: "Nombre",
    col_held: "Gelées",
    col_first: "Première clé",
    col_last: "Dernière clé",
    col_digest: "Empreinte (SHA-256)",
    statuses: ["en cours", "terminée", "annulée", "échouée", "gelée (rien modifié)"],
    units: ["jour", "jours", "mois calendaire", "mois calendaires", "an", "ans"],
    fiscal: [
        "{} an après la fin de l'exercice (se terminant le {})",
        "{} ans après la fin de l'exercice (se terminant le {})",
    ],
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Es => &ES,
        Lang::De => &DE,
        Lang::Fr => &FR,
    }
}

/// Fills the `{}` placeholders of `pattern` in order.
fn fill(pattern: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut args = args.iter();
    let mut rest = pattern;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

/// The retention period in words, e.g. "18 Kalendermonate".
pub fn describe_period(period: &RetentionPeriod, lang: Lang) -> String {
    let w = words(lang);
    match period {
        RetentionPeriod::Elapsed { amount, unit } => {
            let i = match unit {
                PeriodUnit::Days => 0,
                PeriodUnit::Months => 2,
                PeriodUnit::Years => 4,
            };
            format!("{amount} {}", w.units[i + usize::from(*amount != 1)])
        }
        RetentionPeriod::AfterFiscalYearEnd { years, fy_end_month, fy_end_day } => fill(
            w.fiscal[usize::from(*years != 1)],
            &[&years.to_string(), &format!("{fy_end_day:02}-{fy_end_month:02}")],
        ),
    }
}

/// The certificate of a run in `lang`.
pub fn certificate(input: &CertificateInput, lang: Lang) -> CertificateText {
    let w = words(lang);
    let r = &input.run;
    let rule = &input.rule;
    let id = r.id.to_string();
    let target = match &rule.target {
        RetentionTarget::Table { table, time_column, time_format, key_column, filters } => {
            let mut t = fill(w.table_target, &[table, time_column, time_format.code(), key_column]);
            for f in filters {
                t.push_str(", ");
                t.push_str(&fill(w.where_, &[&f.to_string()]));
            }
            t
        }
        RetentionTarget::Folder { glob } => fill(w.folder_target, &[glob]),
    };
    let action = match &rule.action {
        RetentionAction::Delete => w.delete_rows.to_string(),
        RetentionAction::DeleteFiles => w.delete_files.to_string(),
        RetentionAction::Anonymize { columns } => {
            fill(w.anonymise, &[&columns.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")])
        }
    };
    let yes_no = |b: bool| if b { w.yes } else { w.no }.to_string();
    let trigger = match r.trigger.as_str() {
        "manual" => w.manual.to_string(),
        "schedule" => w.schedule.to_string(),
        other => other.to_string(),
    };
    let status = STATUS_CODES
        .iter()
        .position(|c| *c == r.status)
        .map(|i| w.statuses[i].to_string())
        .unwrap_or_else(|| r.status.clone());
    let mut facts = vec![(
        w.rule.to_string(),
        format!("{} ({})", rule.name, fill(w.version, &[&r.rule_version.to_string()])),
    )];
    if let Some(a) = &rule.activity {
        let mut v = a.clone();
        if let Some(n) = &input.activity_name {
            v.push_str(" — ");
            v.push_str(n);
        }
        if let Some(d) = &rule.data_category {
            v.push_str(" / ");
            v.push_str(&fill(w.data_category, &[d]));
        }
        facts.push((w.activity.to_string(), v));
    }
    facts.extend([
        (
            w.datastore.to_string(),
            format!("{} ({}, {})", input.datastore_name, input.datastore_kind, input.datastore_url),
        ),
        (w.target.to_string(), target),
        (w.period.to_string(), format!("{} — {}", rule.keep, describe_period(&rule.keep, lang))),
        (w.action.to_string(), action),
        (w.cutoff.to_string(), format!("{} ({})", r.cutoff, w.cutoff_note)),
        (
            w.trigger.to_string(),
            match &r.slot {
                Some(s) => format!("{trigger} ({})", fill(w.slot, &[s])),
                None => trigger,
            },
        ),
        (w.started.to_string(), r.started_at.clone()),
        (w.finished.to_string(), r.finished_at.clone().unwrap_or_else(|| w.not_finished.to_string())),
        (
            w.status.to_string(),
            if r.resumed > 0 {
                format!("{status} ({})", fill(w.resumed, &[&r.resumed.to_string()]))
            } else {
                status
            },
        ),
        (w.planned.to_string(), r.planned.to_string()),
        (w.affected.to_string(), r.affected.to_string()),
        (w.held.to_string(), r.held.to_string()),
        (w.batches.to_string(), r.batches.to_string()),
        (w.digest_recomputed.to_string(), input.recomputed_digest.clone()),
        (w.digest_audited.to_string(), input.audited_digest.clone().unwrap_or_else(|| w.none.to_string())),
        (w.consistent.to_string(), yes_no(input.evidence_consistent)),
        (w.chain.to_string(), yes_no(input.audit_chain_ok)),
    ]);
    for e in &r.errors {
        facts.push((w.error.to_string(), e.clone()));
    }
    let mut batches = Table::new(
        w.batches,
        &[
            // Wide enough for "Stapel", "Gesperrt" and "Retenidas" on one line.
            (w.col_batch, 1.0),
            (w.col_count, 0.9),
            (w.col_held, 1.1),
            (w.col_first, 1.4),
            (w.col_last, 1.4),
            ("ms", 0.5),
            (w.col_digest, 3.7),
        ],
    );
    for b in &input.batches {
        batches.rows.push(vec![
            format!("{}{}", b.n, if b.recovered { " *" } else { "" }),
            b.count.to_string(),
            b.held.to_string(),
            b.first_key.clone().unwrap_or_default(),
            b.last_key.clone().unwrap_or_default(),
            b.ms.to_string(),
            b.digest.clone(),
        ]);
    }
    CertificateText {
        title: fill(w.title, &[&id]),
        scope: fill(w.scope, &[&id, &rule.name]),
        sections: vec![
            Section {
                title: w.certificate.into(),
                blocks: vec![Block::KeyValues(facts), Block::Paragraph(w.digest_note.into())],
            },
            Section {
                title: w.batches.into(),
                blocks: vec![Block::Paragraph(w.batches_note.into()), Block::Table(batches)],
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cockpit_domain::retention::{AnonColumn, TimeFormat};

    fn input() -> CertificateInput {
        CertificateInput {
            run: CertificateRun {
                id: 7,
                rule_version: 3,
                trigger: "schedule".into(),
                slot: Some("2026-11-29T02:00:00Z".into()),
                cutoff: "2016-11-29T00:00:00Z".into(),
                started_at: "2026-11-29T02:00:01Z".into(),
                finished_at: Some("2026-11-29T02:00:04Z".into()),
                status: "completed".into(),
                resumed: 1,
                planned: 120,
                affected: 118,
                held: 2,
                batches: 2,
                errors: vec![],
            },
            rule: RetentionRule {
                name: "invoices-10y".into(),
                datastore: "erp".into(),
                activity: Some("PA-007".into()),
                data_category: Some("billing".into()),
                target: RetentionTarget::Table {
                    table: "invoices".into(),
                    time_column: "issued_at".into(),
                    time_format: TimeFormat::IsoText,
                    key_column: "id".into(),
                    filters: vec![],
                },
                keep: "10y-fy".parse().unwrap(),
                action: RetentionAction::Anonymize { columns: vec!["email".parse::<AnonColumn>().unwrap()] },
                batch_size: 1000,
                schedule: Some("0 2 * * *".into()),
                timezone: "Europe/Berlin".into(),
                enabled: true,
                description: String::new(),
            },
            datastore_name: "erp".into(),
            datastore_kind: "sqlite".into(),
            datastore_url: "sqlite:///srv/erp.db".into(),
            activity_name: Some("Rechnungsstellung".into()),
            batches: vec![CertificateBatch {
                n: 1,
                recovered: true,
                count: 100,
                held: 1,
                first_key: Some("1".into()),
                last_key: Some("101".into()),
                ms: 12,
                digest: "ab".repeat(32),
            }],
            recomputed_digest: "cd".repeat(32),
            audited_digest: None,
            evidence_consistent: true,
            audit_chain_ok: false,
        }
    }

    fn value<'a>(t: &'a CertificateText, key: &str) -> &'a str {
        match &t.sections[0].blocks[0] {
            Block::KeyValues(kv) => kv.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or(""),
            _ => panic!("the certificate starts with its facts"),
        }
    }

    #[test]
    fn every_language_translates_the_words_and_keeps_the_codes() {
        for lang in Lang::ALL {
            let t = certificate(&input(), lang);
            let w = words(lang);
            assert!(t.title.ends_with(" 7"), "{lang:?}: {}", t.title);
            assert!(t.scope.contains("invoices-10y"));
            assert_eq!(value(&t, w.rule), format!("invoices-10y ({})", fill(w.version, &["3"])));
            assert!(
                value(&t, w.target).contains("invoices") && value(&t, w.target).contains("issued_at (iso)")
            );
            assert!(value(&t, w.period).starts_with("10y-fy — 10 "), "{lang:?}");
            assert!(value(&t, w.period).contains("31-12"));
            assert_eq!(value(&t, w.affected), "118");
            assert_eq!(value(&t, w.digest_recomputed), "cd".repeat(32));
            assert_eq!(value(&t, w.digest_audited), w.none);
            assert_eq!(value(&t, w.chain), w.no);
            assert!(value(&t, w.activity).contains("PA-007 — Rechnungsstellung / "));
            match &t.sections[1].blocks[1] {
                Block::Table(tab) => {
                    assert_eq!(tab.rows[0][0], "1 *");
                    assert_eq!(tab.rows[0][6], "ab".repeat(32));
                }
                _ => panic!("the batches table"),
            }
        }
    }

    #[test]
    fn the_words_are_those_of_the_language() {
        let de = certificate(&input(), Lang::De);
        assert_eq!(de.title, "Löschnachweis — Aufbewahrungslauf 7");
        assert_eq!(value(&de, "Status"), "abgeschlossen (nach einer Unterbrechung 1-mal fortgesetzt)");
        assert_eq!(value(&de, "Auslöser"), "Zeitplan (Termin 2026-11-29T02:00:00Z)");
        assert_eq!(value(&de, "Maßnahme"), "anonymisieren: email");
        let es = certificate(&input(), Lang::Es);
        assert_eq!(
            value(&es, "Plazo de conservación"),
            "10y-fy — 10 años tras el cierre del ejercicio (que termina el 31-12)"
        );
        let fr = certificate(&input(), Lang::Fr);
        assert_eq!(value(&fr, "Statut"), "terminée (reprise 1 fois après une interruption)");
        let en = certificate(&input(), Lang::En);
        assert_eq!(value(&en, "Cutoff"), "2016-11-29T00:00:00Z (entries dated before it)");
        // An unknown code is printed as stored rather than guessed.
        let mut odd = input();
        odd.run.status = "mystery".into();
        assert_eq!(
            value(&certificate(&odd, Lang::Fr), "Statut"),
            "mystery (reprise 1 fois après une interruption)"
        );
    }

    #[test]
    fn periods_in_words() {
        let p = |s: &str| s.parse::<RetentionPeriod>().unwrap();
        assert_eq!(describe_period(&p("1d"), Lang::En), "1 day");
        assert_eq!(describe_period(&p("18m"), Lang::De), "18 Kalendermonate");
        assert_eq!(describe_period(&p("1y"), Lang::Fr), "1 an");
        assert_eq!(
            describe_period(&p("6y-fy@03-31"), Lang::Es),
            "6 años tras el cierre del ejercicio (que termina el 31-03)"
        );
        // The English words are those the domain's own description uses.
        for s in ["1d", "365d", "1m", "18m", "1y", "10y"] {
            assert_eq!(describe_period(&p(s), Lang::En), p(s).describe());
        }
    }
}
