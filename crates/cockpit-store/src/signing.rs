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
