//! Study statistics over a constructed history.

use kubedrill::srs::{Answer, DAY_MS, MINUTE_MS, Mode, Rating, Scheduler};
use kubedrill::stats::{ItemInfo, compute};
use std::collections::HashSet;

const NOW: i64 = 1_795_467_909_123; // 2026-11-23T21:05:09Z

fn a(item: &str, at_ms: i64, rating: Rating) -> Answer {
    Answer {
        item: item.into(),
        at_ms,
        rating,
        duration_ms: 2000,
        mode: Mode::Review,
        correct: None,
    }
}

fn items(ids: &[(&str, &str)]) -> Vec<ItemInfo> {
    ids.iter()
        .map(|(id, deck)| ItemInfo {
            id: (*id).into(),
            deck: (*deck).into(),
        })
        .collect()
}

#[test]
fn per_day_counts_and_streak() {
    let answers = vec![
        a("d/x", NOW - 3 * DAY_MS, Rating::Good),
        a("d/x", NOW - DAY_MS, Rating::Good),
        a("d/y", NOW - 60_000, Rating::Good),
        a("d/y", NOW - 30_000, Rating::Good),
    ];
    let sched = Scheduler::default();
    let stats = compute(
        &answers,
        &[],
        &sched.replay(&answers),
        &items(&[("d/x", "d"), ("d/y", "d")]),
        &HashSet::new(),
        &sched,
        NOW,
    );
    assert_eq!(stats.reviews_per_day.len(), 30);
    assert_eq!(stats.reviews_per_day.last().unwrap().date, "2026-11-23");
    let counts: Vec<u32> = stats
        .reviews_per_day
        .iter()
        .rev()
        .take(4)
        .map(|d| d.answers)
        .collect();
    assert_eq!(counts, [2, 1, 0, 1]);
    assert_eq!(
        stats.streak_days, 2,
        "today and yesterday; the gap two days ago ends it"
    );
    assert_eq!(stats.total_answers, 4);
}

#[test]
fn a_streak_still_counts_before_todays_first_answer() {
    let answers = vec![
        a("d/x", NOW - 2 * DAY_MS, Rating::Good),
        a("d/x", NOW - DAY_MS, Rating::Good),
    ];
    let sched = Scheduler::default();
    let stats = compute(
        &answers,
        &[],
        &sched.replay(&answers),
        &items(&[("d/x", "d")]),
        &HashSet::new(),
        &sched,
        NOW,
    );
    assert_eq!(stats.streak_days, 2);
}

#[test]
fn retention_counts_review_answers_only() {
    // Easy graduates at once; the two later answers are reviews: one pass, one lapse.
    let t0 = NOW - 20 * DAY_MS;
    let answers = vec![
        a("d/x", t0, Rating::Easy),
        a("d/x", t0 + 10 * DAY_MS, Rating::Good),
        a("d/x", t0 + 19 * DAY_MS, Rating::Again),
    ];
    let sched = Scheduler::default();
    let stats = compute(
        &answers,
        &[],
        &sched.replay(&answers),
        &items(&[("d/x", "d")]),
        &HashSet::new(),
        &sched,
        NOW,
    );
    let total = stats.retention.young.total + stats.retention.mature.total;
    let passed = stats.retention.young.passed + stats.retention.mature.passed;
    assert_eq!((passed, total), (1, 2), "{:?}", stats.retention);
}

#[test]
fn states_forecast_and_mastery() {
    let sched = Scheduler::default();
    let answers = vec![
        // Again on a new item: learning, due in a minute (so due today).
        a("d/learning", NOW - 10 * MINUTE_MS, Rating::Again),
        // Easy, then many successful reviews far apart: a long, stable review item.
        a("d/strong", NOW - 400 * DAY_MS, Rating::Easy),
        a("d/strong", NOW - 300 * DAY_MS, Rating::Easy),
        a("d/strong", NOW - 100 * DAY_MS, Rating::Easy),
    ];
    let states = sched.replay(&answers);
    let all = items(&[
        ("d/learning", "d"),
        ("d/strong", "d"),
        ("d/new", "d"),
        ("e/held", "e"),
    ]);
    let suspended: HashSet<String> = ["e/held".to_owned()].into();
    let stats = compute(&answers, &[], &states, &all, &suspended, &sched, NOW);
    let s = stats.by_state;
    assert_eq!(
        (s.new, s.learning, s.review, s.relearning, s.suspended),
        (1, 1, 1, 0, 1)
    );
    assert_eq!(
        stats.forecast[0],
        1 + u32::from(states["d/strong"].due_ms <= NOW),
        "the learning item is due today"
    );
    assert!(states["d/strong"].memory.unwrap().stability >= 21.0);
    let d = stats.decks.iter().find(|d| d.deck == "d").unwrap();
    assert_eq!((d.items, d.mastered), (3, 1));
}
