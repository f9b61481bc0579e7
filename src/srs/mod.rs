//! Scheduling: every item's memory state derived from the review log with FSRS-6, learning
//! steps, the due queue. Pure: `now` is passed in.

mod answer;

pub use answer::{Answer, Mode, Rating};
