//! The `predict` report: every DaemonSet of a manifest evaluated against every node, with the
//! status count, the resolved rollout and what the API server would reject. Pure: bytes in,
//! report out.

use crate::manifest::{self, ManifestError};
use crate::placement::objects::{DaemonSet, Node, Pod};
use crate::placement::rollout::daemonset_budget;
use crate::placement::scheduler::{SchedulerVerdict, Stage, scheduler_stage};
use crate::placement::validation::validate_daemonset;
use crate::placement::{CompiledDaemonSet, Decision, FeatureGates};
use serde::Serialize;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum PredictError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(
        "{0}: no Node found (expected a Node, a NodeList or List of Nodes, or a YAML stream of them)"
    )]
    NoNodes(String),
    #[error("{0}: no DaemonSet found{1}")]
    NoDaemonSets(String, String),
    #[error("{source_name}: node {name:?} appears twice")]
    DuplicateNode { source_name: String, name: String },
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub results: Vec<DaemonSetResult>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSetResult {
    pub daemonset: ObjectRef,
    pub desired_number_scheduled: usize,
    pub rollout: Rollout,
    /// What the API server would reject (placement-spec R12, R5.3, R6.6), in its own words.
    pub validation_errors: Vec<String>,
    /// With `--scheduler`: nodes where the created pod stays Pending (placement-spec §4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_number: Option<usize>,
    pub nodes: Vec<NodeResult>,
}

#[derive(Debug, Serialize)]
pub struct ObjectRef {
    pub namespace: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rollout {
    pub strategy: String,
    pub max_unavailable: Option<i64>,
    pub max_surge: Option<i64>,
    pub summary: String,
}

#[derive(Debug, Serialize)]
pub struct NodeResult {
    pub node: String,
    #[serde(flatten)]
    pub decision: Decision,
    /// With `--scheduler`: what the default scheduler does with the created pod (§4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduler: Option<SchedulerVerdict>,
}

/// Reads nodes and DaemonSets and evaluates every DaemonSet on every node, nodes in input order.
pub fn predict(
    nodes_source: &str,
    nodes_bytes: &[u8],
    ds_source: &str,
    ds_bytes: &[u8],
    gates: FeatureGates,
) -> Result<Report, PredictError> {
    let nodes = read_nodes(nodes_source, nodes_bytes)?;
    let daemonsets = read_daemonsets(ds_source, ds_bytes)?;
    Ok(evaluate(&nodes, &daemonsets, gates))
}

pub fn read_nodes(source: &str, bytes: &[u8]) -> Result<Vec<Node>, PredictError> {
    let m = manifest::parse(source, bytes)?;
    if m.nodes.is_empty() {
        return Err(PredictError::NoNodes(source.to_owned()));
    }
    let mut seen = std::collections::HashSet::with_capacity(m.nodes.len());
    for n in &m.nodes {
        if !seen.insert(n.metadata.name.as_str()) {
            return Err(PredictError::DuplicateNode {
                source_name: source.to_owned(),
                name: n.metadata.name.clone(),
            });
        }
    }
    Ok(m.nodes)
}

pub fn read_daemonsets(source: &str, bytes: &[u8]) -> Result<Vec<DaemonSet>, PredictError> {
    let m = manifest::parse(source, bytes)?;
    if m.daemonsets.is_empty() {
        let other = if m.skipped.is_empty() {
            String::new()
        } else {
            format!(
                " (it holds {} other objects: {})",
                m.skipped.len(),
                abbreviate(&m.skipped)
            )
        };
        return Err(PredictError::NoDaemonSets(source.to_owned(), other));
    }
    Ok(m.daemonsets)
}

pub fn evaluate(nodes: &[Node], daemonsets: &[DaemonSet], gates: FeatureGates) -> Report {
    let results = daemonsets
        .iter()
        .map(|ds| {
            let compiled = CompiledDaemonSet::compile(ds, gates);
            let node_results: Vec<NodeResult> = nodes
                .iter()
                .map(|n| NodeResult {
                    node: n.metadata.name.clone(),
                    decision: compiled.decide(n),
                    scheduler: None,
                })
                .collect();
            let desired = node_results
                .iter()
                .filter(|r| r.decision.should_run)
                .count();
            let rollout = match daemonset_budget(ds.spec.update_strategy.as_ref(), desired as i64) {
                Ok(b) => Rollout {
                    summary: b.explain(),
                    strategy: b.strategy,
                    max_unavailable: Some(b.max_unavailable),
                    max_surge: Some(b.max_surge),
                },
                Err(e) => Rollout {
                    strategy: ds
                        .spec
                        .update_strategy
                        .as_ref()
                        .map(|s| s.kind.clone())
                        .unwrap_or_default(),
                    max_unavailable: None,
                    max_surge: None,
                    summary: format!("the controller cannot resolve the rollout: {e}"),
                },
            };
            DaemonSetResult {
                daemonset: ObjectRef {
                    namespace: ds.namespace().to_owned(),
                    name: ds.metadata.name.clone(),
                },
                desired_number_scheduled: desired,
                rollout,
                validation_errors: validate_daemonset(ds, gates)
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                pending_number: None,
                nodes: node_results,
            }
        })
        .collect();
    Report { results }
}

/// `evaluate`, then the scheduler stage (placement-spec §4) on every node, given the pods already
/// in the cluster: which created pods stay Pending, and why.
pub fn evaluate_with_scheduler(
    nodes: &[Node],
    daemonsets: &[DaemonSet],
    pods: &[Pod],
    gates: FeatureGates,
) -> Report {
    let mut report = evaluate(nodes, daemonsets, gates);
    for (result, ds) in report.results.iter_mut().zip(daemonsets) {
        for (r, node) in result.nodes.iter_mut().zip(nodes) {
            r.scheduler = Some(scheduler_stage(ds, &r.decision, node, pods));
        }
        result.pending_number = Some(
            result
                .nodes
                .iter()
                .filter(|r| {
                    r.scheduler
                        .as_ref()
                        .is_some_and(|s| s.stage == Stage::Pending)
                })
                .count(),
        );
    }
    report
}

/// Pods for the scheduler stage: any manifest; other kinds are skipped, and none is fine.
pub fn read_pods(source: &str, bytes: &[u8]) -> Result<Vec<Pod>, PredictError> {
    Ok(manifest::parse(source, bytes)?.pods)
}

fn abbreviate(items: &[String]) -> String {
    let mut shown: Vec<&str> = items.iter().take(5).map(String::as_str).collect();
    if items.len() > 5 {
        shown.push("...");
    }
    shown.join(", ")
}
