//! Importing the organisation's own signing certificate, issued by a certificate authority, so that the
//! embedded PDF signature names the organisation and PDF readers that trust the authority show the
//! report as signed by it (the installation's self-signed certificate is "issuer unknown" for them).
//!
//! Accepted: a PKCS#12 file (`.p12`/`.pfx`, as certificate authorities and Windows export them), or PEM
//! files holding the certificate, its issuers and the key (PKCS#8, encrypted PKCS#8, SEC1 `EC PRIVATE
//! KEY` or PKCS#1 `RSA PRIVATE KEY`). The key must be ECDSA P-256 or RSA of 2,048 bits or more. Before
//! anything is stored, [`prepare_import`] checks that the key belongs to the certificate, that the
//! certificate is valid now, may sign documents and is not an authority's own certificate, and makes
//! and verifies a test signature. Pure: no IO, the time is passed in.

use crate::sign::{fingerprint, time_of, ImportedSigner, Signer};
use chrono::{DateTime, Utc};
use const_oid::ObjectIdentifier;
use der::{Decode, Encode};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use serde::{Deserialize, Serialize};
use x509_cert::der::EncodePem;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};
use x509_cert::Certificate;

pub(crate) const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");
const BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");

/// Why a certificate cannot be imported. Nothing is stored when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file is protected and the password given (or none) does not open it.
    #[error("the password does not open {0}")]
    WrongPassword(String),
    #[error("{0}")]
    Invalid(String),
}

fn invalid(msg: impl Into<String>) -> ImportError {
    ImportError::Invalid(msg.into())
}

/// One file the user chose.
#[derive(Debug, Clone)]
pub struct CertificateFile {
    /// Its name, for messages.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What was imported: the public parts only, for the user and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedCertificateFacts {
    pub subject: String,
    pub issuer: String,
    /// The serial number, hex.
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// SHA-256 of the certificate (DER), hex in groups of four.
    pub fingerprint: String,
    /// "ECDSA P-256" or "RSA 3072".
    pub key_algorithm: String,
    /// The subjects of the issuers carried with it, nearest first.
    pub issuers: Vec<String>,
    /// The certificate is its own issuer (the organisation's own root, not an authority's).
    pub self_issued: bool,
}

/// The key of a PKCS#8 document as the signer this crate uses; refuses other key types clearly.
pub(crate) fn signer_from_pkcs8_der(der: &[u8]) -> Result<Signer, String> {
    let info = pkcs8::PrivateKeyInfo::try_from(der).map_err(|e| format!("unreadable private key: {e}"))?;
    let oid = info.algorithm.oid;
    if oid == RSA_ENCRYPTION {
        let key = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(|e| format!("unreadable RSA key: {e}"))?;
        let bits = rsa::traits::PublicKeyParts::size(&key) * 8;
        if bits < 2048 {
            return Err(format!(
                "the RSA key has {bits} bits; at least 2,048 are needed for a signature that lasts"
            ));
        }
        Ok(Signer::Rsa(Box::new(rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key))))
    } else if oid == EC_PUBLIC_KEY {
        let curve = info.algorithm.parameters_oid().ok();
        if curve != Some(SECP256R1) {
            return Err(format!(
                "the key is on the elliptic curve {}; only P-256 (prime256v1) is supported, or RSA",
                curve.map(|c| c.to_string()).unwrap_or_else(|| "(unnamed)".into())
            ));
        }
        p256::ecdsa::SigningKey::from_pkcs8_der(der)
            .map(Signer::P256)
            .map_err(|e| format!("unreadable P-256 key: {e}"))
    } else {
        Err(format!("the key's algorithm ({oid}) is not supported: use an ECDSA P-256 or an RSA key"))
    }
}

/// The stored key (PKCS#8 PEM) as a signer.
pub(crate) fn signer_from_pkcs8_pem(pem: &str) -> Result<Signer, String> {
    let (_, doc) =
        pkcs8::SecretDocument::from_pem(pem).map_err(|e| format!("unreadable private key: {e}"))?;
    signer_from_pkcs8_der(doc.as_bytes())
}

impl Signer {
    /// The public key as a SubjectPublicKeyInfo (DER), to match it with a certificate.
    fn public_key_info(&self) -> Result<Vec<u8>, String> {
        use spki::EncodePublicKey;
        let doc = match self {
            Signer::P256(k) => k.verifying_key().to_public_key_der(),
            Signer::Rsa(k) => signature::Keypair::verifying_key(k.as_ref()).to_public_key_der(),
        };
        doc.map(|d| d.as_bytes().to_vec()).map_err(|e| e.to_string())
    }

    fn algorithm(&self) -> String {
        match self {
            Signer::P256(_) => "ECDSA P-256".into(),
            Signer::Rsa(k) => {
                let vk = signature::Keypair::verifying_key(k.as_ref());
                format!("RSA {}", rsa::traits::PublicKeyParts::size(vk.as_ref()) * 8)
            }
        }
    }

    /// A signature over `msg` (DER for ECDSA, raw for RSA), as CMS carries it.
    fn sign(&self, msg: &[u8]) -> Vec<u8> {
        match self {
            Signer::P256(k) => {
                let sig: p256::ecdsa::DerSignature = signature::Signer::sign(k, msg);
                sig.as_bytes().to_vec()
            }
            Signer::Rsa(k) => {
                let sig: rsa::pkcs1v15::Signature = signature::Signer::sign(k.as_ref(), msg);
                Box::<[u8]>::from(sig).to_vec()
            }
        }
    }
}

/// The PEM blocks of a text: (label, DER).
fn pem_blocks(name: &str, text: &str) -> Result<Vec<(String, Vec<u8>)>, ImportError> {
    let mut out = vec![];
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start..];
        let label_end =
            after[11..].find("-----").ok_or_else(|| invalid(format!("{name}: a PEM header is cut off")))?;
        let label = after[11..11 + label_end].to_string();
        let end_marker = format!("-----END {label}-----");
        let end = after
            .find(&end_marker)
            .ok_or_else(|| invalid(format!("{name}: the PEM block {label} has no end")))?;
        let block = &after[..end + end_marker.len()];
        if block.contains("Proc-Type: 4,ENCRYPTED") {
            return Err(invalid(format!(
                "{name}: the key uses OpenSSL's old PEM encryption; convert it to PKCS#8 first \
                 (openssl pkcs8 -topk8 -in KEY -out KEY.pk8.pem) or export a .p12 file"
            )));
        }
        let (_, der) = der::pem::decode_vec(block.as_bytes())
            .map_err(|e| invalid(format!("{name}: the PEM block {label} is unreadable: {e}")))?;
        out.push((label, der));
        rest = &after[end + end_marker.len()..];
    }
    Ok(out)
}

/// Reads the key (as PKCS#8 DER) and the certificates of the files.
fn read_files(
    files: &[CertificateFile],
    password: Option<&str>,
) -> Result<(Vec<u8>, Vec<Certificate>), ImportError> {
    let mut keys: Vec<(String, Vec<u8>)> = vec![];
    let mut certs: Vec<Certificate> = vec![];
    for f in files {
        let name = &f.name;
        let text = std::str::from_utf8(&f.bytes).ok().filter(|t| t.contains("-----BEGIN "));
        if let Some(text) = text {
            let blocks = pem_blocks(name, text)?;
            for (label, der) in blocks {
                match label.as_str() {
                    "CERTIFICATE" | "TRUSTED CERTIFICATE" => certs.push(
                        Certificate::from_der(&der)
                            .map_err(|e| invalid(format!("{name}: a certificate is unreadable: {e}")))?,
                    ),
                    "PRIVATE KEY" => keys.push((name.clone(), der)),
                    "ENCRYPTED PRIVATE KEY" => {
                        let pw = password.filter(|p| !p.is_empty()).ok_or_else(|| {
                            ImportError::WrongPassword(format!(
                                "{name} (its key is encrypted: give the password)"
                            ))
                        })?;
                        let enc = pkcs8::EncryptedPrivateKeyInfo::try_from(der.as_slice())
                            .map_err(|e| invalid(format!("{name}: the encrypted key is unreadable: {e}")))?;
                        let doc = enc.decrypt(pw).map_err(|_| ImportError::WrongPassword(name.clone()))?;
                        keys.push((name.clone(), doc.as_bytes().to_vec()));
                    }
                    "EC PRIVATE KEY" => {
                        let k = p256::SecretKey::from_sec1_der(&der).map_err(|e| {
                            invalid(format!(
                                "{name}: the EC key is unreadable or not on the P-256 curve: {e}"
                            ))
                        })?;
                        let doc = k.to_pkcs8_der().map_err(|e| invalid(e.to_string()))?;
                        keys.push((name.clone(), doc.as_bytes().to_vec()));
                    }
                    "RSA PRIVATE KEY" => {
                        use rsa::pkcs1::DecodeRsaPrivateKey;
                        let k = rsa::RsaPrivateKey::from_pkcs1_der(&der)
                            .map_err(|e| invalid(format!("{name}: the RSA key is unreadable: {e}")))?;
                        let doc = k.to_pkcs8_der().map_err(|e| invalid(e.to_string()))?;
                        keys.push((name.clone(), doc.as_bytes().to_vec()));
                    }
                    "EC PARAMETERS" => {}
                    other => {
                        return Err(invalid(format!(
                            "{name}: a PEM block '{other}' is neither a certificate nor a private key"
                        )))
                    }
                }
            }
            continue;
        }
        // Binary: a PKCS#12 file, or a single DER certificate.
        if let Ok(c) = Certificate::from_der(&f.bytes) {
            certs.push(c);
            continue;
        }
        match p12_keystore::KeyStore::from_pkcs12(&f.bytes, password.unwrap_or("")) {
            Ok(store) => {
                let (_, chain) = store.private_key_chain().ok_or_else(|| {
                    invalid(format!("{name}: the PKCS#12 file holds no private key with its certificate"))
                })?;
                keys.push((name.clone(), chain.key().to_vec()));
                for c in chain.chain() {
                    certs.push(
                        Certificate::from_der(c.as_der())
                            .map_err(|e| invalid(format!("{name}: a certificate is unreadable: {e}")))?,
                    );
                }
            }
            Err(p12_keystore::error::Error::MacError(_)) => {
                return Err(ImportError::WrongPassword(name.clone()))
            }
            Err(e) => {
                return Err(invalid(format!(
                    "{name} is neither PEM, nor PKCS#12 (.p12/.pfx), nor a DER certificate ({e})"
                )))
            }
        }
    }
    match keys.len() {
        0 => Err(invalid(
            "no private key was found: choose the .p12/.pfx file, or the PEM file(s) with the certificate and its key",
        )),
        1 if certs.is_empty() => Err(invalid("no certificate was found beside the key")),
        1 => Ok((keys.remove(0).1, certs)),
        _ => Err(invalid(format!(
            "{} private keys were found ({}); give exactly one",
            keys.len(),
            keys.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

fn extension(cert: &Certificate, oid: ObjectIdentifier) -> Option<&[u8]> {
    cert.tbs_certificate
        .extensions
        .as_ref()
        .and_then(|exts| exts.iter().find(|e| e.extn_id == oid))
        .map(|e| e.extn_value.as_bytes())
}

/// Checks the files and returns what to store, with the facts to show and audit.
pub fn prepare_import(
    files: &[CertificateFile],
    password: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(ImportedSigner, ImportedCertificateFacts), ImportError> {
    let (key_der, certs) = read_files(files, password)?;
    let signer = signer_from_pkcs8_der(&key_der).map_err(ImportError::Invalid)?;
    let spki = signer.public_key_info().map_err(ImportError::Invalid)?;
    let leaf_at = certs
        .iter()
        .position(|c| {
            c.tbs_certificate.subject_public_key_info.to_der().ok().as_deref() == Some(spki.as_slice())
        })
        .ok_or_else(|| {
            invalid("none of the certificates belongs to this private key (their public keys differ)")
        })?;
    let leaf = certs[leaf_at].clone();
    let subject = leaf.tbs_certificate.subject.to_string();

    // Valid now.
    let validity = &leaf.tbs_certificate.validity;
    let not_before = time_of(&validity.not_before);
    let not_after = time_of(&validity.not_after);
    if now < not_before {
        return Err(invalid(format!(
            "the certificate of {subject} is not valid before {}",
            not_before.format("%Y-%m-%d %H:%M UTC")
        )));
    }
    if now > not_after {
        return Err(invalid(format!(
            "the certificate of {subject} expired on {}",
            not_after.format("%Y-%m-%d %H:%M UTC")
        )));
    }
    // Allowed to sign documents, and not an authority's certificate.
    if let Some(v) = extension(&leaf, KEY_USAGE) {
        let ku = KeyUsage::from_der(v).map_err(|e| invalid(format!("unreadable key usage: {e}")))?;
        if !ku.0.contains(KeyUsages::DigitalSignature) && !ku.0.contains(KeyUsages::NonRepudiation) {
            return Err(invalid(format!(
                "the certificate of {subject} may not sign documents (its key usage has neither \
                 digitalSignature nor nonRepudiation)"
            )));
        }
    }
    if let Some(v) = extension(&leaf, BASIC_CONSTRAINTS) {
        let bc = BasicConstraints::from_der(v)
            .map_err(|e| invalid(format!("unreadable basic constraints: {e}")))?;
        if bc.ca {
            return Err(invalid(format!(
                "{subject} is a certificate authority's certificate; import the certificate it issued to \
                 the organisation for signing"
            )));
        }
    }

    // The chain: the leaf, then each issuer that was given, nearest first.
    let mut chain = vec![leaf.clone()];
    let mut current = leaf.clone();
    while current.tbs_certificate.issuer != current.tbs_certificate.subject && chain.len() < 10 {
        let Some(issuer) = certs.iter().find(|c| {
            c.tbs_certificate.subject == current.tbs_certificate.issuer && !chain.iter().any(|x| x == *c)
        }) else {
            break;
        };
        chain.push(issuer.clone());
        current = issuer.clone();
    }

    // A test signature, checked with the certificate's key.
    let probe = b"DPO Cockpit: signing certificate import check";
    let sig = signer.sign(probe);
    if !crate::sign::verify_with_certificate(&leaf, probe, &sig).map_err(ImportError::Invalid)? {
        return Err(invalid("a test signature with the key does not verify with the certificate"));
    }

    let mut chain_pem = String::new();
    for c in &chain {
        chain_pem.push_str(&c.to_pem(LineEnding::LF).map_err(|e| invalid(e.to_string()))?);
    }
    let key_pem = pkcs8::SecretDocument::try_from(key_der.as_slice())
        .and_then(|d| d.to_pem("PRIVATE KEY", LineEnding::LF))
        .map_err(|e| invalid(e.to_string()))?
        .to_string();
    let facts = ImportedCertificateFacts {
        subject,
        issuer: leaf.tbs_certificate.issuer.to_string(),
        serial: hex::encode_upper(leaf.tbs_certificate.serial_number.as_bytes()),
        not_before,
        not_after,
        fingerprint: fingerprint(&leaf),
        key_algorithm: signer.algorithm(),
        issuers: chain[1..].iter().map(|c| c.tbs_certificate.subject.to_string()).collect(),
        self_issued: leaf.tbs_certificate.issuer == leaf.tbs_certificate.subject,
    };
    Ok((ImportedSigner { key_pkcs8_pem: key_pem, chain_pem }, facts))
}
