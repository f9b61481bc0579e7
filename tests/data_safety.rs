//! The user's data first (issue "data safety"): only SQLite's verdict of damage is damage; a
//! full disk, a permission, a read-only folder or mount, a killed first start and a hot journal
//! leave every file as it was; a damaged database is moved aside whole and byte for byte, and
//! every row `sqlite3 .dump` can still read is salvaged into the fresh one.
//!
//! Some cases need root (mounting a small tmpfs, switching to the `nobody` user with `runuser`):
//! CI runs as root; elsewhere they say they are skipped.

mod common;
#[path = "common/damage.rs"]
mod damage;

use common::kubedrill;
use damage::{answer, break_index, seeded};
use kubedrill::store::{CheckState, Store};
use rusqlite::{Connection, OpenFlags};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Every file of a folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A small tmpfs, unmounted when dropped. `None` (and a note) where mounting is not allowed.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        if !is_root() {
            eprintln!("note: skipped: mounting a tmpfs needs root (CI runs as root)");
            return None;
        }
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("note: skipped: `mount -t tmpfs` is not allowed here");
            return None;
        }
        Some(Mount(at.to_path_buf()))
    }

    fn remount(&self, option: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{option}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(ok.success(), "remount {option}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the filesystem holding `dir` to the last byte.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
    filler
}

fn assert_refused_untouched(
    out: &Output,
    words: &str,
    before: &BTreeMap<String, Vec<u8>>,
    dir: &Path,
) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(words), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(!err.contains("damaged"), "{err}");
    assert_eq!(
        snapshot(dir).keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "{err}"
    );
    assert!(&snapshot(dir) == before, "a file changed: {err}");
}

#[test]
fn a_full_disk_is_not_damage_and_changes_nothing() {
    let top = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(&top.path().join("mnt"), "2m") else {
        return;
    };
    let data = mount.0.join("data");
    seeded(&data, 200);
    let before = snapshot(&data);
    let filler = fill(&mount.0);
    for args in [&["stats", "--json"][..], &["export"], &["decks", "--json"]] {
        let out = kubedrill(&data, args);
        assert_refused_untouched(&out, "the disk is full", &before, &data);
    }
    std::fs::remove_file(filler).unwrap();
    let out = kubedrill(&data, &["stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["totalAnswers"], 200, "every answer is still there");
}

/// Runs the binary as the unprivileged `nobody` when root (root may read a mode-000 file),
/// else as this user.
/// The binary is copied next to the data folder first: the build folder may be one `nobody`
/// cannot enter (a checkout under /root).
fn kubedrill_unprivileged(data: &Path, args: &[&str]) -> Output {
    use std::os::unix::fs::PermissionsExt;
    let bin = data.parent().unwrap().join("kubedrill");
    if !bin.exists() {
        std::fs::copy(env!("CARGO_BIN_EXE_kubedrill"), &bin).unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut cmd = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--"]).arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    cmd.env("KUBEDRILL_DATA_DIR", data)
        .env("XDG_CONFIG_HOME", data.join("no-config"))
        .env("HOME", data)
        .args(args)
        .output()
        .unwrap()
}

/// A folder the unprivileged user owns (under a temp folder everyone may enter).
fn unprivileged_dir(top: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(top, std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = top.join("data");
    seeded(&data, 50);
    if is_root() {
        let ok = Command::new("chown")
            .args(["-R", "nobody"])
            .arg(&data)
            .status()
            .unwrap();
        assert!(ok.success());
    }
    data
}

#[test]
fn an_unreadable_database_is_not_damage() {
    use std::os::unix::fs::PermissionsExt;
    let top = tempfile::tempdir().unwrap();
    let data = unprivileged_dir(top.path());
    let db = data.join("kubedrill.db");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o000)).unwrap();
    let before = snapshot(&data);
    let out = kubedrill_unprivileged(&data, &["stats", "--json"]);
    assert_refused_untouched(&out, "permission denied", &before, &data);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = kubedrill_unprivileged(&data, &["export"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 51);
}

#[test]
fn a_read_only_folder_is_not_damage() {
    use std::os::unix::fs::PermissionsExt;
    let top = tempfile::tempdir().unwrap();
    let data = unprivileged_dir(top.path());
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(&data);
    let out = kubedrill_unprivileged(&data, &["stats", "--json"]);
    assert_refused_untouched(&out, "read-only", &before, &data);
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_read_only_mount_is_not_damage() {
    let top = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(&top.path().join("mnt"), "4m") else {
        return;
    };
    let data = mount.0.join("data");
    seeded(&data, 50);
    mount.remount("ro");
    let before = snapshot(&data);
    let out = kubedrill(&data, &["stats", "--json"]);
    assert_refused_untouched(&out, "read-only", &before, &data);
    mount.remount("rw");
}

/// The first start builds the database under a temporary name and links it into place, so a
/// start killed at any moment leaves either no database or a whole one, never a half-made
/// file (with a hot journal) for the next start to call damaged.
#[test]
fn first_starts_killed_early_never_look_damaged() {
    let top = tempfile::tempdir().unwrap();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..50 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let data = top.path().join(format!("d{round}"));
        std::fs::create_dir_all(&data).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_kubedrill"))
            .env("KUBEDRILL_DATA_DIR", &data)
            .env("XDG_CONFIG_HOME", data.join("no-config"))
            .args(["stats", "--json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(x % 40_000));
        child.kill().unwrap();
        child.wait().unwrap();
        let out = kubedrill(&data, &["stats", "--json"]);
        let err = stderr(&out);
        assert!(out.status.success(), "round {round}: {err}");
        assert!(err.is_empty(), "round {round}: {err}");
        let aside = snapshot(&data)
            .into_keys()
            .filter(|f| f.contains("corrupt"))
            .count();
        assert_eq!(aside, 0, "round {round}");
    }
}

/// A write interrupted in rollback-journal mode (an older kubedrill's first start) leaves a
/// hot journal: SQLite rolls it back, and that is no damage.
#[test]
fn a_hot_journal_is_rolled_back_not_called_damaged() {
    let top = tempfile::tempdir().unwrap();
    let live = top.path().join("live");
    seeded(&live, 30);
    let conn = Connection::open(live.join("kubedrill.db")).unwrap();
    conn.execute_batch("PRAGMA journal_mode=DELETE; PRAGMA cache_size=1; BEGIN;")
        .unwrap();
    for i in 31..2000 {
        let a = answer(i);
        conn.execute(
            "INSERT INTO review_log (item, at_ms, rating, duration_ms, mode) VALUES (?1, ?2, 3, 1, 'review')",
            rusqlite::params![a.item, a.at_ms],
        )
        .unwrap();
    }
    // The files as a crash now would leave them: the main file half written, a hot journal.
    let crashed = top.path().join("crashed");
    std::fs::create_dir_all(&crashed).unwrap();
    for f in ["kubedrill.db", "kubedrill.db-journal"] {
        std::fs::copy(live.join(f), crashed.join(f)).unwrap();
    }
    drop(conn);
    let out = kubedrill(&crashed, &["stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["totalAnswers"], 30, "rolled back to the last commit");
}

/// Damages `pages` whole pages of the table (or index) `name` with a pattern.
fn damage_pages_of(db: &Path, name: &str, pages: usize) -> Vec<i64> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let list: Vec<i64> = conn
        .prepare("SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = 'leaf' ORDER BY pageno")
        .unwrap()
        .query_map([name], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(conn);
    assert!(
        list.len() > pages + 2,
        "{name} has {} leaf pages",
        list.len()
    );
    let chosen: Vec<i64> = (0..pages).map(|k| list[list.len() / 3 + k * 2]).collect();
    let mut bytes = std::fs::read(db).unwrap();
    for page in &chosen {
        let start = (*page as usize - 1) * 4096;
        for (i, b) in bytes[start..start + 4096].iter_mut().enumerate() {
            *b = (i * 7 % 251) as u8;
        }
    }
    std::fs::write(db, bytes).unwrap();
    chosen
}

/// The review-log ids `sqlite3 .dump` prints for a database (the shell reads what it can of a
/// damaged table, from the front and then from the back).
fn dumped_ids(db: &Path) -> BTreeSet<i64> {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(".dump")
        .output()
        .expect("the sqlite3 shell (CI installs it with the Debian package sqlite3)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("INSERT INTO review_log VALUES("))
        .map(|rest| rest.split(',').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn salvage_keeps_every_row_sqlite3_dump_can_read() {
    let top = tempfile::tempdir().unwrap();
    let data = top.path().join("data");
    let n = 640;
    seeded(&data, n);
    let db = data.join("kubedrill.db");
    let damaged = damage_pages_of(&db, "review_log", 2);
    let copy = top.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    let dump = dumped_ids(&copy);
    assert!(
        dump.len() < n as usize && !dump.is_empty(),
        "the damage loses rows ({} dumped)",
        dump.len()
    );

    let out = kubedrill(&data, &["export"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let fresh = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let rows: Vec<(i64, String, i64, i64, i64)> = fresh
        .prepare("SELECT id, item, at_ms, rating, duration_ms FROM review_log ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let ids: BTreeSet<i64> = rows.iter().map(|r| r.0).collect();
    let missing: Vec<&i64> = dump.difference(&ids).collect();
    assert!(
        missing.is_empty(),
        "rows .dump reads but salvage lost: {missing:?}"
    );
    for (id, item, at_ms, rating, duration_ms) in &rows {
        let a = answer(*id);
        assert_eq!(
            (item, *at_ms, *rating, *duration_ms),
            (
                &a.item,
                a.at_ms,
                i64::from(a.rating.number()),
                a.duration_ms
            ),
            "row {id} is the original"
        );
    }
    let flags: i64 = fresh
        .query_row("SELECT count(*) FROM card_flags", [], |r| r.get(0))
        .unwrap();
    let drills: i64 = fresh
        .query_row("SELECT count(*) FROM drill_results", [], |r| r.get(0))
        .unwrap();
    let lessons: i64 = fresh
        .query_row("SELECT count(*) FROM lesson_progress", [], |r| r.get(0))
        .unwrap();
    assert_eq!((flags, drills, lessons), (1, 1, 1));
    assert!(
        err.contains(&format!("{} of {n} answers", rows.len())),
        "the user is told how many: {err}"
    );
    // The export printed exactly the salvaged answers.
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        rows.len() + 1
    );
    eprintln!(
        "salvage: pages {damaged:?} of review_log damaged; {} of {n} answers recovered (sqlite3 .dump reads {})",
        rows.len(),
        dump.len()
    );
}

/// The main file of a damaged set moves aside byte for byte, and its WAL (holding answers not
/// yet checkpointed) moves with it instead of being folded in or deleted.
#[test]
fn a_damaged_database_moves_aside_whole_and_untouched() {
    let top = tempfile::tempdir().unwrap();
    let live = top.path().join("live");
    seeded(&live, 400);
    let conn = Connection::open(live.join("kubedrill.db")).unwrap();
    conn.execute_batch("PRAGMA wal_autocheckpoint=0;").unwrap();
    for i in 401..=450 {
        let a = answer(i);
        conn.execute(
            "INSERT INTO review_log (id, item, at_ms, rating, duration_ms, mode) VALUES (?1, ?2, ?3, ?4, ?5, 'review')",
            rusqlite::params![i, a.item, a.at_ms, a.rating.number(), a.duration_ms],
        )
        .unwrap();
    }
    // The crashed set: a main file and a WAL holding answers 401-450.
    let crashed = top.path().join("crashed");
    std::fs::create_dir_all(&crashed).unwrap();
    for f in ["kubedrill.db", "kubedrill.db-wal"] {
        std::fs::copy(live.join(f), crashed.join(f)).unwrap();
    }
    drop(conn);
    damage_pages_of(&crashed.join("kubedrill.db"), "review_log", 1);
    let before = snapshot(&crashed);

    // Every command that opens the log, each on its own copy of the same damaged set.
    for command in [
        &["stats", "--json"][..],
        &["decks", "--json"],
        &["leeches"],
        &["export"],
    ] {
        let data = top.path().join(command[0]);
        std::fs::create_dir_all(&data).unwrap();
        for (name, bytes) in &before {
            std::fs::write(data.join(name), bytes).unwrap();
        }
        let out = kubedrill(&data, command);
        assert!(out.status.success(), "{command:?}: {}", stderr(&out));
        let after = snapshot(&data);
        let aside = after
            .keys()
            .find(|f| {
                f.starts_with("kubedrill.db.corrupt-") && !f.contains("-wal") && !f.contains("-shm")
            })
            .unwrap_or_else(|| panic!("{command:?}: moved aside: {:?}", after.keys()))
            .clone();
        assert_eq!(
            after[&aside], before["kubedrill.db"],
            "{command:?}: main file untouched"
        );
        assert_eq!(
            after[&format!("{aside}-wal")],
            before["kubedrill.db-wal"],
            "{command:?}: WAL moved with it, untouched"
        );
        // The answers only the WAL held were salvaged too.
        let salvaged: i64 = Connection::open(data.join("kubedrill.db"))
            .unwrap()
            .query_row(
                "SELECT count(*) FROM review_log WHERE id BETWEEN 401 AND 450",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(salvaged, 50, "{command:?}: answers only in the WAL lost");
    }
}

/// The app's start-up: the integrity check runs in the background; meanwhile answers go to the
/// WAL only. Damage found then: the main file was never written, the answers given meanwhile
/// move aside with it and are salvaged into the fresh database.
#[test]
fn damage_found_after_start_up_keeps_the_answers_given_meanwhile() {
    let top = tempfile::tempdir().unwrap();
    let data = top.path().join("data");
    seeded(&data, 600);
    let db = data.join("kubedrill.db");
    damage_pages_of(&db, "review_log_by_item", 1);
    let damaged = std::fs::read(&db).unwrap();

    let (mut store, notice) = Store::open_checking_in_background(&data).unwrap();
    assert!(notice.recovered.is_none(), "the header is sound");
    let mut given = Vec::new();
    for i in 0..5 {
        let mut a = answer(10_000 + i);
        a.item = format!("meanwhile/item-{i}");
        if let Ok(id) = store.record(&a) {
            given.push(id.0);
        }
    }
    let state = store.wait_for_check();
    assert!(matches!(state, CheckState::Damaged(_)), "{state:?}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        damaged,
        "the main file was not written"
    );
    assert!(
        store.record(&answer(99)).is_err(),
        "nothing is written to a damaged database"
    );
    let recovery = store.recover().unwrap();
    assert_eq!(std::fs::read(&recovery.aside).unwrap(), damaged);
    let logged: BTreeSet<String> = store
        .answers()
        .unwrap()
        .into_iter()
        .map(|(_, a)| a.item)
        .collect();
    for i in 0..given.len() {
        assert!(logged.contains(&format!("meanwhile/item-{i}")), "{i}");
    }
    assert_eq!(recovery.salvage.answers.copied, 600 + given.len() as u64);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

/// `quick_check` does not compare indexes with their tables; `integrity_check` does. A row
/// whose text changed under its index entry is found, and the database is moved aside with
/// every answer salvaged.
#[test]
fn a_broken_index_is_found_by_the_full_check() {
    let top = tempfile::tempdir().unwrap();
    let data = top.path().join("data");
    seeded(&data, 640);
    let db = data.join("kubedrill.db");
    break_index(&db);
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let quick: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(quick, "ok", "quick_check misses it");
    let full: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert!(
        full.contains("missing from index"),
        "integrity_check finds it: {full}"
    );
    drop(conn);

    let out = kubedrill(&data, &["stats", "--json"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("missing from index"), "{err}");
    assert!(
        err.contains("damaged: 640 answers, 1 drill result, 1 suspended or leech item, 1 lesson bookmark recovered"),
        "{err}"
    );
}

#[test]
fn a_config_problem_is_shown_by_the_app_not_a_stop() {
    let top = tempfile::tempdir().unwrap();
    let data = top.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("config.toml"), "new_per_day = \"20\"\n").unwrap();
    let loaded = kubedrill::study::Study::load_for_app(Some(&data), &[]).unwrap();
    assert_eq!(loaded.notices.len(), 1, "{:?}", loaded.notices);
    assert!(
        loaded.notices[0].starts_with("the default settings are used until config.toml is fixed: ")
            && loaded.notices[0].contains("config.toml:1:15: new_per_day: invalid type"),
        "{:?}",
        loaded.notices
    );
    // The commands that print stop on it instead, naming line and key.
    let out = kubedrill(&data, &["stats", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "config.toml:1:15: new_per_day: invalid type: string \"20\", expected a whole number"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_newer_database_is_said_by_the_app_and_left_untouched() {
    let top = tempfile::tempdir().unwrap();
    let data = top.path().join("data");
    seeded(&data, 10);
    let db = data.join("kubedrill.db");
    Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let before = snapshot(&data);
    let mut loaded = kubedrill::study::Study::load_for_app(Some(&data), &[]).unwrap();
    assert!(
        loaded.notices.iter().any(|n| n
            .starts_with("nothing you answer in this session is saved: ")
            && n.contains("is from a newer kubedrill (schema v99; this one reads up to v5)")),
        "{:?}",
        loaded.notices
    );
    assert!(loaded.study.answers.is_empty());
    let refused = loaded.store.record(&answer(1)).unwrap_err();
    assert_eq!(refused.short(), "kubedrill.db is from a newer kubedrill");
    drop(loaded);
    assert!(
        snapshot(&data) == before,
        "the newer database is left as it was"
    );
}
