//! A study session: the queue being worked through, and every answer that can still be undone.
//! Pure: the caller records answers in the store and passes their log ids in; undo hands back
//! the id to delete, and the clock comes in as `now`.
//!
//! Learning cards come back as Anki's v3 scheduler brings them: an item answered into (or still
//! in) a learning step waits apart until it is due, then goes before the reviews and new items
//! left; when nothing else is left, one due within the learn-ahead limit (20 minutes, Anki's
//! default) is shown early; beyond that the session waits, and `next_due` says until when.

use super::{Answer, CardState, Scheduler};
use std::collections::{HashMap, VecDeque};

#[derive(Debug, Clone)]
struct Done {
    /// The answer's row in the review log.
    log_id: i64,
    item: String,
    before: Option<CardState>,
    /// The answer put the item back at the end of the queue (it is still learning).
    requeued: bool,
}

/// Anki's default learn-ahead limit: how early a learning card is shown when nothing else is left.
pub const LEARN_AHEAD_MS: i64 = 20 * 60_000;

#[derive(Debug, Clone, Default)]
pub struct Session {
    queue: VecDeque<String>,
    /// Items answered into a learning step this session, waiting until they are due again.
    learning: Vec<String>,
    done: Vec<Done>,
}

impl Session {
    pub fn new(queue: Vec<String>) -> Session {
        Session {
            queue: queue.into(),
            learning: Vec::new(),
            done: Vec::new(),
        }
    }

    /// The item to show now.
    pub fn current(&self) -> Option<&str> {
        self.queue.front().map(String::as_str)
    }

    /// Items still to show, the learning ones waiting included.
    pub fn remaining(&self) -> usize {
        self.queue.len() + self.learning.len()
    }

    /// Brings learning items forward by the clock: those due by `now_ms` go first (earliest
    /// first); when nothing else is left, the earliest due within `LEARN_AHEAD_MS` does.
    /// Called after each answer and while the session waits.
    pub fn advance(&mut self, states: &HashMap<String, CardState>, now_ms: i64) {
        let due = |id: &String| states.get(id).map_or(i64::MIN, |s| s.due_ms);
        let mut ready: Vec<String> = Vec::new();
        self.learning.retain(|id| {
            let is_due = due(id) <= now_ms;
            if is_due {
                ready.push(id.clone());
            }
            !is_due
        });
        ready.sort_by_key(|id| std::cmp::Reverse(due(id)));
        for id in ready {
            self.queue.push_front(id);
        }
        if self.queue.is_empty()
            && let Some((i, _)) = self
                .learning
                .iter()
                .enumerate()
                .filter(|(_, id)| due(id) <= now_ms.saturating_add(LEARN_AHEAD_MS))
                .min_by_key(|(_, id)| due(id))
        {
            let id = self.learning.remove(i);
            self.queue.push_front(id);
        }
    }

    /// When the session waits (nothing to show, learning items later than the learn-ahead
    /// limit): when the first of them is due.
    pub fn next_due(&self, states: &HashMap<String, CardState>) -> Option<i64> {
        if !self.queue.is_empty() {
            return None;
        }
        self.learning
            .iter()
            .filter_map(|id| states.get(id).map(|s| s.due_ms))
            .min()
    }

    /// Answers given (and not undone) in this session.
    pub fn answered_count(&self) -> usize {
        self.done.len()
    }

    /// The current item was answered and logged as `log_id`: its state moves on, it leaves the
    /// front of the queue, and if it is still in (re)learning it comes back at the end, as Anki
    /// shows learning cards again within the session.
    pub fn answered(
        &mut self,
        log_id: i64,
        answer: &Answer,
        states: &mut HashMap<String, CardState>,
        sched: &Scheduler,
    ) -> CardState {
        if self.queue.front() == Some(&answer.item) {
            self.queue.pop_front();
        }
        let before = states.get(&answer.item).cloned();
        let after = sched.apply(&before.clone().unwrap_or_default(), answer);
        let requeued = after.phase.is_learning();
        if requeued {
            self.learning.push(answer.item.clone());
        }
        states.insert(answer.item.clone(), after.clone());
        self.done.push(Done {
            log_id,
            item: answer.item.clone(),
            before,
            requeued,
        });
        self.advance(states, answer.at_ms);
        after
    }

    /// Takes an item out of the rest of the session without an answer (it was suspended, or
    /// no loaded deck has it).
    pub fn drop_item(&mut self, item: &str) {
        self.queue.retain(|i| i != item);
        self.learning.retain(|i| i != item);
    }

    /// Puts an item back at the front of the queue (its suspension was undone).
    pub fn put_back(&mut self, item: String) {
        self.queue.retain(|i| *i != item);
        self.learning.retain(|i| *i != item);
        self.queue.push_front(item);
    }

    /// Undoes the latest answer: the item's state is restored and it returns to the front of the
    /// queue. Returns the log id to delete, or `None` when nothing is left to undo.
    pub fn undo(&mut self, states: &mut HashMap<String, CardState>) -> Option<i64> {
        let done = self.done.pop()?;
        if done.requeued {
            if let Some(pos) = self.learning.iter().rposition(|i| *i == done.item) {
                self.learning.remove(pos);
            } else if let Some(pos) = self.queue.iter().rposition(|i| *i == done.item) {
                self.queue.remove(pos);
            }
        }
        match done.before {
            Some(state) => states.insert(done.item.clone(), state),
            None => states.remove(&done.item),
        };
        self.queue.push_front(done.item);
        Some(done.log_id)
    }
}
