//! Fitting FSRS parameters to the learner's own review log (`kubedrill optimize`).

use super::{Answer, moves_schedule, whole_days_between};
use fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview, compute_parameters};
use std::collections::HashMap;
use thiserror::Error;

/// The fsrs crate trains only on reviews made a day or more after the item's previous review,
/// and returns its defaults unchanged below this many.
pub const MIN_TRAINING_REVIEWS: usize = 8;

#[derive(Debug, Error)]
pub enum OptimizeError {
    #[error(
        "not enough history to optimize: FSRS needs at least {need} reviews made a day or more after the previous review of the same item; the log has {have}"
    )]
    NotEnoughHistory { have: usize, need: usize },
    #[error("FSRS could not fit parameters: {0}")]
    Fsrs(String),
}

/// The fitted parameters and how well each set predicts the log (lower log loss is better).
#[derive(Debug, Clone, PartialEq)]
pub struct Optimized {
    pub parameters: Vec<f32>,
    pub log_loss_before: f32,
    pub log_loss_after: f32,
    pub reviews_used: usize,
}

/// One training item per schedule-moving answer after an item's first: the item's history up
/// to and including that answer, with whole days between answers (as Anki builds them).
pub fn training_items(answers: &[Answer]) -> Vec<FSRSItem> {
    let mut history: HashMap<&str, (i64, Vec<FSRSReview>)> = HashMap::new();
    let mut items = Vec::new();
    for a in answers.iter().filter(|a| moves_schedule(a.mode, a.rating)) {
        let entry = history
            .entry(a.item.as_str())
            .or_insert_with(|| (a.at_ms, Vec::new()));
        let delta_t = if entry.1.is_empty() {
            0
        } else {
            whole_days_between(entry.0, a.at_ms)
        };
        entry.0 = a.at_ms;
        entry.1.push(FSRSReview {
            rating: a.rating.number(),
            delta_t,
        });
        if entry.1.len() > 1 {
            items.push(FSRSItem {
                reviews: entry.1.clone(),
            });
        }
    }
    items
}

/// Fits parameters to the log, comparing log loss with `current` (empty = the FSRS defaults).
pub fn optimize(answers: &[Answer], current: &[f32]) -> Result<Optimized, OptimizeError> {
    optimize_with_progress(answers, current, None)
}

/// How far a fit has come: FSRS's own counter, which it updates while it trains; whoever
/// started the fit may read it from another thread (the command draws a progress bar).
pub type FitProgress = std::sync::Arc<std::sync::Mutex<fsrs::CombinedProgressState>>;

/// `optimize`, updating `progress` as training goes.
pub fn optimize_with_progress(
    answers: &[Answer],
    current: &[f32],
    progress: Option<FitProgress>,
) -> Result<Optimized, OptimizeError> {
    let items = training_items(answers);
    let usable = items
        .iter()
        .filter(|i| i.reviews.last().is_some_and(|r| r.delta_t > 0))
        .count();
    if usable < MIN_TRAINING_REVIEWS {
        return Err(OptimizeError::NotEnoughHistory {
            have: usable,
            need: MIN_TRAINING_REVIEWS,
        });
    }
    let fsrs_err = |e: fsrs::FSRSError| OptimizeError::Fsrs(format!("{e:?}"));
    let log_loss = |params: &[f32]| -> Result<f32, OptimizeError> {
        Ok(FSRS::new(params)
            .map_err(fsrs_err)?
            .evaluate(items.clone(), |_| true)
            .map_err(fsrs_err)?
            .log_loss)
    };
    let before = log_loss(current)?;
    let parameters = compute_parameters(ComputeParametersInput {
        train_set: items.clone(),
        progress,
        ..Default::default()
    })
    .map_err(fsrs_err)?;
    let after = log_loss(&parameters)?;
    Ok(Optimized {
        parameters,
        log_loss_before: before,
        log_loss_after: after,
        reviews_used: usable,
    })
}
