//! The rule a graded item counts toward: one enum for scoring, the drill log and the per-rule
//! stats, so a new rule is one variant and the compiler finds its title, its rule id and the
//! kind that practises it.
//!
//! The stored text of a key is its serde name (kebab-case). The placement keys are exactly the
//! serde names of the engine's `RuleKind`, so the drill log and `predict --json` speak alike;
//! `from_rule_kind` is exhaustive over `RuleKind`, so the two enums cannot drift apart.

use crate::placement::RuleKind;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
#[value(rename_all = "kebab-case")]
pub enum RuleKey {
    /// R3.1: the template pins `spec.nodeName`.
    NodeName,
    /// R6.1: `nodeSelector` labels.
    NodeSelector,
    /// R6.5: a `matchExpressions` operator.
    AffinityOperator,
    /// R6.7: `matchFields`.
    MatchFields,
    /// R6.6/R6.8: a term that cannot be read.
    BrokenTerm,
    /// R6.3: required affinity with no usable term.
    EmptyTerms,
    /// R3.4: an untolerated NoSchedule taint.
    UntoleratedNoSchedule,
    /// R3.4: an untolerated NoExecute taint.
    UntoleratedNoExecute,
    /// R4: the tolerations the controller adds.
    AutomaticToleration,
    /// R5: the template's own tolerations.
    TemplateToleration,
    /// R3: PreferNoSchedule taints, which placement never reads.
    PreferNoSchedule,
    /// R3.3: nothing keeps the pod off.
    Schedulable,
    /// R4 row 7: `network-unavailable:NoSchedule` tolerated only because of `hostNetwork`.
    HostNetwork,
    /// R12: is the update strategy valid?
    RolloutValidation,
    /// R11: defaults when maxUnavailable/maxSurge are omitted.
    RolloutDefaults,
    /// R13: DaemonSet percentage rounding, always up.
    RolloutRounding,
    /// R14: Deployment rounding, maxUnavailable down and maxSurge up.
    DeploymentRounding,
    /// §7 `desiredNumberScheduled`.
    StatusDesired,
    /// §7 `currentNumberScheduled`.
    StatusCurrent,
    /// §7 `numberMisscheduled` (trap 4).
    StatusMisscheduled,
    /// §4 NodeResourcesFit: the created pod stays Pending.
    InsufficientResource,
    /// §4 NodePorts: the created pod stays Pending.
    HostPortConflict,
}

/// What practises a rule: the family of drill kinds whose items can count toward it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Practice {
    /// Every kind that decides placement per node (predict, events, scheduler, write, fix).
    Placement,
    Rollout,
    Status,
    Scheduler,
}

impl RuleKey {
    pub const ALL: [RuleKey; 22] = [
        RuleKey::NodeName,
        RuleKey::NodeSelector,
        RuleKey::AffinityOperator,
        RuleKey::MatchFields,
        RuleKey::BrokenTerm,
        RuleKey::EmptyTerms,
        RuleKey::UntoleratedNoSchedule,
        RuleKey::UntoleratedNoExecute,
        RuleKey::AutomaticToleration,
        RuleKey::TemplateToleration,
        RuleKey::PreferNoSchedule,
        RuleKey::Schedulable,
        RuleKey::HostNetwork,
        RuleKey::RolloutValidation,
        RuleKey::RolloutDefaults,
        RuleKey::RolloutRounding,
        RuleKey::DeploymentRounding,
        RuleKey::StatusDesired,
        RuleKey::StatusCurrent,
        RuleKey::StatusMisscheduled,
        RuleKey::InsufficientResource,
        RuleKey::HostPortConflict,
    ];

    /// The stored text (the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKey::NodeName => "node-name",
            RuleKey::NodeSelector => "node-selector",
            RuleKey::AffinityOperator => "affinity-operator",
            RuleKey::MatchFields => "match-fields",
            RuleKey::BrokenTerm => "broken-term",
            RuleKey::EmptyTerms => "empty-terms",
            RuleKey::UntoleratedNoSchedule => "untolerated-no-schedule",
            RuleKey::UntoleratedNoExecute => "untolerated-no-execute",
            RuleKey::AutomaticToleration => "automatic-toleration",
            RuleKey::TemplateToleration => "template-toleration",
            RuleKey::PreferNoSchedule => "prefer-no-schedule",
            RuleKey::Schedulable => "schedulable",
            RuleKey::HostNetwork => "host-network",
            RuleKey::RolloutValidation => "rollout-validation",
            RuleKey::RolloutDefaults => "rollout-defaults",
            RuleKey::RolloutRounding => "rollout-rounding",
            RuleKey::DeploymentRounding => "deployment-rounding",
            RuleKey::StatusDesired => "status-desired",
            RuleKey::StatusCurrent => "status-current",
            RuleKey::StatusMisscheduled => "status-misscheduled",
            RuleKey::InsufficientResource => "insufficient-resource",
            RuleKey::HostPortConflict => "host-port-conflict",
        }
    }

    /// The rule in words, for the screens: what it is about, as a learner would name it.
    pub fn title(self) -> &'static str {
        match self {
            RuleKey::NodeName => "spec.nodeName pins the pod",
            RuleKey::NodeSelector => "nodeSelector labels",
            RuleKey::AffinityOperator => "a node affinity operator",
            RuleKey::MatchFields => "node affinity matchFields",
            RuleKey::BrokenTerm => "a node affinity term that cannot be read",
            RuleKey::EmptyTerms => "node affinity with no usable term",
            RuleKey::UntoleratedNoSchedule => "an untolerated NoSchedule taint",
            RuleKey::UntoleratedNoExecute => "an untolerated NoExecute taint",
            RuleKey::AutomaticToleration => "the tolerations the controller adds",
            RuleKey::TemplateToleration => "the DaemonSet's own tolerations",
            RuleKey::PreferNoSchedule => "PreferNoSchedule taints (ignored)",
            RuleKey::Schedulable => "nothing keeps the pod off",
            RuleKey::HostNetwork => "hostNetwork and the network-unavailable taint",
            RuleKey::RolloutValidation => "update strategy validation",
            RuleKey::RolloutDefaults => "rolling update defaults",
            RuleKey::RolloutRounding => "DaemonSet percentage rounding",
            RuleKey::DeploymentRounding => "Deployment percentage rounding",
            RuleKey::StatusDesired => "desiredNumberScheduled",
            RuleKey::StatusCurrent => "currentNumberScheduled",
            RuleKey::StatusMisscheduled => "numberMisscheduled",
            RuleKey::InsufficientResource => "not enough free CPU, memory or pods",
            RuleKey::HostPortConflict => "a host port already taken",
        }
    }

    /// Which drills can count an item toward this rule.
    pub fn practice(self) -> Practice {
        match self {
            RuleKey::RolloutValidation
            | RuleKey::RolloutDefaults
            | RuleKey::RolloutRounding
            | RuleKey::DeploymentRounding => Practice::Rollout,
            RuleKey::StatusDesired | RuleKey::StatusCurrent | RuleKey::StatusMisscheduled => {
                Practice::Status
            }
            RuleKey::InsufficientResource | RuleKey::HostPortConflict => Practice::Scheduler,
            RuleKey::NodeName
            | RuleKey::NodeSelector
            | RuleKey::AffinityOperator
            | RuleKey::MatchFields
            | RuleKey::BrokenTerm
            | RuleKey::EmptyTerms
            | RuleKey::UntoleratedNoSchedule
            | RuleKey::UntoleratedNoExecute
            | RuleKey::AutomaticToleration
            | RuleKey::TemplateToleration
            | RuleKey::PreferNoSchedule
            | RuleKey::Schedulable
            | RuleKey::HostNetwork => Practice::Placement,
        }
    }

    /// The key of an engine rule. Exhaustive: a new `RuleKind` needs its key here.
    pub fn from_rule_kind(kind: RuleKind) -> RuleKey {
        match kind {
            RuleKind::NodeName => RuleKey::NodeName,
            RuleKind::NodeSelector => RuleKey::NodeSelector,
            RuleKind::AffinityOperator => RuleKey::AffinityOperator,
            RuleKind::MatchFields => RuleKey::MatchFields,
            RuleKind::BrokenTerm => RuleKey::BrokenTerm,
            RuleKind::EmptyTerms => RuleKey::EmptyTerms,
            RuleKind::UntoleratedNoSchedule => RuleKey::UntoleratedNoSchedule,
            RuleKind::UntoleratedNoExecute => RuleKey::UntoleratedNoExecute,
            RuleKind::AutomaticToleration => RuleKey::AutomaticToleration,
            RuleKind::TemplateToleration => RuleKey::TemplateToleration,
            RuleKind::PreferNoSchedule => RuleKey::PreferNoSchedule,
            RuleKind::InsufficientResource => RuleKey::InsufficientResource,
            RuleKind::HostPortConflict => RuleKey::HostPortConflict,
        }
    }

    /// Reads a stored or typed key. Every key ever written by kubedrill is one of today's: the
    /// text has not changed since the first drill log, so no migration is needed; a key this
    /// build does not know (a newer build's) is `None`, and the caller keeps its text.
    pub fn parse(text: &str) -> Option<RuleKey> {
        let text = text.trim();
        RuleKey::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for RuleKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule {0:?}")]
pub struct UnknownRule(pub String);

impl FromStr for RuleKey {
    type Err = UnknownRule;
    fn from_str(s: &str) -> Result<RuleKey, UnknownRule> {
        RuleKey::parse(s).ok_or_else(|| UnknownRule(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_the_serde_name_and_reads_back() {
        for key in RuleKey::ALL {
            let json = serde_json::to_value(key).unwrap();
            assert_eq!(json, serde_json::Value::String(key.as_str().to_owned()));
            assert_eq!(RuleKey::parse(key.as_str()), Some(key));
            assert_eq!(
                <RuleKey as clap::ValueEnum>::from_str(key.as_str(), false),
                Ok(key)
            );
        }
    }

    #[test]
    fn placement_keys_are_the_engines_names() {
        for kind in [
            RuleKind::NodeName,
            RuleKind::NodeSelector,
            RuleKind::AffinityOperator,
            RuleKind::MatchFields,
            RuleKind::BrokenTerm,
            RuleKind::EmptyTerms,
            RuleKind::UntoleratedNoSchedule,
            RuleKind::UntoleratedNoExecute,
            RuleKind::AutomaticToleration,
            RuleKind::TemplateToleration,
            RuleKind::PreferNoSchedule,
            RuleKind::InsufficientResource,
            RuleKind::HostPortConflict,
        ] {
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::to_value(RuleKey::from_rule_kind(kind)).unwrap()
            );
        }
    }
}
