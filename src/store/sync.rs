//! `kubedrill sync DIR`: merges this machine's study with every other machine's through a
//! folder (Syncthing, Dropbox, a git repository, a USB stick). Each machine writes only its own
//! file there (sync_file.rs) and reads the others'.
//!
//! - An answer is known everywhere by (machine, sequence number): merging one twice is a no-op,
//!   and the order machines sync in does not matter. An answer undone after it went out is
//!   undone everywhere; one missing here for any other reason (a database recovered from
//!   damage) comes back from this machine's own file.
//! - Flags and lesson progress go by last writer per item, the machine id breaking ties; a
//!   lesson once completed anywhere stays completed. Drill results are kept like answers.
//! - Memory states are not synced: they are replayed from the merged log at the next start.

use super::machine_id::write_synced;
use super::sync_file::{self, DrillLine, FlagsLine, LessonLine, Line, MachineLog};
use super::{Store, StoreError};
use crate::srs::{Answer, Mode, Rating};
use rusqlite::{OptionalExtension, Transaction, params};
use std::path::{Path, PathBuf};

/// A file in the sync folder that was not read this time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub file: PathBuf,
    pub why: String,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Other machines' answers merged in now.
    pub answers_in: u64,
    /// This machine's answers written to its file now.
    pub answers_out: u64,
    /// Answers undone on another machine, and so taken out here.
    pub undone_in: u64,
    /// This machine's answers missing from its database and brought back from its own file.
    pub restored: u64,
    pub drills_in: u64,
    /// Items and lessons whose flags or progress another machine wrote last.
    pub flags_in: u64,
    pub lessons_in: u64,
    /// Other machines whose files were read.
    pub machines: usize,
    pub skipped: Vec<Skipped>,
    /// This machine's file holds answers it did not give: another machine syncs under the
    /// same id (a copied data folder).
    pub shared_id: bool,
    /// This machine's own file could not be read and was moved here, kept as it was; a fresh
    /// one was written from the database.
    pub moved_aside: Option<PathBuf>,
}

/// The last sync, for Home.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncRun {
    pub at_ms: i64,
    pub folder: String,
    pub answers_in: u64,
    pub answers_out: u64,
}

/// The sync files in a folder: (machine, path), in name order.
fn sync_files(folder: &Path) -> Result<Vec<(String, PathBuf)>, StoreError> {
    let entries = std::fs::read_dir(folder).map_err(|e| StoreError::Io {
        what: format!("cannot read the sync folder {}", folder.display()),
        error: e,
    })?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if let Some(machine) = name.to_str().and_then(sync_file::machine_of) {
            files.push((machine.to_owned(), entry.path()));
        }
    }
    files.sort();
    Ok(files)
}

/// Who wrote a row last: (when, which machine). A row written before sync existed has no time
/// and loses to any written since.
type Stamp = (i64, String);

impl Store {
    /// Syncs with the folder as machine `machine` (see the module doc). The merge is one
    /// transaction; this machine's file is then written beside and renamed into place.
    pub fn sync(
        &mut self,
        folder: &Path,
        machine: &str,
        now_ms: i64,
    ) -> Result<SyncReport, StoreError> {
        let mut report = SyncReport::default();
        let mut others = Vec::new();
        let mut own: Option<MachineLog> = None;
        let mut own_unreadable = None;
        for (id, path) in sync_files(folder)? {
            let bytes = match std::fs::read(&path) {
                Ok(bytes) => bytes,
                Err(e) => {
                    report.skipped.push(Skipped {
                        file: path,
                        why: format!("it cannot be read ({e})"),
                    });
                    continue;
                }
            };
            match (sync_file::parse(&id, &bytes), id == machine) {
                (Ok(log), true) => own = Some(log),
                (Ok(log), false) => others.push(log),
                (Err(why), true) => own_unreadable = Some((path, why)),
                (Err(why), false) => report.skipped.push(Skipped {
                    file: path,
                    why: why.to_string(),
                }),
            }
        }
        report.machines = others.len();
        let own_path = folder.join(sync_file::file_name(machine));
        if let Some((path, why)) = own_unreadable {
            // This machine's own file, damaged (it is only ever replaced whole, so not by us):
            // kept as it is under another name, and written again from the database.
            let aside = aside_name(&path);
            std::fs::rename(&path, &aside).map_err(|e| StoreError::Io {
                what: format!(
                    "cannot move the unreadable {} aside ({why})",
                    path.display()
                ),
                error: e,
            })?;
            report.moved_aside = Some(aside);
        }
        let mut own = own.unwrap_or_else(|| MachineLog::empty(machine));
        let before = own.text.len();
        let file_existed = own_path.exists();
        let counts = self.write(|conn| {
            let tx = conn.transaction()?;
            let mut counts = SyncReport::default();
            for log in &others {
                merge_other(&tx, log, machine, &mut counts)?;
            }
            restore_own(&tx, &own, &mut counts)?;
            write_out(&tx, &mut own, &mut counts)?;
            // What came in changes memory states: they are folded again from the merged log
            // at the next start (card_state.rs).
            if counts.answers_in + counts.undone_in + counts.restored + counts.flags_in > 0 {
                super::card_state::forget(&tx)?;
            }
            tx.commit()?;
            Ok(counts)
        })?;
        report.answers_in = counts.answers_in;
        report.answers_out = counts.answers_out;
        report.undone_in = counts.undone_in;
        report.restored = counts.restored;
        report.drills_in = counts.drills_in;
        report.flags_in = counts.flags_in;
        report.lessons_in = counts.lessons_in;
        report.shared_id = counts.shared_id;
        if own.text.len() != before || !file_existed {
            let tmp = folder.join(format!(".{}.tmp", sync_file::file_name(machine)));
            let written = write_synced(&tmp, own.text.as_bytes())
                .and_then(|()| std::fs::rename(&tmp, &own_path));
            if let Err(e) = written {
                let _ = std::fs::remove_file(&tmp);
                // The database already knows which answers have numbers; the next sync
                // writes whatever this one could not.
                return Err(StoreError::Io {
                    what: format!("cannot write {}", own_path.display()),
                    error: e,
                });
            }
        }
        let folder_text = folder.display().to_string();
        self.write(|conn| {
            conn.execute(
                "INSERT INTO sync_runs (at_ms, folder, answers_in, answers_out, skipped) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    now_ms,
                    folder_text,
                    report.answers_in as i64,
                    report.answers_out as i64,
                    report.skipped.len() as i64
                ],
            )
        })?;
        Ok(report)
    }

    /// The last sync, if there was one.
    pub fn last_sync(&self) -> Result<Option<SyncRun>, StoreError> {
        self.conn
            .query_row(
                "SELECT at_ms, folder, answers_in, answers_out FROM sync_runs ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok(SyncRun {
                        at_ms: r.get(0)?,
                        folder: r.get(1)?,
                        answers_in: r.get::<_, i64>(2)?.max(0) as u64,
                        answers_out: r.get::<_, i64>(3)?.max(0) as u64,
                    })
                },
            )
            .optional()
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }
}

/// `<file>.unreadable-<n>`: where an unreadable own file is kept.
fn aside_name(path: &Path) -> PathBuf {
    let mut n = 1;
    loop {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".unreadable-{n}"));
        let target = path.with_file_name(name);
        if !target.exists() {
            return target;
        }
        n += 1;
    }
}

/// Takes in another machine's answers, undos, drills, flags and lessons.
fn merge_other(
    tx: &Transaction,
    log: &MachineLog,
    me: &str,
    counts: &mut SyncReport,
) -> rusqlite::Result<()> {
    let m = log.machine.as_str();
    {
        let mut undo =
            tx.prepare_cached("DELETE FROM review_log WHERE origin = ?1 AND origin_seq = ?2")?;
        for seq in &log.undone {
            counts.undone_in += undo.execute(params![m, seq])? as u64;
        }
        for (seq, a) in &log.answers {
            if !log.undone.contains(seq) {
                counts.answers_in += insert_answer(tx, a, Some(m), *seq)?;
            }
        }
        for (seq, d) in &log.drills {
            counts.drills_in += insert_drill(tx, d, Some(m), *seq)?;
        }
    }
    for (item, f) in &log.flags {
        let here: Option<(Option<i64>, Option<String>)> = tx
            .query_row(
                "SELECT at_ms, origin FROM card_flags WHERE item = ?1",
                params![item],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some(stamp) = here
            && !newer(&(f.at_ms, m.to_owned()), &stamp_of(stamp, me))
        {
            continue;
        }
        tx.execute(
            "INSERT INTO card_flags (item, suspended, leech, reset_at_ms, at_ms, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(item) DO UPDATE SET suspended = excluded.suspended, leech = excluded.leech,
               reset_at_ms = excluded.reset_at_ms, at_ms = excluded.at_ms, origin = excluded.origin",
            params![item, f.suspended, f.leech, f.reset_at_ms, f.at_ms, m],
        )?;
        counts.flags_in += 1;
    }
    for (lesson, l) in &log.lessons {
        let here: Option<(Option<i64>, Option<String>, bool)> = tx
            .query_row(
                "SELECT at_ms, origin, completed FROM lesson_progress WHERE lesson = ?1",
                params![lesson],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let completed_here = here.as_ref().is_some_and(|h| h.2);
        if let Some((at, origin, _)) = here
            && !newer(&(l.at_ms, m.to_owned()), &stamp_of((at, origin), me))
        {
            // Older than ours: only a completion carries over.
            if l.completed && !completed_here {
                tx.execute(
                    "UPDATE lesson_progress SET completed = 1 WHERE lesson = ?1",
                    params![lesson],
                )?;
                counts.lessons_in += 1;
            }
            continue;
        }
        tx.execute(
            "INSERT INTO lesson_progress (lesson, step, completed, at_ms, origin) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(lesson) DO UPDATE SET step = excluded.step,
               completed = lesson_progress.completed OR excluded.completed,
               at_ms = excluded.at_ms, origin = excluded.origin",
            params![lesson, l.step, l.completed, l.at_ms, m],
        )?;
        counts.lessons_in += 1;
    }
    Ok(())
}

fn stamp_of((at, origin): (Option<i64>, Option<String>), me: &str) -> Stamp {
    (at.unwrap_or(0), origin.unwrap_or_else(|| me.to_owned()))
}

/// Last writer wins; at the same millisecond the larger machine id does, so every machine
/// picks the same row.
fn newer(theirs: &Stamp, ours: &Stamp) -> bool {
    theirs > ours
}

/// Brings back this machine's answers and drills that its file has and its database lost.
fn restore_own(
    tx: &Transaction,
    own: &MachineLog,
    counts: &mut SyncReport,
) -> rusqlite::Result<()> {
    let mut undone_here = tx.prepare_cached("SELECT 1 FROM sync_undone WHERE seq = ?1")?;
    for (seq, a) in &own.answers {
        if own.undone.contains(seq) || undone_here.exists(params![seq])? {
            continue;
        }
        counts.restored += insert_answer(tx, a, None, *seq)?;
    }
    for (seq, d) in &own.drills {
        insert_drill(tx, d, None, *seq)?;
    }
    Ok(())
}

/// Adds an answer known as `seq` of machine `origin` (`None`: this machine) unless it is
/// there already; returns 1 when it was added.
fn insert_answer(
    tx: &Transaction,
    a: &Answer,
    origin: Option<&str>,
    seq: i64,
) -> rusqlite::Result<u64> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO review_log (item, at_ms, rating, duration_ms, mode, correct, origin, origin_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let n = insert.execute(params![
        a.item,
        a.at_ms,
        a.rating.number(),
        a.duration_ms,
        a.mode.as_str(),
        a.correct,
        origin,
        seq
    ])?;
    Ok(n as u64)
}

/// `insert_answer` for a drill result.
fn insert_drill(
    tx: &Transaction,
    d: &DrillLine,
    origin: Option<&str>,
    seq: i64,
) -> rusqlite::Result<u64> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO drill_results (at_ms, seed, difficulty, kind, rule_hits, origin, origin_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let n = insert.execute(params![
        d.at_ms,
        d.seed,
        d.difficulty,
        d.kind,
        d.rule_hits,
        origin,
        seq
    ])?;
    Ok(n as u64)
}

/// Numbers this machine's new answers and drills and adds to its file every line it lacks.
fn write_out(
    tx: &Transaction,
    own: &mut MachineLog,
    counts: &mut SyncReport,
) -> rusqlite::Result<()> {
    let undone: Vec<i64> = tx
        .prepare("SELECT seq FROM sync_undone ORDER BY seq")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let max_local: i64 = tx.query_row(
        "SELECT ifnull(max(origin_seq), 0) FROM review_log WHERE origin IS NULL",
        [],
        |r| r.get(0),
    )?;
    let first = own
        .max_answer_seq()
        .max(max_local)
        .max(undone.last().copied().unwrap_or(0))
        + 1;
    number_fresh(tx, "review_log", first)?;
    let push = |own: &mut MachineLog, line: Line| {
        own.push(line)
            .map_err(|why| rusqlite::Error::ToSqlConversionFailure(why.into()))
    };
    let answers: Vec<(i64, Answer)> = tx
        .prepare(
            "SELECT origin_seq, item, at_ms, rating, duration_ms, mode, correct FROM review_log
             WHERE origin IS NULL ORDER BY origin_seq",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                Answer {
                    item: r.get(1)?,
                    at_ms: r.get(2)?,
                    // The table's CHECKs hold rating and mode to what these parse.
                    rating: {
                        let n: i64 = r.get(3)?;
                        Rating::from_number(n)
                            .ok_or(rusqlite::Error::IntegralValueOutOfRange(3, n))?
                    },
                    duration_ms: r.get(4)?,
                    mode: Mode::parse(r.get_ref(5)?.as_str()?).ok_or_else(|| {
                        rusqlite::Error::InvalidColumnType(
                            5,
                            "mode".to_owned(),
                            rusqlite::types::Type::Text,
                        )
                    })?,
                    correct: r.get(6)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (seq, a) in answers {
        match own.answers.get(&seq) {
            None => {
                push(own, Line::answer(seq, &a))?;
                counts.answers_out += 1;
            }
            // The file gave this number to another answer: only a second machine writing
            // under this machine's id does that.
            Some(there) if *there != a => counts.shared_id = true,
            Some(_) => {}
        }
    }
    for seq in undone {
        if !own.undone.contains(&seq) {
            push(own, Line::Undo { seq })?;
        }
    }
    write_out_drills(tx, own)?;
    let flags: Vec<(String, FlagsLine)> = tx
        .prepare(
            "SELECT item, suspended, leech, reset_at_ms, ifnull(at_ms, 0) FROM card_flags
             WHERE origin IS NULL ORDER BY item",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                FlagsLine {
                    suspended: r.get(1)?,
                    leech: r.get(2)?,
                    reset_at_ms: r.get(3)?,
                    at_ms: r.get(4)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (item, f) in flags {
        if own.flags.get(&item) != Some(&f) {
            push(
                own,
                Line::Flags {
                    item,
                    suspended: f.suspended,
                    leech: f.leech,
                    reset_at_ms: f.reset_at_ms,
                    at_ms: f.at_ms,
                },
            )?;
        }
    }
    let lessons: Vec<(String, LessonLine)> = tx
        .prepare(
            "SELECT lesson, step, completed, at_ms FROM lesson_progress WHERE origin IS NULL ORDER BY lesson",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                LessonLine {
                    step: r.get(1)?,
                    completed: r.get(2)?,
                    at_ms: r.get(3)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (lesson, l) in lessons {
        if own.lessons.get(&lesson) != Some(&l) {
            push(
                own,
                Line::Lesson {
                    lesson,
                    step: l.step,
                    completed: l.completed,
                    at_ms: l.at_ms,
                },
            )?;
        }
    }
    Ok(())
}

/// Numbers this machine's rows of `table` that have none yet from `first` on, oldest first.
/// Numbers are given at sync time, after this machine's file was read: a number is never given
/// twice, even to an answer undone since.
fn number_fresh(tx: &Transaction, table: &str, first: i64) -> rusqlite::Result<()> {
    let fresh: Vec<i64> = tx
        .prepare(&format!(
            "SELECT id FROM {table} WHERE origin IS NULL AND origin_seq IS NULL ORDER BY at_ms, id"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare(&format!("UPDATE {table} SET origin_seq = ?1 WHERE id = ?2"))?;
    for (seq, id) in (first..).zip(fresh) {
        update.execute(params![seq, id])?;
    }
    Ok(())
}

fn write_out_drills(tx: &Transaction, own: &mut MachineLog) -> rusqlite::Result<()> {
    let max_local: i64 = tx.query_row(
        "SELECT ifnull(max(origin_seq), 0) FROM drill_results WHERE origin IS NULL",
        [],
        |r| r.get(0),
    )?;
    let first = own.drills.keys().copied().max().unwrap_or(0).max(max_local) + 1;
    number_fresh(tx, "drill_results", first)?;
    let drills: Vec<(i64, DrillLine)> = tx
        .prepare(
            "SELECT origin_seq, at_ms, seed, difficulty, kind, rule_hits FROM drill_results
             WHERE origin IS NULL ORDER BY origin_seq",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                DrillLine {
                    at_ms: r.get(1)?,
                    seed: r.get(2)?,
                    difficulty: r.get(3)?,
                    kind: r.get(4)?,
                    rule_hits: r.get(5)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (seq, d) in drills {
        if !own.drills.contains_key(&seq) {
            own.push(Line::Drill {
                seq,
                at_ms: d.at_ms,
                seed: d.seed,
                difficulty: d.difficulty,
                kind: d.kind,
                rule_hits: d.rule_hits,
            })
            .map_err(|why| rusqlite::Error::ToSqlConversionFailure(why.into()))?;
        }
    }
    Ok(())
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.why)
    }
}
