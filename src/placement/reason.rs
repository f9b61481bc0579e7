//! Why a node was rejected (or what let it through), in words a learner understands.

use serde::Serialize;

/// The kind of rule a reason rests on; drills score accuracy per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// R3.1: the template pins `spec.nodeName`.
    NodeName,
    /// R6.1: a `nodeSelector` entry.
    NodeSelector,
    /// R6.5: a `matchExpressions` operator.
    AffinityOperator,
    /// R6.7: a `matchFields` entry.
    MatchFields,
    /// R6.6/R6.8: a required-affinity term with a parse error.
    BrokenTerm,
    /// R6.3: required affinity with no usable term.
    EmptyTerms,
    /// R3.4: an untolerated NoSchedule taint (an existing pod stays).
    UntoleratedNoSchedule,
    /// R3.4: an untolerated NoExecute taint (an existing pod is deleted).
    UntoleratedNoExecute,
    /// R4: a taint tolerated by a toleration the controller adds.
    AutomaticToleration,
    /// R5: a taint tolerated by the template's own toleration.
    TemplateToleration,
    /// R3: a PreferNoSchedule taint, which placement never reads.
    PreferNoSchedule,
    /// §4 NodeResourcesFit: the pod requests more than the node has free (it stays Pending).
    InsufficientResource,
    /// §4 NodePorts: a host port is already taken on the node (the pod stays Pending).
    HostPortConflict,
}

/// One rule's verdict on one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The placement-spec rule id, such as `"R5"` or `"R6.5"`.
    pub rule: &'static str,
    pub kind: RuleKind,
    /// The exact taint, term entry or selector entry, as written.
    pub subject: String,
    pub message: String,
}

impl Reason {
    pub(crate) fn new(
        rule: &'static str,
        kind: RuleKind,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Reason {
            rule,
            kind,
            subject: subject.into(),
            message: message.into(),
        }
    }
}
