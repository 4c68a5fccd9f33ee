//! SQL for the report-signing keys: one row per installation, created once and never changed. Creating
//! it appends an audit entry in the same transaction that records the public parts only.

use serde::Serialize;
use sqlx::SqliteConnection;

use crate::audit::{self, AuditContext};
use crate::StoreError;

pub const SIGNING_KEYS: &str = "signing_keys";

/// The stored keys (secret and public parts).
#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredKeys {
    pub created_at: String,
    pub p256_pkcs8_pem: String,
    pub certificate_pem: String,
    pub minisign_secret: String,
    pub minisign_public: String,
}

impl std::fmt::Debug for StoredKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secret keys are never printed.
        f.debug_struct("StoredKeys").field("created_at", &self.created_at).finish_non_exhaustive()
    }
}

/// The keys, if this installation has made them.
pub async fn load(conn: &mut SqliteConnection) -> Result<Option<StoredKeys>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT created_at, p256_pkcs8_pem, certificate_pem, minisign_secret, minisign_public \
         FROM signing_keys WHERE id = 1",
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// Stores new keys inside the caller's write transaction and audits their creation with `public` (the
/// public parts; never the secret keys). Returns the keys now stored: when another process stored keys
/// first, those, and `keys` is dropped, so an installation never has two key pairs.
pub async fn insert_once<P: Serialize>(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    keys: &StoredKeys,
    public: &P,
) -> Result<StoredKeys, StoreError> {
    if let Some(existing) = load(conn).await? {
        return Ok(existing);
    }
    sqlx::query(
        "INSERT INTO signing_keys (id, created_at, p256_pkcs8_pem, certificate_pem, minisign_secret, minisign_public) \
         VALUES (1, ?, ?, ?, ?, ?)",
    )
    .bind(&keys.created_at)
    .bind(&keys.p256_pkcs8_pem)
    .bind(&keys.certificate_pem)
    .bind(&keys.minisign_secret)
    .bind(&keys.minisign_public)
    .execute(&mut *conn)
    .await?;
    let after = serde_json::to_value(public)?;
    audit::append(conn, ctx, SIGNING_KEYS, "1", "create", None, Some(&after)).await?;
    Ok(keys.clone())
}

pub const SIGNING_CERTIFICATE: &str = "signing_certificate";

/// An imported signing certificate as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredCertificate {
    pub id: i64,
    /// The public state (JSON) the audit trail records.
    pub data: serde_json::Value,
    pub chain_pem: String,
    /// None once retired.
    pub key_pkcs8_pem: Option<String>,
    pub active: bool,
}

impl std::fmt::Debug for StoredCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key is never printed.
        f.debug_struct("StoredCertificate")
            .field("id", &self.id)
            .field("data", &self.data)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

fn certificate_row(r: (i64, String, String, Option<String>, bool)) -> Result<StoredCertificate, StoreError> {
    Ok(StoredCertificate {
        id: r.0,
        data: serde_json::from_str(&r.1)?,
        chain_pem: r.2,
        key_pkcs8_pem: r.3,
        active: r.4,
    })
}

/// Every imported certificate, oldest first (the active one, and the retired ones).
pub async fn certificates(conn: &mut SqliteConnection) -> Result<Vec<StoredCertificate>, StoreError> {
    let rows: Vec<(i64, String, String, Option<String>, bool)> = sqlx::query_as(
        "SELECT id, data, chain_pem, key_pkcs8_pem, active FROM signing_certificates ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(certificate_row).collect()
}

/// The active imported certificate, if any.
pub async fn active_certificate(
    conn: &mut SqliteConnection,
) -> Result<Option<StoredCertificate>, StoreError> {
    let row: Option<(i64, String, String, Option<String>, bool)> = sqlx::query_as(
        "SELECT id, data, chain_pem, key_pkcs8_pem, active FROM signing_certificates WHERE active = 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    row.map(certificate_row).transpose()
}

/// Retires the active certificate (if any) at `at`: it keeps its public parts and loses its key.
/// Audited. Returns the retired row's id.
pub async fn retire_active(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    at: &str,
) -> Result<Option<i64>, StoreError> {
    let Some(active) = active_certificate(conn).await? else {
        return Ok(None);
    };
    let mut after = active.data.clone();
    after["retired_at"] = serde_json::Value::String(at.to_string());
    sqlx::query("UPDATE signing_certificates SET data = ?, key_pkcs8_pem = NULL, active = 0 WHERE id = ?")
        .bind(after.to_string())
        .bind(active.id)
        .execute(&mut *conn)
        .await?;
    audit::append(
        conn,
        ctx,
        SIGNING_CERTIFICATE,
        &active.id.to_string(),
        "retire",
        Some(&active.data),
        Some(&after),
    )
    .await?;
    Ok(Some(active.id))
}

/// Stores a new active certificate inside the caller's write transaction, retiring the previous one;
/// both audited (the public `data` only; never the key). Returns its id.
pub async fn insert_certificate(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    data: &serde_json::Value,
    chain_pem: &str,
    key_pkcs8_pem: &str,
) -> Result<i64, StoreError> {
    retire_active(conn, ctx, &ctx.at_text()).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO signing_certificates (data, chain_pem, key_pkcs8_pem, active) VALUES (?, ?, ?, 1) RETURNING id",
    )
    .bind(data.to_string())
    .bind(chain_pem)
    .bind(key_pkcs8_pem)
    .fetch_one(&mut *conn)
    .await?;
    audit::append(conn, ctx, SIGNING_CERTIFICATE, &id.to_string(), "import", None, Some(data)).await?;
    Ok(id)
}
