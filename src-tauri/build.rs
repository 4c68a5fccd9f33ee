fn main() {
    // No app manifest (`tauri_build::Attributes::app_manifest`) is defined, so Tauri allows the app's
    // own commands for every window; the webview's other permissions come from `capabilities/`.
    tauri_build::build()
}
