//! The only module that writes files: the data folder and `kubedrill.db`, the review log that is
//! the source of truth for every card's memory (DESIGN §4.2).

mod anki_package;
mod card_state;
mod drafts;
mod drill;
mod error;
mod machine_id;
mod open;
mod salvage;
mod schema;
mod settings;
mod sync;
mod sync_file;
mod time;
mod trouble;

pub use anki_package::{
    AnkiExportError, BASIC_MODEL_ID, CLOZE_MODEL_ID, deck_id, note_guid, write_apkg,
};
pub use card_state::LogMark;
pub use drill::DrillResult;
pub use error::StoreError;
pub use machine_id::{MACHINE_ID_FILE, machine_id};
pub use open::{CheckState, OpenNotice, Recovery};
pub use salvage::{Rescued, Salvage};
pub use schema::SCHEMA_VERSION;
pub use settings::{CONFIG_FILE, SettingsError, load_settings, parse_settings};
pub use sync::{Skipped, SyncReport, SyncRun};
pub use time::{iso_utc, now_ms};
pub use trouble::Cause;

use crate::srs::{Answer, Mode, Rating};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const DB_FILE: &str = "kubedrill.db";

/// The id of a logged answer (its row), used to undo it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AnswerId(pub i64);

/// Per-item flags that are not derived from the log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    pub suspended: bool,
    pub leech: bool,
}

/// A lesson's saved place: the step to resume at, and whether it was walked to the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LessonProgress {
    pub step: usize,
    pub completed: bool,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The background integrity check while it runs (open.rs).
    check: Option<open::Check>,
    /// Damage found by the check or by a statement: nothing is written until `recover`.
    damage: Option<String>,
    /// The last `PRAGMA data_version` seen (`changed_elsewhere`).
    data_version: i64,
    /// A session without a usable database (it is from a newer kubedrill): every write is
    /// refused with this reason.
    refusal: Option<String>,
    /// The scheduler each write folds the written item's memory state with (card_state.rs),
    /// once a study is loaded; without one, a write drops the kept states instead.
    keeper: Option<std::sync::Arc<card_state::Keeper>>,
}

/// The data folder: `--data-dir` / `KUBEDRILL_DATA_DIR` when given, else the platform's data
/// folder for kubedrill (`~/.local/share/kubedrill` on Linux).
pub fn data_dir(explicit: Option<&Path>) -> Result<PathBuf, StoreError> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    // `directories` takes HOME as it is: a relative one would put the data under whatever
    // folder kubedrill happens to be started from.
    if let Some(home) = std::env::var_os("HOME")
        && !home.is_empty()
        && !Path::new(&home).is_absolute()
    {
        return Err(StoreError::RelativeHome(
            home.to_string_lossy().into_owned(),
        ));
    }
    directories::ProjectDirs::from("", "", "kubedrill")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(StoreError::NoHome)
}

impl Store {
    /// A store on an open connection: no check pending, no damage, writes allowed.
    fn new(conn: Connection, path: &Path, data_version: i64) -> Store {
        Store {
            conn,
            path: path.to_path_buf(),
            check: None,
            damage: None,
            data_version,
            refusal: None,
            keeper: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every write goes through here: none once damage was found (it waits for `recover`), and
    /// a write that finds damage marks it.
    fn write<T>(
        &mut self,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        if self.damage.is_some() {
            return Err(StoreError::Suspect {
                path: self.path.clone(),
            });
        }
        if let Some(reason) = &self.refusal {
            return Err(StoreError::Refused(reason.clone()));
        }
        work(&mut self.conn).map_err(|e| {
            let e = StoreError::sqlite(&self.path, e);
            if let StoreError::Corrupt { why, .. } = &e {
                self.damage = Some(why.clone());
            }
            e
        })
    }

    /// Appends one answer in its own transaction; when this returns, the answer is on disk.
    pub fn record(&mut self, a: &Answer) -> Result<AnswerId, StoreError> {
        self.record_with_flags(a, None)
    }

    /// Appends one answer and, in the same transaction, sets the item's flags: an answer that
    /// makes an item a leech suspends it atomically, so a crash can never leave one without the
    /// other.
    pub fn record_with_flags(
        &mut self,
        a: &Answer,
        flags: Option<Flags>,
    ) -> Result<AnswerId, StoreError> {
        let keeper = self.keeper();
        self.write(|conn| {
            let tx = conn.transaction()?;
            let last_before = card_state::last_id(&tx)?;
            tx.execute(
                "INSERT INTO review_log (item, at_ms, rating, duration_ms, mode, correct) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![a.item, a.at_ms, a.rating.number(), a.duration_ms, a.mode.as_str(), a.correct],
            )?;
            let id = tx.last_insert_rowid();
            if let Some(flags) = flags {
                upsert_flags(&tx, &a.item, flags, a.at_ms)?;
            }
            let logged = card_state::Logged { id, last_before };
            card_state::refold(&tx, keeper.as_deref(), &a.item, Some(logged))?;
            tx.commit()?;
            Ok(AnswerId(id))
        })
    }

    /// Undo: deletes one logged answer in one transaction. Returns whether it existed.
    pub fn undo(&mut self, id: AnswerId) -> Result<bool, StoreError> {
        self.undo_with_flags(id, None)
    }

    /// Undo that also puts an item's flags back as they were before the answer (the answer
    /// made it a leech and suspended it), in the same transaction as the delete.
    pub fn undo_with_flags(
        &mut self,
        id: AnswerId,
        restore: Option<(&str, Flags)>,
    ) -> Result<bool, StoreError> {
        let keeper = self.keeper();
        self.write(|conn| {
            let tx = conn.transaction()?;
            let item: Option<String> = tx
                .query_row(
                    "SELECT item FROM review_log WHERE id = ?1",
                    params![id.0],
                    |r| r.get(0),
                )
                .optional()?;
            // An answer already written to this machine's sync file leaves a mark, so the
            // next sync tells the other machines (sync.rs).
            let seq: Option<i64> = tx
                .query_row(
                    "SELECT origin_seq FROM review_log WHERE id = ?1 AND origin IS NULL",
                    params![id.0],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            if let Some(seq) = seq {
                tx.execute(
                    "INSERT OR IGNORE INTO sync_undone (seq) VALUES (?1)",
                    params![seq],
                )?;
            }
            let n = tx.execute("DELETE FROM review_log WHERE id = ?1", params![id.0])?;
            if let Some(item) = &item {
                card_state::refold(&tx, keeper.as_deref(), item, None)?;
            }
            if let Some((item, flags)) = restore {
                upsert_flags(&tx, item, flags, now_ms())?;
            }
            tx.commit()?;
            Ok(n == 1)
        })
    }

    /// The whole log in time order (ties by id), as the scheduler replays it.
    pub fn answers(&self) -> Result<Vec<(AnswerId, Answer)>, StoreError> {
        // Sized up front: this runs over the whole log at every start.
        let count = usize::try_from(self.answer_count()?).unwrap_or(0);
        let mut out = Vec::with_capacity(count);
        self.answers_in_batches(count.max(1), |batch| {
            if out.is_empty() {
                out = batch;
            } else {
                out.extend(batch);
            }
            true
        })?;
        Ok(out)
    }

    /// The log in time order, handed over `batch` answers at a time, so a caller can work on
    /// the first answers while the rest are read. `take` returns false to stop early.
    pub fn answers_in_batches(
        &self,
        batch: usize,
        take: impl FnMut(Vec<(AnswerId, Answer)>) -> bool,
    ) -> Result<(), StoreError> {
        self.answers_from(i64::MIN, batch, take)
    }

    /// The end of the log: the answers at or after `since_ms`, in time order.
    pub fn answers_since(&self, since_ms: i64) -> Result<Vec<(AnswerId, Answer)>, StoreError> {
        let mut out = Vec::new();
        self.answers_from(since_ms, 4096, |batch| {
            out.extend(batch);
            true
        })?;
        Ok(out)
    }

    /// How many days in a row, ending with `day` (a UTC day number, `stats::day_of`), have at
    /// least one answer: 0 when `day` has none. One index lookup per day, so a year's streak
    /// costs a year of lookups, not a read of the year's answers.
    pub fn answered_days_back(&self, day: i64) -> Result<u32, StoreError> {
        let sql = |e| StoreError::sqlite(&self.path, e);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM review_log WHERE at_ms >= ?1 AND at_ms < ?2)",
            )
            .map_err(sql)?;
        let mut days = 0u32;
        let mut d = day;
        loop {
            let start = d.saturating_mul(crate::srs::DAY_MS);
            let end = start.saturating_add(crate::srs::DAY_MS);
            let any: bool = stmt.query_row([start, end], |r| r.get(0)).map_err(sql)?;
            if !any {
                return Ok(days);
            }
            days += 1;
            d -= 1;
        }
    }

    /// The log from `since_ms` on, in time order, in batches (`answers_in_batches`).
    fn answers_from(
        &self,
        since_ms: i64,
        batch: usize,
        mut take: impl FnMut(Vec<(AnswerId, Answer)>) -> bool,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, item, at_ms, rating, duration_ms, mode, correct FROM review_log WHERE at_ms >= ?1 ORDER BY at_ms, id")
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        let batch = batch.max(1);
        let mut out = Vec::with_capacity(batch);
        let mut rows = stmt
            .query([since_ms])
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        while let Some(r) = rows.next().map_err(|e| StoreError::sqlite(&self.path, e))? {
            let sql = |e| StoreError::sqlite(&self.path, e);
            let id: i64 = r.get(0).map_err(sql)?;
            let item: String = r.get(1).map_err(sql)?;
            let at_ms: i64 = r.get(2).map_err(sql)?;
            let rating: i64 = r.get(3).map_err(sql)?;
            let duration_ms: i64 = r.get(4).map_err(sql)?;
            let mode_ref = r.get_ref(5).map_err(sql)?;
            let mode = mode_ref
                .as_str()
                .map_err(|e| StoreError::sqlite(&self.path, e.into()))?;
            let correct: Option<bool> = r.get(6).map_err(sql)?;
            // The CHECK constraints keep rating in 1..=4 and mode in the known set; a row that
            // still fails (edited by hand) is reported, not guessed.
            let rating = Rating::from_number(rating).ok_or_else(|| StoreError::BadRow {
                table: "review_log",
                id,
                what: format!("rating {rating}"),
            })?;
            let mode = Mode::parse(mode).ok_or_else(|| StoreError::BadRow {
                table: "review_log",
                id,
                what: format!("mode {mode:?}"),
            })?;
            out.push((
                AnswerId(id),
                Answer {
                    item,
                    at_ms,
                    rating,
                    duration_ms,
                    mode,
                    correct,
                },
            ));
            if out.len() == batch && !take(std::mem::replace(&mut out, Vec::with_capacity(batch))) {
                return Ok(());
            }
        }
        if !out.is_empty() {
            take(out);
        }
        Ok(())
    }

    pub fn answer_count(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM review_log", [], |r| r.get(0))
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Sets an item's flags (one transaction).
    pub fn set_flags(&mut self, item: &str, flags: Flags) -> Result<(), StoreError> {
        self.write(|conn| upsert_flags(conn, item, flags, now_ms()))
    }

    /// Resets an item to new (the browser's `r`): its answers before `at_ms` stay in the log
    /// but no longer count for its memory state, and it stops being a leech (its lapses start
    /// again from zero); a suspended item stays suspended.
    pub fn reset(&mut self, item: &str, at_ms: i64) -> Result<(), StoreError> {
        let keeper = self.keeper();
        self.write(|conn| {
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO card_flags (item, suspended, leech, reset_at_ms, at_ms, origin)
                 VALUES (?1, 0, 0, ?2, ?2, NULL)
                 ON CONFLICT(item) DO UPDATE SET leech = 0, reset_at_ms = excluded.reset_at_ms,
                   at_ms = excluded.at_ms, origin = NULL",
                params![item, at_ms],
            )?;
            card_state::refold(&tx, keeper.as_deref(), item, None)?;
            tx.commit()
        })?;
        Ok(())
    }

    /// When each reset item was reset: its answers before then do not count.
    pub fn resets(&self) -> Result<HashMap<String, i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT item, reset_at_ms FROM card_flags WHERE reset_at_ms IS NOT NULL",
            )
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// How far the learner got in each lesson.
    pub fn lesson_progress(&self) -> Result<HashMap<String, LessonProgress>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT lesson, step, completed FROM lesson_progress")
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    LessonProgress {
                        step: r.get::<_, i64>(1)?.max(0) as usize,
                        completed: r.get(2)?,
                    },
                ))
            })
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Saves a lesson's progress (one statement, so one transaction). A completed lesson stays
    /// completed when it is walked again.
    pub fn save_lesson_progress(
        &mut self,
        lesson: &str,
        progress: LessonProgress,
        at_ms: i64,
    ) -> Result<(), StoreError> {
        self.write(|conn| {
            conn.execute(
                "INSERT INTO lesson_progress (lesson, step, completed, at_ms) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(lesson) DO UPDATE SET step = excluded.step,
                   completed = lesson_progress.completed OR excluded.completed, at_ms = excluded.at_ms,
                   origin = NULL",
                params![lesson, progress.step as i64, progress.completed, at_ms],
            )
        })?;
        Ok(())
    }

    /// Every item with a flag set.
    pub fn flags(&self) -> Result<HashMap<String, Flags>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT item, suspended, leech FROM card_flags WHERE suspended OR leech",
            )
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Flags {
                        suspended: r.get(1)?,
                        leech: r.get(2)?,
                    },
                ))
            })
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Optimized FSRS parameters, if the user ran `optimize`.
    pub fn parameters(&self) -> Result<Option<Vec<f32>>, StoreError> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT parameters FROM fsrs_parameters WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        text.map(|t| {
            t.split(',')
                .map(|p| {
                    p.trim().parse::<f32>().map_err(|_| StoreError::BadRow {
                        table: "fsrs_parameters",
                        id: 1,
                        what: format!("FSRS parameter {p:?}"),
                    })
                })
                .collect()
        })
        .transpose()
    }

    pub fn save_parameters(&mut self, params: &[f32], at_ms: i64) -> Result<(), StoreError> {
        let text: Vec<String> = params.iter().map(|p| p.to_string()).collect();
        self.write(|conn| {
            conn.execute(
                "INSERT INTO fsrs_parameters (id, parameters, optimized_at_ms) VALUES (1, ?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET parameters = excluded.parameters, optimized_at_ms = excluded.optimized_at_ms",
                params![text.join(","), at_ms],
            )
        })?;
        Ok(())
    }

    /// `PRAGMA integrity_check`: "ok" for a healthy database.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }
}

/// Sets an item's flags as written here at `at_ms` (sync merges flags by last writer).
fn upsert_flags(conn: &Connection, item: &str, flags: Flags, at_ms: i64) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO card_flags (item, suspended, leech, at_ms, origin) VALUES (?1, ?2, ?3, ?4, NULL)
         ON CONFLICT(item) DO UPDATE SET suspended = excluded.suspended, leech = excluded.leech,
           at_ms = excluded.at_ms, origin = NULL",
        params![item, flags.suspended, flags.leech, at_ms],
    )?;
    Ok(())
}
