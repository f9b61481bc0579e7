//! The learner's scheduling settings, with Anki's defaults.

use serde::{Deserialize, Serialize};

/// How the scheduler spaces reviews. `Default` gives Anki's defaults for a new deck with FSRS on.
///
/// Missing fields in a settings file fall back to the default of that field, so a file that
/// sets only `desired_retention` is complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchedulerConfig {
    /// The probability of recall FSRS aims for when a review comes due (0 < r < 1).
    pub desired_retention: f32,
    /// How many never-seen items a day each deck may introduce (Anki's deck option).
    pub new_per_day: u32,
    /// A cap on new items a day over all decks together, when they are studied together (Anki's
    /// parent-deck limit, 20 by default as there); `None`: each deck's own limit only.
    pub new_per_day_total: Option<u32>,
    /// Review intervals are capped at this many days (at least 1).
    pub max_interval_days: u32,
    /// Minutes between the steps of a new item before it graduates to Review. Empty: new items
    /// graduate at their first answer.
    pub learning_steps_mins: Vec<u32>,
    /// Minutes between the steps of a lapsed item before it returns to Review. Empty: a lapse
    /// goes straight back to Review with FSRS's Again interval.
    pub relearning_steps_mins: Vec<u32>,
    /// The lapse count at which an item is flagged a leech. 0 turns leech detection off.
    pub leech_threshold: u32,
    /// FSRS model parameters (0, 17, 19 or 21 numbers). Empty: the FSRS-6 defaults.
    pub parameters: Vec<f32>,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            desired_retention: 0.90,
            new_per_day: 20,
            new_per_day_total: Some(20),
            max_interval_days: 36_500,
            learning_steps_mins: vec![1, 10],
            relearning_steps_mins: vec![10],
            leech_threshold: 8,
            parameters: Vec::new(),
        }
    }
}
