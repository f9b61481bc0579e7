//! One item's scheduling state, derived from its answers in the review log.

pub use fsrs::MemoryState;

/// Where an item is in Anki's card life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Phase {
    /// Never answered in a mode that schedules.
    #[default]
    New,
    /// Going through the learning steps; `step` indexes `learning_steps_mins`.
    Learning { step: usize },
    /// Graduated: due after an interval in whole days.
    Review,
    /// Lapsed from Review, going through the relearning steps; `step` indexes
    /// `relearning_steps_mins`.
    Relearning { step: usize },
}

impl Phase {
    /// Learning or relearning: due within minutes, shown before reviews.
    pub fn is_learning(self) -> bool {
        matches!(self, Phase::Learning { .. } | Phase::Relearning { .. })
    }
}

/// The scheduling state of one item. `CardState::default()` is a new, never-answered item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CardState {
    pub phase: Phase,
    /// FSRS stability and difficulty; `None` until the first scheduling answer.
    pub memory: Option<MemoryState>,
    /// When the item is next due (UTC ms). Meaningless while the phase is `New`.
    pub due_ms: i64,
    /// The last answer that moved the schedule (UTC ms).
    pub last_review_ms: Option<i64>,
    /// Scheduling answers so far.
    pub reps: u32,
    /// Times the item was forgotten in Review (Again on a Review-phase item).
    pub lapses: u32,
    /// Set when `lapses` reached the leech threshold; the store suspends such items.
    pub leech: bool,
}
