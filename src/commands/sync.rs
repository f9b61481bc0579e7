//! `kubedrill sync DIR`: merge with the other machines' study through a shared folder.

use super::data::open_store;
use super::style::{inert, write_out};
use crate::store::{SyncReport, data_dir, machine_id, now_ms};
use anyhow::{Result, bail};
use std::path::Path;

pub fn run(folder: &Path, data: Option<&Path>) -> Result<()> {
    if !folder.is_dir() {
        bail!(
            "the sync folder {} does not exist; create it (or give your Syncthing or Dropbox folder)",
            inert(&folder.display().to_string())
        );
    }
    let machine = machine_id(&data_dir(data)?)?;
    let mut store = open_store(data)?;
    let report = store.sync(folder, &machine, now_ms())?;
    for skipped in &report.skipped {
        eprintln!(
            "kubedrill: warning: skipped {}: {}; it is read again at the next sync",
            inert(&skipped.file.display().to_string()),
            skipped.why
        );
    }
    if report.shared_id {
        eprintln!(
            "kubedrill: warning: another machine syncs under this machine's id ({machine}), so some answers cannot go out; was the data folder copied? delete {} on one of the two machines and sync again",
            inert(
                &data_dir(data)?
                    .join(crate::store::MACHINE_ID_FILE)
                    .display()
                    .to_string()
            )
        );
    }
    if let Some(aside) = &report.moved_aside {
        eprintln!(
            "kubedrill: warning: this machine's own file in the folder could not be read; it was kept as {} and written again from this machine's log",
            inert(&aside.display().to_string())
        );
    }
    write_out(|out| {
        writeln!(
            out,
            "synced with {}: {}",
            inert(&folder.display().to_string()),
            summary(&report)
        )?;
        for line in details(&report) {
            writeln!(out, "  {line}")?;
        }
        writeln!(
            out,
            "machines: this one ({}) and {} other{}",
            &machine[..8],
            report.machines,
            if report.machines == 1 { "" } else { "s" }
        )
    })
}

/// "12 answers in, 30 out", as Home says it too.
pub fn summary(report: &SyncReport) -> String {
    crate::tui::screens::home::sync_counts(report.answers_in, report.answers_out)
}

/// What else the sync changed, one line each; nothing when it did not.
fn details(r: &SyncReport) -> Vec<String> {
    let mut lines = Vec::new();
    let mut say = |n: u64, one: &str, many: &str| {
        if n > 0 {
            lines.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    say(
        r.undone_in,
        "answer undone on another machine, taken out here",
        "answers undone on another machine, taken out here",
    );
    say(
        r.restored,
        "answer of this machine's brought back from its file",
        "answers of this machine's brought back from its file",
    );
    say(
        r.flags_in,
        "item's suspension or reset from another machine",
        "items' suspensions or resets from another machine",
    );
    say(
        r.lessons_in,
        "lesson's progress from another machine",
        "lessons' progress from another machine",
    );
    say(
        r.drills_in,
        "drill result from another machine",
        "drill results from another machine",
    );
    lines
}
