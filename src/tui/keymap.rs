//! Keymap tables: one static table per screen (and mode) maps keys to actions. The footer hints
//! and the `?` help overlay are generated from the same tables, so they never go stale.

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a binding produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Does {
    Act(Action),
    /// Digits 1–9 → `Pick(digit - 1)`.
    PickDigit,
    /// Any printable character → `Type(c)` (text entry).
    TypeChar,
    /// Digits 0–9 → `Type(c)` (number entry; letters stay commands).
    TypeDigit,
}

/// PgUp where PgDn scrolls and k is taken (a grade, a choice): the page back up.
pub const PAGE_UP: Binding = Binding::new(
    &[KeyCode::PageUp],
    "PgUp",
    Action::PageUp,
    "scroll up",
    "scroll up",
)
.help_only();

/// `e` on a write or fix question (a drill or a card): the manifest in the learner's editor.
pub const EDIT_MANIFEST: Binding = Binding::new(
    &[KeyCode::Char('e')],
    "e",
    Action::EditManifest,
    "edit",
    "open the manifest in $VISUAL or $EDITOR (vi if neither is set); save and quit to check it",
);

#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the keys are written in the footer and help (`Space/Enter`, `1-4`).
    pub shown: &'static str,
    pub does: Does,
    /// A short verb for the footer.
    pub hint: &'static str,
    /// The help overlay's longer line.
    pub help: &'static str,
    pub footer: bool,
    /// The keys are pressed with Ctrl (for commands that must work while typing).
    pub ctrl: bool,
}

impl Binding {
    pub const fn new(
        keys: &'static [KeyCode],
        shown: &'static str,
        action: Action,
        hint: &'static str,
        help: &'static str,
    ) -> Binding {
        Binding {
            keys,
            shown,
            does: Does::Act(action),
            hint,
            help,
            footer: true,
            ctrl: false,
        }
    }

    /// The same binding, with Ctrl held.
    pub const fn with_ctrl(mut self) -> Binding {
        self.ctrl = true;
        self
    }

    /// The same binding, listed in help but not in the footer.
    pub const fn help_only(mut self) -> Binding {
        self.footer = false;
        self
    }

    /// Digits 1–9 pick a choice.
    pub const fn digits(shown: &'static str, hint: &'static str, help: &'static str) -> Binding {
        Binding {
            keys: &[],
            shown,
            does: Does::PickDigit,
            hint,
            help,
            footer: true,
            ctrl: false,
        }
    }

    /// Digits are typed into a number field.
    pub const fn number(shown: &'static str, hint: &'static str, help: &'static str) -> Binding {
        Binding {
            keys: &[],
            shown,
            does: Does::TypeDigit,
            hint,
            help,
            footer: true,
            ctrl: false,
        }
    }

    /// Every printable key is text (listed in help only).
    pub const fn text(shown: &'static str, hint: &'static str, help: &'static str) -> Binding {
        Binding {
            keys: &[],
            shown,
            does: Does::TypeChar,
            hint,
            help,
            footer: false,
            ctrl: false,
        }
    }
}

/// The action for a key in a table, first match wins.
pub fn lookup(table: &[&[Binding]], key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        // Ctrl-C quits from anywhere, also while typing.
        return Some(Action::Quit);
    }
    for binding in table.iter().flat_map(|t| t.iter()) {
        if binding.ctrl != ctrl {
            continue;
        }
        match &binding.does {
            Does::Act(action) if binding.keys.contains(&key.code) => return Some(action.clone()),
            Does::PickDigit => {
                if let KeyCode::Char(c @ '1'..='9') = key.code {
                    return Some(Action::Pick(c as usize - '1' as usize));
                }
            }
            Does::TypeDigit => {
                if let KeyCode::Char(c @ '0'..='9') = key.code {
                    return Some(Action::Type(c));
                }
            }
            Does::TypeChar => {
                if let KeyCode::Char(c) = key.code
                    && !c.is_control()
                {
                    return Some(Action::Type(c));
                }
            }
            Does::Act(_) => {}
        }
    }
    None
}

/// Footer hints: `Space reveal · u undo · ? help`.
pub fn footer(table: &[&[Binding]]) -> Vec<(&'static str, &'static str)> {
    table
        .iter()
        .flat_map(|t| t.iter())
        .filter(|b| b.footer)
        .map(|b| (b.shown, b.hint))
        .collect()
}

/// How a key is written in help: `Space`, `Enter`, `↓`, `q`.
pub fn key_name(code: KeyCode, ctrl: bool) -> String {
    match code {
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(c) if ctrl => format!("Ctrl-{}", c.to_ascii_uppercase()),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        other => format!("{other:?}"),
    }
}

/// Does `shown` (`j/k`, `1-4/hjkl`, `q/Esc`) already name this key?
fn names(shown: &str, key: &str) -> bool {
    // `/` itself is a key (the browser's filter): split on `/` it would name nothing.
    shown == key
        || shown.split('/').any(|part| {
            part == key
                || part
                    .split_once('-')
                    .filter(|(a, b)| a.len() == 1 && b.len() == 1)
                    .is_some_and(|(a, b)| key.len() == 1 && (a..=b).contains(&key))
                || (part.len() > 1
                    && key.len() == 1
                    && part.chars().all(|c| c.is_ascii_lowercase())
                    && part.contains(key))
        })
}

/// The keys of a binding that its `shown` does not name, for help's "(also …)".
fn other_keys(b: &Binding) -> Vec<String> {
    b.keys
        .iter()
        .map(|k| key_name(*k, b.ctrl))
        .filter(|k| !names(b.shown, k))
        .collect()
}

/// Help lines: every binding of the screen, keys then description; keys a binding takes
/// besides those it shows are added as "(also …)", so every working key is listed.
pub fn help(table: &[&[Binding]]) -> Vec<(&'static str, String)> {
    let mut lines: Vec<(&'static str, &'static str, Vec<String>)> = Vec::new();
    for b in table.iter().flat_map(|t| t.iter()) {
        // Each key once: `k` is already listed as part of `j/k`, `PgUp` of `PgDn/PgUp`; the
        // keys such a binding takes besides (`↑`) go on the line that lists it.
        let at = lines
            .iter()
            .position(|(s, _, _)| *s == b.shown || s.split('/').any(|k| k == b.shown));
        let index = match at {
            Some(i) => i,
            None => {
                lines.push((b.shown, b.help, Vec::new()));
                lines.len() - 1
            }
        };
        for key in other_keys(b) {
            let own_line = lines.iter().any(|(s, _, _)| s.split('/').any(|p| p == key));
            let (shown, _, also) = &mut lines[index];
            if !own_line && !also.contains(&key) && !names(shown, &key) {
                also.push(key);
            }
        }
    }
    let mut out: Vec<(&'static str, String)> = lines
        .into_iter()
        .map(|(shown, help, also)| {
            if also.is_empty() {
                (shown, help.to_owned())
            } else {
                (shown, format!("{help} (also {})", also.join(", ")))
            }
        })
        .collect();
    out.push(("Ctrl-C", "quit kubedrill from anywhere".to_owned()));
    out
}

/// Bindings every screen has (unless it is taking typed text).
pub const GLOBAL: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('?')],
        "?",
        Action::ToggleHelp,
        "help",
        "show or hide this help",
    ),
    Binding::new(
        &[KeyCode::Char('q'), KeyCode::Esc],
        "q/Esc",
        Action::Back,
        "back",
        "leave this screen (quit from Home)",
    ),
];

/// Home's: leaving Home quits.
pub const HOME_GLOBAL: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('?')],
        "?",
        Action::ToggleHelp,
        "help",
        "show or hide this help",
    ),
    Binding::new(
        &[KeyCode::Char('q'), KeyCode::Esc],
        "q/Esc",
        Action::Back,
        "quit",
        "quit kubedrill",
    ),
];

/// While typing, only Esc leaves; every other key is text.
pub const TYPING_GLOBAL: &[Binding] = &[Binding::new(
    &[KeyCode::Esc],
    "Esc",
    Action::Back,
    "back",
    "leave this screen",
)];

/// Paging a pane that scrolls (scroll.rs): listed in help, named by the pane's "↓ more".
pub const PAGING: &[Binding] = &[
    Binding::new(
        &[KeyCode::PageDown],
        "PgDn/PgUp",
        Action::PageDown,
        "scroll",
        "scroll down or up a page (↓ more / ↑ more show there is more; the mouse wheel scrolls too)",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::PageUp],
        "PgUp",
        Action::PageUp,
        "scroll up",
        "scroll up a page",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::Char('d')],
        "Ctrl-D/Ctrl-U",
        Action::PageDown,
        "scroll",
        "scroll down or up a page, as PgDn/PgUp",
    )
    .with_ctrl()
    .help_only(),
    Binding::new(
        &[KeyCode::Char('u')],
        "Ctrl-U",
        Action::PageUp,
        "scroll up",
        "scroll up a page",
    )
    .with_ctrl()
    .help_only(),
];

/// While a write failed: its retry, first in every table (Ctrl, so it works while typing).
pub const UNSAVED: &[Binding] = &[Binding::new(
    &[KeyCode::Char('r')],
    "Ctrl-R",
    Action::RetrySave,
    "retry save",
    "try the answer that was not saved again",
)
.with_ctrl()];

/// Home with a banner: put it away.
pub const BANNER: &[Binding] = &[Binding::new(
    &[KeyCode::Char('x')],
    "x",
    Action::Dismiss,
    "dismiss",
    "put away the message at the top",
)];

/// The help overlay's own table: any of these closes it.
pub const HELP: &[Binding] = &[Binding::new(
    &[KeyCode::Char('?'), KeyCode::Esc, KeyCode::Char('q')],
    "?/Esc",
    Action::ToggleHelp,
    "close help",
    "close this help",
)];
