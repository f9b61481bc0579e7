//! Building an app on the shipped decks with a fixed clock and seed, pressing keys, drawing on
//! a `TestBackend`, and performing effects against a real store in a temp folder.

#![allow(dead_code)]

use kubedrill::deck::load_shipped;
use kubedrill::placement::FeatureGates;
use kubedrill::srs::{Answer, Scheduler};
use kubedrill::store::Store;
use kubedrill::study::Study;
use kubedrill::tui::app::{App, Context};
use kubedrill::tui::{Effect, Start, Theme, perform};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashMap;

/// 2026-11-23T12:00:00Z.
pub const NOW: i64 = 1_795_435_200_000;
pub const SEED: u64 = 7;

pub fn study(answers: Vec<Answer>) -> Study {
    let (library, warnings) = load_shipped();
    assert!(warnings.is_empty(), "{warnings:?}");
    let scheduler = Scheduler::default();
    let states = scheduler.replay(&answers);
    Study {
        library,
        scheduler,
        answers,
        states,
        flags: HashMap::new(),
        lessons: HashMap::new(),
        drills: Vec::new(),
        last_sync: None,
        log_tail: None,
    }
}

pub fn app_with(study: Study, start: Start) -> App {
    let ctx = Context {
        study,
        theme: Theme { color: false },
        gates: FeatureGates::default(),
        seed: SEED,
        now_ms: NOW,
        notices: Vec::new(),
    };
    App::new(ctx, start).expect("the screen opens")
}

pub fn app(start: Start) -> App {
    app_with(study(Vec::new()), start)
}

/// The screen as text, as a terminal of this size shows it.
pub fn draw(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    terminal.backend().to_string()
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses keys (a `char` each, or named keys via `press_code`), returning every effect.
pub fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for c in keys.chars() {
        out.extend(app.key(key(KeyCode::Char(c)), NOW));
    }
    out
}

pub fn press_code(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.key(key(code), NOW)
}

/// A store in a temp folder, kept alive with the folder.
pub struct TempStore {
    pub dir: tempfile::TempDir,
    pub store: Store,
}

pub fn temp_store() -> TempStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, _) = Store::open(dir.path()).expect("store opens");
    TempStore { dir, store }
}

/// Presses a key and performs its effects on the store, as the loop does.
pub fn press_saving(app: &mut App, store: &mut Store, code: KeyCode) {
    let effects = app.key(key(code), NOW);
    perform(app, store, effects);
}

/// Presses `e` and performs its effects, with an editor that saves `text` as the draft.
pub fn edit_saving(app: &mut App, store: &mut Store, text: &str) {
    let effects = app.key(key(KeyCode::Char('e')), NOW);
    kubedrill::tui::perform_with(app, store, effects, &mut |path| {
        std::fs::write(path, text).map_err(|e| e.to_string())
    });
}

/// Presses Ctrl and a key and performs its effects, as the loop does.
pub fn ctrl_saving(app: &mut App, store: &mut Store, c: char) {
    let effects = app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), NOW);
    perform(app, store, effects);
}

pub fn type_saving(app: &mut App, store: &mut Store, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            ' ' => KeyCode::Char(' '),
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        press_saving(app, store, code);
    }
}
