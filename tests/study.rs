//! The start-up shortcuts agree with the plain definitions: today's count and the streak read
//! only the end of the log, new items introduced today compare today's answers with `reps`.

#[path = "tui/common.rs"]
mod common;

use common::NOW;
use kubedrill::srs::{Answer, DAY_MS, HOUR_MS, Mode, Rating, moves_schedule};
use kubedrill::stats::day_of;
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

fn naive_streak(answers: &[Answer], now: i64) -> (usize, u32) {
    let today = day_of(now);
    let days: HashSet<i64> = answers.iter().map(|a| day_of(a.at_ms)).collect();
    let count = answers.iter().filter(|a| day_of(a.at_ms) == today).count();
    let mut day = if days.contains(&today) {
        today
    } else {
        today - 1
    };
    let mut streak = 0;
    while days.contains(&day) {
        streak += 1;
        day -= 1;
    }
    (count, streak)
}

fn naive_introduced(answers: &[Answer], now: i64) -> u32 {
    let mut first: HashMap<&str, i64> = HashMap::new();
    for a in answers {
        if moves_schedule(a.mode, a.rating) {
            first.entry(a.item.as_str()).or_insert(a.at_ms);
        }
    }
    first
        .values()
        .filter(|&&at| day_of(at) == day_of(now))
        .count() as u32
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn shortcuts_agree_with_the_definitions(
        raw in prop::collection::vec((0usize..6, 0i64..24 * 12, 0u32..4, 0usize..5), 0..120)
    ) {
        let items = ["d/a", "d/b", "d/c", "d/d", "d/e", "d/f"];
        let modes = [Mode::Review, Mode::Quiz, Mode::Drill, Mode::Learn, Mode::Cram];
        let mut answers: Vec<Answer> = raw
            .into_iter()
            .map(|(i, hours_ago, r, m)| Answer {
                item: items[i].into(),
                at_ms: NOW - hours_ago * HOUR_MS,
                rating: Rating::from_number(i64::from(r) + 1).unwrap(),
                duration_ms: 1,
                mode: modes[m],
                correct: None,
            })
            .collect();
        answers.sort_by_key(|a| a.at_ms);
        // The decks play no part here; an empty library keeps each case quick.
        let scheduler = kubedrill::srs::Scheduler::default();
        let s = kubedrill::study::Study {
            library: Default::default(),
            states: scheduler.replay(&answers),
            scheduler,
            answers: answers.clone(),
            flags: HashMap::new(),
            lessons: HashMap::new(),
            drills: Vec::new(),
            last_sync: None,
            log_tail: None,
        };
        prop_assert_eq!(s.today_and_streak(NOW), naive_streak(&answers, NOW));
        prop_assert_eq!(s.new_introduced_today(NOW), naive_introduced(&answers, NOW));
        // Later in the day and the next day too.
        prop_assert_eq!(s.today_and_streak(NOW + DAY_MS), naive_streak(&answers, NOW + DAY_MS));
        prop_assert_eq!(s.new_introduced_today(NOW + DAY_MS), naive_introduced(&answers, NOW + DAY_MS));
    }
}

/// Loading replays the log on a second thread, batch by batch, while it is read; the result is
/// the plain replay of the whole log, across batch boundaries.
#[test]
fn loading_replays_the_log_as_a_plain_replay_does() {
    let dir = tempfile::tempdir().unwrap();
    let items = [
        "daemonset-basics/what-a-daemonset-runs",
        "node-selection/nodeselector-exact-match",
        "d/unknown-item",
    ];
    let mut answers = Vec::new();
    for i in 0..9_000i64 {
        answers.push(Answer {
            item: items[(i % 3) as usize].into(),
            at_ms: NOW - 400 * DAY_MS + i * 3 * HOUR_MS,
            rating: Rating::from_number(1 + (i * 7 % 4)).unwrap(),
            duration_ms: 1_000,
            mode: if i % 5 == 0 { Mode::Quiz } else { Mode::Review },
            correct: None,
        });
    }
    {
        let (mut store, _) = kubedrill::store::Store::open(dir.path()).unwrap();
        for a in &answers {
            store.record(a).unwrap();
        }
    }
    let study = kubedrill::study::Study::load(Some(dir.path()), &[]).unwrap();
    assert_eq!(study.answers, answers);
    assert_eq!(
        study.states,
        kubedrill::srs::Scheduler::default().replay(&answers)
    );
}
