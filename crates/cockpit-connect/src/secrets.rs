//! Datastore passwords. They are kept in the OS keyring (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows) under the service `dpo-cockpit`, never in the database, the stored
//! URL, logs or exports.
//!
//! A headless server without a keyring (a systemd timer running `cockpit scheduler run`) passes the
//! password in the environment instead: `COCKPIT_SECRET_<NAME>` with the datastore name upper-cased and
//! every character other than a letter or digit replaced by `_` (systemd's `LoadCredential=` plus an
//! `EnvironmentFile` does this without writing the password into the unit). The environment wins over
//! the keyring, so a server can rotate a password without touching the keyring.

use crate::ConnectError;

const SERVICE: &str = "dpo-cockpit";

/// Where passwords come from and go to.
pub trait SecretStore: Send + Sync {
    fn get(&self, datastore: &str) -> Result<Option<String>, ConnectError>;
    fn set(&self, datastore: &str, secret: &str) -> Result<(), ConnectError>;
    fn delete(&self, datastore: &str) -> Result<(), ConnectError>;
}

/// The name of the environment variable that carries a datastore's password.
pub fn env_name(datastore: &str) -> String {
    let mut s = String::from("COCKPIT_SECRET_");
    s.extend(datastore.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }));
    s
}

/// The OS keyring, with the environment override described above.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsSecrets;

fn entry(datastore: &str) -> Result<keyring::Entry, ConnectError> {
    keyring::Entry::new(SERVICE, &format!("datastore:{datastore}"))
        .map_err(|e| ConnectError::Secret(format!("the OS keyring is not usable: {e}")))
}

impl SecretStore for OsSecrets {
    fn get(&self, datastore: &str) -> Result<Option<String>, ConnectError> {
        if let Ok(v) = std::env::var(env_name(datastore)) {
            return Ok(Some(v));
        }
        match entry(datastore)?.get_password() {
            Ok(p) => Ok(Some(p)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(ConnectError::Secret(format!(
                "cannot read the password of datastore '{datastore}' from the OS keyring ({e}); on a \
                 server without a keyring set {} instead",
                env_name(datastore)
            ))),
        }
    }

    fn set(&self, datastore: &str, secret: &str) -> Result<(), ConnectError> {
        entry(datastore)?.set_password(secret).map_err(|e| {
            ConnectError::Secret(format!(
                "cannot store the password of datastore '{datastore}' in the OS keyring ({e}). It was \
                 not saved anywhere else. On a server without a keyring, leave the password out and set \
                 {} when running",
                env_name(datastore)
            ))
        })
    }

    fn delete(&self, datastore: &str) -> Result<(), ConnectError> {
        match entry(datastore)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(ConnectError::Secret(format!("cannot remove the keyring entry: {e}"))),
        }
    }
}

/// Reads any entry of the application's keyring service (e.g. `database:<path>` for the passphrase of
/// a database the user unlocks with their login).
pub fn keyring_get(account: &str) -> Result<Option<String>, ConnectError> {
    let e = keyring::Entry::new(SERVICE, account)
        .map_err(|e| ConnectError::Secret(format!("the OS keyring is not usable: {e}")))?;
    match e.get_password() {
        Ok(p) => Ok(Some(p)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(ConnectError::Secret(format!("cannot read from the OS keyring: {e}"))),
    }
}

pub fn keyring_set(account: &str, secret: &str) -> Result<(), ConnectError> {
    keyring::Entry::new(SERVICE, account).and_then(|e| e.set_password(secret)).map_err(|e| {
        ConnectError::Secret(format!(
            "cannot store the passphrase in the OS keyring ({e}); it was not saved anywhere else"
        ))
    })
}

pub fn keyring_delete(account: &str) -> Result<(), ConnectError> {
    let e = keyring::Entry::new(SERVICE, account)
        .map_err(|e| ConnectError::Secret(format!("the OS keyring is not usable: {e}")))?;
    match e.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(ConnectError::Secret(format!("cannot remove the keyring entry: {e}"))),
    }
}

/// Secrets held in memory, for tests.
#[derive(Debug, Default)]
pub struct MemorySecrets(std::sync::Mutex<std::collections::BTreeMap<String, String>>);

impl SecretStore for MemorySecrets {
    fn get(&self, datastore: &str) -> Result<Option<String>, ConnectError> {
        Ok(self.0.lock().unwrap_or_else(|e| e.into_inner()).get(datastore).cloned())
    }
    fn set(&self, datastore: &str, secret: &str) -> Result<(), ConnectError> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(datastore.to_string(), secret.to_string());
        Ok(())
    }
    fn delete(&self, datastore: &str) -> Result<(), ConnectError> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(datastore);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_names() {
        assert_eq!(env_name("crm-prod.eu"), "COCKPIT_SECRET_CRM_PROD_EU");
    }
}
