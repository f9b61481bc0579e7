//! Why a `SchedulerConfig` cannot be used.

use thiserror::Error;

/// A setting the scheduler refuses, found once when the `Scheduler` is built so that scheduling
/// itself never fails.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SchedulerError {
    #[error("FSRS parameters must be 0, 17, 19 or 21 finite numbers, got {count} numbers")]
    InvalidParameters { count: usize },
    #[error("desired retention must be greater than 0 and less than 1, got {0}")]
    InvalidRetention(f32),
    #[error("the maximum interval must be at least 1 day")]
    ZeroMaxInterval,
}
