//! Least privilege, checked on the files that grant it:
//! - the window's capability allows exactly our IPC commands, each by name, and nothing else (no core,
//!   event, dialog, fs, shell or http permission), and they are exactly the commands the UI calls;
//! - the content security policy allows no remote load, no inline script and no `eval`;
//! - the app has no plugin or feature that opens network connections or sends telemetry.
//!
//! The capability is enforced by Tauri because `build.rs` defines an app manifest (the command list in
//! `ipc-commands.rs`); the real-window smoke test drives the app through it.

use std::collections::BTreeSet;
use std::path::Path;

include!("../ipc-commands.rs");

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(rel)).unwrap()
}

fn snake(camel: &str) -> String {
    let mut s = String::new();
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            s.push('_');
            s.push(c.to_ascii_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

/// The command names in the generated bindings: `__TAURI_INVOKE<…>("name"`.
fn bindings_commands() -> BTreeSet<String> {
    let text = read("../ui/src/bindings.ts");
    text.match_indices("__TAURI_INVOKE<")
        .map(|(i, _)| {
            let rest = &text[i..];
            let start = rest.find("(\"").expect("a command name") + 2;
            let end = start + rest[start..].find('"').unwrap();
            rest[start..end].to_string()
        })
        .collect()
}

/// The commands the UI's Tauri backend calls: `commands.someName(`.
fn ui_commands() -> BTreeSet<String> {
    let text = read("../ui/src/api/tauri.ts");
    text.match_indices("commands.")
        .map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap();
            snake(&rest[..end])
        })
        .collect()
}

#[test]
fn the_capability_allows_exactly_the_commands_the_ui_calls() {
    let listed: BTreeSet<String> = IPC_COMMANDS.iter().map(|c| c.to_string()).collect();
    assert_eq!(listed.len(), IPC_COMMANDS.len(), "ipc-commands.rs names a command twice");
    assert_eq!(
        listed,
        bindings_commands(),
        "ipc-commands.rs and the registered commands (bindings.ts) differ"
    );
    assert_eq!(listed, ui_commands(), "a command the UI does not call is allowed, or one it calls is not");

    let cap = json("capabilities/default.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]), "the capability covers the main window only");
    assert!(cap.get("webviews").is_none() && cap.get("remote").is_none(), "no remote origin gets IPC");
    let granted: BTreeSet<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("a plain identifier").to_string())
        .collect();
    let expected: BTreeSet<String> =
        listed.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    assert_eq!(granted, expected, "the capability grants something other than our commands");
    let others: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name() != "default.json")
        .map(|e| e.file_name())
        .collect();
    assert!(others.is_empty(), "another capability file grants more: {others:?}");
    // Capabilities inlined in the configuration would add to the file's.
    let conf = json("tauri.conf.json");
    assert!(conf["app"]["security"].get("capabilities").is_none());
}

#[test]
fn the_csp_forbids_remote_loads_inline_scripts_and_eval() {
    let conf = json("tauri.conf.json");
    let security = &conf["app"]["security"];
    let csp = security["csp"].as_str().expect("a CSP string");
    let directives: Vec<(&str, Vec<&str>)> = csp
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace();
            (words.next().unwrap(), words.collect())
        })
        .collect();
    let get = |name: &str| directives.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
    assert_eq!(get("default-src"), Some(vec!["'self'"]));
    assert_eq!(get("script-src"), Some(vec!["'self'"]), "scripts from the app only: no inline, no eval");
    assert_eq!(get("object-src"), Some(vec!["'none'"]));
    assert_eq!(get("frame-ancestors"), Some(vec!["'none'"]));
    assert_eq!(get("form-action"), Some(vec!["'none'"]));
    assert_eq!(get("connect-src"), Some(vec!["ipc:", "http://ipc.localhost"]), "IPC only");
    for (name, sources) in &directives {
        for s in sources {
            let remote = s.starts_with("http") && *s != "http://ipc.localhost"
                || s.starts_with("ws")
                || s.contains('*')
                || *s == "blob:"
                || *s == "'unsafe-eval'"
                || *s == "'wasm-unsafe-eval'";
            assert!(!remote, "{name} allows {s}");
            if *s == "'unsafe-inline'" {
                assert_eq!(*name, "style-src", "only styles may be inline");
            }
        }
    }
    // Tauri adds nonces and hashes for its own scripts unless told not to; keep it doing so.
    assert!(security.get("dangerousDisableAssetCspModification").is_none());
    assert_eq!(security["freezePrototype"], true);
    assert!(
        security.get("assetProtocol").is_none(),
        "no asset protocol: files reach the UI through commands"
    );
    assert_eq!(conf["app"]["withGlobalTauri"], false);
}

#[test]
fn no_plugin_opens_the_network_or_sends_telemetry() {
    let manifest = read("Cargo.toml");
    let deps = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    for forbidden in [
        "tauri-plugin-http",
        "tauri-plugin-updater",
        "tauri-plugin-shell",
        "tauri-plugin-fs",
        "tauri-plugin-websocket",
        "tauri-plugin-upload",
        "tauri-plugin-opener",
        "reqwest",
        "sentry",
        "opentelemetry",
    ] {
        assert!(!deps.contains(forbidden), "src-tauri depends on {forbidden}");
    }
    let tauri_line = deps.lines().find(|l| l.starts_with("tauri =")).unwrap();
    assert!(!tauri_line.contains("devtools"), "no devtools in the shipped app: {tauri_line}");
    let conf = json("tauri.conf.json");
    assert!(conf.get("plugins").is_none_or(|p| p.get("updater").is_none()), "no updater endpoint");
}
