//! Drill accuracy per rule: sums over drills, weakest first, and its place in `Stats`.

use kubedrill::exercise::drill::RuleKey;
use kubedrill::srs::Scheduler;
use kubedrill::stats::{RuleAccuracy, compute, rule_accuracy};
use kubedrill::store::DrillResult;
use rstest::rstest;
use std::collections::{HashMap, HashSet};

/// The cases name rules by letters; these rules sort by name in the same order as the letters.
const LETTERS: [(&str, RuleKey); 6] = [
    ("a", RuleKey::AffinityOperator),
    ("b", RuleKey::BrokenTerm),
    ("c", RuleKey::EmptyTerms),
    ("idle", RuleKey::HostNetwork),
    ("r", RuleKey::RolloutRounding),
    ("s", RuleKey::StatusDesired),
];

fn key(letter: &str) -> RuleKey {
    LETTERS.iter().find(|(l, _)| *l == letter).unwrap().1
}

fn letter(key: RuleKey) -> &'static str {
    LETTERS.iter().find(|(_, k)| *k == key).unwrap().0
}

fn drill(hits: &[(&str, u32, u32)]) -> DrillResult {
    DrillResult {
        at_ms: 1_000,
        seed: 42,
        difficulty: "easy".into(),
        kind: "placement".into(),
        rule_hits: hits
            .iter()
            .map(|&(rule, h, m)| (key(rule), (h, m)))
            .collect(),
        other_rules: Default::default(),
    }
}

fn tally(rules: &[RuleAccuracy]) -> Vec<(&str, u32, u32)> {
    rules
        .iter()
        .map(|r| (letter(r.rule), r.hits, r.misses))
        .collect()
}

#[rstest]
#[case::no_drills(vec![], vec![])]
#[case::lowest_accuracy_first(
    vec![vec![("a", 9, 1), ("b", 1, 9), ("c", 5, 5)]],
    vec![("b", 1, 9), ("c", 5, 5), ("a", 9, 1)],
)]
#[case::equal_accuracy_more_misses_first(
    vec![vec![("a", 1, 1), ("b", 5, 5)]],
    vec![("b", 5, 5), ("a", 1, 1)],
)]
#[case::one_of_three_ties_two_of_six_exactly(
    vec![vec![("a", 1, 2), ("b", 2, 4)]],
    vec![("b", 2, 4), ("a", 1, 2)],
)]
#[case::full_tie_by_name(
    vec![vec![("b", 3, 1), ("a", 3, 1)]],
    vec![("a", 3, 1), ("b", 3, 1)],
)]
#[case::perfect_rules_last_then_by_name(
    vec![vec![("c", 4, 0), ("b", 0, 1), ("a", 1, 0)]],
    vec![("b", 0, 1), ("a", 1, 0), ("c", 4, 0)],
)]
#[case::summed_across_drills(
    vec![vec![("r", 1, 0), ("s", 2, 0)], vec![("r", 0, 3)], vec![("s", 0, 1)]],
    vec![("r", 1, 3), ("s", 2, 1)],
)]
#[case::never_attempted_rule_left_out(
    vec![vec![("idle", 0, 0), ("r", 1, 1)], vec![("idle", 0, 0)]],
    vec![("r", 1, 1)],
)]
fn weakest_rule_first(
    #[case] drills: Vec<Vec<(&str, u32, u32)>>,
    #[case] expected: Vec<(&str, u32, u32)>,
) {
    let drills: Vec<DrillResult> = drills.iter().map(|d| drill(d)).collect();
    let got = rule_accuracy(&drills);
    assert_eq!(tally(&got), expected);
    for r in &got {
        assert_eq!(r.accuracy, f64::from(r.hits) / f64::from(r.total()));
    }
}

#[test]
fn accuracy_is_the_share_of_hits() {
    let got = rule_accuracy(&[drill(&[("r", 1, 3)])]);
    assert_eq!(got[0].accuracy, 0.25);
}

#[test]
fn stats_count_drills_and_serialize_the_accuracy_in_camel_case() {
    let drills = [drill(&[("b", 1, 1)]), drill(&[("a", 0, 2), ("b", 1, 0)])];
    let stats = compute(
        &[],
        &drills,
        &HashMap::new(),
        &[],
        &HashSet::new(),
        &Scheduler::default(),
        1_795_467_909_123,
    );
    assert_eq!(stats.drills, 2);
    assert_eq!(tally(&stats.drill_accuracy), [("a", 0, 2), ("b", 2, 1)]);
    let json = serde_json::to_value(&stats).unwrap();
    assert_eq!(json["drills"], 2);
    assert_eq!(
        json["drillAccuracy"][1],
        serde_json::json!({"rule": "broken-term", "hits": 2, "misses": 1, "accuracy": 2.0 / 3.0})
    );
}
