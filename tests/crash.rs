//! Durability: the process writing the register is killed with SIGKILL at a random point while many
//! edits run concurrently, again and again. After every kill the encrypted database must pass
//! `PRAGMA integrity_check`, hold every write the process had acknowledged (an API call that returned
//! `Ok`), and its audit chain must verify with the register matching its trail.
//!
//! The writer is this test binary itself, re-run as a child with `CRASH_DB` set: it opens the database
//! through the same API the desktop app and the CLI use and prints `ACK …` after each call returns.
//! The seed of each kill's timing is printed, so a failure can be replayed with `CRASH_SEED`.

use cockpit_api::security::Passphrase;
use cockpit_api::Cockpit;
use cockpit_domain::{Activity, System, VocabularyEntry};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const PASSPHRASE: &str = "a passphrase for the crash test";
/// Concurrent writers in the child, and edits each attempts (1,000 in all per round).
const TASKS: usize = 10;
const EDITS_PER_TASK: usize = 100;
/// Rounds, each ending in a SIGKILL (unless the child finished all its edits first).
const ROUNDS: u64 = 6;

/// A small deterministic generator (xorshift), so a seed replays a run's kill times.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The child: `TASKS` concurrent writers, each creating activities, editing them, and adding systems
/// to the vocabulary; every acknowledged call is printed at once.
#[test]
#[ignore = "the writer process of sigkill_during_concurrent_edits_loses_no_acknowledged_write"]
fn crash_child_writer() {
    let Ok(db) = std::env::var("CRASH_DB") else { return };
    let round: u64 = std::env::var("CRASH_ROUND").unwrap().parse().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap();
    rt.block_on(async move {
        let pass = Passphrase::new(PASSPHRASE);
        let c = Cockpit::open_encrypted(std::path::Path::new(&db), Some(&pass)).await.unwrap();
        println!("READY");
        let mut tasks = Vec::new();
        for t in 0..TASKS {
            let c = c.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..EDITS_PER_TASK {
                    let id = format!("CR-{round}-{t}-{i}");
                    match i % 3 {
                        0 => {
                            let mut a = Activity::new(id.clone(), format!("Crash test activity {id}"));
                            a.purposes = vec!["written before the kill".into()];
                            c.create_activity(a).await.unwrap();
                            ack(&format!("CREATE {id}"));
                        }
                        1 => {
                            // Edit the activity created one step before.
                            let prev = format!("CR-{round}-{t}-{}", i - 1);
                            let d = c.get_activity(&prev).await.unwrap();
                            let mut a = d.activity;
                            a.purposes = vec![format!("edited {prev}")];
                            c.update_activity(a, Some(d.version)).await.unwrap();
                            ack(&format!("EDIT {prev}"));
                        }
                        _ => {
                            let system = System { name: format!("System {id}"), ..Default::default() };
                            c.save_vocabulary_entry(VocabularyEntry::System(system), None).await.unwrap();
                            ack(&format!("SYSTEM System {id}"));
                        }
                    }
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        println!("DONE");
        c.close().await;
    });
}

fn ack(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "ACK {line}").unwrap();
    out.flush().unwrap();
}

#[test]
fn sigkill_during_concurrent_edits_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cockpit.db");
    let seed: u64 = std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    println!("CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let pass = Passphrase::new(PASSPHRASE);
    rt.block_on(async {
        let c = Cockpit::open_encrypted(&db, Some(&pass)).await.unwrap();
        c.init(Some(cockpit_api::DemoLanguage::En)).await.unwrap();
        c.close().await;
    });

    // What each acknowledged write must look like afterwards: activity id → whether its edit was
    // acknowledged (then the edit must be there; otherwise the edit may or may not have committed before
    // the kill), and the systems added.
    let mut activities: BTreeMap<String, bool> = BTreeMap::new();
    let mut systems: Vec<String> = Vec::new();
    let mut acknowledged_total = 0;
    let mut kills = 0;
    for round in 0..ROUNDS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child_writer", "--include-ignored", "--nocapture", "--test-threads=1"])
            .env("CRASH_DB", &db)
            .env("CRASH_ROUND", round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel::<String>();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Wait until the child has opened the database (the key derivation takes a while).
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut lines = Vec::new();
        loop {
            let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) else {
                let _ = child.kill();
                let out = child.wait_with_output().unwrap();
                panic!("the writer did not start: {}", String::from_utf8_lossy(&out.stderr))
            };
            // libtest prints "test crash_child_writer ... " before the child's first line.
            let ready = line.ends_with("READY");
            lines.push(line);
            if ready {
                break;
            }
        }
        // The kill lands after a random number of acknowledged writes out of the round's 1,000, while
        // the other writers are mid-transaction.
        let kill_after = 1 + (rng.next() % (TASKS * EDITS_PER_TASK - 1) as u64) as usize;
        let mut seen = 0;
        let mut finished = false;
        while seen < kill_after && !finished {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) => {
                    finished |= line == "DONE";
                    seen += usize::from(line.starts_with("ACK "));
                    lines.push(line);
                }
                Err(_) => break,
            }
        }
        // `Child::kill` sends SIGKILL on Unix: no destructor, no checkpoint, no close runs.
        if !finished {
            child.kill().unwrap();
            kills += 1;
        }
        let status = child.wait().unwrap();
        reader.join().unwrap();
        lines.extend(rx.try_iter());
        let acks: Vec<&str> = lines.iter().filter_map(|l| l.strip_prefix("ACK ")).collect();
        if !finished {
            assert!(!status.success(), "round {round}: the writer was killed");
        }
        println!(
            "round {round}: killed after the {kill_after}th acknowledgement, {} writes acknowledged",
            acks.len()
        );
        acknowledged_total += acks.len();
        for a in acks {
            match a.split_once(' ').unwrap() {
                ("CREATE", id) => {
                    activities.entry(id.to_string()).or_insert(false);
                }
                ("EDIT", id) => {
                    activities.insert(id.to_string(), true);
                }
                ("SYSTEM", name) => systems.push(name.to_string()),
                other => panic!("unexpected line {other:?}"),
            }
        }

        // After each kill: sound file, every acknowledged write present, chain verifies.
        rt.block_on(async {
            let c = Cockpit::open_encrypted(&db, Some(&pass)).await.unwrap();
            assert_eq!(c.store().integrity_check().await.unwrap(), "ok", "round {round}, seed {seed}");
            let v = c.verify_audit().await.unwrap();
            assert!(v.ok, "round {round}, seed {seed}: the audit chain is broken: {v:?}");
            assert!(v.register_mismatches.is_empty(), "round {round}: {:?}", v.register_mismatches);
            for (id, edited) in &activities {
                let d = c.get_activity(id).await.unwrap_or_else(|e| {
                    panic!("round {round}, seed {seed}: acknowledged activity {id} is missing: {e}")
                });
                let edit = format!("edited {id}");
                let ok = match edited {
                    true => d.activity.purposes == [edit],
                    false => {
                        d.activity.purposes == ["written before the kill"] || d.activity.purposes == [edit]
                    }
                };
                assert!(ok, "round {round}, seed {seed}: {id} has {:?}", d.activity.purposes);
            }
            let present = c.vocabularies().await.unwrap().systems;
            for s in &systems {
                assert!(present.iter().any(|p| &p.name == s), "round {round}, seed {seed}: {s} is missing");
            }
            c.close().await;
        });
    }
    println!("{kills} kills, {acknowledged_total} acknowledged writes, all present");
    assert!(kills >= ROUNDS / 2, "the kills must land during the edits (seed {seed})");
    assert!(acknowledged_total >= 100, "too few writes to mean anything: {acknowledged_total}");
}
