//! `decks` due/new counts, `stats`, `leeches` and `unsuspend` through the real binary, on a
//! review log written through the store.

mod common;

use common::kubedrill;
use kubedrill::srs::{Answer, DAY_MS, Mode, Rating};
use kubedrill::store::{Flags, Store, now_ms};
use serde_json::Value;
use std::process::Output;

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn answer(item: &str, at_ms: i64, rating: Rating) -> Answer {
    Answer {
        item: item.into(),
        at_ms,
        rating,
        duration_ms: 3000,
        mode: Mode::Review,
        correct: None,
    }
}

#[test]
fn decks_show_due_and_new_counts() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_ms();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        // Again on a new item an hour ago: a learning item due since 59 minutes.
        store
            .record(&answer(
                "interview-traps/one-pod-per-node-exceptions",
                now - 3_600_000,
                Rating::Again,
            ))
            .unwrap();
    }
    let decks = json(&kubedrill(dir.path(), &["decks", "--json"]));
    let traps = decks["decks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "interview-traps")
        .unwrap()
        .clone();
    let basics = decks["decks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "daemonset-basics")
        .unwrap()
        .clone();
    assert_eq!(traps["due"], 1, "the learning item is due");
    // 20 new a day per deck, one already introduced today; just after midnight UTC the answer an hour
    // ago was yesterday's and used yesterday's allowance. Either way no more are new than the
    // deck has unseen items (one of them is answered).
    let day = |ms: i64| ms.div_euclid(86_400_000);
    let allowance = if day(now - 3_600_000) == day(now) {
        19
    } else {
        20
    };
    let unseen = traps["items"].as_i64().unwrap() - 1;
    let new_left = allowance.min(unseen);
    assert_eq!(
        traps["new"], new_left,
        "one new item introduced an hour ago"
    );
    assert_eq!(basics["due"], 0);
    // Each deck has its own daily budget: another deck's introduction does not use it.
    assert_eq!(basics["new"], 20);
}

#[test]
fn stats_report_the_seeded_history() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_ms();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store
            .record(&answer(
                "daemonset-basics/what-a-daemonset-runs",
                now - DAY_MS,
                Rating::Good,
            ))
            .unwrap();
        store
            .record(&answer(
                "daemonset-basics/what-a-daemonset-runs",
                now - 1000,
                Rating::Good,
            ))
            .unwrap();
    }
    let stats = json(&kubedrill(dir.path(), &["stats", "--json"]));
    assert_eq!(stats["totalAnswers"], 2);
    assert_eq!(stats["streakDays"], 2);
    assert_eq!(stats["reviewsPerDay"].as_array().unwrap().len(), 30);
    // Good, Good: the item went through both learning steps and graduated to Review.
    assert_eq!(stats["byState"]["review"], 1);
    // Every other shipped item (table cells are asked only in compare and quizzes) is new.
    let (library, _) = kubedrill::deck::load_shipped();
    let items = library
        .decks
        .iter()
        .flat_map(|d| d.items())
        .filter(|i| i.kind != kubedrill::deck::ItemKind::TableCell)
        .count();
    assert_eq!(stats["byState"]["new"], items - 1);
    let text = kubedrill(dir.path(), &["stats"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with("answers: 1 today, 2 in 7 days, 2 in 30 days, 2 in all\nstreak: 2 days\n"),
        "{text}"
    );
}

#[test]
fn leeches_are_listed_and_can_be_unsuspended() {
    let dir = tempfile::tempdir().unwrap();
    let item = "interview-traps/deployment-not-random";
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let mut t = now_ms() - 200 * DAY_MS;
        store.record(&answer(item, t, Rating::Easy)).unwrap();
        // Eight lapses, each followed by relearning back to Review.
        for _ in 0..8 {
            t += 10 * DAY_MS;
            store.record(&answer(item, t, Rating::Again)).unwrap();
            t += 15 * 60_000;
            store.record(&answer(item, t, Rating::Good)).unwrap();
        }
        // The review session suspends an item when it becomes a leech.
        store
            .set_flags(
                item,
                Flags {
                    suspended: true,
                    leech: true,
                },
            )
            .unwrap();
    }
    let out = kubedrill(dir.path(), &["leeches"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{item}  8 lapses  suspended\n1 leech; `kubedrill unsuspend ID` brings one back\n")
    );
    // `suspended` lists every suspended item and why: the leech, and one suspended by hand.
    let by_hand = "daemonset-basics/what-a-daemonset-runs";
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store
            .set_flags(
                by_hand,
                Flags {
                    suspended: true,
                    leech: false,
                },
            )
            .unwrap();
    }
    let out = kubedrill(dir.path(), &["suspended"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "{by_hand}  suspended by you\n{item:<38}  leech: forgotten 8 times\n2 suspended; `kubedrill unsuspend ID` brings one back\n"
        )
    );
    kubedrill(dir.path(), &["unsuspend", by_hand]);
    let out = kubedrill(dir.path(), &["unsuspend", item]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("unsuspended {item}\n")
    );
    let out = kubedrill(dir.path(), &["leeches"]);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with(&format!("{item}  8 lapses  active\n"))
    );
    let again = kubedrill(dir.path(), &["unsuspend", item]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        String::from_utf8(again.stderr)
            .unwrap()
            .contains("is not suspended")
    );
}
