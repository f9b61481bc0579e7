//! Opening the review log for a command, telling the user about anything that happened to it.

use super::style::inert;
use crate::store::{OpenNotice, Store, data_dir};
use anyhow::Result;
use std::path::Path;

pub fn open_store(explicit: Option<&Path>) -> Result<Store> {
    let dir = data_dir(explicit)?;
    let (store, notice) = Store::open(&dir)?;
    warn_moved_aside(&dir, &notice);
    Ok(store)
}

/// Tells the user where a damaged database went, if opening moved one aside.
pub fn warn_moved_aside(dir: &Path, notice: &OpenNotice) {
    if let Some(aside) = &notice.moved_aside {
        eprintln!(
            "kubedrill: warning: the review database in {} was damaged; it was moved to {} and a fresh one was started",
            inert(&dir.display().to_string()),
            inert(&aside.display().to_string())
        );
    }
}
