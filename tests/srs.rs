//! The scheduling core through its public API: FSRS agreement, learning steps, modes, leeches,
//! queues, previews, and properties of the log fold that undo relies on.

use kubedrill::srs::{
    Answer, CardState, DAY_MS, HOUR_MS, MINUTE_MS, MemoryState, Mode, Phase, Rating, Scheduler,
    SchedulerConfig, SchedulerError, cram_queue, describe_interval, due_queue, moves_schedule,
};
use proptest::prelude::*;
use rstest::rstest;
use std::collections::{HashMap, HashSet};

/// 2026-01-01T00:00:00Z.
const T0: i64 = 1_767_225_600_000;

fn answer(item: &str, at_ms: i64, rating: Rating, mode: Mode) -> Answer {
    Answer {
        item: item.to_string(),
        at_ms,
        rating,
        duration_ms: 4_000,
        mode,
        correct: None,
    }
}

fn review(at_ms: i64, rating: Rating) -> Answer {
    answer("d/c", at_ms, rating, Mode::Review)
}

fn sched() -> Scheduler {
    Scheduler::default()
}

fn with(config: SchedulerConfig) -> Scheduler {
    Scheduler::new(config).expect("valid test configuration")
}

/// A card that graduated with Easy at `T0`: in Review, due days later.
fn review_card(s: &Scheduler) -> CardState {
    let state = s.apply(&CardState::default(), &review(T0, Rating::Easy));
    assert_eq!(state.phase, Phase::Review);
    state
}

fn ids(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

// ---- agreement with the fsrs crate ----

#[test]
fn memory_follows_fsrs_next_states_step_by_step() {
    let s = sched();
    let model = fsrs::FSRS::default();
    // Good (new), Good a day later, Again after 3 more whole days, Good the same day.
    let log = [
        (T0, Rating::Good),
        (T0 + DAY_MS + HOUR_MS, Rating::Good),
        (T0 + 5 * DAY_MS, Rating::Again),
        (T0 + 5 * DAY_MS + 2 * HOUR_MS, Rating::Good),
    ];
    let elapsed = [0, 1, 3, 0];
    let mut state = CardState::default();
    let mut expected: Option<MemoryState> = None;
    for ((at, rating), days) in log.into_iter().zip(elapsed) {
        let next = model
            .next_states(expected, 0.9, days)
            .expect("fsrs next_states");
        let chosen = match rating {
            Rating::Again => next.again,
            Rating::Hard => next.hard,
            Rating::Good => next.good,
            Rating::Easy => next.easy,
        };
        expected = Some(chosen.memory);
        state = s.apply(&state, &review(at, rating));
        assert_eq!(
            state.memory,
            expected,
            "after {rating:?} at +{}h",
            (at - T0) / HOUR_MS
        );
        if state.phase == Phase::Review {
            let days = chosen.interval.round().max(1.0) as i64;
            assert_eq!(state.due_ms, at + days * DAY_MS);
        }
    }
    assert_eq!(state.phase, Phase::Review);
    assert_eq!((state.reps, state.lapses), (4, 1));
}

#[test]
fn graduation_interval_uses_the_configured_retention() {
    let s = with(SchedulerConfig {
        desired_retention: 0.8,
        ..SchedulerConfig::default()
    });
    let easy = fsrs::FSRS::default()
        .next_states(None, 0.8, 0)
        .expect("fsrs")
        .easy;
    let state = s.apply(&CardState::default(), &review(T0, Rating::Easy));
    assert_eq!(state.due_ms, T0 + easy.interval.round() as i64 * DAY_MS);
}

#[test]
fn retrievability_is_the_desired_retention_one_stability_later() {
    // FSRS-6 defaults (decay 0.1542) and FSRS-5 parameters (decay 0.5): R(S) = 0.9 either way.
    let fsrs5 = fsrs::DEFAULT_PARAMETERS[..19].to_vec();
    for parameters in [Vec::new(), fsrs5] {
        let s = with(SchedulerConfig {
            parameters,
            ..SchedulerConfig::default()
        });
        let state = review_card(&s);
        let memory = state.memory.expect("memory after an answer");
        let at_stability = T0 + (f64::from(memory.stability) * DAY_MS as f64) as i64;
        let r = s.retrievability(&state, at_stability).expect("studied");
        assert!((r - 0.9).abs() < 1e-3, "R = {r}");
        assert!(s.retrievability(&state, T0 + 1000).expect("studied") > 0.99);
    }
}

#[test]
fn retrievability_is_none_for_new_items() {
    assert_eq!(sched().retrievability(&CardState::default(), T0), None);
}

#[test]
fn invalid_configurations_are_refused() {
    let bad = |config: SchedulerConfig| Scheduler::new(config).expect_err("refused");
    let d = SchedulerConfig::default;
    assert_eq!(
        bad(SchedulerConfig {
            desired_retention: 1.0,
            ..d()
        }),
        SchedulerError::InvalidRetention(1.0)
    );
    assert_eq!(
        bad(SchedulerConfig {
            desired_retention: 0.0,
            ..d()
        }),
        SchedulerError::InvalidRetention(0.0)
    );
    assert!(matches!(
        bad(SchedulerConfig {
            desired_retention: f32::NAN,
            ..d()
        }),
        SchedulerError::InvalidRetention(_)
    ));
    assert_eq!(
        bad(SchedulerConfig {
            max_interval_days: 0,
            ..d()
        }),
        SchedulerError::ZeroMaxInterval
    );
    assert_eq!(
        bad(SchedulerConfig {
            parameters: vec![1.0; 5],
            ..d()
        }),
        SchedulerError::InvalidParameters { count: 5 }
    );
}

// ---- learning steps ----

#[test]
fn new_good_goes_to_the_second_learning_step() {
    let state = sched().apply(&CardState::default(), &review(T0, Rating::Good));
    assert_eq!(state.phase, Phase::Learning { step: 1 });
    assert_eq!(state.due_ms, T0 + 10 * MINUTE_MS);
    assert_eq!(
        (state.reps, state.lapses, state.last_review_ms),
        (1, 0, Some(T0))
    );
}

/// Again waits the first step; Hard stays on it but waits as Anki does: the average of the
/// first two steps (1m and 10m: 5.5m).
#[rstest]
#[case::again(Rating::Again, MINUTE_MS)]
#[case::hard(Rating::Hard, 11 * MINUTE_MS / 2)]
fn new_again_or_hard_stays_on_the_first_step(#[case] rating: Rating, #[case] wait: i64) {
    let state = sched().apply(&CardState::default(), &review(T0, rating));
    assert_eq!(state.phase, Phase::Learning { step: 0 });
    assert_eq!(state.due_ms, T0 + wait);
}

/// Hard with a single learning step waits 1.5 times it; on a later step, that step again.
#[test]
fn hard_on_a_single_step_and_on_a_later_step() {
    let one = Scheduler::new(SchedulerConfig {
        learning_steps_mins: vec![10],
        ..SchedulerConfig::default()
    })
    .unwrap();
    let state = one.apply(&CardState::default(), &review(T0, Rating::Hard));
    assert_eq!(state.due_ms, T0 + 15 * MINUTE_MS);
    let s = sched();
    let second = s.apply(&CardState::default(), &review(T0, Rating::Good));
    assert_eq!(second.phase, Phase::Learning { step: 1 });
    let hard = s.apply(&second, &review(T0 + 10 * MINUTE_MS, Rating::Hard));
    assert_eq!(hard.phase, Phase::Learning { step: 1 });
    assert_eq!(hard.due_ms, T0 + 20 * MINUTE_MS);
}

#[test]
fn new_easy_graduates_at_once() {
    let state = sched().apply(&CardState::default(), &review(T0, Rating::Easy));
    assert_eq!(state.phase, Phase::Review);
    assert!(state.due_ms - T0 >= DAY_MS);
    assert_eq!((state.due_ms - T0) % DAY_MS, 0, "whole days");
}

#[test]
fn learning_walks_the_steps_then_graduates() {
    let s = sched();
    let step1 = s.apply(&CardState::default(), &review(T0, Rating::Good));
    let hard = s.apply(&step1, &review(T0 + 10 * MINUTE_MS, Rating::Hard));
    assert_eq!(hard.phase, Phase::Learning { step: 1 });
    assert_eq!(hard.due_ms, T0 + 20 * MINUTE_MS);
    let again = s.apply(&step1, &review(T0 + 10 * MINUTE_MS, Rating::Again));
    assert_eq!(again.phase, Phase::Learning { step: 0 });
    assert_eq!(again.due_ms, T0 + 11 * MINUTE_MS);
    let graduated = s.apply(&step1, &review(T0 + 10 * MINUTE_MS, Rating::Good));
    assert_eq!(graduated.phase, Phase::Review);
    assert!(graduated.due_ms >= T0 + 10 * MINUTE_MS + DAY_MS);
    assert_eq!(graduated.reps, 2);
}

#[test]
fn a_lapse_relearns_for_ten_minutes_and_counts() {
    let s = sched();
    let card = review_card(&s);
    let at = card.due_ms;
    let lapsed = s.apply(&card, &review(at, Rating::Again));
    assert_eq!(lapsed.phase, Phase::Relearning { step: 0 });
    assert_eq!(lapsed.due_ms, at + 10 * MINUTE_MS);
    assert_eq!(lapsed.lapses, 1);
    // Again while relearning is not another lapse.
    let again = s.apply(&lapsed, &review(at + 10 * MINUTE_MS, Rating::Again));
    assert_eq!(
        (again.phase, again.lapses),
        (Phase::Relearning { step: 0 }, 1)
    );
    let back = s.apply(&lapsed, &review(at + 10 * MINUTE_MS, Rating::Good));
    assert_eq!(back.phase, Phase::Review);
    assert!(back.due_ms >= at + 10 * MINUTE_MS + DAY_MS);
    assert_eq!(back.lapses, 1);
}

#[test]
fn without_relearning_steps_a_lapse_stays_in_review() {
    let s = with(SchedulerConfig {
        relearning_steps_mins: vec![],
        ..SchedulerConfig::default()
    });
    let card = review_card(&s);
    let lapsed = s.apply(&card, &review(card.due_ms, Rating::Again));
    assert_eq!(lapsed.phase, Phase::Review);
    assert_eq!(lapsed.lapses, 1);
    assert!(lapsed.due_ms >= card.due_ms + DAY_MS);
}

#[rstest]
#[case::again(Rating::Again)]
#[case::good(Rating::Good)]
fn without_learning_steps_every_grade_graduates(#[case] rating: Rating) {
    let s = with(SchedulerConfig {
        learning_steps_mins: vec![],
        ..SchedulerConfig::default()
    });
    let state = s.apply(&CardState::default(), &review(T0, rating));
    assert_eq!(state.phase, Phase::Review);
    assert!(state.due_ms >= T0 + DAY_MS);
}

#[test]
fn intervals_are_capped_by_max_interval_days() {
    let s = with(SchedulerConfig {
        max_interval_days: 2,
        ..SchedulerConfig::default()
    });
    let state = s.apply(&CardState::default(), &review(T0, Rating::Easy));
    assert_eq!(state.due_ms, T0 + 2 * DAY_MS);
}

// ---- modes ----

#[rstest]
fn cram_changes_nothing(
    #[values(Rating::Again, Rating::Hard, Rating::Good, Rating::Easy)] rating: Rating,
    #[values(0, 1, 2)] which: usize,
) {
    let s = sched();
    let learning = s.apply(&CardState::default(), &review(T0, Rating::Good));
    let states = [CardState::default(), learning, review_card(&s)];
    let state = &states[which];
    let after = s.apply(state, &answer("d/c", T0 + 30 * DAY_MS, rating, Mode::Cram));
    assert_eq!(&after, state);
}

#[rstest]
fn a_wrong_quiz_or_drill_answer_makes_a_review_card_due(
    #[values(Mode::Quiz, Mode::Drill)] mode: Mode,
) {
    let s = sched();
    let card = review_card(&s);
    let at = T0 + HOUR_MS; // days before the card is due
    assert!(card.due_ms > at + DAY_MS);
    let missed = s.apply(&card, &answer("d/c", at, Rating::Again, mode));
    assert_eq!(
        missed,
        s.apply(&card, &review(at, Rating::Again)),
        "exactly a review Again"
    );
    assert_eq!(
        (missed.phase, missed.lapses),
        (Phase::Relearning { step: 0 }, 1)
    );
    let states = HashMap::from([("d/c".to_string(), missed)]);
    let queue = due_queue(
        &states,
        &ids(&["d/c"]),
        &HashSet::new(),
        at + 10 * MINUTE_MS,
        0,
        s.config(),
        &s,
    );
    assert_eq!(queue, ids(&["d/c"]));
}

#[rstest]
fn a_right_quiz_or_drill_answer_changes_nothing(
    #[values(Mode::Quiz, Mode::Drill)] mode: Mode,
    #[values(Rating::Hard, Rating::Good, Rating::Easy)] rating: Rating,
) {
    let s = sched();
    let card = review_card(&s);
    assert_eq!(
        s.apply(&card, &answer("d/c", T0 + HOUR_MS, rating, mode)),
        card
    );
    assert_eq!(
        s.apply(&CardState::default(), &answer("d/c", T0, rating, mode)),
        CardState::default()
    );
}

#[test]
fn learn_mode_schedules_like_review() {
    let s = sched();
    let card = review_card(&s);
    for rating in Rating::ALL {
        let at = card.due_ms;
        assert_eq!(
            s.apply(&card, &answer("d/c", at, rating, Mode::Learn)),
            s.apply(&card, &review(at, rating))
        );
    }
    assert!(moves_schedule(Mode::Learn, Rating::Good));
    assert!(!moves_schedule(Mode::Cram, Rating::Again));
}

// ---- leeches ----

/// Lapses the card `n` times (each lapse relearned with Good), returning the state after each.
fn lapse_repeatedly(s: &Scheduler, n: u32) -> Vec<CardState> {
    let mut state = review_card(s);
    let mut after = Vec::new();
    for _ in 0..n {
        state = s.apply(&state, &review(state.due_ms, Rating::Again));
        after.push(state.clone());
        state = s.apply(&state, &review(state.due_ms, Rating::Good));
        assert_eq!(state.phase, Phase::Review);
    }
    after
}

#[test]
fn leech_is_flagged_exactly_at_the_eighth_lapse() {
    let after = lapse_repeatedly(&sched(), 10);
    for (i, state) in after.iter().enumerate() {
        assert_eq!(state.lapses as usize, i + 1);
        assert_eq!(state.leech, i + 1 >= 8, "after lapse {}", i + 1);
    }
}

#[test]
fn leech_threshold_zero_never_flags() {
    let s = with(SchedulerConfig {
        leech_threshold: 0,
        ..SchedulerConfig::default()
    });
    assert!(lapse_repeatedly(&s, 10).iter().all(|state| !state.leech));
}

// ---- queues ----

fn memory(stability: f32) -> Option<MemoryState> {
    Some(MemoryState {
        stability,
        difficulty: 5.0,
    })
}

fn reviewed(stability: f32, last_ms: i64, due_ms: i64) -> CardState {
    CardState {
        phase: Phase::Review,
        memory: memory(stability),
        due_ms,
        last_review_ms: Some(last_ms),
        reps: 3,
        lapses: 0,
        leech: false,
    }
}

fn learning(due_ms: i64) -> CardState {
    CardState {
        phase: Phase::Learning { step: 0 },
        memory: memory(0.5),
        due_ms,
        last_review_ms: Some(due_ms - MINUTE_MS),
        reps: 1,
        lapses: 0,
        leech: false,
    }
}

/// Now is `T0 + 10 days`. Reviews `r-low`, `r-mid`, `r-high` are due (retrievability low to high
/// by stability); `r-later` and `l-later` are not due yet; `l-1` and `l-2` are learning and due.
fn queue_fixture() -> (HashMap<String, CardState>, i64) {
    let now = T0 + 10 * DAY_MS;
    let states = HashMap::from([
        ("r-high".to_string(), reviewed(60.0, T0, now - DAY_MS)),
        ("r-low".to_string(), reviewed(2.0, T0, now - HOUR_MS)),
        ("r-mid".to_string(), reviewed(8.0, T0, now)),
        ("r-later".to_string(), reviewed(1.0, T0, now + MINUTE_MS)),
        ("l-2".to_string(), learning(now - MINUTE_MS)),
        ("l-1".to_string(), learning(now - 5 * MINUTE_MS)),
        ("l-later".to_string(), learning(now + MINUTE_MS)),
        ("new-state".to_string(), CardState::default()),
    ]);
    (states, now)
}

fn curriculum() -> Vec<String> {
    ids(&[
        "r-high",
        "n-1",
        "r-low",
        "l-2",
        "new-state",
        "r-mid",
        "n-2",
        "r-later",
        "l-1",
        "l-later",
        "n-3",
    ])
}

#[test]
fn due_queue_orders_learning_then_reviews_by_retrievability_then_new() {
    let s = sched();
    let (states, now) = queue_fixture();
    let queue = due_queue(
        &states,
        &curriculum(),
        &HashSet::new(),
        now,
        0,
        s.config(),
        &s,
    );
    assert_eq!(
        queue,
        ids(&[
            "l-1",
            "l-2",
            "r-low",
            "r-mid",
            "r-high",
            "n-1",
            "new-state",
            "n-2",
            "n-3"
        ])
    );
    let r = |id: &str| s.retrievability(&states[id], now).expect("studied");
    assert!(r("r-low") < r("r-mid") && r("r-mid") < r("r-high"));
}

#[rstest]
#[case::fresh_day(0, &["n-1", "new-state"])]
#[case::one_introduced(1, &["n-1"])]
#[case::limit_reached(2, &[])]
#[case::past_the_limit(7, &[])]
fn new_items_are_limited_by_what_is_left_today(
    #[case] introduced: u32,
    #[case] expected_new: &[&str],
) {
    let s = sched();
    let (states, now) = queue_fixture();
    let cfg = SchedulerConfig {
        new_per_day: 2,
        ..SchedulerConfig::default()
    };
    let queue = due_queue(
        &states,
        &curriculum(),
        &HashSet::new(),
        now,
        introduced,
        &cfg,
        &s,
    );
    let mut expected = ids(&["l-1", "l-2", "r-low", "r-mid", "r-high"]);
    expected.extend(ids(expected_new));
    assert_eq!(queue, expected);
}

#[test]
fn suspended_and_unlisted_items_are_excluded() {
    let s = sched();
    let (states, now) = queue_fixture();
    let suspended: HashSet<String> = ids(&["l-1", "r-low", "n-1"]).into_iter().collect();
    // The caller filtered to a deck without "r-mid".
    let items: Vec<String> = curriculum()
        .into_iter()
        .filter(|id| id != "r-mid")
        .collect();
    let queue = due_queue(&states, &items, &suspended, now, 0, s.config(), &s);
    assert_eq!(queue, ids(&["l-2", "r-high", "new-state", "n-2", "n-3"]));
}

#[test]
fn nothing_due_later_and_no_new_left_means_an_empty_queue() {
    let s = sched();
    let (states, now) = queue_fixture();
    let queue = due_queue(
        &states,
        &ids(&["r-later", "l-later"]),
        &HashSet::new(),
        now,
        0,
        s.config(),
        &s,
    );
    assert!(queue.is_empty());
}

#[test]
fn cram_queue_takes_every_studied_item_lowest_retrievability_first() {
    let s = sched();
    let (states, now) = queue_fixture();
    let suspended: HashSet<String> = ids(&["l-2"]).into_iter().collect();
    let queue = cram_queue(&states, &curriculum(), &suspended, now, &s);
    let mut expected = ids(&["r-low", "r-later", "r-mid", "r-high", "l-1", "l-later"]);
    let r = |id: &String| s.retrievability(&states[id], now).expect("studied");
    expected.sort_by(|a, b| r(a).total_cmp(&r(b)));
    assert_eq!(queue, expected);
    assert!(!queue.contains(&"new-state".to_string()) && !queue.contains(&"n-1".to_string()));
}

// ---- previews ----

fn preview_states(s: &Scheduler) -> Vec<CardState> {
    let learning = s.apply(&CardState::default(), &review(T0, Rating::Good));
    let card = review_card(s);
    let relearning = s.apply(&card, &review(card.due_ms, Rating::Again));
    vec![CardState::default(), learning, card, relearning]
}

#[test]
fn next_intervals_agree_with_apply() {
    let s = sched();
    for state in preview_states(&s) {
        for now in [T0 + 20 * MINUTE_MS, T0 + 3 * DAY_MS, T0 + 40 * DAY_MS] {
            let preview = s.next_intervals(&state, now);
            for (i, rating) in Rating::ALL.into_iter().enumerate() {
                let after = s.apply(&state, &answer("d/x", now, rating, Mode::Review));
                assert_eq!(
                    preview[i],
                    after.due_ms - now,
                    "{rating:?} on {:?}",
                    state.phase
                );
            }
        }
    }
}

#[test]
fn a_new_card_previews_like_anki() {
    let s = sched();
    let shown = s
        .next_intervals(&CardState::default(), T0)
        .map(describe_interval);
    let easy = fsrs::FSRS::default()
        .next_states(None, 0.9, 0)
        .expect("fsrs")
        .easy
        .interval;
    let easy = format!("{}d", easy.round());
    assert_eq!(
        shown,
        ["1m".to_string(), "6m".to_string(), "10m".to_string(), easy]
    );
}

#[rstest]
#[case(-5, "0s")]
#[case(30_000, "30s")]
#[case(MINUTE_MS, "1m")]
#[case(10 * MINUTE_MS, "10m")]
#[case(3 * HOUR_MS, "3h")]
#[case(DAY_MS, "1d")]
#[case(12 * DAY_MS, "12d")]
#[case(30 * DAY_MS, "1mo")]
#[case(64 * DAY_MS, "2.1mo")]
#[case(365 * DAY_MS, "1y")]
#[case(511 * DAY_MS, "1.4y")]
#[case::just_under_a_minute_rounds_up_a_unit(59_900, "1m")]
#[case::just_under_an_hour(HOUR_MS - 1_000, "1h")]
#[case::just_under_a_day(DAY_MS - MINUTE_MS, "1d")]
#[case::just_under_thirty_days(30 * DAY_MS - HOUR_MS, "1mo")]
fn describes_intervals_like_anki(#[case] ms: i64, #[case] shown: &str) {
    assert_eq!(describe_interval(ms), shown);
}

// ---- properties ----

const ITEMS: [&str; 3] = ["d/a", "d/b", "d/c"];

fn arb_gap() -> impl Strategy<Value = i64> {
    prop_oneof![0..15 * MINUTE_MS, 0..2 * DAY_MS, 0..200 * DAY_MS]
}

/// Answers on three items with random grades and modes at non-decreasing times.
fn arb_log() -> impl Strategy<Value = Vec<Answer>> {
    let rating = prop::sample::select(Rating::ALL.to_vec());
    let mode = prop::sample::select(Mode::ALL.to_vec());
    let item = prop::sample::select(ITEMS.to_vec());
    prop::collection::vec((item, rating, mode, arb_gap()), 1..80).prop_map(|steps| {
        let mut at = T0;
        steps
            .into_iter()
            .map(|(item, rating, mode, gap)| {
                at += gap;
                answer(item, at, rating, mode)
            })
            .collect()
    })
}

fn arb_config() -> impl Strategy<Value = SchedulerConfig> {
    (
        prop::collection::vec(0u32..2000, 0..4),
        prop::collection::vec(0u32..2000, 0..3),
        0u32..5,
        1u32..400,
        prop::sample::select(vec![0.7f32, 0.85, 0.9, 0.97]),
    )
        .prop_map(
            |(learning, relearning, leech, max_interval, retention)| SchedulerConfig {
                learning_steps_mins: learning,
                relearning_steps_mins: relearning,
                leech_threshold: leech,
                max_interval_days: max_interval,
                desired_retention: retention,
                ..SchedulerConfig::default()
            },
        )
}

/// The state of every item before each answer, and the final states, by applying one by one.
fn one_by_one(
    s: &Scheduler,
    log: &[Answer],
) -> (Vec<HashMap<String, CardState>>, HashMap<String, CardState>) {
    let mut states: HashMap<String, CardState> = HashMap::new();
    let mut before = Vec::new();
    for a in log {
        before.push(states.clone());
        let prev = states.get(&a.item).cloned().unwrap_or_default();
        states.insert(a.item.clone(), s.apply(&prev, a));
    }
    (before, states)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn apply_never_goes_back(config in arb_config(), log in arb_log()) {
        let s = with(config.clone());
        let mut states: HashMap<&str, CardState> = HashMap::new();
        for a in &log {
            let prev = states.get(a.item.as_str()).cloned().unwrap_or_default();
            let next = s.apply(&prev, a);
            if moves_schedule(a.mode, a.rating) {
                prop_assert!(next.due_ms >= a.at_ms, "due {} before answer {}", next.due_ms, a.at_ms);
                prop_assert_eq!(next.reps, prev.reps + 1);
                prop_assert_eq!(next.last_review_ms, Some(a.at_ms));
                prop_assert!(next.memory.is_some());
                if next.phase == Phase::Review {
                    let days = (next.due_ms - a.at_ms) / DAY_MS;
                    prop_assert!(days >= 1 && days <= i64::from(config.max_interval_days));
                    prop_assert_eq!((next.due_ms - a.at_ms) % DAY_MS, 0);
                }
            } else {
                prop_assert_eq!(&next, &prev);
            }
            prop_assert!(next.reps >= prev.reps && next.lapses >= prev.lapses);
            prop_assert!(next.lapses <= prev.lapses + 1);
            prop_assert_eq!(next.leech, config.leech_threshold > 0 && next.lapses >= config.leech_threshold);
            states.insert(a.item.as_str(), next);
        }
    }

    #[test]
    fn replay_equals_applying_one_by_one(config in arb_config(), log in arb_log()) {
        let s = with(config);
        let (_, states) = one_by_one(&s, &log);
        prop_assert_eq!(s.replay(&log), states);
    }

    #[test]
    fn replaying_without_the_last_answer_undoes_it(config in arb_config(), log in arb_log()) {
        let s = with(config);
        let (before, _) = one_by_one(&s, &log);
        let (last, earlier) = log.split_last().expect("non-empty log");
        let undone = s.replay(earlier);
        let expected = before.last().expect("one state map per answer");
        prop_assert_eq!(&undone, expected);
        let prev = undone.get(&last.item).cloned().unwrap_or_default();
        prop_assert_eq!(s.replay(&log).get(&last.item).cloned(), Some(s.apply(&prev, last)));
    }

    #[test]
    fn previews_match_apply_and_grow_with_the_grade(log in arb_log(), wait in arb_gap()) {
        let s = sched();
        let states = s.replay(&log);
        let now = log.last().expect("non-empty log").at_ms + wait;
        for state in states.values() {
            let preview = s.next_intervals(state, now);
            for (i, rating) in Rating::ALL.into_iter().enumerate() {
                let after = s.apply(state, &answer("d/x", now, rating, Mode::Review));
                prop_assert_eq!(preview[i], after.due_ms - now);
            }
            prop_assert!(preview.windows(2).all(|w| w[0] <= w[1]), "{:?} for {:?}", preview, state.phase);
        }
    }

    #[test]
    fn due_queue_is_due_unique_unsuspended_and_limited(
        log in arb_log(),
        wait in arb_gap(),
        suspended in prop::collection::hash_set(prop::sample::select(ITEMS.to_vec()), 0..2),
        introduced in 0u32..3,
    ) {
        let s = sched();
        let cfg = SchedulerConfig { new_per_day: 2, ..SchedulerConfig::default() };
        let states = s.replay(&log);
        let now = log.last().expect("non-empty log").at_ms + wait;
        let mut items = ids(&ITEMS);
        items.extend(ids(&["d/new-1", "d/new-2", "d/new-3"]));
        let suspended: HashSet<String> = suspended.into_iter().map(str::to_string).collect();
        let queue = due_queue(&states, &items, &suspended, now, introduced, &cfg, &s);
        let unique: HashSet<&String> = queue.iter().collect();
        prop_assert_eq!(unique.len(), queue.len());
        let mut new = 0;
        for id in &queue {
            prop_assert!(!suspended.contains(id));
            match states.get(id) {
                Some(state) if state.phase != Phase::New => prop_assert!(state.due_ms <= now),
                _ => new += 1,
            }
        }
        prop_assert!(new <= 2u32.saturating_sub(introduced));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The scheduler computes only the grade given; for any history its memory is exactly what
    /// the crate's `next_states` gives for that grade, answer after answer.
    #[test]
    fn memory_equals_next_states_for_any_history(
        steps in prop::collection::vec((0u32..4, 0i64..40 * 24), 1..25)
    ) {
        let s = sched();
        let model = fsrs::FSRS::default();
        let mut state = CardState::default();
        let mut expected: Option<MemoryState> = None;
        let mut at = T0;
        let mut last: Option<i64> = None;
        for (grade, hours) in steps {
            at += hours * HOUR_MS;
            let rating = Rating::from_number(i64::from(grade) + 1).unwrap();
            let days = last.map_or(0, |l| ((at - l) / DAY_MS) as u32);
            let next = model.next_states(expected, 0.9, days).unwrap();
            expected = Some(match rating {
                Rating::Again => next.again,
                Rating::Hard => next.hard,
                Rating::Good => next.good,
                Rating::Easy => next.easy,
            }.memory);
            state = s.apply(&state, &review(at, rating));
            last = Some(at);
            prop_assert_eq!(state.memory, expected);
        }
    }
}
