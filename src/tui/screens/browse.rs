//! Browse: every reviewable item in a table that filters as the query is typed and sorts by any
//! column; Enter previews an item with its history, `s` suspends or unsuspends it, `r` resets
//! it to new (after asking), `e` opens its deck file at its card. The rows, the query and the
//! sorting are the pure `crate::browse`; drawing is in `browse_view`.

use crate::browse::{self, Column, Query, Row, RowState};
use crate::store::Flags;
use crate::tui::action::{Action, Effect, Saved};
use crate::tui::app::{Context, Reply};
use crate::tui::keymap::Binding;
use crate::tui::scroll::Scroll;
use ratatui::crossterm::event::KeyCode;
use std::cell::Cell;

/// What the screen shows over the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pane {
    List,
    /// The query line takes the keys.
    Typing,
    /// One item in full.
    Preview,
    /// "Reset this item to new?" for the item, with its logged answers; the answer returns to
    /// the preview when it was asked from there.
    ConfirmReset {
        item: String,
        answers: usize,
        from_preview: bool,
    },
}

pub struct BrowseScreen {
    /// Every item, in curriculum order.
    pub rows: Vec<Row>,
    /// The query as typed.
    pub query: String,
    /// The query in force: the last one typed that parsed.
    applied: Query,
    /// Why the query as typed does not parse; the table keeps the last one that did.
    pub error: Option<String>,
    /// Indices into `rows`: the ones the query keeps, sorted.
    pub shown: Vec<usize>,
    /// Index into `shown`.
    pub cursor: usize,
    pub sort: Column,
    pub descending: bool,
    pub pane: Pane,
    /// When the rows were built: `is:due`, recall and the relative times are as of then.
    pub built_at: i64,
    /// The first row in view and the rows in view at the last draw (PgDn moves a page).
    pub(super) top: Cell<usize>,
    pub(super) page: Cell<usize>,
    pub preview: Scroll,
}

/// How old the rows may get before the clock rebuilds them.
const STALE_MS: i64 = 30_000;

const LIST: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('/')],
        "/",
        Action::Search,
        "filter",
        "type a query: words, deck:ID, tag:T, kind:K, is:due|new|learning|review|suspended|leech, -term negates",
    ),
    Binding::new(
        &[KeyCode::Enter],
        "Enter",
        Action::Open,
        "view",
        "preview the item: its text, schedule and answers",
    ),
    SUSPEND,
    RESET,
    EDIT,
    Binding::new(
        &[KeyCode::Char('o')],
        "o",
        Action::SortNext,
        "sort",
        "sort by the next column (the header marks it ▲ or ▼)",
    ),
    Binding::new(
        &[KeyCode::Char('O')],
        "O",
        Action::SortReverse,
        "reverse",
        "reverse the order",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::Char('j'), KeyCode::Down],
        "j/k",
        Action::Down,
        "move",
        "move between items",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::Char('k'), KeyCode::Up],
        "k",
        Action::Up,
        "up",
        "move up",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::PageDown],
        "PgDn/PgUp",
        Action::PageDown,
        "page",
        "move a page down or up",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::PageUp],
        "PgUp",
        Action::PageUp,
        "page up",
        "move a page up",
    )
    .help_only(),
];

const SUSPEND: Binding = Binding::new(
    &[KeyCode::Char('s')],
    "s",
    Action::Suspend,
    "suspend",
    "suspend the item, or bring a suspended one back into reviews",
);

const RESET: Binding = Binding::new(
    &[KeyCode::Char('r')],
    "r",
    Action::Reset,
    "reset",
    "reset the item to new (asks first; its answers stay in the log)",
);

const EDIT: Binding = Binding::new(
    &[KeyCode::Char('e')],
    "e",
    Action::EditCard,
    "edit",
    "open your deck's file at the card in $VISUAL or $EDITOR, then read it again (a shipped deck: where it lives)",
);

/// While the query is typed: every printable key is text.
const TYPING: &[Binding] = &[
    Binding::new(
        &[KeyCode::Down],
        "↓/↑",
        Action::Down,
        "move",
        "move between the items found while typing",
    ),
    Binding::new(&[KeyCode::Up], "↑", Action::Up, "up", "move up").help_only(),
    Binding::new(
        &[KeyCode::Backspace],
        "Bksp",
        Action::Erase,
        "erase",
        "erase the last character",
    ),
    Binding::text(
        "a-z…",
        "type",
        "type the query; the table filters as you type",
    ),
];

/// The query line's way out, in place of the global keys while typing: the query stays.
pub const TYPING_DONE: &[Binding] = &[Binding::new(
    &[KeyCode::Enter, KeyCode::Esc],
    "Enter/Esc",
    Action::Submit,
    "done",
    "stop typing; the filter stays (Bksp empties it)",
)];

const PREVIEW: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('j'), KeyCode::Down],
        "j/k",
        Action::Down,
        "scroll",
        "scroll the preview",
    ),
    Binding::new(
        &[KeyCode::Char('k'), KeyCode::Up],
        "k",
        Action::Up,
        "up",
        "scroll up",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::PageDown],
        "PgDn/PgUp",
        Action::PageDown,
        "page",
        "scroll a page down or up",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::PageUp],
        "PgUp",
        Action::PageUp,
        "page up",
        "scroll a page up",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::Enter],
        "Enter",
        Action::Open,
        "list",
        "back to the list",
    ),
    SUSPEND,
    RESET,
    EDIT,
];

const CONFIRM: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('y')],
        "y",
        Action::Confirm(true),
        "reset",
        "reset the item to new",
    ),
    Binding::new(
        &[KeyCode::Char('n')],
        "n",
        Action::Confirm(false),
        "keep",
        "keep it as it is",
    ),
];

impl BrowseScreen {
    /// The browser on every item, the query applied (one that does not parse shows why, over
    /// every item).
    pub fn new(ctx: &Context, query: &str) -> BrowseScreen {
        let mut screen = BrowseScreen {
            rows: browse::rows(&ctx.study, ctx.now_ms),
            query: query.trim().to_owned(),
            applied: Query::default(),
            error: None,
            shown: Vec::new(),
            cursor: 0,
            sort: Column::Deck,
            descending: false,
            pane: Pane::List,
            built_at: ctx.now_ms,
            top: Cell::new(0),
            page: Cell::new(1),
            preview: Scroll::default(),
        };
        screen.parse();
        screen.select(None);
        screen
    }

    pub fn is_typing(&self) -> bool {
        self.pane == Pane::Typing
    }

    pub fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![match self.pane {
            Pane::List => LIST,
            Pane::Typing => TYPING,
            Pane::Preview => PREVIEW,
            Pane::ConfirmReset { .. } => CONFIRM,
        }]
    }

    /// The row under the cursor.
    pub fn current(&self) -> Option<&Row> {
        self.shown.get(self.cursor).map(|&i| &self.rows[i])
    }

    /// Items the query finds of all items.
    pub fn counts(&self) -> (usize, usize) {
        (self.shown.len(), self.rows.len())
    }

    /// Parses the query as typed: in force when it parses, else the error is shown and the
    /// last good query stays.
    fn parse(&mut self) {
        match Query::parse(&self.query) {
            Ok(q) => {
                self.applied = q;
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Filters and sorts again, keeping the cursor on `keep` when it is still shown, else on
    /// the same place.
    fn select(&mut self, keep: Option<String>) {
        self.shown = browse::select(
            &self.rows,
            &self.applied,
            self.sort,
            self.descending,
            self.built_at,
        );
        self.cursor = keep
            .and_then(|id| self.shown.iter().position(|&i| self.rows[i].id == id))
            .unwrap_or(self.cursor)
            .min(self.shown.len().saturating_sub(1));
    }

    /// The query changed under the user's fingers: the cursor stays on its item while the
    /// query keeps it, else goes to the first match (as a fuzzy finder's does).
    fn filter_as_typed(&mut self) {
        let keep = self.current().map(|r| r.id.clone());
        self.parse();
        self.select(keep.clone());
        if self.current().map(|r| &r.id) != keep.as_ref() {
            self.cursor = 0;
        }
    }

    /// The rows built again from the study (flags, states or decks changed).
    fn rebuild(&mut self, ctx: &Context) {
        let keep = self.current().map(|r| r.id.clone());
        self.rows = browse::rows(&ctx.study, ctx.now_ms);
        self.built_at = ctx.now_ms;
        self.select(keep.clone());
        // A previewed item the query no longer keeps (unsuspended under is:suspended) is not
        // swapped for its neighbour: the list shows where it went.
        if self.pane == Pane::Preview && self.current().map(|r| &r.id) != keep.as_ref() {
            self.pane = Pane::List;
        }
    }

    pub fn update(&mut self, action: &Action, ctx: &mut Context) -> Reply {
        match (&self.pane, action) {
            (_, Action::StudyChanged(_)) => self.rebuild(ctx),
            // Relative times and recall move with the clock: redrawn at most twice a minute.
            (_, Action::Tick) if ctx.now_ms - self.built_at >= STALE_MS => self.rebuild(ctx),
            (_, Action::Saved(Saved::Flagged | Saved::Reset)) => {}
            (_, Action::DecksReloaded(result)) => {
                return match result {
                    Ok(path) => {
                        self.rebuild(ctx);
                        Reply::status(format!("read {path} again"))
                    }
                    Err(message) => Reply::status(message.clone()),
                };
            }
            (Pane::Typing, Action::Type(c)) => {
                self.query.push(*c);
                self.filter_as_typed();
            }
            (Pane::Typing, Action::Erase) => {
                self.query.pop();
                self.filter_as_typed();
            }
            (Pane::Typing, Action::Submit) => {
                self.query.truncate(self.query.trim_end().len());
                self.pane = Pane::List;
            }
            (
                Pane::ConfirmReset {
                    item, from_preview, ..
                },
                Action::Confirm(true),
            ) => {
                let item = item.clone();
                self.pane = after_confirm(*from_preview);
                return self.reset(&item, ctx);
            }
            (Pane::ConfirmReset { from_preview, .. }, Action::Confirm(false) | Action::Back) => {
                self.pane = after_confirm(*from_preview);
            }
            (Pane::Preview, Action::Open | Action::Back) => self.pane = Pane::List,
            (Pane::Preview, Action::Down) => self.preview.line_down(),
            (Pane::Preview, Action::Up) => self.preview.line_up(),
            (Pane::Preview, Action::PageDown) => self.preview.page_down(),
            (Pane::Preview, Action::PageUp) => self.preview.page_up(),
            (Pane::Preview, Action::Wheel(down)) => self.preview.wheel(*down),
            (Pane::List | Pane::Typing, Action::Down) => self.move_by(1),
            (Pane::List | Pane::Typing, Action::Up) => self.move_by(-1),
            (Pane::List, Action::PageDown) => self.move_by(self.page.get() as isize),
            (Pane::List, Action::PageUp) => self.move_by(-(self.page.get() as isize)),
            (Pane::List, Action::Wheel(down)) => self.move_by(if *down { 3 } else { -3 }),
            (Pane::List, Action::Search) => {
                // `/` goes on from the query in force: what is typed is one more term.
                if !self.query.is_empty() {
                    self.query.push(' ');
                }
                self.pane = Pane::Typing;
            }
            (Pane::List, Action::Open) if self.current().is_some() => {
                self.preview.reset();
                self.pane = Pane::Preview;
            }
            (Pane::List, Action::SortNext) => {
                self.sort = self.sort.next();
                self.descending = false;
                let keep = self.current().map(|r| r.id.clone());
                self.select(keep);
            }
            (Pane::List, Action::SortReverse) => {
                self.descending = !self.descending;
                let keep = self.current().map(|r| r.id.clone());
                self.select(keep);
            }
            (Pane::List | Pane::Preview, Action::Suspend) => return self.toggle_suspended(ctx),
            (Pane::List | Pane::Preview, Action::Reset) => return self.ask_reset(),
            (Pane::List | Pane::Preview, Action::EditCard) => return self.edit(ctx),
            (Pane::List, Action::Back) => return Reply::leave(),
            _ => {}
        }
        Reply::none()
    }

    fn move_by(&mut self, by: isize) {
        let last = self.shown.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(by).min(last);
    }

    fn toggle_suspended(&mut self, ctx: &mut Context) -> Reply {
        let Some(row) = self.current() else {
            return Reply::none();
        };
        let item = row.id.clone();
        let before = ctx.study.flags.get(&item).copied().unwrap_or_default();
        let flags = Flags {
            suspended: !before.suspended,
            ..before
        };
        ctx.study.flags.insert(item.clone(), flags);
        self.rebuild(ctx);
        let still_here = self.current().is_some_and(|r| r.id == item);
        let status = if flags.suspended && still_here {
            format!("suspended {item} · s again brings it back")
        } else if flags.suspended {
            // The query dropped it: s now would act on its neighbour.
            format!("suspended {item} · is:suspended lists it")
        } else {
            format!("{item} is back in reviews")
        };
        Reply {
            effects: vec![Effect::SetFlags { item, flags }],
            status: Some(status),
            ..Reply::none()
        }
    }

    fn ask_reset(&mut self) -> Reply {
        let Some(row) = self.current() else {
            return Reply::none();
        };
        if row.phase_state() == RowState::New && !row.leech {
            return Reply::status(format!("{} is new already", row.id));
        }
        self.pane = Pane::ConfirmReset {
            item: row.id.clone(),
            answers: row.answers,
            from_preview: self.pane == Pane::Preview,
        };
        Reply::none()
    }

    /// Resets an item in the study at once (no memory state, no leech mark; a suspension
    /// stays) as the store will: the screen is right before the write returns.
    fn reset(&mut self, item: &str, ctx: &mut Context) -> Reply {
        ctx.study.states.remove(item);
        if let Some(flags) = ctx.study.flags.get_mut(item) {
            flags.leech = false;
            if !flags.suspended {
                ctx.study.flags.remove(item);
            }
        }
        self.rebuild(ctx);
        Reply {
            effects: vec![Effect::Reset {
                item: item.to_owned(),
                at_ms: ctx.now_ms,
            }],
            status: Some(format!("{item} is new again; its answers stay in the log")),
            ..Reply::none()
        }
    }

    fn edit(&mut self, ctx: &Context) -> Reply {
        let Some(row) = self.current() else {
            return Reply::none();
        };
        match browse::card_location(&ctx.study.library, &row.id) {
            Some(Ok((path, line))) => Reply::effect(Effect::EditDeck { path, line }),
            Some(Err(path)) => Reply::status(format!(
                "shipped deck: {path} in the kubedrill repository; copy it into your deck folder to edit"
            )),
            None => Reply::status(format!("no loaded deck has {} any more", row.id)),
        }
    }
}

fn after_confirm(from_preview: bool) -> Pane {
    if from_preview {
        Pane::Preview
    } else {
        Pane::List
    }
}
