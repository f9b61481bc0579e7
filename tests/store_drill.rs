//! Drill results in the store: round trips in time order (a u64 seed above i64::MAX included)
//! and a row whose rule_hits is not readable.

use kubedrill::store::{DrillResult, Store, StoreError};
use std::collections::BTreeMap;

fn drill(at_ms: i64, seed: u64, hits: &[(&str, u32, u32)]) -> DrillResult {
    DrillResult {
        at_ms,
        seed,
        difficulty: "hard".into(),
        kind: "placement".into(),
        ..DrillResult::default()
    }
    .with_rules(
        hits.iter()
            .map(|&(rule, h, m)| (rule.to_owned(), (h, m)))
            .collect::<BTreeMap<_, _>>(),
    )
}

#[test]
fn drill_results_round_trip_in_time_order_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let late = drill(2_000, u64::MAX, &[("taint-toleration", 3, 1)]);
    let early = drill(
        1_000,
        i64::MAX as u64 + 1,
        &[("node-selector", 2, 0), ("node-affinity", 0, 4)],
    );
    let empty = drill(1_000, 0, &[]);
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        assert!(store.drill_results().unwrap().is_empty());
        let a = store.record_drill(&late).unwrap();
        let b = store.record_drill(&early).unwrap();
        let c = store.record_drill(&empty).unwrap();
        assert!(a < b && b < c, "row ids grow: {a} {b} {c}");
        assert_eq!(
            store.drill_results().unwrap(),
            [early.clone(), empty.clone(), late.clone()],
            "by time, ties by id"
        );
    }
    let (store, _) = Store::open(dir.path()).unwrap();
    let got = store.drill_results().unwrap();
    assert_eq!(got, [early, empty, late]);
    assert_eq!(got[0].seed, 9_223_372_036_854_775_808);
    assert_eq!(got[2].seed, u64::MAX);
}

#[test]
fn a_drill_row_with_unreadable_rule_hits_is_a_bad_row_naming_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    store
        .record_drill(&drill(1_000, 7, &[("node-selector", 1, 0)]))
        .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join("kubedrill.db")).unwrap();
    for (at_ms, rule_hits) in [
        (2_000, r#"{"node-selector": [1, -1]}"#),
        (3_000, "{not json"),
    ] {
        conn.execute(
            "INSERT INTO drill_results (at_ms, seed, difficulty, kind, rule_hits) VALUES (?1, 1, 'easy', 'placement', ?2)",
            rusqlite::params![at_ms, rule_hits],
        )
        .unwrap();
    }
    drop(conn);
    let (store, _) = Store::open(dir.path()).unwrap();
    match store.drill_results() {
        Err(StoreError::BadRow { id, what, .. }) => {
            assert_eq!(id, 2, "the first bad row in time order");
            assert!(what.contains("rule_hits"), "{what}");
            assert!(what.contains("[1, -1]"), "{what}");
        }
        other => panic!("expected a bad row, got {other:?}"),
    }
}
