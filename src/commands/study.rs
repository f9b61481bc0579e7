//! Loading a `Study` from the data folder and the deck folders.

use super::data::open_store;
use super::library::load_all;
use crate::srs::{Answer, Scheduler, SchedulerConfig};
use crate::store::{data_dir, load_settings};
pub use crate::study::Study;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

impl Study {
    pub fn load(data: Option<&Path>, deck_dirs: &[PathBuf]) -> Result<Study> {
        let library = load_all(deck_dirs);
        let store = open_store(data)?;
        let config = SchedulerConfig {
            parameters: store.parameters()?.unwrap_or_default(),
            ..load_settings(&data_dir(data)?)?
        };
        let scheduler = Scheduler::new(config).context("the scheduling settings")?;
        let answers: Vec<Answer> = store.answers()?.into_iter().map(|(_, a)| a).collect();
        let states = scheduler.replay(&answers);
        let flags = store.flags()?;
        let lessons = store.lesson_progress()?;
        let drills = store.drill_results()?;
        Ok(Study {
            library,
            scheduler,
            answers,
            states,
            flags,
            lessons,
            drills,
        })
    }
}
