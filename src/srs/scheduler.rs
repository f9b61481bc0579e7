//! The scheduler: the state after an answer, Anki's learning steps around FSRS-6's memory model.
//!
//! Semantics (DESIGN: the review log is the source of truth, states are folds over it):
//! - Only some answers move the schedule (`moves_schedule`): Review and Learn always; Quiz and
//!   Drill only when wrong (a missed item must come back); Cram never.
//! - FSRS memory is updated on every scheduling answer, learning steps included, with
//!   `days_elapsed` = whole 24-hour periods since the previous scheduling answer (0 within a day,
//!   where FSRS-6 uses its short-term stability formula).
//! - New and Learning items walk `learning_steps_mins`, lapsed items `relearning_steps_mins`:
//!   Again → first step, Hard → repeat the current step, Good → next step or graduate after the
//!   last, Easy → graduate. A new item is treated as standing on the first step, so Good skips
//!   to the second step. Graduating, and any Review answer but Again, schedules FSRS's interval
//!   for that grade rounded to whole days, between 1 and `max_interval_days`.

use super::answer::{Answer, Mode, Rating};
use super::config::SchedulerConfig;
use super::error::SchedulerError;
use super::interval::{DAY_MS, MINUTE_MS, days_between, whole_days_between};
use super::state::{CardState, MemoryState, Phase};
use fsrs::{FSRS, FSRSItem, FSRSReview};
use std::collections::HashMap;

/// Schedules items with a validated configuration and the FSRS model built from it. Pure: every
/// time is passed in.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    config: SchedulerConfig,
    /// The forgetting curve's decay (FSRS parameter w20), which `FSRS` keeps private but
    /// `fsrs::current_retrievability` needs.
    decay: f32,
}

/// Whether an answer given in `mode` with `rating` changes the item's schedule.
pub fn moves_schedule(mode: Mode, rating: Rating) -> bool {
    match mode {
        Mode::Review | Mode::Learn => true,
        Mode::Quiz | Mode::Drill => rating == Rating::Again,
        Mode::Cram => false,
    }
}

impl Default for Scheduler {
    fn default() -> Self {
        // The default configuration passes every check in `new`: empty parameters mean the FSRS
        // defaults, retention 0.9, a 36500-day cap.
        Scheduler::new(SchedulerConfig::default())
            .expect("the default scheduler configuration is valid")
    }
}

impl Scheduler {
    /// Checks the configuration once, so that scheduling itself cannot fail.
    pub fn new(config: SchedulerConfig) -> Result<Scheduler, SchedulerError> {
        let invalid = || SchedulerError::InvalidParameters {
            count: config.parameters.len(),
        };
        let r = config.desired_retention;
        if !(r > 0.0 && r < 1.0) {
            return Err(SchedulerError::InvalidRetention(r));
        }
        if config.max_interval_days == 0 {
            return Err(SchedulerError::ZeroMaxInterval);
        }
        let fsrs = FSRS::new(&config.parameters).map_err(|_| invalid())?;
        let filled = fsrs::check_and_fill_parameters(&config.parameters).map_err(|_| invalid())?;
        // `FSRS::new` clamps w20 to [0.1, 0.8] (fsrs parameter_clipper.rs); mirror it so that
        // retrievability uses the same curve as the intervals.
        let decay = filled.get(20).copied().ok_or_else(invalid)?.clamp(0.1, 0.8);
        Ok(Scheduler {
            fsrs,
            config,
            decay,
        })
    }

    pub fn config(&self) -> &SchedulerConfig {
        &self.config
    }

    /// Everything besides the log that a memory state depends on, as text: the FSRS
    /// parameters as filled in (empty means this fsrs crate's defaults, which may change with
    /// it), the retention, the cap, the steps and the leech threshold. States folded under one
    /// fingerprint are the states of any scheduler with the same one; the daily limits do not
    /// enter (they shape the queue, not the states).
    pub fn state_fingerprint(&self) -> String {
        let c = &self.config;
        let filled = fsrs::check_and_fill_parameters(&c.parameters).unwrap_or_default();
        format!(
            "fsrs w={filled:?} retention={:?} max_days={} learn={:?} relearn={:?} leech={}",
            c.desired_retention,
            c.max_interval_days,
            c.learning_steps_mins,
            c.relearning_steps_mins,
            c.leech_threshold
        )
    }

    /// The state after one answer (see the module doc for the rules). Answers that do not move
    /// the schedule return `state` unchanged.
    pub fn apply(&self, state: &CardState, answer: &Answer) -> CardState {
        if !moves_schedule(answer.mode, answer.rating) {
            return state.clone();
        }
        let at = answer.at_ms;
        let rating = answer.rating;
        let (memory, interval) = self.remember(state, at, rating);
        let review = (
            Phase::Review,
            at.saturating_add(self.interval_days(interval) * DAY_MS),
        );
        let cfg = &self.config;
        let mut lapses = state.lapses;
        let (phase, due_ms) = match state.phase {
            Phase::New => walk(&cfg.learning_steps_mins, 0, rating, at, review, learning),
            Phase::Learning { step } => {
                walk(&cfg.learning_steps_mins, step, rating, at, review, learning)
            }
            Phase::Relearning { step } => walk(
                &cfg.relearning_steps_mins,
                step,
                rating,
                at,
                review,
                relearning,
            ),
            Phase::Review if rating == Rating::Again => {
                lapses = lapses.saturating_add(1);
                match cfg.relearning_steps_mins.first() {
                    Some(&mins) => (Phase::Relearning { step: 0 }, after_minutes(at, mins)),
                    None => review,
                }
            }
            Phase::Review => review,
        };
        let became_leech =
            lapses != state.lapses && cfg.leech_threshold > 0 && lapses == cfg.leech_threshold;
        CardState {
            phase,
            memory,
            due_ms,
            last_review_ms: Some(at),
            reps: state.reps.saturating_add(1),
            lapses,
            leech: state.leech || became_leech,
        }
    }

    /// Every item's state after the whole log, folding `apply` over it in order (the caller sorts
    /// by `at_ms`). Every item that appears in the log has an entry, even if none of its answers
    /// moved the schedule (it is then `CardState::default()`).
    pub fn replay(&self, answers: &[Answer]) -> HashMap<String, CardState> {
        let mut states: HashMap<String, CardState> = HashMap::new();
        self.replay_into(&mut states, answers);
        states
    }

    /// `replay` in parts: folds more answers (later than any already folded) into `states`, so
    /// the log can be replayed while it is still being read.
    pub fn replay_into(&self, states: &mut HashMap<String, CardState>, answers: &[Answer]) {
        for answer in answers {
            let state = states.entry(answer.item.clone()).or_default();
            *state = self.apply(state, answer);
        }
    }

    /// `replay_into` for a log in which some items were reset to new (`resets`: item -> when):
    /// an answer to an item before its reset stays in the log but does not count for its state.
    pub fn replay_into_after_resets(
        &self,
        states: &mut HashMap<String, CardState>,
        answers: &[Answer],
        resets: &HashMap<String, i64>,
    ) {
        for answer in answers {
            if resets
                .get(&answer.item)
                .is_some_and(|&reset| answer.at_ms < reset)
            {
                continue;
            }
            let state = states.entry(answer.item.clone()).or_default();
            *state = self.apply(state, answer);
        }
    }

    /// For each grade in `Rating::ALL` order (Again, Hard, Good, Easy): milliseconds from `now_ms`
    /// until the item would be due if answered with that grade now in Review mode. Computed by
    /// `apply` itself, so the preview and the real outcome cannot disagree. Show with
    /// `describe_interval`.
    pub fn next_intervals(&self, state: &CardState, now_ms: i64) -> [i64; 4] {
        Rating::ALL.map(|rating| {
            let answer = Answer {
                item: String::new(),
                at_ms: now_ms,
                rating,
                duration_ms: 0,
                mode: Mode::Review,
                correct: None,
            };
            self.apply(state, &answer).due_ms.saturating_sub(now_ms)
        })
    }

    /// The probability of recalling the item at `now_ms` by FSRS's forgetting curve; `None` for an
    /// item that has no memory state yet (New).
    pub fn retrievability(&self, state: &CardState, now_ms: i64) -> Option<f32> {
        let memory = state.memory?;
        let elapsed = state
            .last_review_ms
            .map_or(0.0, |last| days_between(last, now_ms));
        Some(fsrs::current_retrievability(memory, elapsed, self.decay))
    }

    /// FSRS's memory after answering `rating` at `at_ms`, and its interval in days for that grade.
    fn remember(
        &self,
        state: &CardState,
        at_ms: i64,
        rating: Rating,
    ) -> (Option<MemoryState>, f32) {
        let elapsed = state
            .last_review_ms
            .map_or(0, |last| whole_days_between(last, at_ms));
        // Only the grade given is computed: `next_states` would run the model for all four
        // grades, and replaying a year of history is most of the app's start-up. The result is
        // the same (`tests/srs.rs` checks it against `next_states`).
        let item = FSRSItem {
            reviews: vec![FSRSReview {
                rating: rating.number(),
                delta_t: elapsed,
            }],
        };
        match self.fsrs.memory_state(item, state.memory) {
            Ok(memory) => {
                let interval = self.fsrs.next_interval(
                    Some(memory.stability),
                    self.config.desired_retention,
                    rating.number(),
                );
                (Some(memory), interval)
            }
            // `memory_state` fails only when a state comes out non-finite, which validated
            // parameters and the crate's clamping of stability and difficulty do not produce.
            // Keeping the old memory and a 1-day interval keeps `apply` total all the same.
            Err(_) => (state.memory, 1.0),
        }
    }

    /// FSRS's interval rounded to whole days, between 1 and `max_interval_days`.
    fn interval_days(&self, interval: f32) -> i64 {
        // A NaN interval casts to 0 and so becomes 1 day.
        let days = interval.round() as i64;
        days.clamp(1, i64::from(self.config.max_interval_days.max(1)))
    }
}

fn learning(step: usize) -> Phase {
    Phase::Learning { step }
}

fn relearning(step: usize) -> Phase {
    Phase::Relearning { step }
}

fn after_minutes(at_ms: i64, mins: u32) -> i64 {
    at_ms.saturating_add(i64::from(mins) * MINUTE_MS)
}

/// One answer on a (re)learning step: the next phase and due time. `graduated` is the outcome of
/// leaving the steps. A step index past the end (the steps were shortened since) counts as the
/// last step; no steps at all means every grade graduates.
fn walk(
    steps: &[u32],
    step: usize,
    rating: Rating,
    at_ms: i64,
    graduated: (Phase, i64),
    phase: fn(usize) -> Phase,
) -> (Phase, i64) {
    let Some(last) = steps.len().checked_sub(1) else {
        return graduated;
    };
    let current = step.min(last);
    let next = match rating {
        Rating::Again => 0,
        // Hard stays on the step. Its wait is Anki's: on the first step the average of the
        // first two steps (1m and 10m: 5.5m), or 1.5 times a single step; on a later step,
        // that step again.
        Rating::Hard => {
            let wait_ms = match (current, steps) {
                (0, [first, second, ..]) => {
                    (i64::from(*first) + i64::from(*second)) * MINUTE_MS / 2
                }
                (0, [only]) => i64::from(*only) * MINUTE_MS * 3 / 2,
                _ => i64::from(steps[current]) * MINUTE_MS,
            };
            return (phase(current), at_ms.saturating_add(wait_ms));
        }
        Rating::Good if current < last => current + 1,
        Rating::Good | Rating::Easy => return graduated,
    };
    (phase(next), after_minutes(at_ms, steps[next]))
}
