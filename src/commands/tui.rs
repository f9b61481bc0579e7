//! Opening the terminal app: load the study data, open the store for writing, pick the session
//! seed (randomness lives at the edge), and run the loop.

use super::study::{Study, reload};
use super::{Interrupted, UsageError};
use crate::placement::FeatureGates;
use crate::store::now_ms;
use crate::tui::app::{App, Context};
use crate::tui::{Exit, Hooks, Start, Theme};
use anyhow::{Result, bail};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Is there a terminal to draw on (stdin to read keys from, stdout to draw)?
pub fn has_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// A random seed for a session's quizzes and drills. Six digits: it is shown so a drill can be
/// replayed, and a short number is easy to type back.
pub fn session_seed() -> u64 {
    rand::random_range(0..1_000_000)
}

/// `color` is `style::color_wanted`: the app only runs on a terminal, so it comes down to
/// `--no-color` and `NO_COLOR`.
pub fn run(start: Start, data: Option<&Path>, deck_dirs: &[PathBuf], color: bool) -> Result<()> {
    if !has_terminal() {
        bail!(UsageError(
            "the study screens need a terminal (stdin and stdout); `kubedrill --help` lists the commands that print instead".into()
        ));
    }
    let loaded = Study::load_for_app(data, deck_dirs)?;
    let mut store = loaded.store;
    let ctx = Context {
        study: loaded.study,
        theme: Theme { color },
        gates: FeatureGates::default(),
        seed: session_seed(),
        now_ms: now_ms(),
        notices: loaded.notices,
    };
    let app = App::new(ctx, start).map_err(UsageError)?;
    let dirs = deck_dirs.to_vec();
    let hooks = Hooks {
        reload,
        complete_log: Study::complete_log,
        recovery_line: super::data::recovery_line,
        decks: Box::new(move || super::library::load_all_quietly(&dirs)),
    };
    match crate::tui::run(app, &mut store, &hooks)? {
        Exit::Quit => Ok(()),
        Exit::Signal(signal) => Err(Interrupted(signal).into()),
    }
}
