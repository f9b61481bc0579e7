//! Opening `kubedrill.db`. A database is looked at read-only before anything writes to it, and
//! only SQLite's verdict of damage (trouble.rs) makes it damaged; then it is moved aside whole
//! and untouched and what can be read is salvaged into a fresh one (salvage.rs). A new database
//! is built under a temporary name and linked into place complete, so a first start that is
//! killed early never leaves a half-made file to be mistaken for a damaged one.

use super::salvage::{self, Salvage, side};
use super::trouble::{self, Cause, Verdict};
use super::{DB_FILE, SCHEMA_VERSION, Store, StoreError, schema};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

/// A damaged database that was moved aside, and what was recovered from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// Where the damaged file went (its `-wal`, `-shm` and `-journal` beside it, same name).
    pub aside: PathBuf,
    /// SQLite's words for the damage.
    pub why: String,
    pub salvage: Salvage,
}

/// What opening found, besides the store.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OpenNotice {
    pub recovered: Option<Recovery>,
    /// Journal files with no database beside them, moved out of the way of a new one.
    pub orphans: Vec<PathBuf>,
}

/// Where the background integrity check stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckState {
    /// Still running: writes go to the WAL only, and the main file is not written.
    Running,
    Sound,
    /// SQLite found damage: nothing more is written until `Store::recover`.
    Damaged(String),
    /// The check could not run (its message, reported once: the next call finds no check);
    /// the connection stays guarded, so the main file is not written this session.
    Failed(String),
}

/// The background integrity check: not started yet (the app starts it after its first frame,
/// so that it does not compete with start-up for the cores), or running on its thread.
pub(super) enum Check {
    Waiting,
    Running(JoinHandle<Result<(), StoreError>>),
}

/// Leftovers of an interrupted start older than this are removed (they never held answers).
const STALE: Duration = Duration::from_secs(600);
const TEMP_PREFIX: &str = "kubedrill.db.new-";

impl Store {
    /// Opens (creating if needed) `<dir>/kubedrill.db` after SQLite's full integrity check.
    /// A damaged database is moved aside and salvaged (the notice says where and how much); a
    /// database that cannot be used for any other reason, or whose schema is newer, is an error
    /// and every file is left as it was.
    pub fn open(dir: &Path) -> Result<(Store, OpenNotice), StoreError> {
        open(dir, false)
    }

    /// `open` for the app's start-up: an existing database of the current schema is opened at
    /// once and the integrity check (a read of every page and index) runs on a second thread.
    /// Until it reports, answers go to the WAL only and nothing is checkpointed into the main
    /// file, so a database it finds damaged can still be moved aside exactly as it was, with
    /// the answers given meanwhile in its WAL. Poll it with `check_state`.
    pub fn open_checking_in_background(dir: &Path) -> Result<(Store, OpenNotice), StoreError> {
        let (mut store, notice) = open(dir, true)?;
        store.start_check();
        Ok((store, notice))
    }

    /// `open_checking_in_background` for the app: the same guard, but the check waits for
    /// `start_check`, which the app calls once its first frame is drawn.
    pub fn open_checking_later(dir: &Path) -> Result<(Store, OpenNotice), StoreError> {
        open(dir, true)
    }

    /// Starts the background integrity check, if one is waiting.
    pub fn start_check(&mut self) {
        if let Some(Check::Waiting) = self.check {
            let path = self.path.clone();
            self.check = Some(Check::Running(std::thread::spawn(move || integrity(&path))));
        }
    }

    /// Where the background check stands; the first call after it finished takes its result
    /// (a sound database is then checkpointed normally again).
    pub fn check_state(&mut self) -> CheckState {
        if let Some(why) = &self.damage {
            return CheckState::Damaged(why.clone());
        }
        match &self.check {
            None => CheckState::Sound,
            Some(Check::Waiting) => CheckState::Running,
            Some(Check::Running(handle)) if !handle.is_finished() => CheckState::Running,
            Some(Check::Running(_)) => self.take_check(),
        }
    }

    /// Waits for the background check, if one runs.
    pub fn wait_for_check(&mut self) -> CheckState {
        self.start_check();
        if self.check.is_some() {
            return self.take_check();
        }
        self.check_state()
    }

    fn take_check(&mut self) -> CheckState {
        let Some(Check::Running(handle)) = self.check.take() else {
            return self.check_state();
        };
        match handle.join() {
            Ok(Ok(())) => match self.unguard() {
                Ok(()) => CheckState::Sound,
                Err(e) => CheckState::Failed(e.to_string()),
            },
            Ok(Err(StoreError::Corrupt { why, .. })) => {
                self.damage = Some(why.clone());
                CheckState::Damaged(why)
            }
            Ok(Err(e)) => CheckState::Failed(e.to_string()),
            Err(_) => CheckState::Failed("the integrity check stopped unexpectedly".into()),
        }
    }

    /// A statement found damage: nothing more is written until `recover`.
    pub fn mark_damaged(&mut self, why: String) {
        self.damage.get_or_insert(why);
    }

    pub fn is_damaged(&self) -> bool {
        self.damage.is_some()
    }

    /// After damage was found: closes the database without checkpointing it, moves it aside
    /// whole, salvages what can be read into a fresh one and carries on with that.
    pub fn recover(&mut self) -> Result<Recovery, StoreError> {
        let why = self
            .damage
            .clone()
            .unwrap_or_else(|| "the integrity check failed".into());
        // Whatever the check's state, the closing connection must not write the main file.
        let _ = self
            .conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
        let closed = std::mem::replace(
            &mut self.conn,
            Connection::open_in_memory().map_err(|e| StoreError::sqlite(&self.path, e))?,
        );
        drop(closed);
        self.check = None;
        let recovery = quarantine(&self.path, why)?;
        let fresh = connect(&self.path, false)?;
        // The fresh database has no kept states; writes go on folding with the same scheduler.
        let keeper = self.keeper.take();
        *self = fresh;
        self.keeper = keeper;
        Ok(recovery)
    }

    /// A store for a session whose database cannot be used (a newer kubedrill's): empty, in
    /// memory, refusing every write with `reason`, so the app can still show why and let the
    /// user look around. The database itself is not touched.
    pub fn refusing(path: &Path, reason: String) -> Result<Store, StoreError> {
        let mut conn = Connection::open_in_memory().map_err(|e| StoreError::sqlite(path, e))?;
        schema::migrate(&mut conn).map_err(|e| StoreError::sqlite(path, e))?;
        let mut store = Store::new(conn, path, 0);
        store.refusal = Some(reason);
        Ok(store)
    }

    /// Has another program (a second kubedrill) committed to the database since the last
    /// call? `PRAGMA data_version` changes only for other connections' commits.
    pub fn changed_elsewhere(&mut self) -> Result<bool, StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        let changed = version != self.data_version;
        self.data_version = version;
        Ok(changed)
    }

    /// The check passed: the WAL may be checkpointed into the main file again.
    fn unguard(&mut self) -> Result<(), StoreError> {
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
            .and_then(|_| self.conn.execute_batch("PRAGMA wal_autocheckpoint=1000;"))
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }
}

/// What a look at an existing database found.
enum Health {
    Sound,
    /// Readable and of the current schema; the full check is still to run.
    Unchecked,
    Damaged(String),
}

fn open(dir: &Path, background: bool) -> Result<(Store, OpenNotice), StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
        what: format!("cannot create the data folder {}", dir.display()),
        error: e,
    })?;
    remove_stale_temps(dir);
    let path = dir.join(DB_FILE);
    // SQLite makes the WAL and shared-memory files as it opens; when the database turns out
    // unusable (a full disk) or refused (a newer schema), the empty ones it made are taken
    // away again, so every file is as it was.
    let had: Vec<bool> = ["-wal", "-shm"]
        .iter()
        .map(|s| side(&path, s).exists())
        .collect();
    let opened = open_at(&path, background);
    if opened.is_err() {
        for (suffix, had) in ["-wal", "-shm"].iter().zip(had) {
            let made = side(&path, suffix);
            let empty_wal =
                *suffix == "-shm" || std::fs::metadata(&made).is_ok_and(|m| m.len() == 0);
            if !had && empty_wal {
                let _ = std::fs::remove_file(made);
            }
        }
    }
    opened
}

fn open_at(path: &Path, background: bool) -> Result<(Store, OpenNotice), StoreError> {
    let path = path.to_path_buf();
    let mut notice = OpenNotice::default();
    if !path.exists() {
        notice.orphans = move_orphans(&path)?;
        create(&path)?;
        return Ok((connect(&path, false)?, notice));
    }
    let health = inspect(&path, background)?;
    let store = match health {
        Health::Sound => connect(&path, false),
        Health::Unchecked => connect(&path, true).map(|mut store| {
            store.check = Some(Check::Waiting);
            store
        }),
        Health::Damaged(why) => Err(StoreError::Corrupt {
            path: path.clone(),
            why,
        }),
    };
    match store {
        Ok(store) => Ok((store, notice)),
        Err(StoreError::Corrupt { why, .. }) => {
            notice.recovered = Some(quarantine(&path, why)?);
            Ok((connect(&path, false)?, notice))
        }
        Err(e) => Err(e),
    }
}

/// Looks at an existing database without writing it. A hot rollback journal (a write that
/// was interrupted) needs SQLite to roll it back, which a read-only look cannot do: then the
/// look is taken at a scratch copy, where the rollback happens first.
fn inspect(path: &Path, background: bool) -> Result<Health, StoreError> {
    let journal = side(path, "-journal");
    if std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0) {
        let scratch = scratch_name(path);
        salvage::copy_set(path, &scratch).map_err(|e| StoreError::Io {
            what: format!("cannot copy {} to check it", path.display()),
            error: e,
        })?;
        let health = look(&scratch, path, false, OpenFlags::SQLITE_OPEN_READ_WRITE);
        salvage::remove_set(&scratch);
        return health;
    }
    look(path, path, background, OpenFlags::SQLITE_OPEN_READ_ONLY)
}

/// The schema version, then (unless it can wait for the background) the full check, of the
/// file at `at`, reported as the database at `path`.
fn look(at: &Path, path: &Path, background: bool, flags: OpenFlags) -> Result<Health, StoreError> {
    let conn = Connection::open_with_flags(at, flags).map_err(|e| judge(path, e))?;
    let version: i64 = match conn.query_row("PRAGMA user_version", [], |r| r.get(0)) {
        Ok(v) => v,
        Err(e) => {
            return match judge(path, e) {
                StoreError::Corrupt { why, .. } => Ok(Health::Damaged(why)),
                other => Err(other),
            };
        }
    };
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    // An older schema is migrated (written) at once, so it is checked first.
    if background && version == SCHEMA_VERSION {
        return Ok(Health::Unchecked);
    }
    match check_connection(&conn, path) {
        Ok(()) => Ok(Health::Sound),
        Err(StoreError::Corrupt { why, .. }) => Ok(Health::Damaged(why)),
        Err(e) => Err(e),
    }
}

/// `PRAGMA integrity_check` on a read-only connection of its own (the background check).
fn integrity(path: &Path) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| judge(path, e))?;
    check_connection(&conn, path)
}

/// SQLite's full check: every page, every index entry against its row. Not `quick_check`,
/// which skips the indexes and so misses a broken index.
fn check_connection(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let mut stmt = conn
        .prepare("PRAGMA integrity_check(20)")
        .map_err(|e| judge(path, e))?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| judge(path, e))?;
    if lines.len() == 1 && lines[0] == "ok" {
        return Ok(());
    }
    // SQLite's report: a header line per database, then one problem per line.
    let problems: Vec<&str> = lines
        .iter()
        .flat_map(|l| l.lines())
        .filter(|l| !l.starts_with("***") && !l.trim().is_empty())
        .collect();
    let mut why = problems
        .iter()
        .take(3)
        .copied()
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > 3 {
        why.push_str(&format!("; and {} more", problems.len() - 3));
    }
    Err(StoreError::Corrupt {
        path: path.to_path_buf(),
        why,
    })
}

/// A failure opening or checking: damage, or the machine's trouble in the user's words.
fn judge(path: &Path, e: rusqlite::Error) -> StoreError {
    match trouble::classify(&e) {
        Verdict::Damaged(why) => StoreError::Corrupt {
            path: path.to_path_buf(),
            why,
        },
        Verdict::Unusable(cause) => unusable(path, cause, &e),
    }
}

fn unusable(path: &Path, cause: Cause, e: &rusqlite::Error) -> StoreError {
    let cause = trouble::refine(cause, path);
    StoreError::Unusable {
        path: path.to_path_buf(),
        cause,
        detail: matches!(cause, Cause::Other | Cause::Io).then(|| trouble::describe(e)),
    }
}

/// The read-write connection, set up and migrated. `guarded`: the main file must not be
/// written until the background check passes (no checkpoints, none on close either).
fn connect(path: &Path, guarded: bool) -> Result<Store, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| judge(path, e))?;
    if guarded {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .and_then(|_| conn.execute_batch("PRAGMA wal_autocheckpoint=0;"))
            .map_err(|e| judge(path, e))?;
    }
    let mut conn = configure(conn).map_err(|e| judge(path, e))?;
    schema::migrate(&mut conn).map_err(|e| judge(path, e))?;
    let data_version = conn
        .query_row("PRAGMA data_version", [], |r| r.get(0))
        .map_err(|e| judge(path, e))?;
    Ok(Store::new(conn, path, data_version))
}

fn configure(conn: Connection) -> rusqlite::Result<Connection> {
    // WAL: readers never block the writer, and a commit is one append. synchronous=FULL makes
    // every committed answer survive power loss too, not only a crash or kill -9.
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
    )?;
    Ok(conn)
}

/// Builds a database of the current schema at a temporary name beside `path` and lets `fill`
/// write into it, then closes it, so it is one complete file ready to be linked into place.
fn make(
    path: &Path,
    fill: impl FnOnce(&mut Connection) -> Result<Salvage, StoreError>,
) -> Result<(PathBuf, Salvage), StoreError> {
    let temp = temp_name(path);
    let made = (|| {
        let mut conn = Connection::open(&temp)
            .and_then(configure)
            .and_then(|mut conn| schema::migrate(&mut conn).map(|()| conn))
            .map_err(|e| judge(path, e))?;
        let filled = fill(&mut conn)?;
        conn.close().map_err(|(_, e)| judge(path, e))?;
        Ok(filled)
    })();
    match made {
        Ok(filled) => Ok((temp, filled)),
        Err(e) => {
            salvage::remove_set(&temp);
            Err(e)
        }
    }
}

/// Links a made database into place. A hard link fails if the name is taken, so two first
/// starts never replace each other's database (the one there first is used); where links are
/// not supported, a rename does the job.
fn place(temp: &Path, path: &Path) -> Result<(), StoreError> {
    let placed = match std::fs::hard_link(temp, path) {
        Ok(()) => Ok(()),
        Err(_) if path.exists() => Ok(()),
        Err(_) => std::fs::rename(temp, path),
    };
    salvage::remove_set(temp);
    placed.map_err(|e| StoreError::Io {
        what: format!("cannot create {}", path.display()),
        error: e,
    })
}

/// A new, empty database.
fn create(path: &Path) -> Result<(), StoreError> {
    let (temp, _) = make(path, |_| Ok(Salvage::default()))?;
    place(&temp, path)
}

/// Moves a damaged database aside (untouched) and puts a fresh one holding every row that
/// could be read from it in its place. The fresh one is made first: if that fails (a full
/// disk), the damaged one stays where it was and nothing was changed.
fn quarantine(path: &Path, why: String) -> Result<Recovery, StoreError> {
    let scratch = scratch_name(path);
    let (temp, salvage) = make(path, |conn| {
        salvage::salvage(path, &scratch, conn).map_err(|e| StoreError::Unusable {
            path: path.to_path_buf(),
            cause: if e.kind() == std::io::ErrorKind::StorageFull {
                Cause::DiskFull
            } else {
                Cause::Io
            },
            detail: Some(format!(
                "it is damaged, and copying it to recover its answers failed: {e}"
            )),
        })
    })?;
    let aside = salvage::aside_name(path);
    if let Err(e) = salvage::move_set(path, &aside) {
        salvage::remove_set(&temp);
        return Err(e);
    }
    place(&temp, path)?;
    Ok(Recovery {
        aside,
        why,
        salvage,
    })
}

fn temp_name(path: &Path) -> PathBuf {
    unique(path, TEMP_PREFIX)
}

fn scratch_name(path: &Path) -> PathBuf {
    unique(path, ".kubedrill-scratch-")
}

fn unique(path: &Path, prefix: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    path.with_file_name(format!("{prefix}{}-{nanos}", std::process::id()))
}

/// Removes what an interrupted start left: temporary databases and scratch copies, which
/// never held an answer that is not also elsewhere.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) || name.starts_with(".kubedrill-scratch-")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A `-wal` or `-journal` with no database: SQLite would apply it to the new database made in
/// its place, so it is moved out of the way (kept, renamed) instead.
fn move_orphans(path: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let mut moved = Vec::new();
    let stamp = super::iso_utc(super::now_ms()).replace([':', '-'], "");
    for suffix in salvage::SIDE_FILES {
        let orphan = side(path, suffix);
        if !orphan.exists() {
            continue;
        }
        let target = path.with_file_name(format!("{DB_FILE}.orphan-{stamp}{suffix}"));
        std::fs::rename(&orphan, &target).map_err(|e| StoreError::Io {
            what: format!("cannot move the leftover {} aside", orphan.display()),
            error: e,
        })?;
        moved.push(target);
    }
    Ok(moved)
}
