//! Helpers shared by the integration tests: the real `cockpit` binary and throwaway databases.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The `cockpit` binary of this build (built on first use if `cargo test` did not build it).
pub fn cockpit_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().expect("test executable path");
        let dir = exe.parent().and_then(Path::parent).expect("target profile directory").to_path_buf();
        let bin = dir.join(format!("cockpit{}", std::env::consts::EXE_SUFFIX));
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let profile = dir.file_name().and_then(|n| n.to_str()).unwrap_or("debug").to_string();
        let mut cmd = Command::new(cargo);
        cmd.args(["build", "-q", "-p", "cockpit-cli"]);
        if profile == "release" {
            cmd.arg("--release");
        }
        // `cargo test --workspace` builds the binary with the cockpit-cli package; build it only when a
        // narrower run (`cargo test -p cockpit-tests`) did not.
        if bin.exists() && std::env::var_os("COCKPIT_TEST_REBUILD").is_none() {
            return bin;
        }
        let status = cmd.status().expect("run cargo build");
        assert!(status.success(), "cargo build -p cockpit-cli failed");
        assert!(bin.exists(), "{} missing after build", bin.display());
        bin
    })
    .clone()
}

/// A throwaway database path in its own temporary folder (never the user's app-data folder).
pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempDb {
    pub fn new() -> TempDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cockpit.db");
        TempDb { dir, path }
    }

    /// Runs `cockpit --db PATH args...` (without any passphrase from the environment).
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    /// Runs `cockpit --db PATH args...` with these environment variables set.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(cockpit_bin());
        cmd.arg("--db")
            .arg(&self.path)
            .args(args)
            .env_remove("COCKPIT_DB")
            .env_remove("COCKPIT_PASSPHRASE")
            .env_remove("COCKPIT_NEW_PASSPHRASE")
            .env_remove("COCKPIT_LOG")
            // Log files in the test's folder, never the user's app-data folder.
            .env("COCKPIT_LOG_DIR", self.dir.path().join("logs"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run cockpit")
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "cockpit {args:?} failed with {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(&a)).expect("JSON output")
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

impl Default for TempDb {
    fn default() -> Self {
        Self::new()
    }
}

/// A raw connection to the database file, for tests that tamper with it behind the application.
pub async fn raw(path: &Path) -> sqlx::SqliteConnection {
    use sqlx::Connection;
    sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.expect("open raw")
}
