//! Each item's memory state kept beside the review log (schema v5), so that a start reads one
//! row per item instead of replaying the year through FSRS (issue 17).
//!
//! The log stays the source of truth; this table is a fold of it and is trusted only while
//! its stamp says it is that fold:
//! - `settings` is the fingerprint of everything besides the log a state depends on (the
//!   scheduler's `state_fingerprint`, the merged-card mapping, this table's format). Another
//!   fingerprint (new parameters after `optimize`, a changed config.toml, another kubedrill's
//!   mapping) means the table is folded again from the log.
//! - `last_log_id` is the last answer folded in. Answers after it (none, normally) are folded
//!   in at the start, item by item.
//!
//! Every write that changes what an item's answers fold to (an answer, an undo, a reset) folds
//! that item again from its answers in the same transaction, so the table can never disagree
//! with the log after a crash. Each item's state depends only on its own answers (and those of
//! the cards merged into it) and its reset, so folding one item is folding the log for it. A
//! write made without a scheduler to fold with (a test, a command that loads no study) or
//! under another fingerprint, and a sync that merged anything, drop the stamp instead: the
//! next start folds the whole log, as before this table existed.

use super::{AnswerId, Store, StoreError};
use crate::srs::{Answer, CardState, MemoryState, Mode, Phase, Rating, Scheduler};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use std::sync::Arc;

/// The version of this table's format, part of the fingerprint.
const FORMAT: u32 = 1;

/// The scheduler the store folds with after each write, and its fingerprint.
#[derive(Debug)]
pub(super) struct Keeper {
    scheduler: Scheduler,
    fingerprint: String,
}

/// How far a fold of the whole log went: the answers it read and the last one's id. Saving the
/// fold checks the log is still that (another kubedrill may have answered meanwhile).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LogMark {
    pub count: usize,
    pub last_id: i64,
}

impl LogMark {
    /// The mark after reading one more answer (the log is read in time order, not id order).
    pub fn read(&mut self, id: AnswerId) {
        self.count += 1;
        self.last_id = self.last_id.max(id.0);
    }
}

/// The fingerprint states folded by `scheduler` are stamped with.
fn fingerprint(scheduler: &Scheduler) -> String {
    format!(
        "card_state v{FORMAT}; merged {:016x}; {}",
        crate::deck::merged_fingerprint(),
        scheduler.state_fingerprint()
    )
}

impl Store {
    /// From now on, every write keeps the table current by folding with `scheduler` (the one
    /// the study was loaded with).
    pub fn keep_card_states(&mut self, scheduler: &Scheduler) {
        self.keeper = Some(Arc::new(Keeper {
            scheduler: scheduler.clone(),
            fingerprint: fingerprint(scheduler),
        }));
    }

    /// The kept states, if they are the fold of the log by `scheduler`'s settings, with any
    /// answer logged after the stamp folded in; `None` when the table is missing or stale (the
    /// caller folds the whole log then, and saves it with `save_card_states`). A row that does
    /// not decode (edited by hand) makes the table stale, not an error: it is only a cache.
    pub fn kept_card_states(
        &self,
        scheduler: &Scheduler,
    ) -> Result<Option<HashMap<String, CardState>>, StoreError> {
        let sql = |e| StoreError::sqlite(&self.path, e);
        let Some(last_id) = stamp(&self.conn, &fingerprint(scheduler)).map_err(sql)? else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT item, phase, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, leech FROM card_state",
            )
            .map_err(sql)?;
        let mut states = HashMap::new();
        let mut rows = stmt.query([]).map_err(sql)?;
        while let Some(r) = rows.next().map_err(sql)? {
            let Some((item, state)) = decode(r).map_err(sql)? else {
                return Ok(None);
            };
            states.insert(item, state);
        }
        // Answers after the stamp: their items are folded again (normally there are none).
        // Not `SELECT DISTINCT`, for which SQLite scans the whole item index instead of the
        // rowid range.
        let mut late = self
            .conn
            .prepare_cached("SELECT item FROM review_log WHERE id > ?1")
            .map_err(sql)?;
        let items: std::collections::BTreeSet<String> = late
            .query_map([last_id], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(sql)?;
        for item in items {
            let current = crate::deck::current_item(&item);
            match fold_item(&self.conn, scheduler, current).map_err(sql)? {
                Folded::State(state) => {
                    states.insert(current.to_owned(), state);
                }
                Folded::Nothing => {
                    states.remove(current);
                }
                Folded::BadRow => return Ok(None),
            }
        }
        Ok(Some(states))
    }

    /// Replaces the table with `states`, the fold of the whole log by `scheduler` as it was
    /// when `mark` was taken, and stamps it; does nothing when the log has changed since
    /// (another kubedrill answered or undid meanwhile: the next start folds again). Returns
    /// whether it was saved.
    pub fn save_card_states(
        &mut self,
        scheduler: &Scheduler,
        states: &HashMap<String, CardState>,
        mark: LogMark,
    ) -> Result<bool, StoreError> {
        let settings = fingerprint(scheduler);
        self.write(|conn| {
            let tx = conn.transaction()?;
            let (count, last_id): (i64, i64) = tx.query_row(
                "SELECT count(*), ifnull(max(id), 0) FROM review_log",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if count != mark.count as i64 || last_id != mark.last_id {
                return Ok(false);
            }
            tx.execute("DELETE FROM card_state", [])?;
            {
                let mut insert = tx.prepare_cached(UPSERT)?;
                for (item, state) in states {
                    insert.execute(row(item, state))?;
                }
            }
            tx.execute(
                "INSERT INTO card_state_stamp (id, last_log_id, settings) VALUES (1, ?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET last_log_id = excluded.last_log_id, settings = excluded.settings",
                params![last_id, settings],
            )?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// The keeper to fold with inside a write's transaction.
    pub(super) fn keeper(&self) -> Option<Arc<Keeper>> {
        self.keeper.clone()
    }
}

/// After `item`'s answers or reset changed inside a transaction: folds it again and, when
/// `logged` is the id of an answer just added, moves the stamp to it (if every answer before
/// it was folded in already). Without a keeper, or under another fingerprint, drops the stamp.
pub(super) fn refold(
    tx: &Connection,
    keeper: Option<&Keeper>,
    item: &str,
    logged: Option<Logged>,
) -> rusqlite::Result<()> {
    let Some(keeper) = keeper else {
        return forget(tx);
    };
    let Some(last_id) = stamp(tx, &keeper.fingerprint)? else {
        return forget(tx);
    };
    let current = crate::deck::current_item(item);
    match fold_item(tx, &keeper.scheduler, current)? {
        Folded::State(state) => {
            tx.prepare_cached(UPSERT)?.execute(row(current, &state))?;
        }
        Folded::Nothing => {
            tx.execute("DELETE FROM card_state WHERE item = ?1", [current])?;
        }
        Folded::BadRow => return forget(tx),
    }
    if let Some(logged) = logged
        && last_id >= logged.last_before
    {
        tx.execute(
            "UPDATE card_state_stamp SET last_log_id = ?1 WHERE id = 1",
            [logged.id],
        )?;
    }
    Ok(())
}

/// An answer just added: its id, and the last id before it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Logged {
    pub id: i64,
    pub last_before: i64,
}

/// The last id in the log (0 when empty), read before an insert for `Logged`.
pub(super) fn last_id(tx: &Connection) -> rusqlite::Result<i64> {
    tx.query_row("SELECT ifnull(max(id), 0) FROM review_log", [], |r| {
        r.get(0)
    })
}

/// Drops the stamp: the table is folded again at the next start.
pub(super) fn forget(tx: &Connection) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM card_state_stamp", [])?;
    Ok(())
}

/// The stamp's last folded answer, if the table was folded under `settings`.
fn stamp(conn: &Connection, settings: &str) -> rusqlite::Result<Option<i64>> {
    let found: Option<(i64, String)> = conn
        .prepare_cached("SELECT last_log_id, settings FROM card_state_stamp WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(found.and_then(|(id, s)| (s == settings).then_some(id)))
}

const UPSERT: &str = "INSERT INTO card_state (item, phase, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, leech)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
     ON CONFLICT(item) DO UPDATE SET phase = excluded.phase, step = excluded.step,
       stability = excluded.stability, difficulty = excluded.difficulty, due_ms = excluded.due_ms,
       last_review_ms = excluded.last_review_ms, reps = excluded.reps, lapses = excluded.lapses,
       leech = excluded.leech";

type Row<'a> = (
    &'a str,
    i64,
    i64,
    Option<f64>,
    Option<f64>,
    i64,
    Option<i64>,
    i64,
    i64,
    bool,
);

fn row<'a>(item: &'a str, s: &CardState) -> Row<'a> {
    let (phase, step) = match s.phase {
        Phase::New => (0, 0),
        Phase::Learning { step } => (1, step),
        Phase::Review => (2, 0),
        Phase::Relearning { step } => (3, step),
    };
    (
        item,
        phase,
        step as i64,
        // f32 -> f64 -> f32 gives back the same number.
        s.memory.map(|m| f64::from(m.stability)),
        s.memory.map(|m| f64::from(m.difficulty)),
        s.due_ms,
        s.last_review_ms,
        i64::from(s.reps),
        i64::from(s.lapses),
        s.leech,
    )
}

/// One row back into a state; `None` when it does not decode.
fn decode(r: &rusqlite::Row) -> rusqlite::Result<Option<(String, CardState)>> {
    let item: String = r.get(0)?;
    let step = usize::try_from(r.get::<_, i64>(2)?).ok();
    let phase = match (r.get::<_, i64>(1)?, step) {
        (0, Some(_)) => Phase::New,
        (1, Some(step)) => Phase::Learning { step },
        (2, Some(_)) => Phase::Review,
        (3, Some(step)) => Phase::Relearning { step },
        _ => return Ok(None),
    };
    let memory = match (r.get::<_, Option<f64>>(3)?, r.get::<_, Option<f64>>(4)?) {
        (Some(s), Some(d)) => Some(MemoryState {
            stability: s as f32,
            difficulty: d as f32,
        }),
        (None, None) => None,
        _ => return Ok(None),
    };
    let (Ok(reps), Ok(lapses)) = (
        u32::try_from(r.get::<_, i64>(7)?),
        u32::try_from(r.get::<_, i64>(8)?),
    ) else {
        return Ok(None);
    };
    Ok(Some((
        item,
        CardState {
            phase,
            memory,
            due_ms: r.get(5)?,
            last_review_ms: r.get(6)?,
            reps,
            lapses,
            leech: r.get(9)?,
        },
    )))
}

/// What one item's answers fold to.
enum Folded {
    State(CardState),
    /// No answer counts (none logged, or all before its reset): the item has no state, as
    /// in a replay of the whole log.
    Nothing,
    /// A row the log's reader would refuse.
    BadRow,
}

/// Folds `item` (a current id) from its answers and those of the cards merged into it, in the
/// log's order, after its reset: the whole log's replay, for this one item.
fn fold_item(conn: &Connection, scheduler: &Scheduler, item: &str) -> rusqlite::Result<Folded> {
    let reset: Option<i64> = conn
        .prepare_cached("SELECT reset_at_ms FROM card_flags WHERE item = ?1")?
        .query_row([item], |r| r.get(0))
        .optional()?
        .flatten();
    let mut answers = Vec::new();
    for id in std::iter::once(item).chain(crate::deck::merged_into(item).iter().copied()) {
        let mut stmt = conn.prepare_cached(
            "SELECT id, at_ms, rating, duration_ms, mode, correct FROM review_log WHERE item = ?1",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let (Some(rating), Some(mode)) = (
                Rating::from_number(r.get(2)?),
                Mode::parse(r.get_ref(4)?.as_str().unwrap_or("")),
            ) else {
                return Ok(Folded::BadRow);
            };
            let row_id: i64 = r.get(0)?;
            answers.push((
                row_id,
                Answer {
                    item: item.to_owned(),
                    at_ms: r.get(1)?,
                    rating,
                    duration_ms: r.get(3)?,
                    mode,
                    correct: r.get(5)?,
                },
            ));
        }
    }
    // The log's order: time, then id (`Store::answers`).
    answers.sort_by_key(|(id, a)| (a.at_ms, *id));
    let answers: Vec<Answer> = answers.into_iter().map(|(_, a)| a).collect();
    let resets: HashMap<String, i64> = reset.map(|at| (item.to_owned(), at)).into_iter().collect();
    let mut states = HashMap::new();
    scheduler.replay_into_after_resets(&mut states, &answers, &resets);
    Ok(states.remove(item).map_or(Folded::Nothing, Folded::State))
}
