//! `stats` reports drill accuracy per rule, weakest first, through the real binary, on drill
//! results written through the store.

mod common;

use common::kubedrill;
use kubedrill::store::{DrillResult, Store, now_ms};
use serde_json::{Value, json};
use std::process::Output;

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn drill(at_ms: i64, hits: &[(&str, u32, u32)]) -> DrillResult {
    DrillResult {
        at_ms,
        seed: u64::MAX - 1,
        difficulty: "medium".into(),
        kind: "placement".into(),
        ..DrillResult::default()
    }
    .with_rules(
        hits.iter()
            .map(|&(rule, h, m)| (rule.to_owned(), (h, m)))
            .collect(),
    )
}

#[test]
fn stats_list_drill_accuracy_weakest_rule_first() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_ms();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store
            .record_drill(&drill(
                now - 2000,
                &[
                    ("node-selector", 3, 0),
                    ("template-toleration", 1, 1),
                    // Written by a newer kubedrill: kept in the log, not counted here.
                    ("a-rule-of-a-newer-kubedrill", 5, 5),
                ],
            ))
            .unwrap();
        store
            .record_drill(&drill(
                now - 1000,
                &[("affinity-operator", 1, 3), ("template-toleration", 1, 0)],
            ))
            .unwrap();
    }
    let text = stdout(&kubedrill(dir.path(), &["stats"]));
    let section = text
        .split_once("drill accuracy by rule (weakest first), 2 drills:\n")
        .unwrap_or_else(|| panic!("no drill section in:\n{text}"))
        .1;
    assert_eq!(
        section,
        "  affinity-operator        1/4  25.0%\n\
         \x20 template-toleration      2/3  66.7%\n\
         \x20 node-selector            3/3 100.0%\n"
    );

    let stats: Value =
        serde_json::from_str(&stdout(&kubedrill(dir.path(), &["stats", "--json"]))).unwrap();
    assert_eq!(stats["drills"], 2);
    assert_eq!(
        stats["drillAccuracy"][0],
        json!({"rule": "affinity-operator", "hits": 1, "misses": 3, "accuracy": 0.25})
    );
    let order: Vec<&str> = stats["drillAccuracy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        ["affinity-operator", "template-toleration", "node-selector"]
    );
}

#[test]
fn stats_say_so_when_no_drill_was_taken() {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(&kubedrill(dir.path(), &["stats"]));
    assert!(
        text.ends_with(
            "drill accuracy by rule: no drills taken yet; finish a drill to see which rules need practice\n"
        ),
        "{text}"
    );
    let stats: Value =
        serde_json::from_str(&stdout(&kubedrill(dir.path(), &["stats", "--json"]))).unwrap();
    assert_eq!(stats["drills"], 0);
    assert_eq!(stats["drillAccuracy"], json!([]));
}
