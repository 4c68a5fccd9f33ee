//! The fictional controller: Castellana Isar Group, S.L.

use cockpit_domain::{Establishment, Organisation};

use crate::{DemoLanguage, T};

pub(crate) fn organisation(lang: DemoLanguage) -> Organisation {
    Organisation {
        name: "Castellana Isar Group, S.L.".into(),
        legal_form: T(
            "Sociedad Limitada (Spanish private limited company)",
            "Sociedad de responsabilidad limitada (S.L.)",
        )
        .get(lang),
        registration_number: T(
            "Madrid Commercial Register, volume 41.872, sheet M-740213, tax ID B-87654321",
            "Registro Mercantil de Madrid, tomo 41.872, hoja M-740213, NIF B-87654321",
        )
        .get(lang),
        address: T(
            "Avenida de los Ejemplos 42, 28046 Madrid, Spain",
            "Avenida de los Ejemplos 42, 28046 Madrid, España",
        )
        .get(lang),
        email: "info@castellana-isar.example.com".into(),
        phone: "+34 910 555 120".into(),
        // An EU-established controller needs no Art. 27 representative.
        representative: String::new(),
        dpo_name: "Dra. Lucía Navarro Prieto".into(),
        dpo_email: "dpo@castellana-isar.example.com".into(),
        dpo_phone: "+34 910 555 199".into(),
        employees: Some(1_200),
        art30_threshold: 250,
        establishments: vec![
            Establishment {
                name: T("Madrid headquarters", "Sede central de Madrid").get(lang),
                country: "ES".into(),
                region: "ES-MD".into(),
                timezone: "Europe/Madrid".into(),
                address: T(
                    "Avenida de los Ejemplos 42, 28046 Madrid, Spain",
                    "Avenida de los Ejemplos 42, 28046 Madrid, España",
                )
                .get(lang),
                main: true,
                local_holidays: Vec::new(),
            },
            Establishment {
                name: T("Munich branch", "Sucursal de Múnich").get(lang),
                country: "DE".into(),
                region: "DE-BY".into(),
                timezone: "Europe/Berlin".into(),
                address: T(
                    "Beispielstraße 17, 80331 München, Germany",
                    "Beispielstraße 17, 80331 Múnich, Alemania",
                )
                .get(lang),
                main: false,
                local_holidays: Vec::new(),
            },
            Establishment {
                name: T("Barcelona occupational-health centre", "Centro de salud laboral de Barcelona")
                    .get(lang),
                country: "ES".into(),
                region: "ES-CT".into(),
                timezone: "Europe/Madrid".into(),
                address: T(
                    "Carrer de l'Exemple 25, 08018 Barcelona, Spain",
                    "Carrer de l'Exemple 25, 08018 Barcelona, España",
                )
                .get(lang),
                main: false,
                local_holidays: Vec::new(),
            },
        ],
    }
}
