//! The drill screen's keymaps: answering rows, writing a manifest, and after the check.

use crate::tui::action::Action;
use crate::tui::keymap::{self, Binding};
use crate::tui::node_details;
use ratatui::crossterm::event::KeyCode;

const FOCUS: Binding = Binding::new(
    &[KeyCode::Char('f')],
    "f",
    Action::FocusWeakest,
    "weakest",
    "practise your weakest rule (again: stop focusing)",
)
.help_only();

/// PgUp, k and ↑ scroll up wherever j and ↓ scroll down (after the check, and in write drills).
const SCROLL_UP: Binding = Binding::new(
    &[KeyCode::PageUp, KeyCode::Char('k'), KeyCode::Up],
    "PgUp",
    Action::PageUp,
    "scroll up",
    "scroll up",
)
.help_only();

pub const ANSWERING: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('j'), KeyCode::Down],
        "j/k",
        Action::Down,
        "move",
        "move between rows",
    ),
    Binding::new(
        &[KeyCode::Char('k'), KeyCode::Up],
        "k",
        Action::Up,
        "up",
        "move up",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::Char(' ')],
        "Space",
        Action::ToggleNode,
        "mark/cycle",
        "mark a node (or cycle its answer: outcome, create/delete/keep/nothing, valid/invalid)",
    ),
    Binding::number("0-9", "type", "type a number into a number row"),
    Binding::new(
        &[KeyCode::Backspace],
        "Bksp",
        Action::Erase,
        "erase",
        "erase a digit",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::Enter],
        "Enter",
        Action::Submit,
        "check",
        "check the answer: ✓/✗ and the engine's reason per row",
    ),
    Binding::new(
        &[KeyCode::PageDown],
        "PgDn/PgUp",
        Action::PageDown,
        "scroll",
        "scroll the question, the rows and the manifests a page (↓ more shows there is more)",
    ),
    keymap::PAGE_UP,
    FOCUS,
];
pub const DETAILS: &[Binding] = &[node_details::OPEN];
pub const CHECKED: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('n'), KeyCode::Enter],
        "n",
        Action::Next,
        "next drill",
        "draw the next drill",
    ),
    Binding::new(
        &[KeyCode::PageDown, KeyCode::Char('j'), KeyCode::Down],
        "PgDn/PgUp",
        Action::PageDown,
        "scroll",
        "scroll the question, the verdicts and the manifests a page",
    ),
    SCROLL_UP,
    FOCUS,
];

/// A write or fix drill, before the check (or after the API server refused the manifest).
pub const WRITING: &[Binding] = &[
    keymap::EDIT_MANIFEST,
    Binding::new(
        &[KeyCode::Enter],
        "Enter",
        Action::Submit,
        "check",
        "check the manifest as last saved again",
    ),
    Binding::new(
        &[KeyCode::PageDown, KeyCode::Char('j'), KeyCode::Down],
        "PgDn/PgUp",
        Action::PageDown,
        "scroll",
        "scroll the goal, the cluster and the manifest a page (↓ more shows there is more)",
    ),
    SCROLL_UP,
    FOCUS,
];

/// A write or fix drill, checked: edit again (a new attempt, checked and logged) or go on.
pub const WRITTEN: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('e')],
        "e",
        Action::EditManifest,
        "edit again",
        "reopen your last version in the editor; saving checks it again",
    ),
    Binding::new(
        &[KeyCode::Char('n'), KeyCode::Enter],
        "n",
        Action::Next,
        "next drill",
        "draw the next drill",
    ),
    Binding::new(
        &[KeyCode::PageDown, KeyCode::Char('j'), KeyCode::Down],
        "PgDn/PgUp",
        Action::PageDown,
        "scroll",
        "scroll the verdict per cluster and node, the goal and the manifest a page",
    ),
    SCROLL_UP,
    FOCUS,
];
