//! Summaries over the review history: reviews per day, true retention, streak, due forecast,
//! items by state, per-deck mastery, drill accuracy per rule. Pure: answers, drill results,
//! states and `now` are passed in. Days are UTC days.

mod drill;
mod interview;

pub use drill::{RuleAccuracy, rule_accuracy, weakest_rule};
pub use interview::{InterviewReadiness, READY_RECALL, interview_readiness, not_ready_items};

use crate::srs::{Answer, CardState, DAY_MS, Phase, Scheduler, moves_schedule};
use crate::store::DrillResult;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Stability (days) from which an item counts as mature / mastered, as in Anki.
pub const MATURE_DAYS: f32 = 21.0;
/// How far back retention and the per-day chart look, and how far the forecast looks ahead.
pub const WINDOW_DAYS: usize = 30;

/// One item the curriculum knows, with its deck.
#[derive(Debug, Clone)]
pub struct ItemInfo {
    pub id: String,
    pub deck: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Answers per UTC day, oldest first, the last entry being today.
    pub reviews_per_day: Vec<DayCount>,
    pub total_answers: usize,
    /// Share of review-phase answers in the last 30 days that were not Again.
    pub retention: Retention,
    /// Consecutive days with at least one answer, ending today (or yesterday if today has none).
    pub streak_days: u32,
    /// Items due on each of the next 30 days; index 0 is today and includes overdue items.
    pub forecast: Vec<u32>,
    pub by_state: StateCounts,
    pub decks: Vec<DeckMastery>,
    /// Drills finished, in all.
    pub drills: usize,
    /// Every rule attempted in a drill, weakest first (see `rule_accuracy`).
    pub drill_accuracy: Vec<RuleAccuracy>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayCount {
    pub date: String,
    pub answers: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Retention {
    pub young: Rate,
    pub mature: Rate,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Rate {
    pub passed: u32,
    pub total: u32,
}

impl Rate {
    pub fn share(self) -> Option<f64> {
        (self.total > 0).then(|| f64::from(self.passed) / f64::from(self.total))
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StateCounts {
    pub new: u32,
    pub learning: u32,
    pub review: u32,
    pub relearning: u32,
    pub suspended: u32,
    pub leech: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeckMastery {
    pub deck: String,
    pub items: u32,
    /// Items whose FSRS stability is at least 21 days.
    pub mastered: u32,
}

/// The UTC day number of a time.
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// Computes every summary. `answers` are in log order; `states` is the replay of them;
/// `drills` are the finished drills.
pub fn compute(
    answers: &[Answer],
    drills: &[DrillResult],
    states: &HashMap<String, CardState>,
    items: &[ItemInfo],
    suspended: &HashSet<String>,
    sched: &Scheduler,
    now_ms: i64,
) -> Stats {
    let today = day_of(now_ms);
    let first_day = today - (WINDOW_DAYS as i64 - 1);
    let mut per_day = [0u32; WINDOW_DAYS];
    let mut active_days = HashSet::new();
    for a in answers {
        let d = day_of(a.at_ms);
        active_days.insert(d);
        if (first_day..=today).contains(&d) {
            per_day[(d - first_day) as usize] += 1;
        }
    }
    let reviews_per_day = per_day
        .iter()
        .enumerate()
        .map(|(i, &n)| DayCount {
            date: crate::store::iso_utc((first_day + i as i64) * DAY_MS)[..10].to_owned(),
            answers: n,
        })
        .collect();

    let mut streak = 0;
    let mut day = if active_days.contains(&today) {
        today
    } else {
        today - 1
    };
    while active_days.contains(&day) {
        streak += 1;
        day -= 1;
    }

    let mut forecast = vec![0u32; WINDOW_DAYS];
    let mut by_state = StateCounts::default();
    let mut decks: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for item in items {
        let entry = decks.entry(&item.deck).or_default();
        entry.0 += 1;
        let state = states.get(&item.id);
        if state.is_some_and(|s| s.memory.is_some_and(|m| m.stability >= MATURE_DAYS)) {
            entry.1 += 1;
        }
        if state.is_some_and(|s| s.leech) {
            by_state.leech += 1;
        }
        if suspended.contains(&item.id) {
            by_state.suspended += 1;
            continue;
        }
        match state.map_or(Phase::New, |s| s.phase) {
            Phase::New => by_state.new += 1,
            Phase::Learning { .. } => by_state.learning += 1,
            Phase::Review => by_state.review += 1,
            Phase::Relearning { .. } => by_state.relearning += 1,
        }
        if let Some(s) = state.filter(|s| s.phase != Phase::New) {
            let offset = (day_of(s.due_ms) - today).max(0);
            if let Some(slot) = forecast.get_mut(offset as usize) {
                *slot += 1;
            }
        }
    }

    Stats {
        reviews_per_day,
        total_answers: answers.len(),
        retention: retention(answers, sched, first_day * DAY_MS),
        streak_days: streak,
        forecast,
        by_state,
        decks: decks
            .into_iter()
            .map(|(deck, (items, mastered))| DeckMastery {
                deck: deck.to_owned(),
                items,
                mastered,
            })
            .collect(),
        drills: drills.len(),
        drill_accuracy: rule_accuracy(drills),
    }
}

/// True retention: of the answers given to items in Review since `since_ms` (that moved the
/// schedule), the share that were not Again; young vs mature by the interval the item was on.
fn retention(answers: &[Answer], sched: &Scheduler, since_ms: i64) -> Retention {
    let mut states: HashMap<&str, CardState> = HashMap::new();
    let mut r = Retention::default();
    for a in answers {
        let before = states.get(a.item.as_str()).cloned().unwrap_or_default();
        if a.at_ms >= since_ms && before.phase == Phase::Review && moves_schedule(a.mode, a.rating)
        {
            let interval_days = before
                .last_review_ms
                .map_or(0.0, |last| (before.due_ms - last) as f32 / DAY_MS as f32);
            let bucket = if interval_days >= MATURE_DAYS {
                &mut r.mature
            } else {
                &mut r.young
            };
            bucket.total += 1;
            if a.rating != crate::srs::Rating::Again {
                bucket.passed += 1;
            }
        }
        let after = sched.apply(&before, a);
        states.insert(a.item.as_str(), after);
    }
    r
}
