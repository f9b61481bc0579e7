//! What to study next: the due queue for Review sessions and the cram queue.
//!
//! Both take `items`, every item id the session may show, in curriculum order. Filtering by deck
//! or tag is the caller's job: pass only the matching ids. States of ids not in `items` are
//! ignored, and an id listed twice is shown once.

use super::config::SchedulerConfig;
use super::scheduler::Scheduler;
use super::state::{CardState, Phase};
use std::collections::{HashMap, HashSet};

/// The items to study now, in order:
/// 1. learning and relearning items due by `now_ms`, earliest due first;
/// 2. Review items due by `now_ms`, lowest retrievability first (the most likely forgotten);
/// 3. new items (no state, or phase New) in curriculum order, at most
///    `cfg.new_per_day - new_introduced_today`.
///
/// Suspended items never appear; ties keep curriculum order. Leeches are not filtered here: the
/// store suspends them.
pub fn due_queue(
    states: &HashMap<String, CardState>,
    items: &[String],
    suspended: &HashSet<String>,
    now_ms: i64,
    new_introduced_today: u32,
    cfg: &SchedulerConfig,
    sched: &Scheduler,
) -> Vec<String> {
    let new_limit =
        usize::try_from(cfg.new_per_day.saturating_sub(new_introduced_today)).unwrap_or(usize::MAX);
    let mut learning: Vec<(i64, &String)> = Vec::new();
    let mut reviews: Vec<(f32, &String)> = Vec::new();
    let mut new: Vec<&String> = Vec::new();
    for id in eligible(items, suspended) {
        match states.get(id) {
            None => new.push(id),
            Some(state) => match state.phase {
                Phase::New => new.push(id),
                _ if state.due_ms > now_ms => {}
                Phase::Learning { .. } | Phase::Relearning { .. } => {
                    learning.push((state.due_ms, id))
                }
                Phase::Review => reviews.push((urgency(sched, state, now_ms), id)),
            },
        }
    }
    // Stable sorts: equal keys keep curriculum order.
    learning.sort_by_key(|&(due, _)| due);
    reviews.sort_by(|a, b| a.0.total_cmp(&b.0));
    new.truncate(new_limit);
    let learning = learning.into_iter().map(|(_, id)| id);
    let reviews = reviews.into_iter().map(|(_, id)| id);
    learning.chain(reviews).chain(new).cloned().collect()
}

/// Every studied (has a memory state), non-suspended item, lowest retrievability first, due or
/// not. Cram answers do not move the schedule, so this can be studied at any time.
pub fn cram_queue(
    states: &HashMap<String, CardState>,
    items: &[String],
    suspended: &HashSet<String>,
    now_ms: i64,
    sched: &Scheduler,
) -> Vec<String> {
    let mut studied: Vec<(f32, &String)> = eligible(items, suspended)
        .filter_map(|id| {
            let state = states.get(id)?;
            Some((sched.retrievability(state, now_ms)?, id))
        })
        .collect();
    studied.sort_by(|a, b| a.0.total_cmp(&b.0));
    studied.into_iter().map(|(_, id)| id.clone()).collect()
}

/// `items` without suspended ids and without repeats, in order.
fn eligible<'a>(
    items: &'a [String],
    suspended: &'a HashSet<String>,
) -> impl Iterator<Item = &'a String> {
    let mut seen: HashSet<&String> = HashSet::new();
    items
        .iter()
        .filter(move |id| !suspended.contains(*id) && seen.insert(*id))
}

/// The sort key of a due review: its retrievability. A Review item without memory cannot come
/// from `Scheduler::apply`; it sorts first, as if certainly forgotten.
fn urgency(sched: &Scheduler, state: &CardState, now_ms: i64) -> f32 {
    sched.retrievability(state, now_ms).unwrap_or(0.0)
}
