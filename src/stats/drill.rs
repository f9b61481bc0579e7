//! Drill accuracy per placement rule, summed over every finished drill, weakest rule first so
//! the learner sees what to practise. Pure: the drill results are passed in.

use crate::exercise::drill::RuleKey;
use crate::store::DrillResult;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// One rule's record over all drills.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleAccuracy {
    pub rule: RuleKey,
    pub hits: u32,
    pub misses: u32,
    /// `hits / (hits + misses)`, in 0..=1.
    pub accuracy: f64,
}

impl RuleAccuracy {
    pub fn total(&self) -> u32 {
        self.hits.saturating_add(self.misses)
    }
}

/// Sums each rule's hits and misses over `results` and orders the rules weakest first: lowest
/// accuracy, then most misses, then by name. A rule never attempted (0 hits, 0 misses) has no
/// accuracy and is left out.
pub fn rule_accuracy(results: &[DrillResult]) -> Vec<RuleAccuracy> {
    let mut sums: BTreeMap<RuleKey, (u32, u32)> = BTreeMap::new();
    for result in results {
        for (rule, &(hits, misses)) in &result.rule_hits {
            let sum = sums.entry(*rule).or_default();
            sum.0 = sum.0.saturating_add(hits);
            sum.1 = sum.1.saturating_add(misses);
        }
    }
    let mut out: Vec<RuleAccuracy> = sums
        .into_iter()
        .filter(|(_, (hits, misses))| hits.saturating_add(*misses) > 0)
        .map(|(rule, (hits, misses))| RuleAccuracy {
            rule,
            hits,
            misses,
            accuracy: f64::from(hits) / (f64::from(hits) + f64::from(misses)),
        })
        .collect();
    out.sort_by(|a, b| {
        weaker(a, b)
            .then(b.misses.cmp(&a.misses))
            .then_with(|| a.rule.as_str().cmp(b.rule.as_str()))
    });
    out
}

/// The rule to practise next: the weakest that was missed at least once (a rule never missed
/// needs no practice, however few its drills).
pub fn weakest_rule(results: &[DrillResult]) -> Option<RuleAccuracy> {
    rule_accuracy(results).into_iter().find(|r| r.misses > 0)
}

/// Compares accuracies exactly (hits_a / total_a vs hits_b / total_b by cross-multiplying), so
/// 1 of 3 and 2 of 6 tie and fall through to the miss count.
fn weaker(a: &RuleAccuracy, b: &RuleAccuracy) -> Ordering {
    let lhs = u64::from(a.hits) * (u64::from(b.hits) + u64::from(b.misses));
    let rhs = u64::from(b.hits) * (u64::from(a.hits) + u64::from(a.misses));
    lhs.cmp(&rhs)
}
