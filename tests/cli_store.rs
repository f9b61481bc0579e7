//! The review log through the real binary: `export`, and what the user is told about a damaged
//! or newer database.

use kubedrill::srs::{Answer, Mode, Rating};
use kubedrill::store::Store;
use std::process::Command;

fn kubedrill(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kubedrill"))
        .env("KUBEDRILL_DATA_DIR", data)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn export_writes_every_answer_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let base = 1_795_467_909_123;
        store
            .record(&Answer {
                item: "taints/cordon".into(),
                at_ms: base,
                rating: Rating::Good,
                duration_ms: 4200,
                mode: Mode::Review,
                correct: None,
            })
            .unwrap();
        store
            .record(&Answer {
                item: "traps/x#2".into(),
                at_ms: base + 60_000,
                rating: Rating::Again,
                duration_ms: 900,
                mode: Mode::Quiz,
                correct: Some(false),
            })
            .unwrap();
    }
    let out = kubedrill(dir.path(), &["export"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "id,item,time_utc,at_ms,rating,duration_ms,mode,correct\n\
         1,taints/cordon,2026-11-23T21:05:09.123Z,1795467909123,3,4200,review,\n\
         2,traps/x#2,2026-11-23T21:06:09.123Z,1795467969123,1,900,quiz,0\n"
    );
}

#[test]
fn a_damaged_database_is_moved_aside_and_the_user_told_where() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kubedrill.db"), vec![0xAB; 8192]).unwrap();
    let out = kubedrill(dir.path(), &["export"]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("kubedrill: warning: your review log was damaged: 0 answers recovered into a fresh one. The damaged file was moved, untouched, to "),
        "{err}"
    );
    assert!(err.contains("(SQLite: file is not a database)"), "{err}");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("kubedrill.db.corrupt-")
        })
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read(aside[0].path()).unwrap(), vec![0xAB; 8192]);
}

#[test]
fn a_newer_database_stops_the_command() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let db = dir.path().join("kubedrill.db");
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[60..64].copy_from_slice(&7u32.to_be_bytes());
    std::fs::write(&db, &bytes).unwrap();
    let out = kubedrill(dir.path(), &["export"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(&format!(
            "kubedrill: database schema v7 is newer than this kubedrill supports (v{})",
            kubedrill::store::SCHEMA_VERSION
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}
