//! Grading results and scores: per item right/wrong with the rule that decided it, and
//! accuracy per rule key, stored as JSON `{"rule": [hits, misses]}`.
//!
//! Rule keys are stable kebab-case strings: the serde names of `RuleKind` (node-name,
//! node-selector, affinity-operator, match-fields, broken-term, empty-terms,
//! untolerated-no-schedule, untolerated-no-execute, automatic-toleration, template-toleration,
//! prefer-no-schedule, insufficient-resource, host-port-conflict) plus the keys below for what `RuleKind` does not cover.

use crate::placement::{Decision, Outcome, RuleKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// A node gets a pod and nothing special let it through.
pub const SCHEDULABLE: &str = "schedulable";
/// `network-unavailable:NoSchedule` tolerated only because of `hostNetwork: true` (R4 row 7).
pub const HOST_NETWORK: &str = "host-network";
/// Is the update strategy valid (R12)?
pub const ROLLOUT_VALIDATION: &str = "rollout-validation";
/// Defaults when maxUnavailable/maxSurge are omitted (R11).
pub const ROLLOUT_DEFAULTS: &str = "rollout-defaults";
/// DaemonSet percentage rounding, always up (R13).
pub const ROLLOUT_ROUNDING: &str = "rollout-rounding";
/// Deployment rounding: maxUnavailable down, maxSurge up (R14).
pub const DEPLOYMENT_ROUNDING: &str = "deployment-rounding";
/// `desiredNumberScheduled` (§7).
pub const STATUS_DESIRED: &str = "status-desired";
/// `currentNumberScheduled` (§7).
pub const STATUS_CURRENT: &str = "status-current";
/// `numberMisscheduled` (§7, trap 4).
pub const STATUS_MISSCHEDULED: &str = "status-misscheduled";

/// §4 NodeResourcesFit: the created pod stays Pending (`RuleKind::InsufficientResource`).
pub const INSUFFICIENT_RESOURCE: &str = "insufficient-resource";
/// §4 NodePorts: the created pod stays Pending (`RuleKind::HostPortConflict`).
pub const HOST_PORT_CONFLICT: &str = "host-port-conflict";

/// Every rule key a drill can produce, for menus of "practise my weakest rule".
pub const RULE_KEYS: [&str; 22] = [
    "node-name",
    "node-selector",
    "affinity-operator",
    "match-fields",
    "broken-term",
    "empty-terms",
    "untolerated-no-schedule",
    "untolerated-no-execute",
    "automatic-toleration",
    "template-toleration",
    "prefer-no-schedule",
    SCHEDULABLE,
    HOST_NETWORK,
    ROLLOUT_VALIDATION,
    ROLLOUT_DEFAULTS,
    ROLLOUT_ROUNDING,
    DEPLOYMENT_ROUNDING,
    STATUS_DESIRED,
    STATUS_CURRENT,
    STATUS_MISSCHEDULED,
    INSUFFICIENT_RESOURCE,
    HOST_PORT_CONFLICT,
];

/// A rule key in words, for the screens: what the rule is about, as a learner would name it.
pub fn rule_title(key: &str) -> &'static str {
    match key {
        "node-name" => "spec.nodeName pins the pod",
        "node-selector" => "nodeSelector labels",
        "affinity-operator" => "a node affinity operator",
        "match-fields" => "node affinity matchFields",
        "broken-term" => "a node affinity term that cannot be read",
        "empty-terms" => "node affinity with no usable term",
        "untolerated-no-schedule" => "an untolerated NoSchedule taint",
        "untolerated-no-execute" => "an untolerated NoExecute taint",
        "automatic-toleration" => "the tolerations the controller adds",
        "template-toleration" => "the DaemonSet's own tolerations",
        "prefer-no-schedule" => "PreferNoSchedule taints (ignored)",
        SCHEDULABLE => "nothing keeps the pod off",
        HOST_NETWORK => "hostNetwork and the network-unavailable taint",
        ROLLOUT_VALIDATION => "update strategy validation",
        ROLLOUT_DEFAULTS => "rolling update defaults",
        ROLLOUT_ROUNDING => "DaemonSet percentage rounding",
        DEPLOYMENT_ROUNDING => "Deployment percentage rounding",
        STATUS_DESIRED => "desiredNumberScheduled",
        STATUS_CURRENT => "currentNumberScheduled",
        STATUS_MISSCHEDULED => "numberMisscheduled",
        INSUFFICIENT_RESOURCE => "not enough free CPU, memory or pods",
        HOST_PORT_CONFLICT => "a host port already taken",
        _ => "another rule",
    }
}

/// `RuleKind`'s serde name, so the keys never drift from the engine's JSON.
pub fn rule_kind_key(kind: RuleKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(s)) => s,
        // A unit variant always serializes as a string; this arm only guards future changes.
        _ => format!("{kind:?}"),
    }
}

/// The rule that decided a node, as a key (requirement 3): for a rejected node, the reason
/// behind its outcome (R3.4: the NoExecute taint for `evicted`, the NoSchedule taint for
/// `keeps-existing`, the name or selection rule for `no-pod`); for a node that gets a pod,
/// what let it through: a template toleration, the hostNetwork-only automatic toleration, an
/// automatic toleration, the DaemonSet's own selection (`selection`), a PreferNoSchedule taint
/// that did not matter, or plain `schedulable`.
pub fn deciding_key(decision: &Decision, selection: Option<&str>) -> (String, &'static str) {
    let pick = |kinds: &[RuleKind]| {
        decision
            .reasons
            .iter()
            .find(|r| kinds.contains(&r.kind))
            .or(decision.reasons.first())
            .map(|r| (rule_kind_key(r.kind), r.rule))
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
                Some((rule_kind_key(n.kind), n.rule))
            } else if host_network.is_some() {
                Some((HOST_NETWORK.to_owned(), "R4"))
            } else if let Some(n) = note(RuleKind::AutomaticToleration) {
                Some((rule_kind_key(n.kind), n.rule))
            } else if let Some(key) = selection {
                Some((key.to_owned(), selection_rule_id(key)))
            } else {
                note(RuleKind::PreferNoSchedule).map(|n| (rule_kind_key(n.kind), n.rule))
            }
        }
    };
    found.unwrap_or_else(|| (SCHEDULABLE.to_owned(), "R3.3"))
}

fn selection_rule_id(key: &str) -> &'static str {
    match key {
        "node-name" => "R3.1",
        "match-fields" => "R6.7",
        "affinity-operator" => "R6.5",
        _ => "R6.1",
    }
}

/// One graded item: a node, or a sub-question (such as `maxUnavailable`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemResult {
    /// The node name or sub-question id.
    pub item: String,
    pub correct: bool,
    /// The engine's answer, as text ("runs", "keep", "3", "valid").
    pub expected: String,
    /// The learner's answer, as text ("-" when none was given).
    pub given: String,
    /// The rule key the item counts toward.
    pub rule: String,
    /// The placement-spec rule id ("R5", "R6.5", "R13", "§7").
    pub rule_id: String,
    /// Why, in the engine's words.
    pub reason: String,
}

/// A graded drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Graded {
    pub items: Vec<ItemResult>,
}

impl Graded {
    pub fn score(&self) -> DrillScore {
        let mut score = DrillScore::default();
        for item in &self.items {
            score.total += 1;
            let entry = score.per_rule.entry(item.rule.clone()).or_insert((0, 0));
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
    pub per_rule: BTreeMap<String, (u32, u32)>,
}

impl DrillScore {
    /// The `per_rule` column of the drill_results table: `{"node-selector":[2,1],...}`.
    pub fn per_rule_json(&self) -> String {
        // A map of strings to integer pairs always serializes.
        serde_json::to_string(&self.per_rule).unwrap_or_else(|_| "{}".to_owned())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_key_has_words() {
        for key in RULE_KEYS {
            assert_ne!(rule_title(key), "another rule", "{key}");
        }
    }
}
