//! The scheduler stage (placement-spec §4): the controller only decides *whether* a node gets a
//! pod (R1 never looks at resources or ports); the pod it creates is pinned to the node and the
//! default scheduler's Filter plugins still run. Two of them leave a DaemonSet pod Pending in
//! practice: NodeResourcesFit (requests above what the node has free) and NodePorts (a hostPort
//! already taken). Cordon (NodeUnschedulable), taints and affinity always agree with the
//! controller for DaemonSet pods (R4 #6, §4), so they are not re-checked here.

use super::objects::{Container, DaemonSet, Node, Pod, PodSpec};
use super::quantity::{describe_quantity, parse_quantity};
use super::{Decision, Reason, RuleKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// What happens to the DaemonSet on this node once the scheduler has had its say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The controller creates no pod here (shouldRun is false).
    NoPod,
    /// A pod of this DaemonSet is already on the node; no new one is created.
    HasPod,
    /// The new pod passes the filters and is bound.
    Scheduled,
    /// The new pod fails a filter and stays Pending.
    Pending,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::NoPod => "no-pod",
            Stage::HasPod => "has-pod",
            Stage::Scheduled => "scheduled",
            Stage::Pending => "pending",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchedulerVerdict {
    pub stage: Stage,
    /// Why the pod stays Pending (empty otherwise).
    pub reasons: Vec<Reason>,
    /// What was not checked (a node without `status.allocatable`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A container's request for each resource: `requests`, or `limits` where a request is missing
/// (the API server defaults a missing request to its limit).
fn container_requests(c: &Container) -> BTreeMap<String, i128> {
    let mut out = BTreeMap::new();
    for (name, q) in c.resources.limits.iter().chain(&c.resources.requests) {
        // Requests come second, so they win over limits of the same name.
        if let Some(v) = parse_quantity(q) {
            out.insert(name.clone(), v);
        }
    }
    out
}

/// What a pod requests of a node (`computePodResourceRequest`): for each resource, the larger
/// of the sum over its containers and the largest single init container.
pub fn pod_requests(spec: &PodSpec) -> BTreeMap<String, i128> {
    let mut sum: BTreeMap<String, i128> = BTreeMap::new();
    for c in &spec.containers {
        for (r, v) in container_requests(c) {
            *sum.entry(r).or_default() += v;
        }
    }
    for c in &spec.init_containers {
        for (r, v) in container_requests(c) {
            let e = sum.entry(r).or_default();
            *e = (*e).max(v);
        }
    }
    sum
}

/// A host port as the NodePorts filter compares them: protocol, IP, port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPort {
    pub protocol: String,
    pub ip: String,
    pub port: i64,
}

/// Host ports a pod takes. With hostNetwork every container port is a host port (the API server
/// defaults `hostPort` to `containerPort`); protocol defaults to TCP, the IP to 0.0.0.0.
pub fn host_ports(spec: &PodSpec) -> Vec<HostPort> {
    spec.containers
        .iter()
        .chain(&spec.init_containers)
        .flat_map(|c| &c.ports)
        .filter_map(|p| {
            let port = p
                .host_port
                .or(spec.host_network.then_some(p.container_port))?;
            (port > 0).then(|| HostPort {
                protocol: if p.protocol.is_empty() {
                    "TCP".into()
                } else {
                    p.protocol.clone()
                },
                ip: if p.host_ip.is_empty() {
                    "0.0.0.0".into()
                } else {
                    p.host_ip.clone()
                },
                port,
            })
        })
        .collect()
}

fn ports_conflict(a: &HostPort, b: &HostPort) -> bool {
    a.port == b.port
        && a.protocol == b.protocol
        && (a.ip == b.ip || a.ip == "0.0.0.0" || b.ip == "0.0.0.0")
}

/// The scheduler stage for one node, given the controller's decision and the pods in the
/// cluster (those bound to other nodes, and terminal ones, are ignored).
pub fn scheduler_stage(
    ds: &DaemonSet,
    decision: &Decision,
    node: &Node,
    pods: &[Pod],
) -> SchedulerVerdict {
    let verdict = |stage, reasons, notes| SchedulerVerdict {
        stage,
        reasons,
        notes,
    };
    let on_node: Vec<&Pod> = pods
        .iter()
        .filter(|p| !p.is_terminal() && p.target_node() == Some(node.name()))
        .collect();
    let namespace = ds.namespace();
    if on_node
        .iter()
        .any(|p| p.is_owned_by_daemonset(namespace, &ds.metadata.name))
    {
        return verdict(Stage::HasPod, Vec::new(), Vec::new());
    }
    if !decision.should_run {
        return verdict(Stage::NoPod, Vec::new(), Vec::new());
    }
    let spec = &ds.spec.template.spec;
    let mut reasons = Vec::new();
    let mut notes = Vec::new();
    // Only pods bound to the node hold its resources; a Pending pod pinned by affinity does not.
    let bound: Vec<&&Pod> = on_node
        .iter()
        .filter(|p| p.spec.node_name == node.name())
        .collect();
    let allocatable = &node.status.allocatable;
    if allocatable.is_empty() {
        notes.push(
            "the node lists no status.allocatable: resources were not checked (kubectl get nodes -o yaml includes it)"
                .into(),
        );
    } else {
        let want = pod_requests(spec);
        let mut used: BTreeMap<String, i128> = BTreeMap::new();
        for p in &bound {
            for (r, v) in pod_requests(&p.spec) {
                *used.entry(r).or_default() += v;
            }
        }
        for (resource, &asked) in &want {
            if asked <= 0 {
                continue;
            }
            let have = allocatable
                .get(resource)
                .and_then(parse_quantity)
                .unwrap_or(0);
            let taken = used.get(resource).copied().unwrap_or(0);
            if asked > have - taken {
                let d = |v| describe_quantity(resource, v);
                reasons.push(Reason::new(
                    "§4",
                    RuleKind::InsufficientResource,
                    resource.clone(),
                    format!(
                        "Insufficient {resource}: the pod requests {}, the node has {} allocatable and {} already requested by {} pod(s), so {} is free; the controller still creates the pod (it never checks resources, R1) and it stays Pending (NodeResourcesFit)",
                        d(asked),
                        d(have),
                        d(taken),
                        bound.len(),
                        d((have - taken).max(0)),
                    ),
                ));
            }
        }
        if let Some(max_pods) = allocatable.get("pods").and_then(parse_quantity) {
            let count = bound.len() as i128 * 1_000_000_000;
            if count + 1_000_000_000 > max_pods {
                reasons.push(Reason::new(
                    "§4",
                    RuleKind::InsufficientResource,
                    "pods",
                    format!(
                        "Too many pods: the node allows {} and already runs {}; the pod stays Pending (NodeResourcesFit)",
                        max_pods / 1_000_000_000,
                        bound.len()
                    ),
                ));
            }
        }
    }
    let wanted = host_ports(spec);
    for p in &bound {
        for taken in host_ports(&p.spec) {
            if let Some(mine) = wanted.iter().find(|w| ports_conflict(w, &taken)) {
                reasons.push(Reason::new(
                    "§4",
                    RuleKind::HostPortConflict,
                    format!("{}/{}", mine.port, mine.protocol),
                    format!(
                        "host port {}/{} is already used on this node by pod {}: the pod stays Pending (NodePorts){}",
                        mine.port,
                        mine.protocol,
                        p.name(),
                        if spec.host_network {
                            "; with hostNetwork every container port is a host port"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
    }
    let stage = if reasons.is_empty() {
        Stage::Scheduled
    } else {
        Stage::Pending
    };
    verdict(stage, reasons, notes)
}
