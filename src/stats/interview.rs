//! Interview readiness: for each question interviewers ask (the decks' `[[interview]]`), are
//! the items that answer it known well enough now? Pure: states and `now` are passed in.

use crate::deck::Library;
use crate::srs::{CardState, Scheduler};
use serde::Serialize;
use std::collections::HashMap;

/// The recall an item needs now for its question to count as ready.
pub const READY_RECALL: f32 = 0.9;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterviewReadiness {
    pub id: String,
    pub question: String,
    /// The item ids that answer it (a cloze card's gaps each).
    pub items: Vec<String>,
    /// Every item has been reviewed and would be recalled now with probability ≥ 0.9.
    pub ready: bool,
}

pub fn interview_readiness(
    library: &Library,
    states: &HashMap<String, CardState>,
    sched: &Scheduler,
    now_ms: i64,
) -> Vec<InterviewReadiness> {
    library
        .interview_questions()
        .map(|q| {
            let items: Vec<String> = q
                .cards
                .iter()
                .flat_map(|c| library.items_of_card(c))
                .collect();
            let ready = !items.is_empty()
                && items.iter().all(|i| {
                    states
                        .get(i)
                        .and_then(|s| sched.retrievability(s, now_ms))
                        .is_some_and(|r| r >= READY_RECALL)
                });
            InterviewReadiness {
                id: q.id.clone(),
                question: q.question.clone(),
                items,
                ready,
            }
        })
        .collect()
}

/// The items of the questions not ready yet, for a quiz on them (each once, in question order).
pub fn not_ready_items(readiness: &[InterviewReadiness]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    readiness
        .iter()
        .filter(|q| !q.ready)
        .flat_map(|q| q.items.iter())
        .filter(|i| seen.insert(i.as_str()))
        .cloned()
        .collect()
}
