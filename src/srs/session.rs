//! A study session: the queue being worked through, and every answer that can still be undone.
//! Pure: the caller records answers in the store and passes their log ids in; undo hands back
//! the id to delete.

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

#[derive(Debug, Clone, Default)]
pub struct Session {
    queue: VecDeque<String>,
    done: Vec<Done>,
}

impl Session {
    pub fn new(queue: Vec<String>) -> Session {
        Session {
            queue: queue.into(),
            done: Vec::new(),
        }
    }

    /// The item to show now.
    pub fn current(&self) -> Option<&str> {
        self.queue.front().map(String::as_str)
    }

    pub fn remaining(&self) -> usize {
        self.queue.len()
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
            self.queue.push_back(answer.item.clone());
        }
        states.insert(answer.item.clone(), after.clone());
        self.done.push(Done {
            log_id,
            item: answer.item.clone(),
            before,
            requeued,
        });
        after
    }

    /// Takes an item out of the rest of the session without an answer (it was suspended, or
    /// no loaded deck has it).
    pub fn drop_item(&mut self, item: &str) {
        self.queue.retain(|i| i != item);
    }

    /// Puts an item back at the front of the queue (its suspension was undone).
    pub fn put_back(&mut self, item: String) {
        self.queue.retain(|i| *i != item);
        self.queue.push_front(item);
    }

    /// Undoes the latest answer: the item's state is restored and it returns to the front of the
    /// queue. Returns the log id to delete, or `None` when nothing is left to undo.
    pub fn undo(&mut self, states: &mut HashMap<String, CardState>) -> Option<i64> {
        let done = self.done.pop()?;
        if done.requeued
            && let Some(pos) = self.queue.iter().rposition(|i| *i == done.item)
        {
            self.queue.remove(pos);
        }
        match done.before {
            Some(state) => states.insert(done.item.clone(), state),
            None => states.remove(&done.item),
        };
        self.queue.push_front(done.item);
        Some(done.log_id)
    }
}
