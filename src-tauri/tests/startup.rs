//! Start-up: demo data on first run only.

use cockpit_api::{ActivityQuery, DemoLanguage};
use cockpit_desktop::open_cockpit;

#[test]
fn demo_register_is_loaded_on_first_run_only() {
    tauri::async_runtime::block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("cockpit.db");

        let c = open_cockpit(&path, Some(DemoLanguage::En), None).await.unwrap();
        let first = c.list_activities(ActivityQuery::default(), None).await.unwrap().total;
        assert!(first > 0);
        assert!(c.organisation().await.unwrap().is_some());
        c.close().await;

        // A second start finds a register and leaves it alone.
        let c = open_cockpit(&path, Some(DemoLanguage::Es), None).await.unwrap();
        assert_eq!(c.list_activities(ActivityQuery::default(), None).await.unwrap().total, first);
        c.close().await;
    });
}

#[test]
fn no_demo_leaves_the_database_empty() {
    tauri::async_runtime::block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let c = open_cockpit(&dir.path().join("c.db"), None, None).await.unwrap();
        assert_eq!(c.list_activities(ActivityQuery::default(), None).await.unwrap().total, 0);
        assert!(c.organisation().await.unwrap().is_none());
    });
}

#[test]
fn webkit_renders_on_the_cpu_only_without_a_gpu_render_node_and_without_a_user_choice() {
    use cockpit_desktop::disable_dmabuf_renderer;
    use std::ffi::OsStr;
    let dir = tempfile::tempdir().unwrap();
    let dri = dir.path().join("dri");
    // No /dev/dri at all (a virtual machine, a container, Xvfb): WebKit's own CPU rasteriser.
    assert!(disable_dmabuf_renderer(None, &dri));
    // A card but no render node: still no GPU rendering for WebKit.
    std::fs::create_dir(&dri).unwrap();
    std::fs::write(dri.join("card0"), b"").unwrap();
    assert!(disable_dmabuf_renderer(None, &dri));
    // A render node: WebKit's default (GPU) renderer.
    std::fs::write(dri.join("renderD128"), b"").unwrap();
    assert!(!disable_dmabuf_renderer(None, &dri));
    // Whatever the user set wins, either way.
    assert!(!disable_dmabuf_renderer(Some(OsStr::new("0")), &dir.path().join("none")));
    assert!(!disable_dmabuf_renderer(Some(OsStr::new("1")), &dri));
}

#[test]
fn the_start_up_warm_up_and_a_query_made_meanwhile_give_the_same_register_table() {
    tauri::async_runtime::block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let c = open_cockpit(&dir.path().join("c.db"), Some(DemoLanguage::En), None).await.unwrap();
        let c2 = open_cockpit(&dir.path().join("c.db"), None, None).await.unwrap();
        // A second handle on the same file starts with an empty cache, like the desktop at start.
        let (warm, page) = tokio::join!(c2.warm_up(), c2.list_activities(ActivityQuery::default(), None));
        warm.unwrap();
        let page = page.unwrap();
        assert_eq!(page, c.list_activities(ActivityQuery::default(), None).await.unwrap());
        assert!(page.total >= 40);
        assert_eq!(c2.dashboard().await.unwrap().activities, page.total);
    });
}
