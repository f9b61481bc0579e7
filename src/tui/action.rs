//! What a key asks for (`Action`) and what the loop must do for the app (`Effect`). `App::update`
//! turns actions into state changes and effects; only the loop performs effects.

use crate::srs::{Answer, Rating};
use crate::store::{DrillResult, Flags, LessonProgress};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Leave the screen (back to Home, or quit when the screen was opened from the command line).
    Back,
    ToggleHelp,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    /// Open what the cursor is on.
    Open,
    /// Open a screen from Home.
    Go(Target),
    Reveal,
    Grade(Rating),
    Undo,
    Explain,
    Suspend,
    /// Toggle choice `n` (0-based) of a choice question.
    Pick(usize),
    Submit,
    Say(bool),
    Type(char),
    Erase,
    /// Mark or unmark the node under the cursor (placement questions).
    ToggleNode,
    /// Open (or close) the node under the cursor in full.
    Details,
    /// The mouse wheel turned: scroll a few rows down (`true`) or up.
    Wheel(bool),
    /// End a quiz now.
    Finish,
    /// Continue after a verdict.
    Continue,
    Next,
    Prev,
    /// Compare: quiz a hidden cell of the table.
    QuizCell,
    /// Drill: bias the next drills toward the weakest rule (or stop).
    FocusWeakest,
    /// Drill: open the manifest in the learner's editor.
    EditManifest,
    /// The editor closed: the draft as saved, or why it could not be opened or read.
    Edited(Result<Draft, String>),
    /// Browse: type the query.
    Search,
    /// Browse: sort by the next column.
    SortNext,
    /// Browse: reverse the order.
    SortReverse,
    /// Browse: reset the item to new (asks first).
    Reset,
    /// Yes or no to the question on screen.
    Confirm(bool),
    /// Browse: open the item's deck file in the learner's editor at its card.
    EditCard,
    /// The decks were read again after the editor closed (`Ok` with the edited file), or why
    /// the edited deck was kept as it was.
    DecksReloaded(Result<String, String>),
    /// The clock moved (timed quizzes redraw their countdown).
    Tick,
    /// Try the writes that failed again.
    RetrySave,
    /// Home: put away the banner.
    Dismiss,
    /// The database was found damaged and recovered (the sentence for the banner): what is on
    /// screen was read from it, so the app returns Home with the fresh study.
    Recovered(String),
    /// Another kubedrill answered these items: they leave this session's queue.
    StudyChanged(Vec<String>),
    /// The loop finished an effect.
    Saved(Saved),
    /// The loop could not perform an effect; the message is shown in the status line and the
    /// effect is kept for `RetrySave` (see `App::save_failed`).
    SaveFailed(String),
}

/// A draft as the editor left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Where it is kept, to show the learner.
    pub path: String,
    pub text: String,
}

/// Screens Home can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Review,
    Cram,
    Quiz,
    Learn,
    Compare,
    Stats,
    Drill,
    Browse,
}

/// What a performed effect returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// An answer is in the log under this id.
    Recorded(i64),
    Undone,
    Flagged,
    /// An item was reset to new.
    Reset,
    LessonSaved,
    DrillSaved,
}

/// Work for the loop: every write to the store goes through here.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Log an answer; `flags` are set on its item in the same transaction (a new leech).
    Record {
        answer: Answer,
        flags: Option<Flags>,
    },
    /// Delete a logged answer; `restore` puts the item's flags back in the same transaction.
    Undo {
        id: i64,
        restore: Option<(String, Flags)>,
    },
    SetFlags {
        item: String,
        flags: Flags,
    },
    /// Reset an item to new at `at_ms`: its earlier answers stay logged but stop counting.
    Reset {
        item: String,
        at_ms: i64,
    },
    /// Log a finished drill's per-rule hits and misses.
    RecordDrill(DrillResult),
    SaveLesson {
        lesson: String,
        progress: LessonProgress,
    },
    /// Open the drill's draft (`drafts/NAME.yaml`, created from `starter` the first time) in
    /// `$VISUAL`/`$EDITOR`, the terminal suspended meanwhile; the text comes back as
    /// `Action::Edited`.
    EditManifest {
        draft: String,
        starter: String,
    },
    /// Open a user deck in `$VISUAL`/`$EDITOR` at `line` (its card), the terminal suspended
    /// meanwhile; the decks are then read again and the result comes back as
    /// `Action::DecksReloaded`.
    EditDeck {
        path: String,
        line: usize,
    },
    Quit,
}
