//! Loading a `Study` from the data folder and the deck folders.

use super::data::warn_moved_aside;
use super::library::load_all;
use crate::srs::{Answer, CardState, Scheduler, SchedulerConfig};
use crate::store::{DrillResult, Flags, LessonProgress, Store, data_dir, load_settings};
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
}

/// Answers handed from the reading thread to the replaying one at a time: big enough to keep
/// the channel quiet, small enough that replay starts almost at once.
const BATCH: usize = 4096;

/// Reads the store and replays the log. Replay (FSRS for every answer) runs on a second thread
/// while this one is still reading rows, since reading and replaying a year of history are
/// the two largest parts of start-up.
fn read(store: &Store, settings: &SchedulerConfig) -> Result<Stored> {
    let config = SchedulerConfig {
        parameters: store.parameters()?.unwrap_or_default(),
        ..settings.clone()
    };
    let scheduler = Scheduler::new(config).context("the scheduling settings")?;
    let (batches, received) = std::sync::mpsc::sync_channel::<Vec<Answer>>(8);
    let replayer = std::thread::spawn(move || {
        let mut states = HashMap::new();
        let mut answers = Vec::new();
        for batch in received {
            scheduler.replay_into(&mut states, &batch);
            answers.extend(batch);
        }
        (scheduler, states, answers)
    });
    let read = store.answers_in_batches(BATCH, |batch| {
        batches
            .send(batch.into_iter().map(|(_, a)| a).collect())
            .is_ok()
    });
    drop(batches);
    let (scheduler, states, answers) = replayer
        .join()
        .map_err(|_| anyhow::anyhow!("replaying the review log failed"))?;
    read?;
    Ok(Stored {
        scheduler,
        answers,
        states,
        flags: store.flags()?,
        lessons: store.lesson_progress()?,
        drills: store.drill_results()?,
    })
}

impl Study {
    pub fn load(data: Option<&Path>, deck_dirs: &[PathBuf]) -> Result<Study> {
        Ok(Study::load_with_store(data, deck_dirs)?.0)
    }

    /// Loads everything and keeps the store open for the answers to come. Start-up time is the
    /// app's first frame, so the work is spread over two threads: the decks are parsed and the
    /// database's integrity check runs while this thread reads the log.
    pub fn load_with_store(data: Option<&Path>, deck_dirs: &[PathBuf]) -> Result<(Study, Store)> {
        let dirs = deck_dirs.to_vec();
        let decks = std::thread::spawn(move || load_all(&dirs));
        let dir = data_dir(data)?;
        let (store, notice, check) = Store::open_checking_in_background(&dir)?;
        warn_moved_aside(&dir, &notice);
        let settings = load_settings(&dir)?;
        let stored = read(&store, &settings);
        let (store, notice) = store.verified(check)?;
        warn_moved_aside(&dir, &notice);
        // A damaged database was replaced: what was read from it does not count.
        let stored = if notice.moved_aside.is_some() {
            read(&store, &settings)?
        } else {
            stored?
        };
        // The thread only parses text; should it ever panic, the decks are parsed again here.
        let library = decks.join().unwrap_or_else(|_| load_all(deck_dirs));
        Ok((
            Study {
                library,
                scheduler: stored.scheduler,
                answers: stored.answers,
                states: stored.states,
                flags: stored.flags,
                lessons: stored.lessons,
                drills: stored.drills,
            },
            store,
        ))
    }
}
