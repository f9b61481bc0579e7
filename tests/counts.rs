//! One definition of due, new and items (Study::counts), shown alike by Home, `kubedrill decks`
//! and `kubedrill stats`; new items are limited per deck, as Anki's deck option, with an
//! optional cap over all decks.

mod common;

use common::kubedrill;
use kubedrill::srs::{Answer, Mode, Rating};
use kubedrill::store::{Store, now_ms};
use kubedrill::study::Study;

const DAY: i64 = 86_400_000;

fn answer(item: &str, at_ms: i64, rating: Rating) -> Answer {
    Answer {
        item: item.into(),
        at_ms,
        rating,
        duration_ms: 1000,
        mode: Mode::Review,
        correct: None,
    }
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn home_decks_and_stats_count_alike() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_ms();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        // Items learned weeks ago in two decks: some overdue now, none due within hours.
        for (i, item) in [
            "daemonset-basics/what-a-daemonset-runs",
            "daemonset-basics/exactly-one-pod-on-every-node",
            "node-selection/nodeselector-exact-match",
        ]
        .iter()
        .enumerate()
        {
            store
                .record(&answer(item, now - (40 + i as i64) * DAY, Rating::Easy))
                .unwrap();
        }
        // Two new items introduced today in one deck: its new budget shrinks by two. One was
        // answered Good: it is learning, back at its 10-minute step (later today).
        for (item, rating) in [
            ("taints-and-tolerations/taint-parts", Rating::Easy),
            (
                "taints-and-tolerations/noexecute-auto-tolerations",
                Rating::Good,
            ),
        ] {
            store.record(&answer(item, now - 60_000, rating)).unwrap();
        }
    }
    let study = Study::load(Some(dir.path()), &[]).unwrap();
    let counts = study.counts(now);
    let decks = json(&kubedrill(dir.path(), &["decks", "--json"]));
    let stats = json(&kubedrill(dir.path(), &["stats", "--json"]));
    for (row, json_row) in counts.decks.iter().zip(decks["decks"].as_array().unwrap()) {
        assert_eq!(json_row["id"], row.deck.as_str());
        assert_eq!(
            (
                json_row["due"].as_u64(),
                json_row["new"].as_u64(),
                json_row["later"].as_u64(),
                json_row["items"].as_u64()
            ),
            (
                Some(row.due as u64),
                Some(row.new as u64),
                Some(row.later as u64),
                Some(row.items as u64)
            ),
            "{}",
            row.deck
        );
    }
    assert_eq!(stats["dueNow"].as_u64(), Some(counts.total.due as u64));
    assert_eq!(stats["newNow"].as_u64(), Some(counts.total.new as u64));
    assert_eq!(
        stats["laterToday"].as_u64(),
        Some(counts.total.later as u64)
    );
    // The learning item is due in about nine minutes: later today, unless today ends first.
    let day_end = (now / DAY + 1) * DAY;
    let later = usize::from(now + 9 * 60_000 < day_end);
    assert_eq!(counts.total.later, later, "{counts:?}");
    // Home shows the same numbers.
    let app = kubedrill::tui::App::new(
        kubedrill::tui::app::Context {
            study,
            theme: kubedrill::tui::Theme { color: false },
            gates: Default::default(),
            seed: 1,
            now_ms: now,
            notices: Vec::new(),
        },
        kubedrill::tui::Start::Home,
    )
    .unwrap();
    let kubedrill::tui::app::Screen::Home(home) = &app.screen else {
        panic!()
    };
    assert_eq!(
        (home.due, home.new, home.later),
        (counts.total.due, counts.total.new, counts.total.later)
    );
    for (row, c) in home.rows.iter().zip(&counts.decks) {
        assert_eq!(
            (row.due, row.new, row.later, row.items),
            (c.due, c.new, c.later, c.items),
            "{}",
            row.id
        );
    }
    // Each deck has its own budget: one that introduced two today offers 18 more.
    let taints = counts
        .decks
        .iter()
        .find(|d| d.deck == "taints-and-tolerations")
        .unwrap();
    assert_eq!(taints.new, 18);
    let basics = counts
        .decks
        .iter()
        .find(|d| d.deck == "daemonset-basics")
        .unwrap();
    assert_eq!(basics.new, 20, "another deck's new items do not use it up");
    // All decks together: Anki's parent-deck limit, 20 by default, less the two introduced.
    assert_eq!(counts.total.new, 18);
    assert!(
        counts.total.due >= 3,
        "the old items are overdue: {counts:?}"
    );
}

#[test]
fn a_total_cap_limits_new_items_over_all_decks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), "new_per_day_total = 25\n").unwrap();
    let study = Study::load(Some(dir.path()), &[]).unwrap();
    let counts = study.counts(now_ms());
    assert_eq!(counts.total.new, 25);
    assert!(
        counts.decks.iter().all(|d| d.new == d.items.min(20)),
        "{counts:?}"
    );
}

#[test]
fn studying_all_decks_takes_new_items_from_each_deck_in_turn() {
    let dir = tempfile::tempdir().unwrap();
    let study = Study::load(Some(dir.path()), &[]).unwrap();
    let items: Vec<String> = study.items().into_iter().map(|i| i.id).collect();
    let queue = kubedrill::srs::due_queue_decks(
        &study.states,
        &items,
        &study.suspended(),
        now_ms(),
        &study.introduced_today_by_deck(now_ms()),
        study.scheduler.config(),
        &study.scheduler,
    );
    assert_eq!(queue.len(), 20);
    let decks: std::collections::BTreeSet<&str> =
        queue.iter().map(|id| kubedrill::srs::deck_of(id)).collect();
    assert_eq!(
        decks.len(),
        study.library.decks.len(),
        "every deck gives some: {queue:?}"
    );
}
