//! The core crates must build without Tauri: the CLI and any future shell use them as they are.

use std::process::Command;

const CORE: [&str; 7] = [
    "cockpit-domain",
    "cockpit-store",
    "cockpit-demo",
    "cockpit-connect",
    "cockpit-retention",
    "cockpit-report",
    "cockpit-api",
];

#[test]
fn core_crates_do_not_depend_on_tauri() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    for krate in CORE {
        let out = Command::new(&cargo)
            .current_dir(workspace)
            .args(["tree", "-p", krate, "-e", "normal", "--prefix", "none"])
            .output()
            .expect("cannot run cargo tree");
        assert!(
            out.status.success(),
            "cargo tree -p {krate} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let tree = String::from_utf8_lossy(&out.stdout);
        assert!(tree.lines().any(|l| l.starts_with(krate)), "cargo tree -p {krate} printed no tree:\n{tree}");
        let gui: Vec<&str> = tree
            .lines()
            .filter(|l| l.starts_with("tauri") || l.starts_with("wry ") || l.starts_with("tao "))
            .collect();
        assert!(gui.is_empty(), "{krate} depends on the desktop stack: {gui:?}");
    }
}
