//! Goals for the write and fix drills: where a DaemonSet must run, said in words and kept as a
//! predicate over the generator's node facts (pool, state, zone, kernel), so the expected
//! nodes of any cluster drawn for the goal, shown or hidden, follow from the goal and never from
//! a manifest. Each goal also has a reference DaemonSet, which the tests grade against every
//! cluster with the engine: if the predicate and the rules ever disagree, a test says so.

use super::cluster::{
    CONTROL_PLANE, GPU_PRESENT, GPU_TAINT, KERNEL_MAJOR, NO_EXECUTE, NO_SCHEDULE, NodeDraw,
    NodeState, OS, Pool, SPOT_LABEL, SPOT_TAINT, ZONE, ZONES,
};
use super::daemonsets::{base, expr, toleration, with_terms};
use super::{Difficulty, RuleKey};
use crate::placement::objects::DaemonSet;
use serde::Serialize;

/// What a goal asks of one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Want {
    /// The node gets a pod, and the pod stays (no eviction loop).
    Pod,
    /// The node gets no pod.
    NoPod,
    /// A pod already on the node keeps running (a new one may or may not be created).
    Keeps,
}

impl Want {
    pub fn as_str(self) -> &'static str {
        match self {
            Want::Pod => "pod",
            Want::NoPod => "no pod",
            Want::Keeps => "keeps its pod",
        }
    }
}

/// The zone the zone goal keeps free of the agent.
pub const AVOIDED_ZONE: usize = 2;
/// The kernel goal's bound: a kernel major version above it.
pub const KERNEL_ABOVE: u8 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Goal {
    /// Every Linux worker, never a Windows node.
    LinuxOnly,
    /// Only the control-plane nodes.
    ControlPlaneOnly,
    /// Only the GPU nodes, which are tainted.
    GpuOnly,
    /// Every Linux node, control plane included, except spot nodes (by label).
    LinuxExceptSpot,
    /// Every node outside one zone, control plane included, nodes with no zone too.
    OutsideZone,
    /// Every node, control plane included, and the pod stays through NotReady and disk pressure.
    StayThroughTrouble,
    /// Every Linux node, control plane and spot nodes included, and the pod stays on spot.
    IncludingSpot,
    /// A CNI agent on the host network: every node, before its network or cloud set-up is done.
    NetworkAgent,
    /// Every Linux worker whose kernel major version is above 5, spot workers included.
    NewKernels,
}

impl Goal {
    pub const ALL: [Goal; 9] = [
        Goal::LinuxOnly,
        Goal::ControlPlaneOnly,
        Goal::GpuOnly,
        Goal::LinuxExceptSpot,
        Goal::OutsideZone,
        Goal::StayThroughTrouble,
        Goal::IncludingSpot,
        Goal::NetworkAgent,
        Goal::NewKernels,
    ];

    /// The goals a difficulty draws from.
    pub fn for_difficulty(difficulty: Difficulty) -> &'static [Goal] {
        match difficulty {
            Difficulty::Easy => &[Goal::LinuxOnly, Goal::ControlPlaneOnly, Goal::GpuOnly],
            Difficulty::Medium => &[
                Goal::GpuOnly,
                Goal::LinuxExceptSpot,
                Goal::OutsideZone,
                Goal::StayThroughTrouble,
                Goal::IncludingSpot,
            ],
            Difficulty::Hard => &[
                Goal::LinuxExceptSpot,
                Goal::OutsideZone,
                Goal::IncludingSpot,
                Goal::NetworkAgent,
                Goal::NewKernels,
            ],
        }
    }

    /// The goal in words, as the task states it.
    pub fn text(self) -> String {
        match self {
            Goal::LinuxOnly => "Run the agent on every Linux worker node, and never on a Windows node. The control plane keeps its taint: no pod there.".to_owned(),
            Goal::ControlPlaneOnly => "Run the agent on the control-plane nodes only (they carry the kubeadm label and taint), and on no worker.".to_owned(),
            Goal::GpuOnly => format!("Run the GPU device plugin on the GPU nodes only: they are labelled {GPU_PRESENT}=true and tainted {GPU_TAINT}=present:NoSchedule. No other node gets a pod."),
            Goal::LinuxExceptSpot => format!("Run the agent on every Linux node, control plane included, except spot nodes. Spot nodes are labelled {SPOT_LABEL}=spot; not every spot node has its taint yet. Windows nodes get no pod."),
            Goal::OutsideZone => format!("Run the agent on every node outside zone {zone}, control plane included; nodes without a zone label count as outside. No node of {zone} ever gets a pod, including nodes that join later.", zone = ZONES[AVOIDED_ZONE]),
            Goal::StayThroughTrouble => "Run the agent on every node, control plane included, and keep it running when a node goes NotReady or its disk fills up: the agent is how you debug those nodes.".to_owned(),
            Goal::IncludingSpot => format!("Run the log agent on every Linux node, control plane and spot nodes included (spot nodes are tainted {SPOT_TAINT}=true:NoExecute), and keep it there: the pod must not be evicted and recreated over and over. Windows nodes get no pod."),
            Goal::NetworkAgent => "This is a CNI agent: it runs on the host network (hostNetwork: true) and must start on every node, control plane included, before the node is ready: nodes whose network is unavailable, nodes that are NotReady while joining, and nodes the cloud provider has not initialised yet.".to_owned(),
            Goal::NewKernels => format!("Run the eBPF agent on every Linux worker whose kernel major version is greater than {KERNEL_ABOVE} (label {KERNEL_MAJOR}), spot workers included (tainted {SPOT_TAINT}=true:NoExecute). Not on the control plane, and not on older kernels."),
        }
    }

    /// The DaemonSet's name and namespace, and its image.
    fn identity(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Goal::LinuxOnly => (
                "node-exporter",
                "monitoring",
                "quay.io/prometheus/node-exporter:v1.8.2",
            ),
            Goal::ControlPlaneOnly => (
                "etcd-backup-agent",
                "kube-system",
                "registry.example.com/etcd-backup:1.4",
            ),
            Goal::GpuOnly => (
                "nvidia-device-plugin",
                "kube-system",
                "nvcr.io/nvidia/k8s-device-plugin:v0.17.0",
            ),
            Goal::LinuxExceptSpot | Goal::StayThroughTrouble => (
                "node-problem-detector",
                "kube-system",
                "registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.20",
            ),
            Goal::OutsideZone => (
                "storage-agent",
                "storage",
                "registry.example.com/storage/agent:3.2",
            ),
            Goal::IncludingSpot => (
                "fluent-bit",
                "logging",
                "cr.fluentbit.io/fluent/fluent-bit:3.2",
            ),
            Goal::NetworkAgent => (
                "cni-agent",
                "kube-system",
                "registry.example.com/cni/agent:1.16",
            ),
            Goal::NewKernels => (
                "ebpf-agent",
                "observability",
                "registry.example.com/ebpf/agent:0.9",
            ),
        }
    }

    /// What the goal asks of a node, from the generator's facts about it.
    pub fn want(self, draw: &NodeDraw) -> Want {
        let pool = draw.pool;
        let cp = pool == Pool::ControlPlane;
        let linux = pool != Pool::Windows;
        let yes = |b: bool| if b { Want::Pod } else { Want::NoPod };
        match self {
            Goal::LinuxOnly => yes(linux && !cp),
            Goal::ControlPlaneOnly => yes(cp),
            Goal::GpuOnly => yes(pool == Pool::Gpu),
            Goal::LinuxExceptSpot => yes(linux && pool != Pool::Spot),
            // NotIn matches a node without the label (R6.5): edge boxes have no zone.
            Goal::OutsideZone => yes(pool == Pool::Edge || draw.zone % ZONES.len() != AVOIDED_ZONE),
            Goal::StayThroughTrouble => match draw.state {
                // not-ready:NoSchedule keeps new pods off; the automatic NoExecute toleration
                // keeps the running one (R4 row 1, R3.4).
                NodeState::NotReady | NodeState::NotReadyJoining => Want::Keeps,
                _ => Want::Pod,
            },
            Goal::IncludingSpot => yes(linux),
            Goal::NetworkAgent => Want::Pod,
            Goal::NewKernels => yes(linux && !cp && draw.kernel > KERNEL_ABOVE),
        }
    }

    /// The shown cluster: (pool, state) per node, in order; zones are spread by the caller.
    pub fn pools(self, difficulty: Difficulty) -> Vec<(Pool, NodeState)> {
        use NodeState::Healthy as H;
        let more = difficulty != Difficulty::Easy;
        let mut v = vec![
            (Pool::ControlPlane, H),
            (Pool::Worker, H),
            (Pool::Worker, H),
        ];
        match self {
            Goal::LinuxOnly => v.push((Pool::Windows, H)),
            Goal::ControlPlaneOnly => {}
            Goal::GpuOnly => v.push((Pool::Gpu, H)),
            Goal::LinuxExceptSpot => {
                v.extend([(Pool::Spot, H), (Pool::Worker, H), (Pool::Windows, H)]);
            }
            Goal::OutsideZone => v.extend([(Pool::Worker, H), (Pool::Worker, H)]),
            Goal::StayThroughTrouble => v.extend([(Pool::Worker, H), (Pool::Arm64, H)]),
            Goal::IncludingSpot => v.extend([(Pool::Spot, H), (Pool::Windows, H)]),
            Goal::NetworkAgent => v.extend([
                (Pool::Worker, NodeState::NetworkUnavailable),
                (Pool::Worker, NodeState::NotReadyJoining),
            ]),
            Goal::NewKernels => v.extend([(Pool::Spot, H), (Pool::Arm64, H), (Pool::Worker, H)]),
        }
        if more && matches!(self, Goal::GpuOnly) {
            v.push((Pool::Gpu, NodeState::Cordoned));
        }
        if difficulty == Difficulty::Hard {
            match self {
                Goal::LinuxExceptSpot | Goal::OutsideZone => {
                    v.extend([(Pool::Edge, H), (Pool::Arm64, H)])
                }
                Goal::IncludingSpot => v.push((Pool::Spot, NodeState::Cordoned)),
                Goal::NetworkAgent => v.push((Pool::Worker, NodeState::Uninitialized)),
                _ => {}
            }
        }
        v
    }

    /// Nodes that join in the grown cluster: more of what the goal speaks of.
    pub fn joiners(self) -> Vec<(Pool, NodeState, Option<usize>)> {
        use NodeState::Healthy as H;
        let mut v = vec![(Pool::Worker, H, None)];
        v.extend(match self {
            Goal::LinuxOnly => vec![(Pool::Windows, H, None), (Pool::Arm64, H, None)],
            Goal::ControlPlaneOnly => vec![(Pool::ControlPlane, H, None)],
            Goal::GpuOnly => vec![(Pool::Gpu, H, None)],
            Goal::LinuxExceptSpot => vec![(Pool::Spot, H, None), (Pool::Edge, H, None)],
            Goal::OutsideZone => vec![
                (Pool::Worker, H, Some(AVOIDED_ZONE)),
                (Pool::Edge, H, None),
                (Pool::Arm64, H, Some(0)),
            ],
            // A second control-plane node: a toleration pinned to cp-1 by name fails. (Not a
            // node joining NotReady: it has no pod to keep, so it would test nothing.)
            Goal::StayThroughTrouble => vec![(Pool::ControlPlane, H, None)],
            Goal::IncludingSpot => vec![(Pool::Spot, H, None), (Pool::Windows, H, None)],
            Goal::NetworkAgent => vec![
                (Pool::ControlPlane, NodeState::NotReadyJoining, None),
                (Pool::Gpu, NodeState::NetworkUnavailable, None),
            ],
            Goal::NewKernels => vec![(Pool::Spot, H, None), (Pool::Arm64, H, None)],
        });
        v
    }

    /// What happens to existing nodes in the changed cluster: a node gains a taint or state the
    /// goal speaks of (as pool, new state), and, for the spot goal, a spot node whose taint is
    /// not applied yet.
    pub fn changes(self) -> Vec<Change> {
        use Change::*;
        match self {
            Goal::LinuxOnly => vec![State(Pool::Worker, NodeState::Cordoned)],
            Goal::ControlPlaneOnly => vec![State(Pool::ControlPlane, NodeState::DiskPressure)],
            Goal::GpuOnly => vec![State(Pool::Gpu, NodeState::Cordoned)],
            Goal::LinuxExceptSpot => vec![UntaintedSpot, State(Pool::Worker, NodeState::Cordoned)],
            Goal::OutsideZone => vec![State(Pool::Worker, NodeState::MemoryPressure)],
            Goal::StayThroughTrouble => vec![
                State(Pool::Worker, NodeState::NotReady),
                State(Pool::ControlPlane, NodeState::DiskPressure),
                State(Pool::Arm64, NodeState::DiskPressure),
            ],
            Goal::IncludingSpot => vec![
                State(Pool::Spot, NodeState::Cordoned),
                State(Pool::Worker, NodeState::DiskPressure),
            ],
            Goal::NetworkAgent => vec![
                State(Pool::Worker, NodeState::Uninitialized),
                State(Pool::ControlPlane, NodeState::NetworkUnavailable),
            ],
            Goal::NewKernels => vec![State(Pool::Worker, NodeState::Cordoned)],
        }
    }

    /// The reference DaemonSet: what a careful engineer would write.
    pub fn solution(self) -> DaemonSet {
        let (name, ns, image) = self.identity();
        let mut ds = base(name, ns, image);
        let cp_toleration = || toleration(CONTROL_PLANE, "Exists", "", NO_SCHEDULE, None);
        let spot_toleration = || toleration(SPOT_TAINT, "Exists", "", NO_EXECUTE, None);
        let linux = || expr(OS, "In", &["linux".to_owned()]);
        match self {
            Goal::LinuxOnly => {
                ds.spec
                    .template
                    .spec
                    .node_selector
                    .insert(OS.to_owned(), "linux".to_owned());
            }
            Goal::ControlPlaneOnly => {
                let spec = &mut ds.spec.template.spec;
                spec.node_selector
                    .insert(CONTROL_PLANE.to_owned(), String::new());
                spec.tolerations = vec![cp_toleration()];
            }
            Goal::GpuOnly => {
                let spec = &mut ds.spec.template.spec;
                spec.node_selector
                    .insert(GPU_PRESENT.to_owned(), "true".to_owned());
                spec.tolerations = vec![toleration(GPU_TAINT, "Exists", "", NO_SCHEDULE, None)];
            }
            Goal::LinuxExceptSpot => {
                ds = with_terms(
                    ds,
                    vec![linux(), expr(SPOT_LABEL, "NotIn", &["spot".into()])],
                );
                ds.spec.template.spec.tolerations = vec![cp_toleration()];
            }
            Goal::OutsideZone => {
                ds = with_terms(
                    ds,
                    vec![expr(ZONE, "NotIn", &[ZONES[AVOIDED_ZONE].to_owned()])],
                );
                ds.spec.template.spec.tolerations = vec![cp_toleration()];
            }
            Goal::StayThroughTrouble => {
                ds.spec.template.spec.tolerations = vec![cp_toleration()];
            }
            Goal::IncludingSpot => {
                let spec = &mut ds.spec.template.spec;
                spec.node_selector.insert(OS.to_owned(), "linux".to_owned());
                spec.tolerations = vec![cp_toleration(), spot_toleration()];
            }
            Goal::NetworkAgent => {
                let spec = &mut ds.spec.template.spec;
                spec.host_network = true;
                // What CNI manifests ship: tolerate every taint (flannel, Calico, Cilium).
                spec.tolerations = vec![toleration("", "Exists", "", "", None)];
            }
            Goal::NewKernels => {
                ds = with_terms(
                    ds,
                    vec![
                        linux(),
                        expr(KERNEL_MAJOR, "Gt", &[KERNEL_ABOVE.to_string()]),
                        expr(CONTROL_PLANE, "DoesNotExist", &[]),
                    ],
                );
                ds.spec.template.spec.tolerations = vec![spot_toleration()];
            }
        }
        ds
    }

    /// The starting point of a write drill: name, selector, template and container.
    pub fn skeleton(self) -> DaemonSet {
        let (name, ns, image) = self.identity();
        let mut ds = base(name, ns, image);
        ds.spec.template.spec.host_network = self == Goal::NetworkAgent;
        ds
    }

    /// The rules a goal is built to exercise (for "practise my weakest rule").
    pub fn rule_keys(self) -> &'static [RuleKey] {
        match self {
            Goal::LinuxOnly => &[RuleKey::NodeSelector],
            Goal::ControlPlaneOnly | Goal::GpuOnly => {
                &[RuleKey::NodeSelector, RuleKey::TemplateToleration]
            }
            Goal::LinuxExceptSpot | Goal::OutsideZone => {
                &[RuleKey::AffinityOperator, RuleKey::TemplateToleration]
            }
            Goal::StayThroughTrouble => &[
                RuleKey::AutomaticToleration,
                RuleKey::TemplateToleration,
                RuleKey::UntoleratedNoSchedule,
            ],
            Goal::IncludingSpot => &[RuleKey::TemplateToleration, RuleKey::UntoleratedNoExecute],
            Goal::NetworkAgent => &[RuleKey::HostNetwork, RuleKey::TemplateToleration],
            Goal::NewKernels => &[RuleKey::AffinityOperator, RuleKey::TemplateToleration],
        }
    }
}

/// A change to the nodes of a cluster, for the changed hidden cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The first node of this pool goes into this state.
    State(Pool, NodeState),
    /// A spot node has its label but not yet its taint.
    UntaintedSpot,
}
