//! The `predict` report: every DaemonSet of a manifest evaluated against every node, with the
//! status count, the resolved rollout and what the API server would reject. Pure: bytes in,
//! report out.

use crate::manifest::strict::Validate;
use crate::manifest::{self, ManifestError};
use crate::placement::objects::{DaemonSet, Node, Pod};
use crate::placement::rollout::daemonset_budget;
use crate::placement::scheduler::{SchedulerVerdict, Stage, scheduler_stage};
use crate::placement::validation::{affinity_notes, validate_daemonset};
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
    /// What the API server's strict decoding refuses, every problem on a line of its own.
    #[error("{}", refused_message(.source_name, .problems, *.fields_only, *.template))]
    Refused {
        source_name: String,
        problems: Vec<String>,
        /// Only unknown or duplicate fields, which `--validate=warn` would let through.
        fields_only: bool,
        /// The file holds `{{ }}`: most likely a chart template never rendered.
        template: bool,
    },
}

fn refused_message(source: &str, problems: &[String], fields_only: bool, template: bool) -> String {
    let count = match problems.len() {
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    };
    let mut out = format!("{source}: the API server would refuse this manifest ({count}):");
    for p in problems {
        out.push('\n');
        out.push_str(p);
    }
    if fields_only {
        out.push_str(
            "\nkubectl apply refuses unknown and duplicate fields too (strict field validation, its default since 1.25); --validate=warn reads the manifest without them",
        );
    }
    if template {
        out.push_str("\n{{ }} in the file: a Helm template? render it first: helm template RELEASE CHART | kubedrill predict -n NODES -d -");
    }
    out
}

/// Objects read, and what strict decoding found that `--validate=warn` lets through.
pub struct Read<T> {
    pub objects: Vec<T>,
    pub warnings: Vec<String>,
}

/// The API server's strict decoding of the DaemonSets and Pods in `bytes` (manifest::strict):
/// an error for what `validate` refuses, warnings for what it only reports.
fn strict(source: &str, bytes: &[u8], validate: Validate) -> Result<Vec<String>, PredictError> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(Vec::new());
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line = |f: &manifest::strict::Found| {
        format!(
            "{source}:{}:{}: {}: {}",
            f.problem.at.line, f.problem.at.column, f.object, f.problem
        )
    };
    let (passed, refused): (Vec<_>, Vec<_>) = manifest::strict::check(text)
        .into_iter()
        .partition(|f| f.problem.is_field_validation() && validate != Validate::Strict);
    if !refused.is_empty() {
        return Err(PredictError::Refused {
            source_name: source.to_owned(),
            fields_only: refused.iter().all(|f| f.problem.is_field_validation()),
            problems: refused.iter().map(line).collect(),
            template: text.contains("{{") && text.contains("}}"),
        });
    }
    Ok(match validate {
        Validate::Warn => passed.iter().map(line).collect(),
        Validate::Strict | Validate::Ignore => Vec::new(),
    })
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
    /// What the API server would reject (placement-spec R12, R5.3, its node-affinity checks),
    /// in its own words.
    pub validation_errors: Vec<String>,
    /// What the API server accepts but that cannot do what it seems to: a required-affinity
    /// term that can never match (placement-spec R6.6).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
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
    let daemonsets = read_daemonsets(ds_source, ds_bytes, Validate::Strict)?;
    Ok(evaluate(&nodes, &daemonsets.objects, gates))
}

/// One file (or stdin) given to `predict`: its name for messages, and its bytes.
pub struct Input {
    pub name: String,
    pub bytes: InputBytes,
}

/// An input's bytes: read into memory, or a read-only map of a large file (the binary maps
/// one instead of copying it, commands/predict.rs).
pub enum InputBytes {
    Read(Vec<u8>),
    Mapped(Box<dyn std::ops::Deref<Target = [u8]> + Send + Sync>),
}

impl InputBytes {
    /// The bytes as an owned buffer (copied if mapped).
    pub fn into_vec(self) -> Vec<u8> {
        match self {
            InputBytes::Read(v) => v,
            InputBytes::Mapped(m) => m.to_vec(),
        }
    }
}

impl std::ops::Deref for InputBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            InputBytes::Read(v) => v,
            InputBytes::Mapped(m) => m,
        }
    }
}

fn names(inputs: &[Input]) -> String {
    inputs
        .iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn read_nodes(source: &str, bytes: &[u8]) -> Result<Vec<Node>, PredictError> {
    read_nodes_from(&[Input {
        name: source.to_owned(),
        bytes: InputBytes::Read(bytes.to_vec()),
    }])
}

/// The nodes of every input, in order; a node named twice is an error (one cluster has one
/// node of a name).
pub fn read_nodes_from(inputs: &[Input]) -> Result<Vec<Node>, PredictError> {
    let mut nodes = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for input in inputs {
        let m = manifest::parse(&input.name, &input.bytes)?;
        for n in m.nodes {
            if !seen.insert(n.metadata.name.clone()) {
                return Err(PredictError::DuplicateNode {
                    source_name: input.name.clone(),
                    name: n.metadata.name,
                });
            }
            nodes.push(n);
        }
    }
    if nodes.is_empty() {
        return Err(PredictError::NoNodes(names(inputs)));
    }
    Ok(nodes)
}

/// The DaemonSets of a manifest, read as strictly as `validate` says (manifest::strict).
pub fn read_daemonsets(
    source: &str,
    bytes: &[u8],
    validate: Validate,
) -> Result<Read<DaemonSet>, PredictError> {
    read_daemonsets_from(
        &[Input {
            name: source.to_owned(),
            bytes: InputBytes::Read(bytes.to_vec()),
        }],
        validate,
    )
}

/// The DaemonSets of every input. The API server's reading comes first: its words for a wrong
/// value ("must be a list, not a mapping") are clearer than the typed reader's, which stops at
/// the first. A DaemonSet given twice is evaluated once, as the later one (what `kubectl apply`
/// of both leaves in the cluster), with a warning.
pub fn read_daemonsets_from(
    inputs: &[Input],
    validate: Validate,
) -> Result<Read<DaemonSet>, PredictError> {
    let mut warnings = Vec::new();
    let mut found: Vec<(DaemonSet, &str)> = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        warnings.extend(strict(&input.name, &input.bytes, validate)?);
        let m = manifest::parse_objects(&input.name, &input.bytes)?;
        skipped.extend(m.skipped);
        for ds in m.daemonsets {
            let namespace = |d: &DaemonSet| match d.metadata.namespace.as_str() {
                "" => "default".to_owned(),
                ns => ns.to_owned(),
            };
            let same = found.iter().position(|(d, _)| {
                d.metadata.name == ds.metadata.name && namespace(d) == namespace(&ds)
            });
            if let Some(i) = same {
                let (_, first) = found.remove(i);
                warnings.push(format!(
                    "DaemonSet {}/{} is given twice ({first} and {}): the later one is evaluated, as kubectl apply of both would leave it",
                    namespace(&ds),
                    ds.metadata.name,
                    input.name
                ));
            }
            found.push((ds, &input.name));
        }
    }
    if found.is_empty() {
        let other = if skipped.is_empty() {
            String::new()
        } else {
            let objects = match skipped.len() {
                1 => "1 other object".to_owned(),
                n => format!("{n} other objects"),
            };
            format!(" (it holds {objects}: {})", abbreviate(&skipped))
        };
        return Err(PredictError::NoDaemonSets(names(inputs), other));
    }
    Ok(Read {
        objects: found.into_iter().map(|(d, _)| d).collect(),
        warnings,
    })
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
                notes: affinity_notes(ds),
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
/// The Pods of a manifest (`kubectl get pods -A -o yaml`), read as strictly as `validate` says.
pub fn read_pods(
    source: &str,
    bytes: &[u8],
    validate: Validate,
) -> Result<Read<Pod>, PredictError> {
    let warnings = strict(source, bytes, validate)?;
    let pods = manifest::parse_objects(source, bytes)?.pods;
    Ok(Read {
        objects: pods,
        warnings,
    })
}

fn abbreviate(items: &[String]) -> String {
    let mut shown: Vec<&str> = items.iter().take(5).map(String::as_str).collect();
    if items.len() > 5 {
        shown.push("...");
    }
    shown.join(", ")
}
