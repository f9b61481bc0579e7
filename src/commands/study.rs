//! Loading a `Study` from the data folder and the deck folders.

use super::data::{notice_lines, recovery_line, warn};
use super::library::load_all;
use crate::srs::{Answer, CardState, Scheduler, SchedulerConfig};
use crate::store::{
    CheckState, DrillResult, Flags, LessonProgress, LogMark, OpenNotice, Store, StoreError,
    SyncRun, data_dir, load_settings,
};
use crate::study::LogTail;
pub use crate::study::Study;
use anyhow::{Context, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What is read from the store: everything but the decks.
struct Stored {
    /// Set up with the user's optimized parameters, if any.
    scheduler: Scheduler,
    answers: Vec<Answer>,
    states: HashMap<String, CardState>,
    flags: HashMap<String, Flags>,
    lessons: HashMap<String, LessonProgress>,
    drills: Vec<DrillResult>,
    last_sync: Option<SyncRun>,
    /// Set when `answers` is only the end of the log (`Extent::ForHome`).
    log_tail: Option<LogTail>,
    /// Set when the states were folded from the whole log (the kept ones were missing or
    /// stale): the log as it was folded, for saving them.
    folded: Option<LogMark>,
}

/// How much of the log a load reads.
#[derive(Debug, Clone, Copy)]
enum Extent {
    /// All of it (the commands, and the app after its first frame).
    Whole,
    /// The app's first frame: with kept memory states, only the end Home shows (today's
    /// answers and the streak, as of `now_ms`); the rest is read after the frame is drawn.
    ForHome { now_ms: i64 },
}

/// Answers handed from the reading thread to the replaying one at a time: big enough to keep
/// the channel quiet, small enough that replay starts almost at once.
const BATCH: usize = 4096;

/// A logged answer as it counts now: a card merged away counts for the card that kept its
/// fact.
fn current(mut a: Answer) -> Answer {
    let current = crate::deck::current_item(&a.item);
    if current != a.item {
        a.item = current.to_owned();
    }
    a
}

/// Reads the store. The memory states are the store's kept ones when they are current
/// (`Store::kept_card_states`); otherwise the whole log is replayed, on a second thread while
/// this one is still reading rows, since reading and replaying a year of history are the two
/// largest parts of such a start.
fn read(store: &Store, settings: &SchedulerConfig, extent: Extent) -> Result<Stored, ReadError> {
    let config = SchedulerConfig {
        parameters: store.parameters()?.unwrap_or_default(),
        ..settings.clone()
    };
    let scheduler = Scheduler::new(config)
        .context("the scheduling settings")
        .map_err(ReadError::Other)?;
    let rest = |scheduler, answers, states, log_tail, folded| -> Result<Stored, ReadError> {
        Ok(Stored {
            scheduler,
            answers,
            states,
            flags: store.flags()?,
            lessons: store.lesson_progress()?,
            drills: store.drill_results()?,
            last_sync: store.last_sync()?,
            log_tail,
            folded,
        })
    };
    if let Some(states) = store.kept_card_states(&scheduler)? {
        let (answers, tail) = match extent {
            Extent::Whole => (whole_log(store)?, None),
            Extent::ForHome { now_ms } => {
                let (answers, tail) = log_tail(store, now_ms)?;
                (answers, Some(tail))
            }
        };
        return rest(scheduler, answers, states, tail, None);
    }
    // Items reset to new, by the id they have now (a reset names the current card).
    let resets = store.resets()?;
    let (batches, received) = std::sync::mpsc::sync_channel::<Vec<Answer>>(8);
    let replayer = std::thread::spawn(move || {
        let mut states = HashMap::new();
        let mut answers = Vec::new();
        for batch in received {
            scheduler.replay_into_after_resets(&mut states, &batch, &resets);
            answers.extend(batch);
        }
        (scheduler, states, answers)
    });
    let mut mark = LogMark::default();
    let read = store.answers_in_batches(BATCH, |batch| {
        batches
            .send(
                batch
                    .into_iter()
                    .map(|(id, a)| {
                        mark.read(id);
                        current(a)
                    })
                    .collect(),
            )
            .is_ok()
    });
    drop(batches);
    let (scheduler, states, answers) = replayer
        .join()
        .map_err(|_| ReadError::Other(anyhow::anyhow!("replaying the review log failed")))?;
    read?;
    rest(scheduler, answers, states, None, Some(mark))
}

/// The whole log as it counts now, without replaying it.
fn whole_log(store: &Store) -> Result<Vec<Answer>, StoreError> {
    Ok(store
        .answers()?
        .into_iter()
        .map(|(_, a)| current(a))
        .collect())
}

/// The end of the log Home reads, as of `now_ms`: the answers since the start of yesterday,
/// and the streaks ending today and yesterday, counted by the store.
fn log_tail(store: &Store, now_ms: i64) -> Result<(Vec<Answer>, LogTail), StoreError> {
    let today = crate::stats::day_of(now_ms);
    let since_ms = (today - 1).saturating_mul(crate::srs::DAY_MS);
    let answers: Vec<Answer> = store
        .answers_since(since_ms)?
        .into_iter()
        .map(|(_, a)| current(a))
        .collect();
    let streak_to_today = store.answered_days_back(today)?;
    let streak_to_yesterday = match streak_to_today {
        0 => store.answered_days_back(today - 1)?,
        n => n - 1,
    };
    let tail = LogTail {
        today,
        since_ms,
        streak_to_today,
        streak_to_yesterday,
    };
    Ok((answers, tail))
}

impl Study {
    /// Reads the rest of the log into a study loaded for the app's first frame (`log_tail`);
    /// a study that has the whole log is left as it is.
    pub fn complete_log(&mut self, store: &Store) -> Result<(), StoreError> {
        if self.log_tail.is_some() {
            self.answers = whole_log(store)?;
            self.log_tail = None;
        }
        Ok(())
    }
}

/// Reading failed: in the store (maybe damage), or elsewhere.
enum ReadError {
    Store(StoreError),
    Other(anyhow::Error),
}

impl From<StoreError> for ReadError {
    fn from(e: StoreError) -> Self {
        ReadError::Store(e)
    }
}

impl From<ReadError> for anyhow::Error {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Store(e) => e.into(),
            ReadError::Other(e) => e,
        }
    }
}

/// Reads the store; a read that finds damage moves the database aside, salvages it and reads
/// the fresh one (the recovery's sentence is added to `notices`).
fn read_or_recover(
    store: &mut Store,
    settings: &SchedulerConfig,
    extent: Extent,
    notices: &mut Vec<String>,
) -> Result<Stored> {
    let stored = match read(store, settings, extent) {
        Err(ReadError::Store(StoreError::Corrupt { why, .. })) => {
            store.mark_damaged(why);
            notices.push(recovery_line(&store.recover()?));
            read(store, settings, extent)?
        }
        other => other?,
    };
    keep_states(store, &stored);
    Ok(stored)
}

/// From now on the store keeps the memory states current with every write; states just folded
/// from the whole log are saved for the next start. Failing to save them loses nothing (the
/// next start folds the log again), so it is not reported; a save that finds damage marks it,
/// as any write does.
fn keep_states(store: &mut Store, stored: &Stored) {
    store.keep_card_states(&stored.scheduler);
    if let Some(mark) = stored.folded {
        let _ = store.save_card_states(&stored.scheduler, &stored.states, mark);
    }
}

/// The study and its open store, for the app, with what the user must be told.
pub struct ForApp {
    pub study: Study,
    pub store: Store,
    /// Sentences for Home's banner: a recovered database, a config problem.
    pub notices: Vec<String>,
}

impl Study {
    /// For the commands that print: the full integrity check runs while the log is read, and
    /// its verdict is waited for before anything is printed (a damaged database is then moved
    /// aside, salvaged and read again); anything done is said on stderr. A config problem is
    /// an error.
    pub fn load(data: Option<&Path>, deck_dirs: &[PathBuf]) -> Result<Study> {
        let dirs = deck_dirs.to_vec();
        let decks = std::thread::spawn(move || load_all(&dirs));
        let dir = data_dir(data)?;
        let (mut store, notice) = Store::open_checking_in_background(&dir)?;
        warn(&notice);
        let settings = load_settings(&dir)?;
        let mut notices = Vec::new();
        let mut stored = read_or_recover(&mut store, &settings, Extent::Whole, &mut notices);
        match store.wait_for_check() {
            CheckState::Damaged(_) => {
                notices.push(recovery_line(&store.recover()?));
                let again = read(&store, &settings, Extent::Whole)?;
                keep_states(&mut store, &again);
                stored = Ok(again);
            }
            CheckState::Failed(message) => anyhow::bail!(message),
            CheckState::Running | CheckState::Sound => {}
        }
        let stored = stored?;
        for line in notices {
            eprintln!("kubedrill: warning: {line}");
        }
        let library = decks.join().unwrap_or_else(|_| load_all(deck_dirs));
        Ok(Study::assemble(library, stored))
    }

    /// For the app: its first frame must not wait for the integrity check, nor share the cores
    /// with it, so the check starts once the first frame is drawn (the loop starts and polls
    /// it); the decks are parsed on a second thread while the log is read. A config problem does not stop the app: the defaults are
    /// used and Home says why.
    pub fn load_for_app(data: Option<&Path>, deck_dirs: &[PathBuf]) -> Result<ForApp> {
        let dirs = deck_dirs.to_vec();
        let decks = std::thread::spawn(move || load_all(&dirs));
        let dir = data_dir(data)?;
        let (mut store, notice, refused) = match Store::open_checking_later(&dir) {
            Ok((store, notice)) => (store, notice, None),
            // The app still opens, to say so where the user looks, with an empty history and
            // nothing saved; the database is left as it is.
            Err(StoreError::NewerSchema {
                path,
                found,
                supported,
            }) => {
                // The consequence first: a banner may be cut on a small terminal.
                let why = format!(
                    "nothing you answer in this session is saved: {} is from a newer kubedrill (schema v{found}; this one reads up to v{supported}) and was left untouched; use a newer kubedrill",
                    path.display()
                );
                let store = Store::refusing(
                    &path,
                    format!("{} is from a newer kubedrill", crate::store::DB_FILE),
                )?;
                (store, OpenNotice::default(), Some(why))
            }
            Err(e) => return Err(e.into()),
        };
        let mut notices = notice_lines(&notice);
        notices.extend(refused);
        let settings = load_settings(&dir).unwrap_or_else(|e| {
            notices.push(format!(
                "the default settings are used until config.toml is fixed: {e}"
            ));
            SchedulerConfig::default()
        });
        let extent = Extent::ForHome {
            now_ms: crate::store::now_ms(),
        };
        let stored = read_or_recover(&mut store, &settings, extent, &mut notices)?;
        // The thread only parses text; should it ever panic, the decks are parsed again here.
        let library = decks.join().unwrap_or_else(|_| load_all(deck_dirs));
        Ok(ForApp {
            study: Study::assemble(library, stored),
            store,
            notices,
        })
    }

    fn assemble(library: crate::deck::Library, stored: Stored) -> Study {
        Study {
            library,
            scheduler: stored.scheduler,
            answers: stored.answers,
            states: stored.states,
            flags: stored.flags,
            lessons: stored.lessons,
            drills: stored.drills,
            last_sync: stored.last_sync,
            log_tail: stored.log_tail,
        }
    }
}

/// Reads the study's log, flags, lessons and drills again from the store (another kubedrill
/// answered, or the database was recovered), with the scheduler settings it has. Returns the
/// items that have answers now that they did not have before.
pub fn reload(study: &mut Study, store: &Store) -> Result<Vec<String>> {
    let settings = SchedulerConfig {
        parameters: Vec::new(),
        ..study.scheduler.config().clone()
    };
    let stored = read(store, &settings, Extent::Whole)?;
    let mut before: HashMap<&str, usize> = HashMap::new();
    for a in &study.answers {
        *before.entry(a.item.as_str()).or_default() += 1;
    }
    let mut after: HashMap<&str, usize> = HashMap::new();
    for a in &stored.answers {
        *after.entry(a.item.as_str()).or_default() += 1;
    }
    let mut changed: Vec<String> = after
        .iter()
        .filter(|(item, n)| before.get(*item).is_none_or(|b| b < *n))
        .map(|(item, _)| (*item).to_owned())
        .collect();
    changed.sort();
    study.scheduler = stored.scheduler;
    study.answers = stored.answers;
    study.states = stored.states;
    study.flags = stored.flags;
    study.lessons = stored.lessons;
    study.drills = stored.drills;
    study.last_sync = stored.last_sync;
    study.log_tail = None;
    Ok(changed)
}
