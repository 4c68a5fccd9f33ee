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
