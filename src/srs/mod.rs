//! Scheduling: every item's memory state derived from the review log with FSRS-6, learning
//! steps, the due queue. Pure: `now` is passed in.

mod answer;
mod config;
mod error;
mod interval;
mod optimize;
mod queue;
mod scheduler;
mod session;
mod state;

pub use answer::{Answer, Mode, Rating};
pub use config::SchedulerConfig;
pub use error::SchedulerError;
pub use interval::{
    DAY_MS, HOUR_MS, MINUTE_MS, days_between, describe_interval, whole_days_between,
};
pub use optimize::{
    FitProgress, MIN_TRAINING_REVIEWS, OptimizeError, Optimized, optimize, optimize_with_progress,
    training_items,
};
pub use queue::{cram_queue, deck_of, due_queue, due_queue_decks};
pub use scheduler::{Scheduler, moves_schedule};
pub use session::Session;
pub use state::{CardState, MemoryState, Phase};
