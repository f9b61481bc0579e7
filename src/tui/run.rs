//! The loop: draw, wait for a key (or the clock, for timed quizzes), update, perform effects;
//! between keys, watch the store (the background integrity check, another kubedrill's
//! answers) and the signals. The only part of the TUI that does I/O.

use super::action::{Action, Draft, Effect, Saved};
use super::app::App;
use crate::deck::{Library, LoadWarning};
use crate::store::{AnswerId, CheckState, Recovery, Store, now_ms};
use crate::study::Study;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use signal_hook::iterator::Signals;
use std::collections::VecDeque;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What the loop needs from the edge that loads studies (commands::study), passed in so the
/// TUI does not depend on the commands.
pub struct Hooks {
    /// Reads the study again from the store; returns the items with new answers.
    pub reload: fn(&mut Study, &Store) -> anyhow::Result<Vec<String>>,
    /// Reads the rest of the log into a study loaded with only its end (`Study::log_tail`).
    pub complete_log: fn(&mut Study, &Store) -> Result<(), crate::store::StoreError>,
    /// The banner's sentence for a recovered database.
    pub recovery_line: fn(&Recovery) -> String,
    /// Reads every deck again (after the learner edited one), with why any was left out.
    pub decks: Box<dyn Fn() -> (Library, Vec<LoadWarning>)>,
}

/// What performing effects needs of the world outside the app: the learner's editor and the
/// deck files. The loop's runs the real editor; tests stand in for both.
pub trait Edge {
    /// Opens `path` in the learner's editor, at `line` when given, and waits for it.
    fn edit(&mut self, path: &Path, line: Option<usize>) -> Result<(), String>;
    /// Every deck read again, with why any was left out.
    fn load_decks(&mut self) -> Result<(Library, Vec<LoadWarning>), String>;
}

/// The edge of `perform_with`: drafts are edited by the closure; decks cannot be read again.
struct DraftsOnly<'a>(&'a mut dyn FnMut(&Path) -> Result<(), String>);

impl Edge for DraftsOnly<'_> {
    fn edit(&mut self, path: &Path, _line: Option<usize>) -> Result<(), String> {
        (self.0)(path)
    }
    fn load_decks(&mut self) -> Result<(Library, Vec<LoadWarning>), String> {
        Err("the decks cannot be read again here".to_owned())
    }
}

/// The real loop's edge: the editor gets the whole terminal.
struct Terminal<'a> {
    terminal: &'a mut DefaultTerminal,
    editing: &'a AtomicBool,
    hooks: &'a Hooks,
}

impl Edge for Terminal<'_> {
    fn edit(&mut self, path: &Path, line: Option<usize>) -> Result<(), String> {
        edit_in_editor(self.terminal, path, line, self.editing)
    }
    fn load_decks(&mut self) -> Result<(Library, Vec<LoadWarning>), String> {
        Ok((self.hooks.decks)())
    }
}

/// How the app ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal ended it (its number): the terminal was restored first.
    Signal(i32),
}

/// The signals that end the app, each restoring the terminal first: a `kill`, a closed
/// terminal, and Ctrl-C or Ctrl-\ sent from outside (in raw mode the keys themselves are keys).
const SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// How often the store is asked whether another kubedrill wrote to it.
const WATCH: Duration = Duration::from_millis(250);

/// How long a signal waits for the loop to end by itself before the app is ended for it.
const GRACE: Duration = Duration::from_millis(750);

/// Runs the app on the real terminal until it quits or a signal ends it. `ratatui::init`
/// installs a panic hook that restores the terminal; every other way out restores it here.
///
/// A signal is taken by a thread of its own: it tells the loop, which ends at its next turn
/// (a quarter second at most). When the terminal was closed the loop may never get there:
/// crossterm then spins reading a tty that is gone (its read loop never sees EOF), so after a
/// short grace the thread restores what it can and exits itself. Every answer already shown
/// as saved was committed, so nothing is lost either way (the same as kill -9).
pub fn run(mut app: App, store: &mut Store, hooks: &Hooks) -> std::io::Result<Exit> {
    let caught = Arc::new(AtomicUsize::new(0));
    let ended = Arc::new(AtomicBool::new(false));
    let mut signals = Signals::new(SIGNALS)?;
    let closer = signals.handle();
    let editing = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (caught, ended, editing) = (
            Arc::clone(&caught),
            Arc::clone(&ended),
            Arc::clone(&editing),
        );
        std::thread::spawn(move || {
            for signal in signals.forever() {
                // While the editor runs, Ctrl-C and Ctrl-\ reach kubedrill too (the editor is
                // in its process group): they are the editor's keys, as they are under git.
                let key = [signal_hook::consts::SIGINT, signal_hook::consts::SIGQUIT];
                if editing.load(Ordering::SeqCst) && key.contains(&signal) {
                    continue;
                }
                caught.store(signal as usize, Ordering::SeqCst);
                let since = Instant::now();
                while since.elapsed() < GRACE {
                    if ended.load(Ordering::SeqCst) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                restore();
                std::process::exit(128 + signal);
            }
        })
    };
    let mut terminal = ratatui::init();
    capture_mouse();
    let result = event_loop(&mut terminal, &mut app, store, hooks, &caught, &editing);
    ended.store(true, Ordering::SeqCst);
    restore();
    closer.close();
    let _ = watcher.join();
    match caught.load(Ordering::SeqCst) {
        0 => result.map(|()| Exit::Quit),
        signal => Ok(Exit::Signal(signal as i32)),
    }
}

/// The mouse wheel scrolls the panes. A terminal left reporting the mouse would print escape
/// codes at every move, so every way out turns it off: `restore`, and a panic hook run before
/// ratatui's own (which restores the rest).
fn capture_mouse() {
    let _ = ratatui::crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        ratatui_hook(info);
    }));
}

/// The terminal as it was. A closed terminal cannot be written to: restoring it then fails,
/// and that is fine.
fn restore() {
    let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    let _ = ratatui::try_restore();
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    store: &mut Store,
    hooks: &Hooks,
    caught: &AtomicUsize,
    editing: &AtomicBool,
) -> std::io::Result<()> {
    let mut watched = Instant::now();
    let mut first_frame = true;
    loop {
        if caught.load(Ordering::SeqCst) != 0 {
            return Ok(());
        }
        let size = terminal.size()?;
        app.size = (size.width, size.height);
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        if app.quit {
            return Ok(());
        }
        // The first frame is on the screen: now the integrity check may have the cores, and
        // the rest of the log is read (it was drawn from the kept memory states and the log's
        // end), before any key is taken.
        store.start_check();
        if std::mem::take(&mut first_frame) {
            complete_log(app, store, hooks);
        }
        // Debug builds only: lets the end-to-end test see that a panic restores the terminal
        // (ratatui's panic hook), since no input of the real app should ever panic it.
        #[cfg(debug_assertions)]
        if std::env::var_os("KUBEDRILL_TEST_PANIC_AFTER_FIRST_FRAME").is_some() {
            panic!("KUBEDRILL_TEST_PANIC_AFTER_FIRST_FRAME is set");
        }
        // A quarter second keeps a quiz countdown current and a signal noticed; otherwise only
        // input wakes us.
        if event::poll(Duration::from_millis(250))? {
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => {
                    let effects = app.key(key, now_ms());
                    let mut edge = Terminal {
                        terminal,
                        editing,
                        hooks,
                    };
                    perform_on(app, store, effects, &mut edge);
                }
                Event::Resize(width, height) => app.size = (width, height),
                // The wheel only; clicks and moves do nothing (and the terminal too small for
                // the screens takes no input but q).
                Event::Mouse(mouse) if !app.too_small() => {
                    let down = match mouse.kind {
                        MouseEventKind::ScrollDown => Some(true),
                        MouseEventKind::ScrollUp => Some(false),
                        _ => None,
                    };
                    if let Some(down) = down {
                        let effects = app.update(Action::Wheel(down), now_ms());
                        perform(app, store, effects);
                    }
                }
                _ => {}
            }
        } else {
            let effects = app.update(Action::Tick, now_ms());
            perform(app, store, effects);
        }
        if watched.elapsed() >= WATCH {
            watched = Instant::now();
            watch(app, store, hooks);
        }
    }
}

/// The learner's editor on a draft, as git runs it: `$VISUAL`, else `$EDITOR`, else `vi`, through
/// `sh -c` so an editor with arguments (`code --wait`) works. The terminal is handed over whole
/// (main screen, cooked mode, no mouse reports) and taken back after, as lazygit does.
///
/// With a line, the editor is given `+LINE` before the file, as vi, vim, nano, emacs and
/// kakoune take it.
fn edit_in_editor(
    terminal: &mut DefaultTerminal,
    path: &Path,
    line: Option<usize>,
    editing: &AtomicBool,
) -> Result<(), String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().trim().to_owned())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "vi".to_owned());
    editing.store(true, Ordering::SeqCst);
    restore();
    let status = Command::new("sh")
        .arg("-c")
        .arg(match line {
            Some(line) => format!("{editor} +{line} \"$1\""),
            None => format!("{editor} \"$1\""),
        })
        .arg(&editor)
        .arg(path)
        .status();
    let resumed = resume(terminal);
    editing.store(false, Ordering::SeqCst);
    resumed.map_err(|e| format!("cannot take the terminal back from {editor}: {e}"))?;
    match status {
        Ok(s) if s.success() => Ok(()),
        // sh's "command not found".
        Ok(s) if s.code() == Some(127) => Err(format!(
            "cannot run the editor `{editor}`: set $VISUAL or $EDITOR to one that is installed"
        )),
        Ok(s) if line.is_some() => Err(format!(
            "{editor} exited with {s}: {} is read again as it is now",
            path.display()
        )),
        Ok(s) => Err(format!(
            "{editor} exited with {s}: not checked (your draft is kept in {})",
            path.display()
        )),
        Err(e) => Err(format!("cannot run the editor `{editor}`: {e}")),
    }
}

/// The terminal as the app draws on it, after the editor.
fn resume(terminal: &mut DefaultTerminal) -> std::io::Result<()> {
    use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
    enable_raw_mode()?;
    ratatui::crossterm::execute!(std::io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    terminal.clear()
}

/// The whole log into a study drawn from its end. Damage found meanwhile is marked, for the
/// next watch to recover (and read everything again); another failure is said on Home.
fn complete_log(app: &mut App, store: &mut Store, hooks: &Hooks) {
    match (hooks.complete_log)(&mut app.ctx.study, store) {
        Ok(()) => {}
        Err(crate::store::StoreError::Corrupt { why, .. }) => store.mark_damaged(why),
        Err(e) => app.ctx.notices.push(format!(
            "only today's answers could be read for stats and the browser ({}); start kubedrill again to read the rest",
            e.short()
        )),
    }
}

/// Between keys: takes the background check's verdict (recovering a damaged database), and
/// takes in what another kubedrill answered.
fn watch(app: &mut App, store: &mut Store, hooks: &Hooks) {
    match store.check_state() {
        CheckState::Damaged(_) => return recover(app, store, hooks),
        CheckState::Failed(message) => {
            app.ctx.notices.push(format!(
                "the integrity check of your review log could not run ({message}); your answers are saved, and it runs again at the next start"
            ));
        }
        _ => {}
    }
    if let Ok(true) = store.changed_elsewhere()
        && let Ok(items) = (hooks.reload)(&mut app.ctx.study, store)
        && !items.is_empty()
    {
        let effects = app.update(Action::StudyChanged(items), now_ms());
        perform(app, store, effects);
    }
}

/// Damage was found after the first frame: nothing more was written to the damaged file. It is
/// moved aside with everything answered meanwhile (in its WAL), salvaged into a fresh one, the
/// writes that failed are made again there, and the app goes Home with the fresh study.
fn recover(app: &mut App, store: &mut Store, hooks: &Hooks) {
    let recovery = match store.recover() {
        Ok(recovery) => recovery,
        Err(e) => {
            app.status = Some(format!(
                "the review log is damaged and could not be moved aside ({e}); nothing more is saved: quit and start kubedrill again"
            ));
            return;
        }
    };
    for effect in std::mem::take(&mut app.unsaved) {
        let _ = apply(store, &effect);
    }
    let line = (hooks.recovery_line)(&recovery);
    let _ = (hooks.reload)(&mut app.ctx.study, store);
    app.update(Action::Recovered(line), now_ms());
}

/// Performs effects in order, handing each result back to the app (which may ask for more).
/// A failed write is kept by the app for a retry and shown in its status line; it never ends
/// the run. A write that finds the database damaged marks it, and the next watch recovers it.
pub fn perform(app: &mut App, store: &mut Store, effects: Vec<Effect>) {
    perform_with(app, store, effects, &mut |_| {
        Err("no editor can be opened here".to_owned())
    });
}

/// `perform`, with the way a draft is edited: the real loop suspends the terminal and runs the
/// learner's editor; tests edit the file themselves.
pub fn perform_with(
    app: &mut App,
    store: &mut Store,
    effects: Vec<Effect>,
    edit: &mut dyn FnMut(&Path) -> Result<(), String>,
) {
    perform_on(app, store, effects, &mut DraftsOnly(edit));
}

/// `perform`, with the editor and the deck files of `edge`.
pub fn perform_on(app: &mut App, store: &mut Store, effects: Vec<Effect>, edge: &mut dyn Edge) {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        if let Effect::EditDeck { path, line } = &effect {
            let reloaded = edit_deck(app, edge, path, *line).map(|()| path.clone());
            let more = app.update(Action::DecksReloaded(reloaded), app.ctx.now_ms);
            queue.extend(more);
            continue;
        }
        if let Effect::EditManifest { draft, starter } = &effect {
            let edited = store
                .draft(draft, starter)
                .map_err(|e| e.short())
                .and_then(|path| {
                    edge.edit(&path, None)?;
                    let text = Store::read_draft(&path).map_err(|e| e.short())?;
                    Ok(Draft {
                        path: path.display().to_string(),
                        text,
                    })
                });
            let more = app.update(Action::Edited(edited), app.ctx.now_ms);
            queue.extend(more);
            continue;
        }
        let more = match apply(store, &effect) {
            None => continue,
            // A write's result belongs to the moment of the action that asked for it.
            Some(Ok(saved)) => app.update(Action::Saved(saved), app.ctx.now_ms),
            Some(Err(e)) => {
                let now = app.ctx.now_ms;
                app.save_failed(effect, format!("not saved: {}", e.short()), now)
            }
        };
        queue.extend(more);
    }
}

/// The learner's editor on a deck file at a card, then every deck read again into the study.
/// When the edited deck no longer loads, the study keeps it as it was (its cards stay in the
/// browser, and `e` opens it again) and the error comes back, file:line first.
fn edit_deck(app: &mut App, edge: &mut dyn Edge, path: &str, line: usize) -> Result<(), String> {
    let edited = edge.edit(Path::new(path), Some(line));
    let (library, warnings) = edge.load_decks()?;
    for w in &warnings {
        match w {
            LoadWarning::Broken { path: p, errors } if p == path => {
                let first = errors
                    .first()
                    .map_or_else(|| w.to_string(), |e| e.to_string());
                let more = match errors.len() {
                    0 | 1 => String::new(),
                    n => format!(" (+{} more)", n - 1),
                };
                // What to do first: a long error is cut at three rows.
                return Err(format!("not loaded, e edits it again: {first}{more}"));
            }
            LoadWarning::DuplicateId { path: p, .. } if p == path => {
                return Err(format!("not loaded, e edits it again: {w}"));
            }
            _ => {}
        }
    }
    app.ctx.study.library = library;
    // An editor that failed may still have saved: the decks were read as they are now.
    edited
}

/// Performs one write; `None` for an effect that writes nothing.
fn apply(store: &mut Store, effect: &Effect) -> Option<Result<Saved, crate::store::StoreError>> {
    Some(match effect {
        Effect::Quit | Effect::EditManifest { .. } | Effect::EditDeck { .. } => return None,
        Effect::Record { answer, flags } => store
            .record_with_flags(answer, *flags)
            .map(|id| Saved::Recorded(id.0)),
        Effect::Undo { id, restore } => store
            .undo_with_flags(
                AnswerId(*id),
                restore.as_ref().map(|(i, f)| (i.as_str(), *f)),
            )
            .map(|_| Saved::Undone),
        Effect::SetFlags { item, flags } => store.set_flags(item, *flags).map(|()| Saved::Flagged),
        Effect::Reset { item, at_ms } => store.reset(item, *at_ms).map(|()| Saved::Reset),
        Effect::RecordDrill(result) => store.record_drill(result).map(|_| Saved::DrillSaved),
        Effect::SaveLesson { lesson, progress } => store
            .save_lesson_progress(lesson, *progress, now_ms())
            .map(|()| Saved::LessonSaved),
    })
}
