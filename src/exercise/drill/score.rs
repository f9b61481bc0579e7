//! Grading results and scores: per item right/wrong with the rule that decided it, and
//! accuracy per rule key, stored as JSON `{"rule": [hits, misses]}`.
//!
//! Items count toward a `RuleKey`, stored by its kebab-case text.

use super::RuleKey;
use crate::placement::{Decision, Outcome, RuleKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// The rule that decided a node, as a key (requirement 3): for a rejected node, the reason
/// behind its outcome (R3.4: the NoExecute taint for `evicted`, the NoSchedule taint for
/// `keeps-existing`, the name or selection rule for `no-pod`); for a node that gets a pod,
/// what let it through: a template toleration, the hostNetwork-only automatic toleration, an
/// automatic toleration, the DaemonSet's own selection (`selection`), a PreferNoSchedule taint
/// that did not matter, or plain `schedulable`.
pub fn deciding_key(decision: &Decision, selection: Option<RuleKey>) -> (RuleKey, &'static str) {
    let pick = |kinds: &[RuleKind]| {
        decision
            .reasons
            .iter()
            .find(|r| kinds.contains(&r.kind))
            .or(decision.reasons.first())
            .map(|r| (RuleKey::from_rule_kind(r.kind), r.rule))
    };
    let found = match decision.outcome {
        Outcome::Evicted => pick(&[RuleKind::UntoleratedNoExecute]),
        Outcome::KeepsExisting => pick(&[RuleKind::UntoleratedNoSchedule]),
        Outcome::NoPod => pick(&[
            RuleKind::NodeName,
            RuleKind::NodeSelector,
            RuleKind::AffinityOperator,
            RuleKind::MatchFields,
            RuleKind::BrokenTerm,
            RuleKind::EmptyTerms,
        ]),
        Outcome::Runs => {
            let note = |kind: RuleKind| decision.notes.iter().find(|n| n.kind == kind);
            let host_network = decision.notes.iter().find(|n| {
                n.kind == RuleKind::AutomaticToleration
                    && n.subject
                        .starts_with("node.kubernetes.io/network-unavailable")
            });
            if let Some(n) = note(RuleKind::TemplateToleration) {
                Some((RuleKey::from_rule_kind(n.kind), n.rule))
            } else if host_network.is_some() {
                Some((RuleKey::HostNetwork, "R4"))
            } else if let Some(n) = note(RuleKind::AutomaticToleration) {
                Some((RuleKey::from_rule_kind(n.kind), n.rule))
            } else if let Some(key) = selection {
                Some((key, selection_rule_id(key)))
            } else {
                note(RuleKind::PreferNoSchedule).map(|n| (RuleKey::from_rule_kind(n.kind), n.rule))
            }
        }
    };
    found.unwrap_or((RuleKey::Schedulable, "R3.3"))
}

fn selection_rule_id(key: RuleKey) -> &'static str {
    match key {
        RuleKey::NodeName => "R3.1",
        RuleKey::MatchFields => "R6.7",
        RuleKey::AffinityOperator => "R6.5",
        _ => "R6.1",
    }
}

/// One graded item: a node, or a sub-question (such as `maxUnavailable`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemResult {
    /// The node name or sub-question id.
    pub item: String,
    /// The cluster the node is in, where a drill grades on more than one (write, fix).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub correct: bool,
    /// The engine's answer, as text ("runs", "keep", "3", "valid").
    pub expected: String,
    /// The learner's answer, as text ("-" when none was given).
    pub given: String,
    /// The rule the item counts toward.
    pub rule: RuleKey,
    /// The placement-spec rule id ("R5", "R6.5", "R13", "§7").
    pub rule_id: String,
    /// Why, in the engine's words.
    pub reason: String,
}

/// A graded drill.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Graded {
    pub items: Vec<ItemResult>,
}

impl Graded {
    pub fn score(&self) -> DrillScore {
        let mut score = DrillScore::default();
        for item in &self.items {
            score.total += 1;
            let entry = score.per_rule.entry(item.rule).or_insert((0, 0));
            if item.correct {
                score.right += 1;
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
        score
    }

    pub fn all_correct(&self) -> bool {
        self.items.iter().all(|i| i.correct)
    }
}

/// A drill's score: right out of total, and hits/misses per rule key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DrillScore {
    pub right: u32,
    pub total: u32,
    /// rule key → (hits, misses); serializes as `{"rule": [hits, misses]}`.
    pub per_rule: BTreeMap<RuleKey, (u32, u32)>,
}

impl DrillScore {
    /// The `per_rule` column of the drill_results table: `{"node-selector":[2,1],...}`.
    pub fn per_rule_json(&self) -> String {
        // Keyed by the rules' text, in its order, as the store writes it; a map of strings to
        // integer pairs always serializes.
        let by_text: BTreeMap<&str, (u32, u32)> = self
            .per_rule
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        serde_json::to_string(&by_text).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Accuracy in [0, 1]; 1 for an empty drill.
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            f64::from(self.right) / f64::from(self.total)
        }
    }
}
