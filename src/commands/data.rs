//! Opening the review log for a command, telling the user about anything that happened to it.

use super::style::inert;
use crate::store::{OpenNotice, Recovery, Rescued, Store, data_dir};
use anyhow::Result;
use std::path::Path;

/// Opens the store after the full integrity check (the commands that print).
pub fn open_store(explicit: Option<&Path>) -> Result<Store> {
    let dir = data_dir(explicit)?;
    let (store, notice) = Store::open(&dir)?;
    warn(&notice);
    Ok(store)
}

/// Tells the user (on stderr) what opening had to do.
pub fn warn(notice: &OpenNotice) {
    for line in notice_lines(notice) {
        eprintln!("kubedrill: warning: {line}");
    }
}

/// What opening had to do, in sentences: the commands print them, Home shows them as a banner.
pub fn notice_lines(notice: &OpenNotice) -> Vec<String> {
    let mut lines: Vec<String> = notice.recovered.iter().map(recovery_line).collect();
    for orphan in &notice.orphans {
        lines.push(format!(
            "a journal file with no database beside it was moved to {}",
            inert(&orphan.display().to_string())
        ));
    }
    lines
}

/// "your review log was damaged (...): moved to ...; 612 of 640 answers recovered".
pub fn recovery_line(r: &Recovery) -> String {
    let s = &r.salvage;
    // "612 of 640 answers": of how many the damaged file still showed, when some were lost.
    let count = |(one, many): (&str, &str), n: Rescued| {
        let what = if n.known == 1 { one } else { many };
        if n.known > n.copied {
            format!("{} of {} {what}", n.copied, n.known)
        } else {
            format!("{} {what}", n.copied)
        }
    };
    let mut recovered = vec![count(("answer", "answers"), s.answers)];
    for (what, n) in [
        (("drill result", "drill results"), s.drills),
        (
            ("suspended or leech item", "suspended or leech items"),
            s.flags,
        ),
        (("lesson bookmark", "lesson bookmarks"), s.lessons),
    ] {
        if n.known > 0 {
            recovered.push(count(what, n));
        }
    }
    let failed = s
        .failed
        .as_ref()
        .map(|f| format!(" (reading it failed: {})", inert(f)))
        .unwrap_or_default();
    // What the user most needs first: what is left; then where the rest went; SQLite's
    // words last.
    format!(
        "your review log was damaged: {} recovered into a fresh one{failed}. The damaged file was moved, untouched, to {} (SQLite: {})",
        recovered.join(", "),
        inert(&r.aside.display().to_string()),
        inert(&r.why)
    )
}
