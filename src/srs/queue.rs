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
///    `cfg.new_per_day - new_introduced_today` (the items are one deck's).
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
    let left = cfg.new_per_day.saturating_sub(new_introduced_today) as usize;
    queue_with(states, items, suspended, now_ms, sched, |mut new| {
        new.truncate(left);
        new
    })
}

/// `due_queue` over several decks, as Anki studies a parent deck: each deck may introduce
/// `cfg.new_per_day` new items a day (less what it introduced today, `introduced_by_deck`),
/// and, studied together, all of them `cfg.new_per_day_total` (the parent's limit, 20 unless
/// set; it does not apply to one deck studied alone). New
/// items are taken from the decks in turn, each in curriculum order, so the first deck does
/// not take them all. An item's deck is its id's first part (`deck/card`).
pub fn due_queue_decks(
    states: &HashMap<String, CardState>,
    items: &[String],
    suspended: &HashSet<String>,
    now_ms: i64,
    introduced_by_deck: &HashMap<String, u32>,
    cfg: &SchedulerConfig,
    sched: &Scheduler,
) -> Vec<String> {
    let introduced_total: u32 = introduced_by_deck.values().sum();
    // The total is the limit of studying decks together: one deck alone has its own limit.
    let one_deck = items
        .first()
        .is_none_or(|first| items.iter().all(|id| deck_of(id) == deck_of(first)));
    let total_left = match cfg.new_per_day_total {
        Some(cap) if !one_deck => cap.saturating_sub(introduced_total) as usize,
        _ => usize::MAX,
    };
    queue_with(states, items, suspended, now_ms, sched, |new| {
        // Each deck's new items in curriculum order, within its own limit.
        let mut decks: Vec<(&str, std::collections::VecDeque<&String>)> = Vec::new();
        for id in new {
            let deck = deck_of(id);
            let at = match decks.iter().position(|(d, _)| *d == deck) {
                Some(at) => at,
                None => {
                    decks.push((deck, std::collections::VecDeque::new()));
                    decks.len() - 1
                }
            };
            let left = cfg
                .new_per_day
                .saturating_sub(introduced_by_deck.get(deck).copied().unwrap_or(0))
                as usize;
            if decks[at].1.len() < left {
                decks[at].1.push_back(id);
            }
        }
        // Then one from each deck in turn, up to the total.
        let mut out = Vec::new();
        while out.len() < total_left && decks.iter().any(|(_, q)| !q.is_empty()) {
            for (_, q) in &mut decks {
                if out.len() < total_left
                    && let Some(id) = q.pop_front()
                {
                    out.push(id);
                }
            }
        }
        out
    })
}

/// The deck of an item id (`deck/card`, `deck/card#2`, `deck/table/row/column`).
pub fn deck_of(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}

/// The queue, with `select_new` choosing from the new items (in curriculum order) those that
/// fit today.
fn queue_with<'a>(
    states: &HashMap<String, CardState>,
    items: &'a [String],
    suspended: &'a HashSet<String>,
    now_ms: i64,
    sched: &Scheduler,
    select_new: impl FnOnce(Vec<&'a String>) -> Vec<&'a String>,
) -> Vec<String> {
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
    let new = select_new(new);
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
