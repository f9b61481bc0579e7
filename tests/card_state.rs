//! The kept memory states (`card_state`, schema v5): whenever the store trusts them they are
//! exactly a replay of the whole log; every way they can go stale (a write without a
//! scheduler, new settings, a sync merge, an older database, a row edited by hand) makes the
//! next load fold the log again and keep the result.

use kubedrill::deck::{MERGED, current_item};
use kubedrill::srs::{Answer, CardState, Mode, Rating, Scheduler};
use kubedrill::store::{DB_FILE, Store, machine_id};
use kubedrill::study::Study;
use proptest::prelude::*;
use std::collections::HashMap;
use std::path::Path;

const DAY: i64 = 86_400_000;
const MINUTE: i64 = 60_000;
/// 2026-06-01T08:00:00Z.
const T0: i64 = 1_780_300_800_000;

fn answer(item: &str, at_ms: i64, rating: Rating, mode: Mode) -> Answer {
    Answer {
        item: item.to_owned(),
        at_ms,
        rating,
        duration_ms: 3_000,
        mode,
        correct: None,
    }
}

/// The reference: the whole log, mapped to the current cards and replayed after the resets,
/// as a start without kept states computes it.
fn full_replay(store: &Store, scheduler: &Scheduler) -> HashMap<String, CardState> {
    let answers: Vec<Answer> = store
        .answers()
        .unwrap()
        .into_iter()
        .map(|(_, mut a)| {
            a.item = current_item(&a.item).to_owned();
            a
        })
        .collect();
    let mut states = HashMap::new();
    scheduler.replay_into_after_resets(&mut states, &answers, &store.resets().unwrap());
    states
}

/// The app's load: its store keeps the states current from then on.
fn open_app(dir: &Path) -> (Study, Store) {
    let loaded = Study::load_for_app(Some(dir), &[]).unwrap();
    (loaded.study, loaded.store)
}

/// The app opened on `dir`, one answer recorded to the first item, and the store closed.
fn one_answer_recorded(dir: &Path) -> Study {
    let (study, mut store) = open_app(dir);
    store
        .record(&answer(&items()[0], T0, Rating::Good, Mode::Review))
        .unwrap();
    study
}

/// Items to answer: shipped cards, and a pair of a card merged away and the card that kept
/// its fact (an answer to either counts for the kept one).
fn items() -> Vec<String> {
    let (removed, kept) = MERGED[0];
    vec![
        "daemonset-basics/what-is-a-daemonset".to_owned(),
        "taints-and-tolerations/noschedule-effect".to_owned(),
        removed.to_owned(),
        kept.to_owned(),
    ]
}

fn stamp_count(dir: &Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join(DB_FILE)).unwrap();
    conn.query_row("SELECT count(*) FROM card_state_stamp", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn answers_undo_and_reset_through_the_app_keep_the_table_a_full_replay() {
    let dir = tempfile::tempdir().unwrap();
    let items = items();
    let (study, mut store) = open_app(dir.path());
    let scheduler = study.scheduler.clone();
    let mut ids = Vec::new();
    for (n, item) in items.iter().cycle().take(12).enumerate() {
        let rating = [Rating::Good, Rating::Again, Rating::Easy, Rating::Hard][n % 4];
        let at = T0 + n as i64 * 7 * MINUTE + (n as i64 / 4) * DAY;
        ids.push(
            store
                .record(&answer(item, at, rating, Mode::Review))
                .unwrap(),
        );
        let kept = store.kept_card_states(&scheduler).unwrap();
        assert_eq!(
            kept,
            Some(full_replay(&store, &scheduler)),
            "after answer {n}"
        );
    }
    assert!(store.undo(ids[5]).unwrap());
    assert_eq!(
        store.kept_card_states(&scheduler).unwrap(),
        Some(full_replay(&store, &scheduler)),
        "after an undo"
    );
    store.reset(&items[3], T0 + 2 * DAY).unwrap();
    let kept = store.kept_card_states(&scheduler).unwrap().unwrap();
    assert_eq!(kept, full_replay(&store, &scheduler), "after a reset");
    // The merged-away id's answers count for the kept card, never under their own id.
    assert!(!kept.contains_key(&items[2]));
    assert!(kept.contains_key(&items[3]));
}

#[test]
fn a_write_without_a_scheduler_drops_the_stamp_and_the_next_load_folds_and_keeps_again() {
    let dir = tempfile::tempdir().unwrap();
    let (study, mut store) = open_app(dir.path());
    let scheduler = study.scheduler.clone();
    store
        .record(&answer(&items()[0], T0, Rating::Good, Mode::Review))
        .unwrap();
    drop(store);
    assert_eq!(stamp_count(dir.path()), 1);
    // `Store::open` alone has no scheduler to fold with.
    let (mut bare, _) = Store::open(dir.path()).unwrap();
    bare.record(&answer(&items()[1], T0 + DAY, Rating::Again, Mode::Review))
        .unwrap();
    assert_eq!(bare.kept_card_states(&scheduler).unwrap(), None);
    drop(bare);
    let loaded = Study::load(Some(dir.path()), &[]).unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    assert_eq!(loaded.states, full_replay(&store, &scheduler));
    assert_eq!(
        store.kept_card_states(&scheduler).unwrap(),
        Some(loaded.states),
        "the fold was kept"
    );
}

#[test]
fn new_settings_are_not_served_states_folded_under_the_old_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (study, mut store) = open_app(dir.path());
    for n in 0..6 {
        let at = T0 + n * DAY;
        store
            .record(&answer(&items()[0], at, Rating::Good, Mode::Review))
            .unwrap();
    }
    drop(store);
    let old = study.scheduler.clone();
    std::fs::write(
        dir.path().join("config.toml"),
        "desired_retention = 0.8\nlearning_steps = [\"5m\"]\n",
    )
    .unwrap();
    let (study, store) = open_app(dir.path());
    let new = study.scheduler.clone();
    assert_ne!(old.state_fingerprint(), new.state_fingerprint());
    assert_eq!(study.states, full_replay(&store, &new));
    assert_ne!(
        study.states,
        full_replay(&store, &old),
        "the settings matter"
    );
    assert_eq!(store.kept_card_states(&new).unwrap(), Some(study.states));
    assert_eq!(store.kept_card_states(&old).unwrap(), None);
    // Optimized parameters are settings too.
    drop(store);
    let (mut store, _) = Store::open(dir.path()).unwrap();
    let mut fitted = fsrs::DEFAULT_PARAMETERS.to_vec();
    fitted[2] *= 1.5; // the initial stability after Good
    store.save_parameters(&fitted, T0 + 10 * DAY).unwrap();
    drop(store);
    let (study, store) = open_app(dir.path());
    assert_ne!(study.scheduler.state_fingerprint(), new.state_fingerprint());
    assert_eq!(study.states, full_replay(&store, &study.scheduler));
}

#[test]
fn a_sync_that_brings_answers_in_drops_the_stamp() {
    let folder = tempfile::tempdir().unwrap();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    {
        let (_, mut store) = open_app(a.path());
        store
            .record(&answer(&items()[0], T0, Rating::Good, Mode::Review))
            .unwrap();
        let id = machine_id(a.path()).unwrap();
        store.sync(folder.path(), &id, T0 + MINUTE).unwrap();
    }
    let (study, mut store) = open_app(b.path());
    let id = machine_id(b.path()).unwrap();
    let report = store.sync(folder.path(), &id, T0 + 2 * MINUTE).unwrap();
    assert_eq!(report.answers_in, 1);
    assert_eq!(store.kept_card_states(&study.scheduler).unwrap(), None);
    drop(store);
    let (study, store) = open_app(b.path());
    assert_eq!(study.states.len(), 1);
    assert_eq!(
        store.kept_card_states(&study.scheduler).unwrap(),
        Some(full_replay(&store, &study.scheduler))
    );
}

#[test]
fn answers_logged_after_the_stamp_are_folded_in_at_the_next_load() {
    let dir = tempfile::tempdir().unwrap();
    let study = one_answer_recorded(dir.path());
    // Rows the table was not told about (as a writer that knew nothing of it would leave),
    // one of them earlier than the stamped answer.
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    for (item, at) in [(&items()[0], T0 - DAY), (&items()[2], T0 + DAY)] {
        conn.execute(
            "INSERT INTO review_log (item, at_ms, rating, duration_ms, mode) VALUES (?1, ?2, 3, 1000, 'review')",
            rusqlite::params![item, at],
        )
        .unwrap();
    }
    drop(conn);
    let (store, _) = Store::open(dir.path()).unwrap();
    let kept = store.kept_card_states(&study.scheduler).unwrap();
    assert_eq!(kept, Some(full_replay(&store, &study.scheduler)));
    assert_eq!(kept.unwrap()[&items()[0]].reps, 2);
}

#[test]
fn a_row_edited_by_hand_makes_the_table_stale_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let study = one_answer_recorded(dir.path());
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.execute("UPDATE card_state SET stability = NULL", [])
        .unwrap();
    drop(conn);
    let (store, _) = Store::open(dir.path()).unwrap();
    assert_eq!(store.kept_card_states(&study.scheduler).unwrap(), None);
    drop(store);
    let (again, store) = open_app(dir.path());
    assert_eq!(again.states, full_replay(&store, &again.scheduler));
    assert!(store.kept_card_states(&again.scheduler).unwrap().is_some());
}

#[test]
fn the_first_frame_reads_the_log_end_and_the_rest_comes_after() {
    let dir = tempfile::tempdir().unwrap();
    let now = kubedrill::store::now_ms();
    let today = now.div_euclid(DAY) * DAY;
    {
        let (_, mut store) = open_app(dir.path());
        // A five-day streak ending yesterday, and older answers before a gap.
        for d in 1..=5 {
            store
                .record(&answer(
                    &items()[0],
                    today - d * DAY + 60_000,
                    Rating::Good,
                    Mode::Review,
                ))
                .unwrap();
        }
        for d in 8..=9 {
            store
                .record(&answer(
                    &items()[1],
                    today - d * DAY,
                    Rating::Again,
                    Mode::Quiz,
                ))
                .unwrap();
        }
    }
    let (mut study, store) = open_app(dir.path());
    let tail = study.log_tail.expect("kept states: only the end was read");
    assert_eq!(tail.streak_to_today, 0);
    assert_eq!(tail.streak_to_yesterday, 5);
    assert!(study.answers.iter().all(|a| a.at_ms >= tail.since_ms));
    let at_first_frame = study.today_and_streak(now);
    let kept_states = study.states.clone();
    study.complete_log(&store).unwrap();
    assert_eq!(study.log_tail, None);
    assert_eq!(study.answers.len(), 7);
    assert_eq!(study.today_and_streak(now), at_first_frame);
    assert_eq!(at_first_frame, (0, 5));
    assert_eq!(study.states, kept_states);
    assert_eq!(study.states, full_replay(&store, &study.scheduler));
}

#[derive(Debug, Clone)]
enum Op {
    /// Answer item `item` `minutes` after the last answer (negative: the clock went back).
    Answer {
        item: usize,
        minutes: i64,
        rating: Rating,
        mode: Mode,
    },
    /// Undo the answer `back` answers ago (if there is one).
    Undo {
        back: usize,
    },
    Reset {
        item: usize,
    },
    /// Quit and start the app again (the table is read, or folded and kept).
    Restart,
    /// Another retention in config.toml, then a restart.
    Settings {
        retention_percent: u8,
    },
    /// An answer written by a store with no scheduler (a test or a bare command).
    Bare {
        item: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let rating = prop::sample::select(Rating::ALL.to_vec());
    let mode = prop::sample::select(vec![
        Mode::Review,
        Mode::Review,
        Mode::Learn,
        Mode::Quiz,
        Mode::Drill,
        Mode::Cram,
    ]);
    prop_oneof![
        8 => (0..4usize, -30..3_000i64, rating, mode).prop_map(|(item, minutes, rating, mode)| {
            Op::Answer { item, minutes, rating, mode }
        }),
        2 => (0..4usize).prop_map(|back| Op::Undo { back }),
        1 => (0..4usize).prop_map(|item| Op::Reset { item }),
        1 => Just(Op::Restart),
        1 => (80..95u8).prop_map(|retention_percent| Op::Settings { retention_percent }),
        1 => (0..4usize).prop_map(|item| Op::Bare { item }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever happened, a table the store serves is the replay of the whole log, and each
    /// start keeps one again.
    #[test]
    fn the_kept_states_always_equal_a_full_replay(ops in prop::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let items = items();
        let (mut study, mut store) = open_app(dir.path());
        let mut ids = Vec::new();
        let mut at = T0;
        let mut served = 0;
        for op in &ops {
            match op {
                Op::Answer { item, minutes, rating, mode } => {
                    at += minutes * MINUTE;
                    ids.push(store.record(&answer(&items[*item], at, *rating, *mode)).unwrap());
                }
                Op::Undo { back } => {
                    if let Some(pos) = ids.len().checked_sub(back + 1) {
                        store.undo(ids.remove(pos)).unwrap();
                    }
                }
                Op::Reset { item } => {
                    at += MINUTE;
                    store.reset(&items[*item], at).unwrap();
                }
                Op::Restart => {
                    drop(store);
                    (study, store) = open_app(dir.path());
                    prop_assert_eq!(&study.states, &full_replay(&store, &study.scheduler));
                }
                Op::Settings { retention_percent } => {
                    drop(store);
                    std::fs::write(
                        dir.path().join("config.toml"),
                        format!("desired_retention = 0.{retention_percent}\n"),
                    ).unwrap();
                    (study, store) = open_app(dir.path());
                    prop_assert_eq!(&study.states, &full_replay(&store, &study.scheduler));
                }
                Op::Bare { item } => {
                    let (mut bare, _) = Store::open(dir.path()).unwrap();
                    at += MINUTE;
                    ids.push(bare.record(&answer(&items[*item], at, Rating::Good, Mode::Review)).unwrap());
                }
            }
            if let Some(kept) = store.kept_card_states(&study.scheduler).unwrap() {
                served += 1;
                prop_assert_eq!(kept, full_replay(&store, &study.scheduler), "after {:?}", op);
            }
        }
        // Only a bare write stops the table being served until the next start.
        let bare = ops.iter().any(|o| matches!(o, Op::Bare { .. }));
        prop_assert!(bare || served == ops.len(), "served {} of {}", served, ops.len());
        drop(store);
        let (study, store) = open_app(dir.path());
        prop_assert_eq!(
            store.kept_card_states(&study.scheduler).unwrap(),
            Some(full_replay(&store, &study.scheduler))
        );
    }
}
