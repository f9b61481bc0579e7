//! Opening the review log for a command, telling the user about anything that happened to it.

use super::style::inert;
use crate::store::{Store, data_dir};
use anyhow::Result;
use std::path::Path;

pub fn open_store(explicit: Option<&Path>) -> Result<Store> {
    let dir = data_dir(explicit)?;
    let (store, notice) = Store::open(&dir)?;
    if let Some(aside) = notice.moved_aside {
        eprintln!(
            "kubedrill: warning: the review database in {} was damaged; it was moved to {} and a fresh one was started",
            inert(&dir.display().to_string()),
            inert(&aside.display().to_string())
        );
    }
    Ok(store)
}
