//! Node pools and node states for generated clusters: nodes labelled and tainted as real
//! clusters have them (kubeadm control plane, cloud workers across zones, arm64, Windows, GPU,
//! spot), and the states the system puts on nodes with EXACTLY the taints Kubernetes adds
//! (placement-spec §5). Pure: the caller passes the random choices in.

use super::RuleKey;
use crate::placement::objects::{Node, NodeCondition, ObjectMeta, Taint};
use serde::Serialize;
use std::collections::BTreeMap;

pub const ZONES: [&str; 3] = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
pub const REGION: &str = "eu-west-1";

pub const CONTROL_PLANE: &str = "node-role.kubernetes.io/control-plane";
pub const ZONE: &str = "topology.kubernetes.io/zone";
pub const OS: &str = "kubernetes.io/os";
pub const ARCH: &str = "kubernetes.io/arch";
pub const HOSTNAME: &str = "kubernetes.io/hostname";
/// Node Feature Discovery's kernel label: a real integer label for Gt/Lt (R6.5).
pub const KERNEL_MAJOR: &str = "feature.node.kubernetes.io/kernel-version.major";
/// A rack position written with leading zeros, as data-centre inventories do ("0206"): node
/// affinity Gt/Lt parse it as an integer (placement-spec trap 11).
pub const RACK: &str = "topology.example.com/rack";
pub const GPU_PRESENT: &str = "nvidia.com/gpu.present";
pub const GPU_TAINT: &str = "nvidia.com/gpu";
pub const SPOT_LABEL: &str = "karpenter.sh/capacity-type";
pub const SPOT_TAINT: &str = "spot.example.com/interruptible";
pub const TIER_TAINT: &str = "example.com/tier";
pub const DEDICATED_TAINT: &str = "dedicated";
pub const MAINTENANCE_TAINT: &str = "example.com/maintenance";

pub const NO_SCHEDULE: &str = "NoSchedule";
pub const NO_EXECUTE: &str = "NoExecute";

/// Where a node comes from: its labels and the taints it is born with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pool {
    /// kubeadm control plane: the control-plane label and `control-plane:NoSchedule` (§5).
    ControlPlane,
    Worker,
    Arm64,
    Windows,
    /// GPU workers, tainted `nvidia.com/gpu=present:NoSchedule` so only GPU pods land there.
    Gpu,
    /// Spot capacity, tainted with a custom NoExecute taint.
    Spot,
    /// An on-premises edge box: no zone or region label (placement-spec trap 10 for NotIn).
    Edge,
}

/// What happened to a node, as the taints and conditions Kubernetes puts on it (§5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeState {
    Healthy,
    /// `kubectl cordon`: `spec.unschedulable` plus `unschedulable:NoSchedule`.
    Cordoned,
    /// `Ready=False` for a while: `not-ready` NoSchedule and NoExecute.
    NotReady,
    /// A node that just joined and is not Ready yet: only `not-ready:NoSchedule` so far (the
    /// NoExecute one comes through the rate-limited queue, §5).
    NotReadyJoining,
    /// `Ready=Unknown`: `unreachable` NoSchedule and NoExecute.
    Unreachable,
    MemoryPressure,
    DiskPressure,
    PidPressure,
    NetworkUnavailable,
    /// External cloud provider, not initialised yet (kubelet `initialNode`, §5).
    Uninitialized,
    /// Non-graceful shutdown: an admin adds `out-of-service:NoExecute` (§5).
    OutOfService,
    /// A custom PreferNoSchedule taint, which placement never reads (trap 5).
    PreferNoSchedule,
    /// `Ready=False` reported, no taint yet: conditions are not taints (trap 20).
    ReadyFalseUntainted,
    /// An admin's `memory-pressure:NoExecute`: the automatic toleration is NoSchedule only
    /// (trap 17, R4.1).
    MemoryPressureNoExecute,
    /// A custom `dedicated=database:NoSchedule` taint.
    Dedicated,
    /// A custom integer-valued taint `example.com/tier=<n>:NoSchedule`, for Gt/Lt tolerations.
    Tier(u8),
}

impl NodeState {
    /// The rule keys a node in this state usually exercises (for "practise my weakest rule").
    pub fn rule_keys(self) -> &'static [RuleKey] {
        use NodeState::*;
        match self {
            Healthy => &[RuleKey::Schedulable],
            Cordoned | MemoryPressure | DiskPressure | PidPressure => {
                &[RuleKey::AutomaticToleration]
            }
            NotReady | NotReadyJoining | Unreachable | Uninitialized | Dedicated | Tier(_) => {
                &[RuleKey::UntoleratedNoSchedule]
            }
            NetworkUnavailable => &[RuleKey::UntoleratedNoSchedule, RuleKey::HostNetwork],
            OutOfService | MemoryPressureNoExecute => &[RuleKey::UntoleratedNoExecute],
            PreferNoSchedule => &[RuleKey::PreferNoSchedule],
            ReadyFalseUntainted => &[RuleKey::Schedulable],
        }
    }
}

impl Pool {
    pub fn rule_keys(self) -> &'static [RuleKey] {
        match self {
            Pool::ControlPlane | Pool::Gpu => {
                &[RuleKey::UntoleratedNoSchedule, RuleKey::TemplateToleration]
            }
            Pool::Spot => &[RuleKey::UntoleratedNoExecute, RuleKey::TemplateToleration],
            Pool::Windows | Pool::Arm64 | Pool::Edge => {
                &[RuleKey::AffinityOperator, RuleKey::NodeSelector]
            }
            Pool::Worker => &[RuleKey::Schedulable],
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Pool::ControlPlane => "cp",
            Pool::Worker => "worker",
            Pool::Arm64 => "arm",
            Pool::Windows => "win",
            Pool::Gpu => "gpu",
            Pool::Spot => "spot",
            Pool::Edge => "edge",
        }
    }
}

/// The random facts of one node, drawn by the generator.
#[derive(Debug, Clone, Copy)]
pub struct NodeDraw {
    pub pool: Pool,
    pub state: NodeState,
    /// Index into `ZONES`.
    pub zone: usize,
    /// Linux kernel major version (NFD label).
    pub kernel: u8,
    /// Rack number, written zero-padded to four digits.
    pub rack: u16,
}

/// Builds nodes with unique names (`worker-1`, `worker-2`, ...).
#[derive(Debug, Clone, Default)]
pub struct ClusterBuilder {
    counters: BTreeMap<&'static str, u32>,
    pub nodes: Vec<Node>,
    pub draws: Vec<NodeDraw>,
}

impl ClusterBuilder {
    pub fn add(&mut self, draw: NodeDraw) -> usize {
        let prefix = draw.pool.prefix();
        let n = self.counters.entry(prefix).or_insert(0);
        *n += 1;
        let name = format!("{prefix}-{n}");
        self.nodes.push(build_node(&name, draw));
        self.draws.push(draw);
        self.nodes.len() - 1
    }

    /// The name the next node of this pool would get.
    pub fn next_name(&self, pool: Pool) -> String {
        let prefix = pool.prefix();
        format!(
            "{prefix}-{}",
            self.counters.get(prefix).copied().unwrap_or(0) + 1
        )
    }
}

/// One node of a pool in a state, labelled as kubelet, kubeadm, NFD and the cloud provider
/// label real nodes.
pub fn build_node(name: &str, draw: NodeDraw) -> Node {
    let mut labels = BTreeMap::new();
    let mut taints = Vec::new();
    let (os, arch, instance) = match draw.pool {
        Pool::ControlPlane => ("linux", "amd64", "m6i.large"),
        Pool::Worker | Pool::Spot => ("linux", "amd64", "m6i.xlarge"),
        Pool::Arm64 => ("linux", "arm64", "m7g.xlarge"),
        Pool::Windows => ("windows", "amd64", "m6i.xlarge"),
        Pool::Gpu => ("linux", "amd64", "g5.xlarge"),
        Pool::Edge => ("linux", "arm64", ""),
    };
    labels.insert(HOSTNAME.to_owned(), name.to_owned());
    labels.insert(OS.to_owned(), os.to_owned());
    labels.insert(ARCH.to_owned(), arch.to_owned());
    if draw.pool != Pool::Edge {
        labels.insert(ZONE.to_owned(), ZONES[draw.zone % ZONES.len()].to_owned());
        labels.insert(
            "topology.kubernetes.io/region".to_owned(),
            REGION.to_owned(),
        );
        labels.insert(
            "node.kubernetes.io/instance-type".to_owned(),
            instance.to_owned(),
        );
        labels.insert(RACK.to_owned(), format!("{:04}", draw.rack));
    }
    // NFD runs on Linux only: a Windows node has no kernel label at all (no match for Gt/Lt).
    if os == "linux" {
        labels.insert(KERNEL_MAJOR.to_owned(), draw.kernel.to_string());
    }
    match draw.pool {
        Pool::ControlPlane => {
            // kubeadm: the role label and the control-plane NoSchedule taint (§5).
            labels.insert(CONTROL_PLANE.to_owned(), String::new());
            labels.insert(
                "node.kubernetes.io/exclude-from-external-load-balancers".to_owned(),
                String::new(),
            );
            taints.push(taint(CONTROL_PLANE, "", NO_SCHEDULE));
        }
        Pool::Gpu => {
            labels.insert(GPU_PRESENT.to_owned(), "true".to_owned());
            taints.push(taint(GPU_TAINT, "present", NO_SCHEDULE));
        }
        Pool::Spot => {
            labels.insert(SPOT_LABEL.to_owned(), "spot".to_owned());
            taints.push(taint(SPOT_TAINT, "true", NO_EXECUTE));
        }
        Pool::Windows => {
            labels.insert(
                "node.kubernetes.io/windows-build".to_owned(),
                "10.0.20348".to_owned(),
            );
        }
        Pool::Worker | Pool::Arm64 | Pool::Edge => {}
    }
    let mut node = Node {
        metadata: ObjectMeta {
            name: name.to_owned(),
            labels: labels.into(),
            ..ObjectMeta::default()
        },
        ..Node::default()
    };
    node.spec.taints = taints;
    node.status.allocatable = [
        (
            "cpu",
            if draw.pool == Pool::ControlPlane {
                "2"
            } else {
                "4"
            },
        ),
        ("memory", "15Gi"),
        ("pods", "110"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    set_conditions(&mut node, "True", &[]);
    apply_state(&mut node, draw.state);
    node
}

/// Puts a state on a node: the conditions the kubelet reports and the taints the node
/// lifecycle controller (or kubectl, or an admin) adds, exactly as placement-spec §5 lists.
pub fn apply_state(node: &mut Node, state: NodeState) {
    use NodeState::*;
    let nk = |k: &str| format!("node.kubernetes.io/{k}");
    match state {
        Healthy => {}
        Cordoned => cordon(node),
        NotReady => {
            set_conditions(node, "False", &[]);
            add_taint(node, taint(&nk("not-ready"), "", NO_SCHEDULE));
            add_taint(node, taint(&nk("not-ready"), "", NO_EXECUTE));
        }
        NotReadyJoining => {
            set_conditions(node, "False", &[]);
            add_taint(node, taint(&nk("not-ready"), "", NO_SCHEDULE));
        }
        Unreachable => {
            set_conditions(node, "Unknown", &[]);
            add_taint(node, taint(&nk("unreachable"), "", NO_SCHEDULE));
            add_taint(node, taint(&nk("unreachable"), "", NO_EXECUTE));
        }
        MemoryPressure | DiskPressure | PidPressure | NetworkUnavailable => {
            let (condition, key) = match state {
                MemoryPressure => ("MemoryPressure", "memory-pressure"),
                DiskPressure => ("DiskPressure", "disk-pressure"),
                PidPressure => ("PIDPressure", "pid-pressure"),
                _ => ("NetworkUnavailable", "network-unavailable"),
            };
            set_conditions(node, "True", &[condition]);
            add_taint(node, taint(&nk(key), "", NO_SCHEDULE));
        }
        Uninitialized => add_taint(
            node,
            taint(
                "node.cloudprovider.kubernetes.io/uninitialized",
                "true",
                NO_SCHEDULE,
            ),
        ),
        OutOfService => {
            // A shut-down node is also unreachable; the admin's out-of-service taint is the one
            // no DaemonSet tolerates (§5, R4.1).
            set_conditions(node, "Unknown", &[]);
            add_taint(node, taint(&nk("unreachable"), "", NO_SCHEDULE));
            add_taint(node, taint(&nk("unreachable"), "", NO_EXECUTE));
            add_taint(
                node,
                taint(&nk("out-of-service"), "nodeshutdown", NO_EXECUTE),
            );
        }
        PreferNoSchedule => add_taint(
            node,
            taint(MAINTENANCE_TAINT, "planned", "PreferNoSchedule"),
        ),
        ReadyFalseUntainted => set_conditions(node, "False", &[]),
        MemoryPressureNoExecute => {
            set_conditions(node, "True", &["MemoryPressure"]);
            add_taint(node, taint(&nk("memory-pressure"), "", NO_SCHEDULE));
            add_taint(node, taint(&nk("memory-pressure"), "", NO_EXECUTE));
        }
        Dedicated => add_taint(node, taint(DEDICATED_TAINT, "database", NO_SCHEDULE)),
        Tier(n) => add_taint(node, taint(TIER_TAINT, &n.to_string(), NO_SCHEDULE)),
    }
}

/// `kubectl cordon`: sets `spec.unschedulable`; the node lifecycle controller adds the
/// `unschedulable:NoSchedule` taint (§5).
pub fn cordon(node: &mut Node) {
    node.spec.unschedulable = true;
    add_taint(
        node,
        taint("node.kubernetes.io/unschedulable", "", NO_SCHEDULE),
    );
}

pub fn taint(key: &str, value: &str, effect: &str) -> Taint {
    Taint {
        key: key.to_owned(),
        value: value.to_owned(),
        effect: effect.to_owned(),
    }
}

/// Adds a taint unless the same key and effect is already there (the API forbids duplicates).
pub fn add_taint(node: &mut Node, t: Taint) {
    if !node
        .spec
        .taints
        .iter()
        .any(|x| x.key == t.key && x.effect == t.effect)
    {
        node.spec.taints.push(t);
    }
}

/// The kubelet's conditions: Ready with the given status, and the pressure conditions False
/// unless listed as True.
fn set_conditions(node: &mut Node, ready: &str, true_conditions: &[&str]) {
    node.status.conditions = [
        "Ready",
        "MemoryPressure",
        "DiskPressure",
        "PIDPressure",
        "NetworkUnavailable",
    ]
    .iter()
    .map(|kind| NodeCondition {
        kind: (*kind).to_owned(),
        status: if *kind == "Ready" {
            ready.to_owned()
        } else if true_conditions.contains(kind) {
            "True".to_owned()
        } else {
            "False".to_owned()
        },
    })
    .collect();
}

/// A short description of a node's state for prompts: "cordoned", "NotReady", ...
pub fn describe_state(state: NodeState) -> &'static str {
    use NodeState::*;
    match state {
        Healthy => "",
        Cordoned => "cordoned",
        NotReady => "NotReady",
        NotReadyJoining => "just joined, NotReady",
        Unreachable => "unreachable",
        MemoryPressure => "memory pressure",
        DiskPressure => "disk pressure",
        PidPressure => "PID pressure",
        NetworkUnavailable => "network unavailable",
        Uninitialized => "cloud provider not initialised",
        OutOfService => "shut down, out-of-service",
        PreferNoSchedule => "maintenance planned",
        ReadyFalseUntainted => "Ready=False, not tainted yet",
        MemoryPressureNoExecute => "memory pressure, admin NoExecute taint",
        Dedicated => "dedicated to databases",
        Tier(_) => "tiered",
    }
}
