//! A study session: answering moves through the queue, learning items come back, and undo
//! (several levels) restores the state and puts the item at the front, with the log id to delete.

use kubedrill::srs::{Answer, CardState, Mode, Rating, Scheduler, Session};
use kubedrill::store::Store;
use proptest::prelude::*;
use std::collections::HashMap;

fn a(item: &str, at_ms: i64, rating: Rating) -> Answer {
    Answer {
        item: item.into(),
        at_ms,
        rating,
        duration_ms: 1000,
        mode: Mode::Review,
        correct: None,
    }
}

#[test]
fn answering_moves_on_and_learning_items_come_back() {
    let sched = Scheduler::default();
    let mut states = HashMap::new();
    let mut s = Session::new(vec!["d/a".into(), "d/b".into()]);
    assert_eq!(s.current(), Some("d/a"));
    let after = s.answered(1, &a("d/a", 1_000, Rating::Again), &mut states, &sched);
    assert!(after.phase.is_learning());
    assert_eq!(s.current(), Some("d/b"));
    s.answered(2, &a("d/b", 2_000, Rating::Easy), &mut states, &sched);
    assert_eq!(
        s.current(),
        Some("d/a"),
        "the learning item comes back at the end"
    );
    assert_eq!(s.remaining(), 1);
}

#[test]
fn multi_level_undo_restores_states_and_the_queue() {
    let sched = Scheduler::default();
    let mut states = HashMap::new();
    let mut s = Session::new(vec!["d/a".into(), "d/b".into(), "d/c".into()]);
    s.answered(10, &a("d/a", 1_000, Rating::Good), &mut states, &sched);
    s.answered(11, &a("d/b", 2_000, Rating::Easy), &mut states, &sched);
    s.answered(12, &a("d/c", 3_000, Rating::Easy), &mut states, &sched);
    assert_eq!(s.undo(&mut states), Some(12));
    assert_eq!(s.current(), Some("d/c"));
    assert!(!states.contains_key("d/c"), "c was new before its answer");
    assert_eq!(s.undo(&mut states), Some(11));
    assert_eq!(s.current(), Some("d/b"));
    assert_eq!(s.answered_count(), 1);
    // The learning item a (requeued at the end) is still in the queue exactly once.
    assert_eq!(s.remaining(), 3);
    assert_eq!(s.undo(&mut states), Some(10));
    assert_eq!(s.current(), Some("d/a"));
    assert_eq!(
        s.remaining(),
        3,
        "a is back at the front, not also at the end"
    );
    assert_eq!(s.undo(&mut states), None);
}

#[test]
fn undo_through_the_store_leaves_the_log_matching_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    let sched = Scheduler::default();
    let mut states = HashMap::new();
    let mut s = Session::new(vec!["d/a".into(), "d/b".into(), "d/c".into()]);
    for (i, rating) in [Rating::Good, Rating::Again, Rating::Easy]
        .into_iter()
        .enumerate()
    {
        let item = s.current().unwrap().to_owned();
        let ans = a(&item, 1_000 * (i as i64 + 1), rating);
        let id = store.record(&ans).unwrap();
        s.answered(id.0, &ans, &mut states, &sched);
    }
    let undone = s.undo(&mut states).unwrap();
    assert!(store.undo(kubedrill::store::AnswerId(undone)).unwrap());
    let log: Vec<Answer> = store
        .answers()
        .unwrap()
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    assert_eq!(log.len(), 2);
    assert_eq!(
        sched.replay(&log),
        states,
        "the session's states are the log's"
    );
}

proptest! {
    #[test]
    fn answering_then_undoing_everything_returns_to_the_start(ratings in prop::collection::vec(1i64..=4, 1..25)) {
        let sched = Scheduler::default();
        let items: Vec<String> = (0..5).map(|i| format!("d/{i}")).collect();
        let mut s = Session::new(items.clone());
        let mut states: HashMap<String, CardState> = HashMap::new();
        let mut t = 1_000;
        for (n, r) in ratings.iter().enumerate() {
            let Some(item) = s.current().map(str::to_owned) else { break };
            t += 60_000;
            s.answered(n as i64, &a(&item, t, Rating::from_number(*r).unwrap()), &mut states, &sched);
        }
        while s.undo(&mut states).is_some() {}
        prop_assert!(states.is_empty());
        prop_assert_eq!(s.current(), Some("d/0"));
        prop_assert_eq!(s.remaining(), items.len());
    }
}

const MIN: i64 = 60_000;

/// Anki's v3 order with a fake clock: a card answered Again comes back once its minute is up,
/// before the new cards still waiting, not after all of them.
#[test]
fn a_learning_card_comes_back_when_due_between_new_cards() {
    let sched = Scheduler::default();
    let mut states = HashMap::new();
    let items: Vec<String> = (1..=5).map(|i| format!("d/n{i}")).collect();
    let mut s = Session::new(items);
    s.answered(1, &a("d/n1", 0, Rating::Again), &mut states, &sched);
    assert_eq!(s.current(), Some("d/n2"), "not due yet: the next new card");
    s.answered(2, &a("d/n2", 30_000, Rating::Easy), &mut states, &sched);
    assert_eq!(s.current(), Some("d/n3"));
    s.answered(3, &a("d/n3", 70_000, Rating::Easy), &mut states, &sched);
    assert_eq!(
        s.current(),
        Some("d/n1"),
        "due after a minute: back before n4"
    );
    s.answered(4, &a("d/n1", 80_000, Rating::Easy), &mut states, &sched);
    assert_eq!(s.current(), Some("d/n4"));
}

/// When only learning cards are left: one due within 20 minutes is shown early (Anki's
/// learn-ahead limit); one due later makes the session wait, and it comes back when due.
#[test]
fn only_learning_left_learns_ahead_or_waits() {
    let sched = Scheduler::default();
    let mut states = HashMap::new();
    let mut s = Session::new(vec!["d/a".into()]);
    // Good: the second step, 10 minutes: within the limit, shown at once.
    s.answered(1, &a("d/a", 0, Rating::Good), &mut states, &sched);
    assert_eq!(s.current(), Some("d/a"));
    assert_eq!(s.next_due(&states), None);
    // Steps of 30 and 60 minutes: Again waits 30, past the limit.
    let thirty = Scheduler::new(kubedrill::srs::SchedulerConfig {
        learning_steps_mins: vec![30, 60],
        ..Default::default()
    })
    .unwrap();
    let mut states = HashMap::new();
    let mut s = Session::new(vec!["d/b".into()]);
    s.answered(1, &a("d/b", 0, Rating::Again), &mut states, &thirty);
    assert_eq!(
        s.current(),
        None,
        "30 minutes is past the learn-ahead limit"
    );
    assert_eq!(s.next_due(&states), Some(30 * MIN));
    assert_eq!(s.remaining(), 1);
    s.advance(&states, 9 * MIN);
    assert_eq!(s.current(), None);
    s.advance(&states, 10 * MIN);
    assert_eq!(s.current(), Some("d/b"), "within 20 minutes of due: shown");
}
