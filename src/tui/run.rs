//! The loop: draw, wait for a key (or the clock, for timed quizzes), update, perform effects.
//! The only part of the TUI that does I/O.

use super::action::{Action, Effect, Saved};
use super::app::App;
use crate::store::{AnswerId, Store, now_ms};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use std::collections::VecDeque;
use std::time::Duration;

/// Runs the app on the real terminal until it quits. `ratatui::init` installs a panic hook that
/// restores the terminal, and `restore` runs on every way out.
pub fn run(mut app: App, store: &mut Store) -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app, store);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    store: &mut Store,
) -> std::io::Result<()> {
    loop {
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        if app.quit {
            return Ok(());
        }
        // A quarter second keeps a quiz countdown current; otherwise only input wakes us.
        if event::poll(Duration::from_millis(250))? {
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => {
                    let effects = app.key(key, now_ms());
                    perform(app, store, effects);
                }
                // A resize just redraws at the new size on the next turn.
                _ => {}
            }
        } else {
            let effects = app.update(Action::Tick, now_ms());
            perform(app, store, effects);
        }
    }
}

/// Performs effects in order, handing each result back to the app (which may ask for more).
/// A failed write is reported to the app and shown in its status line; it never ends the run.
pub fn perform(app: &mut App, store: &mut Store, effects: Vec<Effect>) {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        let result = match effect {
            Effect::Quit => continue,
            Effect::Record { answer, flags } => store
                .record_with_flags(&answer, flags)
                .map(|id| Saved::Recorded(id.0)),
            Effect::Undo { id, restore } => store
                .undo_with_flags(
                    AnswerId(id),
                    restore.as_ref().map(|(i, f)| (i.as_str(), *f)),
                )
                .map(|_| Saved::Undone),
            Effect::SetFlags { item, flags } => {
                store.set_flags(&item, flags).map(|()| Saved::Flagged)
            }
            Effect::RecordDrill(result) => store.record_drill(&result).map(|_| Saved::DrillSaved),
            Effect::SaveLesson { lesson, progress } => store
                .save_lesson_progress(&lesson, progress, now_ms())
                .map(|()| Saved::LessonSaved),
        };
        let action = match result {
            Ok(saved) => Action::Saved(saved),
            Err(e) => Action::SaveFailed(format!("not saved: {e}")),
        };
        queue.extend(app.update(action, now_ms()));
    }
}
