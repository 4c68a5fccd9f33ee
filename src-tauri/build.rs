include!("ipc-commands.rs");

fn main() {
    // An app manifest: Tauri generates `allow-<command>` for each of our commands and, because the
    // manifest exists, allows a window only the commands its capability lists (`capabilities/`).
    println!("cargo:rerun-if-changed=ipc-commands.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(IPC_COMMANDS)),
    )
    .expect("tauri-build");
}
