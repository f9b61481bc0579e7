//! The controller's decision for one (node, DaemonSet) pair: placement-spec R3
//! (`NodeShouldRunDaemonPod`), compiled once per DaemonSet and evaluated per node.

use super::objects::{DaemonSet, Node, Taint};
use super::reason::{Reason, RuleKind};
use super::selector::{NodeSelection, SelectionFailure};
use super::toleration::{
    AUTOMATIC, EffectiveToleration, FeatureGates, NO_EXECUTE, NO_SCHEDULE, Origin,
    PREFER_NO_SCHEDULE, describe, effective_tolerations, is_comparison, tolerates,
};
use serde::Serialize;

/// What a person reads for a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// shouldRun: the node gets a pod.
    Runs,
    /// Rejected by nodeName or node selection: no pod, and an existing one is deleted.
    NoPod,
    /// Only an untolerated NoSchedule taint: no new pod, an existing one keeps running.
    KeepsExisting,
    /// An untolerated NoExecute taint: no new pod, and the controller deletes an existing one.
    Evicted,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Runs => "runs",
            Outcome::NoPod => "no-pod",
            Outcome::KeepsExisting => "keeps-existing",
            Outcome::Evicted => "evicted",
        }
    }
}

/// The decision for one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub should_run: bool,
    pub should_continue_running: bool,
    pub outcome: Outcome,
    /// Every rule that rejected the node; empty exactly when `should_run`.
    pub reasons: Vec<Reason>,
    /// What let a taint through (which toleration), and ignored PreferNoSchedule taints.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Reason>,
    /// What happens to a pod that placement lets run: a NoExecute taint tolerated only for
    /// `tolerationSeconds`, so the pod is deleted and made again over and over (domain-facts
    /// §17.3). Shown beside `runs`, which alone would read as settled.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cautions: Vec<Reason>,
}

/// A DaemonSet with its selectors parsed and its tolerations made effective, ready to be
/// evaluated against any number of nodes.
#[derive(Debug, Clone)]
pub struct CompiledDaemonSet {
    node_name: String,
    selection: NodeSelection,
    tolerations: Vec<EffectiveToleration>,
    host_network: bool,
    gates: FeatureGates,
}

impl CompiledDaemonSet {
    pub fn compile(ds: &DaemonSet, gates: FeatureGates) -> Self {
        let spec = &ds.spec.template.spec;
        let required = spec.required_node_affinity();
        CompiledDaemonSet {
            node_name: spec.node_name.clone(),
            selection: NodeSelection::compile(&spec.node_selector, required),
            tolerations: effective_tolerations(&spec.tolerations, spec.host_network),
            host_network: spec.host_network,
            gates,
        }
    }

    /// The candidate pod's tolerations (R2, R4).
    pub fn tolerations(&self) -> &[EffectiveToleration] {
        &self.tolerations
    }

    pub fn selection(&self) -> &NodeSelection {
        &self.selection
    }

    /// R3: `(shouldRun, shouldContinueRunning)` for this node, with every reason. Each rule is
    /// its own function below, so the reasons and the decision come from the same code.
    pub fn decide(&self, node: &Node) -> Decision {
        let mut reasons = Vec::new();
        let mut notes = Vec::new();

        let name_reason = self.node_name_rule(node);
        let name_ok = name_reason.is_none();
        reasons.extend(name_reason);

        // R3.2 + R6: nodeSelector AND required node affinity.
        let failures = self.selection.check(node);
        let selection_ok = failures.is_empty();
        reasons.extend(failures.into_iter().map(selection_reason));

        // R3.3/R3.4 + R5: taints with effect NoSchedule or NoExecute must be tolerated.
        let mut untolerated: Vec<&Taint> = Vec::new();
        let mut cautions = Vec::new();
        for taint in &node.spec.taints {
            notes.extend(
                self.prefer_no_schedule_rule(taint)
                    .into_iter()
                    .chain(self.tolerated_rule(taint)),
            );
            if self.taint_rule(taint) {
                untolerated.push(taint);
            }
            cautions.extend(self.churn_rule(taint));
        }
        let untolerated_no_execute = untolerated.iter().any(|t| t.effect == NO_EXECUTE);
        let untolerated_no_schedule = untolerated.iter().any(|t| t.effect == NO_SCHEDULE);

        let placeable = name_ok && selection_ok;
        let should_run = placeable && !untolerated_no_schedule && !untolerated_no_execute;
        // R3.4: only an untolerated NoExecute taint stops an existing pod.
        let should_continue_running = placeable && !untolerated_no_execute;
        let outcome = if should_run {
            Outcome::Runs
        } else if should_continue_running {
            Outcome::KeepsExisting
        } else if placeable {
            Outcome::Evicted
        } else {
            Outcome::NoPod
        };
        // Each taint's words fit the node's outcome: a NoSchedule taint alone keeps a pod, but
        // not beside a NoExecute taint or a failed selection.
        reasons.extend(
            untolerated
                .iter()
                .map(|t| self.untolerated_reason(t, outcome)),
        );
        if !should_run {
            cautions.clear();
        }
        Decision {
            should_run,
            should_continue_running,
            outcome,
            reasons,
            notes,
            cautions,
        }
    }

    /// R3.1: a template `spec.nodeName` other than this node rules it out.
    fn node_name_rule(&self, node: &Node) -> Option<Reason> {
        if self.node_name.is_empty() || self.node_name == node.name() {
            return None;
        }
        Some(Reason::new(
            "R3.1",
            RuleKind::NodeName,
            format!("nodeName: {}", self.node_name),
            format!(
                "the template sets spec.nodeName: {}, so only that node can run the pod; this node is {}",
                self.node_name,
                node.name()
            ),
        ))
    }

    /// R5 with the filter of R5.5: is this a NoSchedule or NoExecute taint that no toleration
    /// of the candidate pod tolerates?
    fn taint_rule(&self, taint: &Taint) -> bool {
        let filtered = taint.effect == NO_SCHEDULE || taint.effect == NO_EXECUTE;
        filtered && self.tolerating(taint).is_none()
    }

    /// R5.4 and domain-facts §17.3: placement ignores `tolerationSeconds`, but the
    /// taint-eviction controller does not. It takes the first toleration in the pod's list that
    /// matches a NoExecute taint and deletes the pod when its seconds run out; the node still
    /// qualifies, so the DaemonSet controller makes the pod again, and so on.
    fn churn_rule(&self, taint: &Taint) -> Option<Reason> {
        if taint.effect != NO_EXECUTE {
            return None;
        }
        let seconds = self.tolerating(taint)?.toleration.toleration_seconds?;
        let when = if seconds <= 0 {
            "at once".to_owned()
        } else {
            format!("after {seconds}s")
        };
        Some(Reason::new(
            "R5.4",
            RuleKind::TemplateToleration,
            taint.to_string(),
            format!(
                "taint {taint} is tolerated only for tolerationSeconds: {seconds}: the taint-eviction controller deletes the pod {when}, the node still qualifies, and the DaemonSet controller creates it again, over and over until the taint or the toleration goes"
            ),
        ))
    }

    /// R4/R5, for the learner: which toleration let a NoSchedule/NoExecute taint through.
    fn tolerated_rule(&self, taint: &Taint) -> Option<Reason> {
        if taint.effect != NO_SCHEDULE && taint.effect != NO_EXECUTE {
            return None;
        }
        self.tolerating(taint).map(|t| tolerated_note(taint, t))
    }

    /// R3: PreferNoSchedule never affects placement; said so, since learners expect it to.
    fn prefer_no_schedule_rule(&self, taint: &Taint) -> Option<Reason> {
        (taint.effect == PREFER_NO_SCHEDULE).then(|| {
            Reason::new(
                "R3",
                RuleKind::PreferNoSchedule,
                taint.to_string(),
                format!("taint {taint} is PreferNoSchedule, which DaemonSet placement never reads"),
            )
        })
    }

    /// The first toleration of the candidate pod that tolerates the taint (R5).
    fn tolerating(&self, taint: &Taint) -> Option<&EffectiveToleration> {
        self.tolerations
            .iter()
            .find(|t| tolerates(&t.toleration, taint, self.gates))
    }

    fn untolerated_reason(&self, taint: &Taint, outcome: Outcome) -> Reason {
        let (kind, effect_words) = match (taint.effect == NO_EXECUTE, outcome) {
            (true, _) => (
                RuleKind::UntoleratedNoExecute,
                "no new pod, and the DaemonSet controller deletes a pod already there",
            ),
            (false, Outcome::Evicted) => (
                RuleKind::UntoleratedNoSchedule,
                "no new pod (a pod already there goes anyway: a NoExecute taint is not tolerated either)",
            ),
            (false, Outcome::NoPod) => (
                RuleKind::UntoleratedNoSchedule,
                "no new pod (a pod already there goes anyway: the node is not selected)",
            ),
            (false, _) => (
                RuleKind::UntoleratedNoSchedule,
                "no new pod; a pod already there keeps running",
            ),
        };
        let mut message = format!("taint {taint} is not tolerated: {effect_words}");
        if let Some(hint) = self.hint(taint) {
            message.push_str(" (");
            message.push_str(&hint);
            message.push(')');
        }
        Reason::new("R5", kind, taint.to_string(), message)
    }

    /// The most useful thing to know about an untolerated taint, if anything stands out.
    fn hint(&self, taint: &Taint) -> Option<String> {
        // R4 row 7: network-unavailable is automatic only with hostNetwork.
        if taint.key == "node.kubernetes.io/network-unavailable"
            && taint.effect == NO_SCHEDULE
            && !self.host_network
        {
            return Some(
                "the controller tolerates it automatically only for hostNetwork: true pods, R4"
                    .into(),
            );
        }
        // R4.1: the automatic tolerations are effect-specific.
        if let Some((_, effect, _)) = AUTOMATIC
            .iter()
            .find(|(k, e, _)| *k == taint.key && *e != taint.effect)
        {
            return Some(format!(
                "the automatic toleration for this key covers {effect} only, R4.1"
            ));
        }
        let same_key = |t: &&EffectiveToleration| t.toleration.key == taint.key;
        for t in self.tolerations.iter().filter(same_key) {
            let tol = &t.toleration;
            if is_comparison(tol) && !self.gates.taint_toleration_comparison_operators {
                return Some(format!(
                    "toleration {} uses operator {}, which matches nothing unless the TaintTolerationComparisonOperators feature gate is on, R5.3",
                    describe(tol),
                    tol.operator
                ));
            }
            if !tol.effect.is_empty() && tol.effect != taint.effect {
                return Some(format!(
                    "toleration {} is for effect {} only, R5.1",
                    describe(tol),
                    tol.effect
                ));
            }
            if matches!(tol.operator.as_str(), "" | "Equal") && tol.value != taint.value {
                return Some(format!(
                    "toleration {} wants value {:?} but the taint's value is {:?}, R5.3",
                    describe(tol),
                    tol.value,
                    taint.value
                ));
            }
            if is_comparison(tol) {
                return Some(format!(
                    "toleration {} compares {:?} {} {:?} as integers and does not hold, R5.3",
                    describe(tol),
                    taint.value,
                    if tol.operator == "Gt" { ">" } else { "<" },
                    tol.value
                ));
            }
        }
        if taint.key == "node-role.kubernetes.io/control-plane" {
            return Some(
                "add the toleration {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule} to run on control-plane nodes".into(),
            );
        }
        // Clusters before 1.25 (and some installers since) taint control-plane nodes with the
        // legacy key.
        if taint.key == "node-role.kubernetes.io/master" {
            return Some(
                "add the toleration {key: node-role.kubernetes.io/master, operator: Exists, effect: NoSchedule} to run on these control-plane nodes; it is the legacy key, used before 1.25".into(),
            );
        }
        None
    }
}

fn tolerated_note(taint: &Taint, t: &EffectiveToleration) -> Reason {
    match t.origin {
        Origin::Automatic(row) => Reason::new(
            "R4",
            RuleKind::AutomaticToleration,
            taint.to_string(),
            format!(
                "taint {taint} is tolerated by the toleration the DaemonSet controller adds to every pod ({}; R4 row {row})",
                describe(&t.toleration)
            ),
        ),
        Origin::Template(i) => Reason::new(
            "R5",
            RuleKind::TemplateToleration,
            taint.to_string(),
            format!(
                "taint {taint} is tolerated by the template's toleration #{} {}",
                i + 1,
                describe(&t.toleration)
            ),
        ),
    }
}

fn selection_reason(f: SelectionFailure) -> Reason {
    match f {
        SelectionFailure::NodeSelector { key, want, have } => Reason::new(
            "R6.1",
            RuleKind::NodeSelector,
            format!("{key}={want}"),
            match have {
                None => format!(
                    "nodeSelector needs {key}={want}; the node has no label {key}: no pod, and a pod already there is deleted"
                ),
                Some(v) => format!(
                    "nodeSelector needs {key}={want}; the node has {key}={v}: no pod, and a pod already there is deleted"
                ),
            },
        ),
        SelectionFailure::NoTerms { written } => Reason::new(
            "R6.3",
            RuleKind::EmptyTerms,
            "nodeSelectorTerms",
            if written == 0 {
                "required node affinity lists no nodeSelectorTerms, so it matches no node"
                    .to_owned()
            } else {
                "every nodeSelectorTerm of the required node affinity is empty; empty terms are dropped, so it matches no node".to_owned()
            },
        ),
        SelectionFailure::Expression {
            term,
            requirement,
            why,
        } => Reason::new(
            "R6.5",
            RuleKind::AffinityOperator,
            format!("nodeSelectorTerms[{}]: {requirement}", term - 1),
            format!("required node affinity term {term} needs {requirement}, but {why}"),
        ),
        SelectionFailure::Field {
            term,
            requirement,
            why,
        } => Reason::new(
            "R6.7",
            RuleKind::MatchFields,
            format!("nodeSelectorTerms[{}]: {requirement}", term - 1),
            format!(
                "required node affinity term {term} needs matchFields {requirement}, but {why}"
            ),
        ),
        SelectionFailure::BrokenTerm { term, errors } => Reason::new(
            "R6.8",
            RuleKind::BrokenTerm,
            format!("nodeSelectorTerms[{}]", term - 1),
            format!(
                "required node affinity term {term} can never match: {} (the controller skips a term it cannot parse)",
                errors
                    .iter()
                    .map(|(entry, e)| format!("{entry}: {e}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ),
    }
}
