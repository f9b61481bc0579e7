//! A damaged database: moved aside whole and untouched, then every row that can still be read
//! is copied into the fresh one (what Anki's "Check Database" does). The damaged set itself is
//! never opened for writing: the rows are read from a scratch copy of it, which SQLite may
//! repair as it likes (WAL recovery, a hot journal rolled back) and which is deleted after.

use super::time::{iso_utc, now_ms};
use super::{DB_FILE, StoreError};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, params_from_iter};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The files SQLite keeps beside a database: they belong to it and move with it.
pub const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// How many rows of a table were copied, of how many the damaged file still showed (its own
/// rows, and the rows its readable indexes point to).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rescued {
    pub copied: u64,
    pub known: u64,
}

/// What was recovered from a damaged database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Salvage {
    pub answers: Rescued,
    pub flags: Rescued,
    pub drills: Rescued,
    pub lessons: Rescued,
    /// The scratch copy could not be made or read: nothing was copied, and this says why.
    pub failed: Option<String>,
}

/// A column's type in the current schema; a damaged row holding anything else is left out, so
/// the fresh database only holds rows that read back.
#[derive(Clone, Copy)]
enum Kind {
    Integer,
    Text,
    /// 0 or 1.
    Bool,
    /// 0, 1 or NULL.
    OptionalBool,
    /// An integer or NULL (a column added in schema v4: NULL when the damaged file is older).
    OptionalInteger,
    /// Text or NULL (likewise).
    OptionalText,
}

struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
    /// Checks beyond the types that the store's readers make (a row failing them would stop
    /// the whole log from loading).
    valid: fn(&[Value]) -> bool,
}

const REVIEW_LOG: Table = Table {
    name: "review_log",
    columns: &[
        ("id", Kind::Integer),
        ("item", Kind::Text),
        ("at_ms", Kind::Integer),
        ("rating", Kind::Integer),
        ("duration_ms", Kind::Integer),
        ("mode", Kind::Text),
        ("correct", Kind::OptionalBool),
        ("origin", Kind::OptionalText),
        ("origin_seq", Kind::OptionalInteger),
    ],
    valid: |row| {
        matches!(row[3], Value::Integer(1..=4))
            && matches!(&row[5], Value::Text(m) if crate::srs::Mode::parse(m).is_some())
            && matches!(row[4], Value::Integer(0..))
    },
};

const CARD_FLAGS: Table = Table {
    name: "card_flags",
    columns: &[
        ("item", Kind::Text),
        ("suspended", Kind::Bool),
        ("leech", Kind::Bool),
        ("reset_at_ms", Kind::OptionalInteger),
        ("at_ms", Kind::OptionalInteger),
        ("origin", Kind::OptionalText),
    ],
    valid: |_| true,
};

const DRILL_RESULTS: Table = Table {
    name: "drill_results",
    columns: &[
        ("id", Kind::Integer),
        ("at_ms", Kind::Integer),
        ("seed", Kind::Integer),
        ("difficulty", Kind::Text),
        ("kind", Kind::Text),
        ("rule_hits", Kind::Text),
        ("origin", Kind::OptionalText),
        ("origin_seq", Kind::OptionalInteger),
    ],
    valid: |row| {
        matches!(&row[5], Value::Text(t)
            if serde_json::from_str::<BTreeMap<String, (u32, u32)>>(t).is_ok())
    },
};

const LESSON_PROGRESS: Table = Table {
    name: "lesson_progress",
    columns: &[
        ("lesson", Kind::Text),
        ("step", Kind::Integer),
        ("completed", Kind::Bool),
        ("at_ms", Kind::Integer),
        ("origin", Kind::OptionalText),
    ],
    valid: |row| matches!(row[1], Value::Integer(0..)),
};

/// Answers undone after they went out to the sync folder: without them the next sync would
/// bring the undone answers back from this machine's own file.
const SYNC_UNDONE: Table = Table {
    name: "sync_undone",
    columns: &[("seq", Kind::Integer)],
    valid: |_| true,
};

const SYNC_RUNS: Table = Table {
    name: "sync_runs",
    columns: &[
        ("id", Kind::Integer),
        ("at_ms", Kind::Integer),
        ("folder", Kind::Text),
        ("answers_in", Kind::Integer),
        ("answers_out", Kind::Integer),
        ("skipped", Kind::Integer),
    ],
    valid: |_| true,
};

const FSRS_PARAMETERS: Table = Table {
    name: "fsrs_parameters",
    columns: &[
        ("id", Kind::Integer),
        ("parameters", Kind::Text),
        ("optimized_at_ms", Kind::Integer),
    ],
    valid: |row| matches!(&row[1], Value::Text(t) if t.split(',').all(|p| p.trim().parse::<f32>().is_ok())),
};

/// The name a damaged database is moved to: `kubedrill.db.corrupt-<UTC time>`.
pub fn aside_name(path: &Path) -> PathBuf {
    let stamp = iso_utc(now_ms()).replace([':', '-'], "");
    let mut target = path.with_file_name(format!("{DB_FILE}.corrupt-{stamp}"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = path.with_file_name(format!("{DB_FILE}.corrupt-{stamp}-{n}"));
    }
    target
}

/// `<path><suffix>`: where SQLite keeps a side file of `path`.
pub fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Moves a database and its side files to `target` (and `target-wal`...), renamed, not copied:
/// the bytes stay exactly as they were. The main file goes first, so an interrupted move never
/// leaves a main file without the journal it needs.
pub fn move_set(path: &Path, target: &Path) -> Result<(), StoreError> {
    std::fs::rename(path, target).map_err(|e| StoreError::Io {
        what: format!("cannot move the damaged database {} aside", path.display()),
        error: e,
    })?;
    for suffix in SIDE_FILES {
        let from = side(path, suffix);
        if from.exists() {
            std::fs::rename(&from, side(target, suffix)).map_err(|e| StoreError::Io {
                what: format!("cannot move {} aside", from.display()),
                error: e,
            })?;
        }
    }
    Ok(())
}

/// Copies a database with its WAL and journal (not the shared-memory index, which SQLite
/// rebuilds) to `to`.
pub fn copy_set(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::copy(from, to)?;
    for suffix in ["-wal", "-journal"] {
        let f = side(from, suffix);
        if f.exists() {
            std::fs::copy(&f, side(to, suffix))?;
        }
    }
    Ok(())
}

/// Removes a database file and its side files (a scratch copy or an unfinished fresh one).
pub fn remove_set(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in SIDE_FILES {
        let _ = std::fs::remove_file(side(path, suffix));
    }
}

/// Copies every readable row of the damaged set at `damaged` into `fresh` (a new, empty
/// database of the current schema), going through a scratch copy at `scratch`. Fails only
/// when the scratch copy cannot be made (a full disk): then nothing should change.
pub fn salvage(damaged: &Path, scratch: &Path, fresh: &mut Connection) -> std::io::Result<Salvage> {
    if let Err(e) = copy_set(damaged, scratch) {
        remove_set(scratch);
        return Err(e);
    }
    let out = match Connection::open_with_flags(scratch, OpenFlags::SQLITE_OPEN_READ_WRITE) {
        Ok(src) => {
            // As `sqlite3 .dump` does: a schema that does not fully parse (a root page past
            // the end of a truncated file) still names the tables, so their rows can be read.
            let _ = src.execute_batch("PRAGMA writable_schema=ON;");
            let out = copy_all(&src, fresh);
            drop(src);
            out
        }
        Err(e) => Salvage {
            failed: Some(super::trouble::describe(&e)),
            ..Salvage::default()
        },
    };
    remove_set(scratch);
    Ok(out)
}

fn copy_all(src: &Connection, fresh: &mut Connection) -> Salvage {
    let mut out = Salvage::default();
    let tx = match fresh.transaction() {
        Ok(tx) => tx,
        Err(e) => {
            out.failed = Some(super::trouble::describe(&e));
            return out;
        }
    };
    out.answers = copy_table(src, &tx, &REVIEW_LOG);
    out.flags = copy_table(src, &tx, &CARD_FLAGS);
    out.drills = copy_table(src, &tx, &DRILL_RESULTS);
    out.lessons = copy_table(src, &tx, &LESSON_PROGRESS);
    copy_table(src, &tx, &FSRS_PARAMETERS);
    copy_table(src, &tx, &SYNC_UNDONE);
    copy_table(src, &tx, &SYNC_RUNS);
    if let Err(e) = tx.commit() {
        return Salvage {
            failed: Some(super::trouble::describe(&e)),
            ..Salvage::default()
        };
    }
    out
}

/// Reads a table's rows however the damage allows: a scan by rowid from the front until it
/// fails, one from the back, then a lookup of every rowid in between and of every rowid a
/// readable index still lists. Unreadable rows are skipped; what can be read is copied.
fn copy_table(src: &Connection, dst: &Connection, table: &Table) -> Rescued {
    let cols: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
    // A database damaged before it was migrated lacks the newer, optional columns: they are
    // read as NULL. (When even the column names cannot be read, every column is asked for.)
    let present: Option<Vec<String>> = src
        .prepare(&format!("SELECT * FROM {} LIMIT 0", table.name))
        .ok()
        .map(|stmt| stmt.column_names().iter().map(|c| c.to_string()).collect());
    let selected: Vec<String> = table
        .columns
        .iter()
        .map(|(c, kind)| {
            let optional = matches!(kind, Kind::OptionalInteger | Kind::OptionalText);
            match &present {
                Some(names) if optional && !names.iter().any(|n| n == c) => format!("NULL AS {c}"),
                _ => (*c).to_owned(),
            }
        })
        .collect();
    let select = format!(
        "SELECT rowid, {} FROM {} NOT INDEXED",
        selected.join(", "),
        table.name
    );
    let mut rows: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
    let (forward_done, last_front) = scan(src, &format!("{select} ORDER BY rowid"), &mut rows);
    if !forward_done {
        let (_, first_back) = scan(src, &format!("{select} ORDER BY rowid DESC"), &mut rows);
        // Rows between the two scans sit on the damaged pages or beside them.
        if let (lo, Some(hi)) = (last_front.unwrap_or(0), first_back)
            && hi > lo
            && hi - lo <= 1_000_000
        {
            for id in lo + 1..hi {
                lookup(src, &select, id, &mut rows);
            }
        }
    }
    let listed = indexed_rowids(src, table.name);
    for id in &listed {
        if !rows.contains_key(id) {
            lookup(src, &select, *id, &mut rows);
        }
    }
    let insert = format!(
        "INSERT OR IGNORE INTO {} ({}) VALUES ({})",
        table.name,
        cols.join(", "),
        vec!["?"; cols.len()].join(", ")
    );
    // Rows read whose values are not of their columns' types are the damage's garbage, not
    // answers: they are neither copied nor counted.
    let mut known = listed;
    let mut copied = 0;
    if let Ok(mut stmt) = dst.prepare(&insert) {
        for (id, values) in &rows {
            let fits = values
                .iter()
                .zip(table.columns)
                .all(|(v, (_, kind))| fits(v, *kind));
            if !(fits && (table.valid)(values)) {
                continue;
            }
            known.insert(*id);
            if stmt
                .execute(params_from_iter(values.iter()))
                .is_ok_and(|n| n == 1)
            {
                copied += 1;
            }
        }
    }
    Rescued {
        copied,
        known: known.len() as u64,
    }
}

fn fits(v: &Value, kind: Kind) -> bool {
    matches!(
        (kind, v),
        (Kind::Integer, Value::Integer(_))
            | (Kind::Text, Value::Text(_))
            | (Kind::Bool | Kind::OptionalBool, Value::Integer(0 | 1))
            | (Kind::OptionalInteger, Value::Integer(_) | Value::Null)
            | (Kind::OptionalText, Value::Text(_) | Value::Null)
            | (Kind::OptionalBool, Value::Null)
    )
}

/// Runs a scan, keeping every row read before the first error or the first row already read
/// (the backward scan meeting the forward one). Says whether it ran to the end, and the last
/// rowid it added.
fn scan(src: &Connection, sql: &str, rows: &mut BTreeMap<i64, Vec<Value>>) -> (bool, Option<i64>) {
    let mut last = None;
    let Ok(mut stmt) = src.prepare(sql) else {
        return (false, last);
    };
    let width = stmt.column_count();
    let Ok(mut cursor) = stmt.query([]) else {
        return (false, last);
    };
    loop {
        let r = match cursor.next() {
            Ok(Some(r)) => r,
            Ok(None) => return (true, last),
            Err(_) => return (false, last),
        };
        let Ok(id) = r.get::<_, i64>(0) else {
            return (false, last);
        };
        if rows.contains_key(&id) {
            return (false, last);
        }
        let values: Result<Vec<Value>, _> = (1..width).map(|i| r.get(i)).collect();
        let Ok(values) = values else {
            return (false, last);
        };
        rows.insert(id, values);
        last = Some(id);
    }
}

fn lookup(src: &Connection, select: &str, id: i64, rows: &mut BTreeMap<i64, Vec<Value>>) {
    let Ok(mut stmt) = src.prepare_cached(&format!("{select} WHERE rowid = ?1")) else {
        return;
    };
    let width = stmt.column_count();
    let row = stmt.query_row([id], |r| (1..width).map(|i| r.get(i)).collect());
    if let Ok(values) = row {
        rows.insert(id, values);
    }
}

/// The rowids every readable index of a table lists (an index holds them apart from the
/// table's own pages, so it can name rows whose pages are lost, or find ones a scan missed).
fn indexed_rowids(src: &Connection, table: &str) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    let names: Vec<String> = src
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1")
        .and_then(|mut s| {
            s.query_map([table], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()
        })
        .unwrap_or_default();
    for index in names {
        let sql = format!("SELECT rowid FROM {table} INDEXED BY \"{index}\"");
        let Ok(mut stmt) = src.prepare(&sql) else {
            continue;
        };
        let Ok(mut cursor) = stmt.query([]) else {
            continue;
        };
        while let Ok(Some(r)) = cursor.next() {
            match r.get::<_, i64>(0) {
                Ok(id) => {
                    ids.insert(id);
                }
                Err(_) => break,
            }
        }
    }
    ids
}
