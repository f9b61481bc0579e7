//! The app's state and `update`: actions in, effects out, no I/O.

use super::action::{Action, Effect};
use super::keymap::{self, Binding};
use super::node_details::{self, NodeDetails};
use super::screens::{
    browse::BrowseScreen, compare::CompareScreen, drill::DrillOptions, drill::DrillScreen,
    home::HomeScreen, learn::LearnScreen, quiz::QuizOptions, quiz::QuizScreen,
    review::ReviewOptions, review::ReviewScreen, stats::StatsScreen,
};
use super::scroll::Scroll;
use super::theme::Theme;
use crate::placement::FeatureGates;
use crate::study::Study;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything screens share: the study data (kept in step with the store as answers are
/// recorded), display settings, the session's seed and the time of the latest action.
pub struct Context {
    pub study: Study,
    pub theme: Theme,
    pub gates: FeatureGates,
    /// Randomness comes from the edge: the loop picks this seed once per run.
    pub seed: u64,
    pub now_ms: i64,
    /// Sentences Home shows at the top until dismissed: a recovered database, a config problem.
    pub notices: Vec<String>,
}

/// Which screen the app starts on (the command line decides).
#[derive(Debug, Clone)]
pub enum Start {
    Home,
    Review(ReviewOptions),
    Quiz(QuizOptions),
    Learn(Option<String>),
    Compare(Option<String>),
    Stats,
    Drill(DrillOptions),
    /// The card browser, with a query applied.
    Browse(String),
}

pub enum Screen {
    Home(HomeScreen),
    Review(ReviewScreen),
    Quiz(QuizScreen),
    Learn(LearnScreen),
    Compare(CompareScreen),
    Stats(StatsScreen),
    /// Boxed: a drill carries its cluster, several times the size of the other screens.
    Drill(Box<DrillScreen>),
    Browse(BrowseScreen),
}

/// What a screen's update asks of the app, besides effects.
#[derive(Debug, Default)]
pub struct Reply {
    pub effects: Vec<Effect>,
    pub leave: bool,
    pub status: Option<String>,
    /// Open another screen (Home opens the others).
    pub open: Option<Start>,
    /// Show a node in full over the screen.
    pub details: Option<NodeDetails>,
}

impl Reply {
    pub fn none() -> Reply {
        Reply::default()
    }
    pub fn effect(effect: Effect) -> Reply {
        Reply {
            effects: vec![effect],
            ..Reply::default()
        }
    }
    pub fn leave() -> Reply {
        Reply {
            leave: true,
            ..Reply::default()
        }
    }
    pub fn details(details: NodeDetails) -> Reply {
        Reply {
            details: Some(details),
            ..Reply::default()
        }
    }
    pub fn status(message: impl Into<String>) -> Reply {
        Reply {
            status: Some(message.into()),
            ..Reply::default()
        }
    }
}

pub struct App {
    pub ctx: Context,
    pub screen: Screen,
    /// Leaving a screen returns Home when it was opened from Home; otherwise it quits.
    pub from_home: bool,
    pub help: bool,
    /// The help overlay scrolls: at 60x16 a screen's keys do not fit.
    pub help_scroll: Scroll,
    /// A node shown in full over the screen (`d` on a placement question).
    pub details: Option<NodeDetails>,
    pub status: Option<String>,
    pub quit: bool,
    /// The terminal's size at the last draw: below the minimum, only q and Ctrl-C act (the
    /// user cannot see what another key would do).
    pub size: (u16, u16),
    /// Writes that failed, in order, kept for `Action::RetrySave`.
    pub unsaved: Vec<Effect>,
}

impl App {
    pub fn new(ctx: Context, start: Start) -> Result<App, String> {
        let screen = App::screen_for(&ctx, start)?;
        Ok(App {
            ctx,
            screen,
            from_home: false,
            help: false,
            help_scroll: Scroll::default(),
            details: None,
            status: None,
            quit: false,
            size: (super::MIN_WIDTH, super::MIN_HEIGHT),
            unsaved: Vec::new(),
        })
    }

    /// The keymap tables in force: the help overlay's alone while it is open; the screen's,
    /// then the global ones (only Esc while the learner is typing).
    pub fn bindings(&self) -> Vec<&'static [Binding]> {
        if self.help {
            return vec![keymap::HELP, keymap::PAGING];
        }
        if self.details.is_some() {
            return vec![node_details::NODE_DETAILS, keymap::PAGING];
        }
        let mut tables = self.screen_bindings();
        if !self.unsaved.is_empty() {
            tables.insert(0, keymap::UNSAVED);
        }
        if matches!(self.screen, Screen::Home(_)) && !self.ctx.notices.is_empty() {
            tables.insert(0, keymap::BANNER);
        }
        tables
    }

    /// Is the terminal below the size the screens are laid out for?
    pub fn too_small(&self) -> bool {
        self.size.0 < super::MIN_WIDTH || self.size.1 < super::MIN_HEIGHT
    }

    /// The screen's own tables and the global ones, as the help overlay lists them.
    pub fn screen_bindings(&self) -> Vec<&'static [Binding]> {
        let (mut tables, typing) = match &self.screen {
            Screen::Home(s) => (s.bindings(), false),
            Screen::Review(s) => (s.bindings(), s.is_typing()),
            Screen::Quiz(s) => (s.bindings(), s.is_typing()),
            Screen::Learn(s) => (s.bindings(), s.is_typing()),
            Screen::Compare(s) => (s.bindings(), false),
            Screen::Stats(s) => (s.bindings(), false),
            Screen::Drill(s) => (s.bindings(), false),
            Screen::Browse(s) => (s.bindings(), s.is_typing()),
        };
        tables.push(match (&self.screen, typing) {
            // The query line's Esc ends typing, not the screen.
            (Screen::Browse(_), true) => super::screens::browse::TYPING_DONE,
            (_, true) => keymap::TYPING_GLOBAL,
            (Screen::Home(_), false) => keymap::HOME_GLOBAL,
            _ => keymap::GLOBAL,
        });
        tables
    }

    /// A key press: looked up in the tables in force, then handled.
    pub fn key(&mut self, key: KeyEvent, now_ms: i64) -> Vec<Effect> {
        if self.too_small() {
            // Only the keys the "too small" message names: nothing the user cannot see happens.
            let quit = key.code == KeyCode::Char('q')
                || key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
            return if quit {
                self.update(Action::Quit, now_ms)
            } else {
                Vec::new()
            };
        }
        match keymap::lookup(&self.bindings(), key) {
            Some(action) => self.update(action, now_ms),
            None => Vec::new(),
        }
    }

    /// Decides what an action does. No I/O: writes come back as effects, and their results
    /// arrive later as `Action::Saved` / `Action::SaveFailed`.
    pub fn update(&mut self, action: Action, now_ms: i64) -> Vec<Effect> {
        self.ctx.now_ms = now_ms;
        match &action {
            Action::Quit => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll.reset();
                return Vec::new();
            }
            // The overlays scroll themselves; the screen under them does not move.
            Action::PageDown | Action::PageUp | Action::Wheel(_) if self.help => {
                page(&mut self.help_scroll, &action);
                return Vec::new();
            }
            Action::PageDown | Action::PageUp | Action::Wheel(_) if self.details.is_some() => {
                if let Some(d) = &mut self.details {
                    page(&mut d.scroll, &action);
                }
                return Vec::new();
            }
            Action::Details if self.details.is_some() => {
                self.details = None;
                return Vec::new();
            }
            Action::SaveFailed(message) => {
                self.status = Some(format!("{message} · Ctrl-R retries"));
            }
            Action::RetrySave => {
                self.status = None;
                return std::mem::take(&mut self.unsaved);
            }
            Action::Back if !self.unsaved.is_empty() => {
                self.status = Some(
                    "an answer is not saved yet: Ctrl-R retries saving it, Ctrl-C quits without it"
                        .into(),
                );
                return Vec::new();
            }
            Action::Dismiss => {
                self.ctx.notices.clear();
                return Vec::new();
            }
            Action::Recovered(line) => {
                // What the screen showed came from the damaged database: start again Home.
                self.ctx.notices.push(line.clone());
                self.help = false;
                self.details = None;
                self.screen = Screen::Home(HomeScreen::new(&self.ctx));
                self.from_home = true;
                return Vec::new();
            }
            Action::StudyChanged(_) if matches!(self.screen, Screen::Home(_)) => {
                // New counts; the cursor stays on its deck.
                let mut home = HomeScreen::new(&self.ctx);
                if let Screen::Home(old) = &self.screen {
                    home.cursor = old.cursor.min(home.rows.len().saturating_sub(1));
                }
                self.screen = Screen::Home(home);
                return Vec::new();
            }
            _ => {}
        }
        if !matches!(
            action,
            Action::Tick | Action::Saved(_) | Action::SaveFailed(_) | Action::StudyChanged(_)
        ) {
            self.status = None;
        }
        let ctx = &mut self.ctx;
        let reply = match &mut self.screen {
            Screen::Home(s) => s.update(&action, ctx),
            Screen::Review(s) => s.update(&action, ctx),
            Screen::Quiz(s) => s.update(&action, ctx),
            Screen::Learn(s) => s.update(&action, ctx),
            Screen::Compare(s) => s.update(&action, ctx),
            Screen::Stats(s) => s.update(&action, ctx),
            Screen::Drill(s) => s.update(&action, ctx),
            Screen::Browse(s) => s.update(&action, ctx),
        };
        if let Some(status) = reply.status {
            self.status = Some(status);
        }
        if let Some(details) = reply.details {
            self.details = Some(details);
        }
        if let Some(start) = reply.open {
            self.open(start);
        }
        let mut effects = reply.effects;
        if reply.leave {
            if matches!(self.screen, Screen::Home(_)) || !self.from_home {
                self.quit = true;
                effects.push(Effect::Quit);
            } else {
                self.screen = Screen::Home(HomeScreen::new(&self.ctx));
            }
        }
        effects
    }

    /// A write the loop could not perform: kept to be retried, and the screen told.
    pub fn save_failed(&mut self, effect: Effect, message: String, now_ms: i64) -> Vec<Effect> {
        self.unsaved.push(effect);
        self.update(Action::SaveFailed(message), now_ms)
    }

    /// Opens a screen from Home; a screen that cannot open (nothing to study, no lessons)
    /// leaves Home showing why.
    fn open(&mut self, start: Start) {
        match App::screen_for(&self.ctx, start) {
            Ok(screen) => {
                self.screen = screen;
                self.from_home = true;
            }
            Err(message) => self.status = Some(message),
        }
    }

    fn screen_for(ctx: &Context, start: Start) -> Result<Screen, String> {
        Ok(match start {
            Start::Home => Screen::Home(HomeScreen::new(ctx)),
            Start::Review(opts) => Screen::Review(ReviewScreen::new(ctx, opts)?),
            Start::Quiz(opts) => Screen::Quiz(QuizScreen::new(ctx, opts)?),
            Start::Learn(lesson) => Screen::Learn(LearnScreen::new(ctx, lesson.as_deref())?),
            Start::Compare(table) => Screen::Compare(CompareScreen::new(ctx, table.as_deref())?),
            Start::Stats => Screen::Stats(StatsScreen::new(ctx)),
            Start::Drill(opts) => Screen::Drill(Box::new(DrillScreen::new(opts))),
            Start::Browse(query) => Screen::Browse(BrowseScreen::new(ctx, &query)),
        })
    }
}

/// A paging action on an overlay's scroll.
fn page(scroll: &mut Scroll, action: &Action) {
    match action {
        Action::PageDown => scroll.page_down(),
        Action::PageUp => scroll.page_up(),
        Action::Wheel(down) => scroll.wheel(*down),
        _ => {}
    }
}
