//! Signing and verifying reports.
//!
//! Each installation has two keys, generated on first use and kept in the application database:
//! - an ECDSA P-256 key with a self-signed X.509 certificate naming the organisation, for the embedded
//!   PAdES-baseline signature (a detached CMS SignedData over the PDF's `/ByteRange`, with the signed
//!   attributes content-type, message-digest and signing-certificate-v2), which `pdfsig` and PDF viewers
//!   check. (Ed25519 inside CMS is refused by poppler and OpenSSL 3.0, hence P-256.)
//! - an Ed25519 minisign key pair for the detached `FILE.pdf.minisig`, which `minisign -Vm` checks.
//!
//! An organisation may import its own certificate (issued by a certificate authority, as a PKCS#12
//! `.p12`/`.pfx` file or as PEM, with an ECDSA P-256 or RSA key): [`prepare_import`] checks it, and
//! from then on the embedded signature is made with it and carries its chain, so that PDF readers that
//! trust the authority show the document as signed by the organisation. The minisign key stays.
//!
//! Time and randomness: the signing time is passed in; keys come from the operating system's RNG.

use chrono::{DateTime, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier};
use const_oid::ObjectIdentifier;
use der::asn1::{OctetString, SetOfVec};
use der::{Decode, Encode};
use lopdf::{Dictionary, Object, StringFormat};
use p256::ecdsa::{DerSignature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use std::str::FromStr;
use x509_cert::attr::{Attribute, AttributeValue};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::EncodePem;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;
use x509_cert::Certificate;

/// Room for the CMS signature in the PDF (bytes; printed as twice as many hex digits). A P-256
/// signature with its certificate takes about 1.2 KiB.
const SIGNATURE_ROOM: usize = 8192;
/// A ByteRange number before it is known: ten digits, wide enough for any offset we write.
const BYTE_RANGE_PLACEHOLDER: i64 = 9_999_999_999;

const ID_AA_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("cannot create the signing keys: {0}")]
    Keys(String),
    #[error("the stored signing keys are unreadable: {0}")]
    StoredKeys(String),
    #[error("cannot sign the PDF: {0}")]
    Pdf(String),
    #[error("cannot write the minisign signature: {0}")]
    Minisign(String),
    #[error("cannot write the workbook: {0}")]
    Xlsx(String),
}

/// The keys of one installation. The secret parts never leave the application database except to sign.
#[derive(Clone)]
pub struct SigningKeys {
    /// PKCS#8 PEM of the P-256 key.
    pub p256_pkcs8_pem: String,
    /// PEM of the self-signed certificate.
    pub certificate_pem: String,
    /// minisign secret key box (unencrypted; the database that holds it is the protected store).
    pub minisign_secret: String,
    /// minisign public key box (two lines: comment and key).
    pub minisign_public: String,
    /// The organisation's own certificate, when one was imported: it signs instead of the self-signed one.
    pub imported: Option<ImportedSigner>,
}

/// An imported signing certificate with its key.
#[derive(Clone, PartialEq, Eq)]
pub struct ImportedSigner {
    /// PKCS#8 PEM of the key (ECDSA P-256 or RSA).
    pub key_pkcs8_pem: String,
    /// The signing certificate first, then its issuers, as PEM.
    pub chain_pem: String,
}

impl std::fmt::Debug for ImportedSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportedSigner").field("chain_pem", &self.chain_pem).finish_non_exhaustive()
    }
}

/// The key that makes the embedded signature.
pub(crate) enum Signer {
    P256(SigningKey),
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
}

impl std::fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print secret keys.
        f.debug_struct("SigningKeys").field("certificate_pem", &self.certificate_pem).finish_non_exhaustive()
    }
}

/// The public parts: what the cover prints, the audit entry records and `report public-key` shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PublicKeys {
    /// The minisign public key ("RW…"), for `minisign -P`.
    pub minisign_public_key: String,
    /// The minisign key id (hex), as `minisign` prints it.
    pub minisign_key_id: String,
    /// The certificate, PEM.
    pub certificate_pem: String,
    /// SHA-256 of the certificate (DER), hex in groups of four.
    pub certificate_fingerprint: String,
    pub certificate_subject: String,
    /// Who issued the signing certificate (its own subject when self-signed).
    #[serde(default)]
    pub certificate_issuer: String,
    /// The last day the certificate is valid (YYYY-MM-DD, UTC).
    #[serde(default)]
    pub certificate_valid_until: String,
    /// The certificate is the organisation's own, imported one (not the installation's self-signed one).
    #[serde(default)]
    pub certificate_imported: bool,
}

fn escape_dn(value: &str) -> String {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=') || (i == 0 && (c == '#' || c == ' ')) {
            out.push('\\');
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

fn grouped_hex(bytes: &[u8]) -> String {
    hex::encode_upper(bytes)
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

impl SigningKeys {
    /// New keys for `organisation`, the certificate valid from `now` for ten years.
    pub fn generate(organisation: &str, now: DateTime<Utc>) -> Result<SigningKeys, SignError> {
        let err = |e: &dyn std::fmt::Display| SignError::Keys(e.to_string());
        let key = SigningKey::random(&mut rand_core::OsRng);
        let org =
            if organisation.trim().is_empty() { "DPO Cockpit installation" } else { organisation.trim() };
        let subject = Name::from_str(&format!("CN={} report signing,O={}", escape_dn(org), escape_dn(org)))
            .map_err(|e| err(&e))?;
        let mut serial = [0u8; 16];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut serial);
        serial[0] &= 0x7f;
        serial[0] |= 0x01;
        let start = std::time::UNIX_EPOCH + std::time::Duration::from_secs(now.timestamp().max(0) as u64);
        let end = start + std::time::Duration::from_secs(10 * 365 * 24 * 3600);
        let validity = Validity {
            not_before: x509_cert::time::Time::try_from(start).map_err(|e| err(&e))?,
            not_after: x509_cert::time::Time::try_from(end).map_err(|e| err(&e))?,
        };
        let spki = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(|e| err(&e))?;
        let profile = Profile::Leaf {
            issuer: subject.clone(),
            enable_key_agreement: false,
            enable_key_encipherment: false,
        };
        let builder = CertificateBuilder::new(
            profile,
            SerialNumber::new(&serial).map_err(|e| err(&e))?,
            validity,
            subject,
            spki,
            &key,
        )
        .map_err(|e| err(&e))?;
        let cert = builder.build::<DerSignature>().map_err(|e| err(&e))?;
        let kp = minisign::KeyPair::generate_unencrypted_keypair().map_err(|e| err(&e))?;
        let minisign_secret = kp.sk.to_box(None).map_err(|e| err(&e))?.into_string();
        let minisign_public = kp.pk.to_box().map_err(|e| err(&e))?.into_string();
        Ok(SigningKeys {
            p256_pkcs8_pem: key.to_pkcs8_pem(LineEnding::LF).map_err(|e| err(&e))?.to_string(),
            certificate_pem: cert.to_pem(LineEnding::LF).map_err(|e| err(&e))?,
            minisign_secret,
            minisign_public,
            imported: None,
        })
    }

    /// The key that signs: the imported one when there is one, else the self-signed one.
    fn signer(&self) -> Result<Signer, SignError> {
        match &self.imported {
            Some(i) => {
                crate::own_certificate::signer_from_pkcs8_pem(&i.key_pkcs8_pem).map_err(SignError::StoredKeys)
            }
            None => SigningKey::from_pkcs8_pem(&self.p256_pkcs8_pem)
                .map(Signer::P256)
                .map_err(|e| SignError::StoredKeys(e.to_string())),
        }
    }

    /// The certificate that signs (the imported one when there is one).
    pub fn certificate(&self) -> Result<Certificate, SignError> {
        Ok(self.chain()?.remove(0))
    }

    /// The signing certificate, then its issuers.
    pub fn chain(&self) -> Result<Vec<Certificate>, SignError> {
        let pem = match &self.imported {
            Some(i) => &i.chain_pem,
            None => &self.certificate_pem,
        };
        let chain =
            Certificate::load_pem_chain(pem.as_bytes()).map_err(|e| SignError::StoredKeys(e.to_string()))?;
        if chain.is_empty() {
            return Err(SignError::StoredKeys("no certificate".into()));
        }
        Ok(chain)
    }

    fn minisign_pk(&self) -> Result<minisign::PublicKey, SignError> {
        minisign::PublicKeyBox::from_string(&self.minisign_public)
            .and_then(|b| b.into_public_key())
            .map_err(|e| SignError::StoredKeys(e.to_string()))
    }

    /// The public parts.
    pub fn public(&self) -> Result<PublicKeys, SignError> {
        let cert = self.certificate()?;
        let pk = self.minisign_pk()?;
        let mut id = pk.keynum().to_vec();
        id.reverse();
        Ok(PublicKeys {
            minisign_public_key: pk.to_base64(),
            minisign_key_id: hex::encode_upper(id),
            certificate_pem: cert.to_pem(LineEnding::LF).map_err(|e| SignError::StoredKeys(e.to_string()))?,
            certificate_fingerprint: fingerprint(&cert),
            certificate_subject: cert.tbs_certificate.subject.to_string(),
            certificate_issuer: cert.tbs_certificate.issuer.to_string(),
            certificate_valid_until: valid_until(&cert),
            certificate_imported: self.imported.is_some(),
        })
    }

    /// The detached minisign signature of `data` (the text of a `.minisig` file).
    pub fn minisign(&self, data: &[u8], trusted_comment: &str) -> Result<String, SignError> {
        let sk = minisign::SecretKeyBox::from_string(&self.minisign_secret)
            .and_then(|b| b.into_unencrypted_secret_key())
            .map_err(|e| SignError::StoredKeys(e.to_string()))?;
        let pk = self.minisign_pk()?;
        // minisign's trusted comment is one line.
        let comment = trusted_comment.replace(['\n', '\r'], " ");
        let sig = minisign::sign(Some(&pk), &sk, std::io::Cursor::new(data), Some(&comment), None)
            .map_err(|e| SignError::Minisign(e.to_string()))?;
        Ok(sig.into_string())
    }

    /// Adds the embedded PAdES signature to a rendered document and serialises it.
    pub fn sign_pdf(
        &self,
        mut doc: lopdf::Document,
        signing_time: DateTime<Utc>,
        reason: &str,
    ) -> Result<Vec<u8>, SignError> {
        let perr = |e: &dyn std::fmt::Display| SignError::Pdf(e.to_string());
        let key = self.signer()?;
        let chain = self.chain()?;
        let cert = &chain[0];
        let signer_name = cert.tbs_certificate.subject.to_string();
        // Room for the signature: the certificates it carries, the signature value and the attributes.
        let chain_len: usize = chain.iter().map(|c| c.to_der().map(|d| d.len()).unwrap_or(4096)).sum();
        let room = (chain_len + 2048).max(SIGNATURE_ROOM).next_multiple_of(1024);
        let m = format!("D:{}Z", signing_time.format("%Y%m%d%H%M%S"));
        let sig_id = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Sig".to_vec())),
            ("Filter", Object::Name(b"Adobe.PPKLite".to_vec())),
            ("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec())),
            (
                "ByteRange",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(BYTE_RANGE_PLACEHOLDER),
                    Object::Integer(BYTE_RANGE_PLACEHOLDER),
                    Object::Integer(BYTE_RANGE_PLACEHOLDER),
                ]),
            ),
            ("Contents", Object::String(vec![0u8; room], StringFormat::Hexadecimal)),
            ("M", Object::string_literal(m)),
            ("Name", text_string(&signer_name)),
            ("Reason", text_string(reason)),
        ]));
        let pages = doc.get_pages();
        let first =
            *pages.values().next().ok_or_else(|| SignError::Pdf("the document has no page".into()))?;
        let field_id = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Widget".to_vec())),
            ("FT", Object::Name(b"Sig".to_vec())),
            ("T", Object::string_literal("Signature1")),
            ("Rect", Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()])),
            ("F", Object::Integer(132)),
            ("V", Object::Reference(sig_id)),
            ("P", Object::Reference(first)),
        ]));
        {
            let page = doc.get_object_mut(first).and_then(Object::as_dict_mut).map_err(|e| perr(&e))?;
            match page.get_mut(b"Annots") {
                Ok(Object::Array(a)) => a.push(Object::Reference(field_id)),
                _ => page.set("Annots", Object::Array(vec![Object::Reference(field_id)])),
            }
        }
        doc.catalog_mut().map_err(|e| perr(&e))?.set(
            "AcroForm",
            Dictionary::from_iter(vec![
                ("Fields", Object::Array(vec![Object::Reference(field_id)])),
                ("SigFlags", Object::Integer(3)),
            ]),
        );
        let mut bytes = Vec::new();
        // A classic cross-reference table: with object streams the placeholder would be compressed away.
        doc.save_to(&mut bytes).map_err(|e| perr(&e))?;

        // Where the placeholder landed, and the ranges around it.
        let hole = find_contents_hole(&bytes, room)
            .ok_or_else(|| SignError::Pdf("signature placeholder not found".into()))?;
        let (a, b) = hole;
        let ranges = [0usize, a, b, bytes.len() - b];
        patch_byte_range(&mut bytes, ranges)?;
        let digest = Sha256::new().chain_update(&bytes[..a]).chain_update(&bytes[b..]).finalize();

        let cms = match &key {
            Signer::P256(k) => cms_signature::<_, DerSignature>(k, &chain, &digest)?,
            Signer::Rsa(k) => cms_signature::<_, rsa::pkcs1v15::Signature>(k.as_ref(), &chain, &digest)?,
        };
        if cms.len() > room {
            return Err(SignError::Pdf(format!("the signature ({} bytes) does not fit its room", cms.len())));
        }
        let hex = hex::encode_upper(&cms);
        bytes[a + 1..a + 1 + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(bytes)
    }
}

/// The detached CMS SignedData over `digest` (the PDF's byte ranges), carrying `chain` (signer first).
fn cms_signature<S, Sig>(key: &S, chain: &[Certificate], digest: &[u8]) -> Result<Vec<u8>, SignError>
where
    S: signature::Keypair + spki::DynSignatureAlgorithmIdentifier + signature::Signer<Sig>,
    Sig: spki::SignatureBitStringEncoding,
{
    let cerr = |e: &dyn std::fmt::Display| SignError::Pdf(format!("CMS: {e}"));
    let cert = &chain[0];
    let sha256 = AlgorithmIdentifierOwned { oid: const_oid::db::rfc5912::ID_SHA_256, parameters: None };
    let eci = EncapsulatedContentInfo { econtent_type: const_oid::db::rfc5911::ID_DATA, econtent: None };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let mut signer =
        SignerInfoBuilder::new(key, sid, sha256.clone(), &eci, Some(digest)).map_err(|e| cerr(&e))?;
    signer.add_signed_attribute(signing_certificate_v2(cert)?).map_err(|e| cerr(&e))?;
    let mut builder = SignedDataBuilder::new(&eci);
    builder.add_digest_algorithm(sha256).map_err(|e| cerr(&e))?;
    for c in chain {
        builder.add_certificate(CertificateChoices::Certificate(c.clone())).map_err(|e| cerr(&e))?;
    }
    builder.add_signer_info::<_, Sig>(signer).map_err(|e| cerr(&e))?;
    builder.build().map_err(|e| cerr(&e))?.to_der().map_err(|e| cerr(&e))
}

/// SHA-256 of a certificate (DER), hex in groups of four.
pub fn fingerprint(cert: &Certificate) -> String {
    grouped_hex(&Sha256::digest(cert.to_der().unwrap_or_default()))
}

pub(crate) fn time_of(t: &x509_cert::time::Time) -> DateTime<Utc> {
    DateTime::<Utc>::from(t.to_system_time())
}

fn valid_until(cert: &Certificate) -> String {
    time_of(&cert.tbs_certificate.validity.not_after).format("%Y-%m-%d").to_string()
}

/// A PDF text string: UTF-16BE with a byte-order mark, so any name survives.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The ESS signing-certificate-v2 attribute (RFC 5035) that PAdES requires: the SHA-256 of the signer's
/// certificate (SHA-256 is the default hash algorithm, so it is not written).
fn signing_certificate_v2(cert: &Certificate) -> Result<Attribute, SignError> {
    let der = cert.to_der().map_err(|e| SignError::Pdf(e.to_string()))?;
    let hash = Sha256::digest(&der);
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
    // ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING }
    let mut value = vec![0x30, 0x26, 0x30, 0x24, 0x30, 0x22, 0x04, 0x20];
    value.extend_from_slice(&hash);
    let v = AttributeValue::from_der(&value).map_err(|e| SignError::Pdf(e.to_string()))?;
    let mut values = SetOfVec::new();
    values.insert(v).map_err(|e| SignError::Pdf(e.to_string()))?;
    Ok(Attribute { oid: ID_AA_SIGNING_CERTIFICATE_V2, values })
}

/// The hex string that holds the signature: (offset of '<', offset after '>').
fn find_contents_hole(bytes: &[u8], room: usize) -> Option<(usize, usize)> {
    let needle = {
        let mut n = Vec::with_capacity(2 * room + 2);
        n.push(b'<');
        n.extend(std::iter::repeat_n(b'0', 2 * room));
        n.push(b'>');
        n
    };
    let key = b"/Contents";
    let mut from = 0;
    while let Some(p) = find(&bytes[from..], key) {
        let at = from + p + key.len();
        let rest = &bytes[at..];
        let skip = rest.iter().take_while(|c| c.is_ascii_whitespace()).count();
        if rest[skip..].starts_with(&needle) {
            let a = at + skip;
            return Some((a, a + needle.len()));
        }
        from = at;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn patch_byte_range(bytes: &mut [u8], ranges: [usize; 4]) -> Result<(), SignError> {
    let p = BYTE_RANGE_PLACEHOLDER.to_string();
    let pattern = format!("{p} {p} {p}");
    let at = find(bytes, pattern.as_bytes())
        .ok_or_else(|| SignError::Pdf("ByteRange placeholder not found".into()))?;
    let open =
        bytes[..at].iter().rposition(|c| *c == b'[').ok_or_else(|| SignError::Pdf("ByteRange".into()))?;
    let close = at + pattern.len();
    if bytes.get(close) != Some(&b']') {
        return Err(SignError::Pdf("unexpected ByteRange layout".into()));
    }
    let width = close - open - 1;
    let text = format!("{} {} {} {}", ranges[0], ranges[1], ranges[2], ranges[3]);
    if text.len() > width {
        return Err(SignError::Pdf("the file is too large for its ByteRange".into()));
    }
    let padded = format!("{text:<width$}");
    bytes[open + 1..close].copy_from_slice(padded.as_bytes());
    Ok(())
}

/// What checking the embedded signature found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EmbeddedCheck {
    /// The digest over the byte ranges matches the signed one and the signature verifies.
    pub valid: bool,
    /// The ranges cover the whole file except the signature itself.
    pub covers_whole_file: bool,
    pub signer: String,
    /// SHA-256 of the signer's certificate, hex in groups of four.
    pub certificate_fingerprint: String,
    pub problem: Option<String>,
}

/// Checks the (last) embedded signature of a PDF against its bytes, independently of who signed it.
pub fn check_embedded(bytes: &[u8]) -> EmbeddedCheck {
    match check_embedded_inner(bytes) {
        Ok(c) => c,
        Err(problem) => EmbeddedCheck {
            valid: false,
            covers_whole_file: false,
            signer: String::new(),
            certificate_fingerprint: String::new(),
            problem: Some(problem),
        },
    }
}

fn parse_byte_range(bytes: &[u8]) -> Result<[usize; 4], String> {
    let key = b"/ByteRange";
    let mut last = None;
    let mut from = 0;
    while let Some(p) = find(&bytes[from..], key) {
        last = Some(from + p + key.len());
        from = from + p + key.len();
    }
    let at = last.ok_or("the file has no embedded signature (no /ByteRange)")?;
    let open = at + bytes[at..].iter().position(|c| *c == b'[').ok_or("malformed /ByteRange")?;
    let close = open + bytes[open..].iter().position(|c| *c == b']').ok_or("malformed /ByteRange")?;
    let text = std::str::from_utf8(&bytes[open + 1..close]).map_err(|_| "malformed /ByteRange")?;
    let n: Vec<usize> = text
        .split_whitespace()
        .map(|t| t.parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| "malformed /ByteRange")?;
    <[usize; 4]>::try_from(n).map_err(|_| "a /ByteRange must have four numbers".to_string())
}

fn check_embedded_inner(bytes: &[u8]) -> Result<EmbeddedCheck, String> {
    let [s1, l1, s2, l2] = parse_byte_range(bytes)?;
    if s1 != 0 || s1 + l1 > s2 || s2.checked_add(l2).is_none_or(|e| e > bytes.len()) {
        return Err("the /ByteRange does not fit the file".into());
    }
    let covers_whole_file = s2 + l2 == bytes.len();
    let hole = &bytes[l1..s2];
    if hole.len() < 2 || hole[0] != b'<' || hole[hole.len() - 1] != b'>' {
        return Err("the gap in the /ByteRange is not the signature's hex string".into());
    }
    let hex_text: Vec<u8> =
        hole[1..hole.len() - 1].iter().copied().filter(|c| !c.is_ascii_whitespace()).collect();
    let raw = hex::decode(&hex_text).map_err(|_| "the signature is not hexadecimal")?;
    let len = der_length(&raw).ok_or("the signature is not DER")?;
    let ci = ContentInfo::from_der(&raw[..len]).map_err(|e| format!("the signature is not CMS: {e}"))?;
    let sd: SignedData = ci.content.decode_as().map_err(|e| format!("not a CMS SignedData: {e}"))?;
    let si = sd.signer_infos.0.iter().next().ok_or("the signature has no signer")?;
    let certs: Vec<&Certificate> = sd
        .certificates
        .as_ref()
        .map(|c| {
            c.0.iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    // The signer's certificate is the one its identifier names (the others are its issuers).
    let cert = match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => certs.iter().find(|c| {
            c.tbs_certificate.issuer == id.issuer && c.tbs_certificate.serial_number == id.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => certs.first(),
    }
    .copied()
    .cloned()
    .ok_or("the signature carries no certificate of its signer")?;
    let attrs = si.signed_attrs.as_ref().ok_or("the signature has no signed attributes")?;
    let signed_digest = attrs
        .iter()
        .find(|a| a.oid == const_oid::db::rfc5911::ID_MESSAGE_DIGEST)
        .and_then(|a| a.values.iter().next())
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or("the signature has no message digest")?;
    let digest = Sha256::new().chain_update(&bytes[..l1]).chain_update(&bytes[s2..s2 + l2]).finalize();
    let cert_der = cert.to_der().map_err(|e| e.to_string())?;
    let signer = cert.tbs_certificate.subject.to_string();
    let certificate_fingerprint = grouped_hex(&Sha256::digest(&cert_der));
    let mut problem = None;
    if signed_digest.as_bytes() != digest.as_slice() {
        problem = Some("the document was changed after it was signed (digest mismatch)".to_string());
    } else {
        let msg = attrs.to_der().map_err(|e| e.to_string())?;
        if !verify_with_certificate(&cert, &msg, si.signature.as_bytes())? {
            problem = Some("the signature does not verify with the certificate's key".to_string());
        } else if !covers_whole_file {
            problem = Some("bytes were appended after the signed part".to_string());
        }
    }
    Ok(EmbeddedCheck {
        valid: problem.is_none(),
        covers_whole_file,
        signer,
        certificate_fingerprint,
        problem,
    })
}

/// Whether `signature` over `msg` verifies with the certificate's key (ECDSA P-256 or RSA PKCS#1 v1.5,
/// both with SHA-256).
pub(crate) fn verify_with_certificate(
    cert: &Certificate,
    msg: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    if spki.algorithm.oid == crate::own_certificate::RSA_ENCRYPTION {
        use rsa::pkcs1::DecodeRsaPublicKey;
        let key = rsa::RsaPublicKey::from_pkcs1_der(spki.subject_public_key.raw_bytes())
            .map_err(|e| format!("the certificate's RSA key is unreadable: {e}"))?;
        let vk = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key);
        let sig = rsa::pkcs1v15::Signature::try_from(signature)
            .map_err(|e| format!("malformed RSA signature: {e}"))?;
        Ok(signature::Verifier::verify(&vk, msg, &sig).is_ok())
    } else {
        let vk = VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes())
            .map_err(|e| format!("the certificate's key is neither RSA nor ECDSA P-256: {e}"))?;
        let sig = p256::ecdsa::Signature::from_der(signature)
            .map_err(|e| format!("malformed ECDSA signature: {e}"))?;
        Ok(signature::Verifier::verify(&vk, msg, &sig).is_ok())
    }
}

/// The length of the DER element at the start of `raw` (header included).
fn der_length(raw: &[u8]) -> Option<usize> {
    if raw.len() < 2 {
        return None;
    }
    let first = raw[1] as usize;
    if first < 0x80 {
        return Some(2 + first);
    }
    let n = first & 0x7f;
    if n == 0 || n > 4 || raw.len() < 2 + n {
        return None;
    }
    let len = raw[2..2 + n].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
    Some(2 + n + len).filter(|l| *l <= raw.len())
}

/// Checks a `.minisig` against `data` with the public key ("RW…" or the two-line box).
pub fn check_minisig(data: &[u8], minisig: &str, public_key: &str) -> Result<(), String> {
    let pk = if public_key.trim_start().starts_with("untrusted comment:") {
        minisign::PublicKeyBox::from_string(public_key).and_then(|b| b.into_public_key())
    } else {
        minisign::PublicKey::from_base64(public_key.trim())
    }
    .map_err(|e| format!("unreadable public key: {e}"))?;
    let sig =
        minisign::SignatureBox::from_string(minisig).map_err(|e| format!("unreadable .minisig: {e}"))?;
    minisign::verify(&pk, &sig, std::io::Cursor::new(data), true, false, false).map_err(|e| e.to_string())
}
