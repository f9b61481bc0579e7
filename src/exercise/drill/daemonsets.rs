//! DaemonSet templates for drills, modelled on what clusters really run: a log agent, a CNI
//! agent, the NVIDIA device plugin, node-exporter, node-local-dns... each built as the crate's
//! own `DaemonSet` so the engine evaluates exactly what the learner reads as YAML.

use super::RuleKey;
use super::cluster::{
    CONTROL_PLANE, GPU_PRESENT, GPU_TAINT, KERNEL_MAJOR, NO_EXECUTE, NO_SCHEDULE, OS, RACK,
    SPOT_TAINT, TIER_TAINT, ZONE, ZONES,
};
use crate::placement::objects::{
    Affinity, Container, DaemonSet, LabelSelector, NodeAffinity, NodeSelector,
    NodeSelectorRequirement, NodeSelectorTerm, ObjectMeta, Toleration,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// The DaemonSet shapes the generator draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Template {
    /// fluent-bit without tolerations: "worker-only" because it does not tolerate the
    /// control-plane taint (trap 15).
    LogAgent,
    /// calico-node: hostNetwork, tolerates every NoSchedule and NoExecute taint, Linux only.
    CniAgent,
    /// nvidia-device-plugin: nodeSelector `nvidia.com/gpu.present` plus the GPU toleration.
    GpuDevicePlugin,
    /// A zone-limited agent: required affinity `zone In [...]`.
    ZoneAgent,
    /// node-exporter: required affinity `kubernetes.io/os In [linux]`.
    LinuxOnly,
    /// `zone NotIn [...]`: also selects nodes with no zone label (trap 10).
    ZoneNotIn,
    /// A security agent that tolerates everything but keeps off control planes with
    /// `node-role.kubernetes.io/control-plane DoesNotExist`.
    WorkerOnlyAffinity,
    /// A template `spec.nodeName` (R3.1, trap 14).
    PinnedDebug,
    /// The log agent with user copies of the automatic not-ready/unreachable tolerations and
    /// `tolerationSeconds: 300`, which R4.3 overwrites (trap 19).
    NotReadyCopy,
    /// An eBPF agent: `kernel-version.major Gt 5` (integer compare, R6.5).
    KernelGt,
    /// Rack telemetry: `rack Lt 0210`, labels with leading zeros (trap 11).
    RackLt,
    /// A `Gt` toleration: matches nothing with the comparison gate off (R5.3, trap 22).
    TolerationGt,
    /// `matchFields metadata.name NotIn [node]` (R6.7).
    MatchFieldsSkip,
    /// A bootstrap agent tolerating `not-ready:NoSchedule`: automatic tolerations are
    /// effect-specific (trap 2, R4.1).
    NotReadyTolerant,
    /// A spot-aware agent with a NoExecute toleration of `tolerationSeconds: 0` (trap 18).
    SpotZeroSeconds,
    /// node-local-dns: hostNetwork, so network-unavailable is tolerated automatically (R4 row
    /// 7, trap 16).
    NodeLocalDns,
}

impl Template {
    pub const EASY: [Template; 4] = [
        Template::LogAgent,
        Template::GpuDevicePlugin,
        Template::ZoneAgent,
        Template::LinuxOnly,
    ];
    pub const MEDIUM: [Template; 10] = [
        Template::LogAgent,
        Template::PinnedDebug,
        Template::CniAgent,
        Template::GpuDevicePlugin,
        Template::ZoneAgent,
        Template::LinuxOnly,
        Template::ZoneNotIn,
        Template::WorkerOnlyAffinity,
        Template::MatchFieldsSkip,
        Template::NodeLocalDns,
    ];
    pub const HARD: [Template; 16] = [
        Template::LogAgent,
        Template::CniAgent,
        Template::GpuDevicePlugin,
        Template::ZoneAgent,
        Template::LinuxOnly,
        Template::ZoneNotIn,
        Template::WorkerOnlyAffinity,
        Template::PinnedDebug,
        Template::NotReadyCopy,
        Template::KernelGt,
        Template::RackLt,
        Template::TolerationGt,
        Template::MatchFieldsSkip,
        Template::NotReadyTolerant,
        Template::SpotZeroSeconds,
        Template::NodeLocalDns,
    ];

    /// The rule keys this template is built to exercise (for "practise my weakest rule").
    pub fn rule_keys(self) -> &'static [RuleKey] {
        use Template::*;
        match self {
            LogAgent | NotReadyCopy => {
                &[RuleKey::UntoleratedNoSchedule, RuleKey::AutomaticToleration]
            }
            CniAgent => &[
                RuleKey::TemplateToleration,
                RuleKey::NodeSelector,
                RuleKey::HostNetwork,
            ],
            GpuDevicePlugin => &[RuleKey::NodeSelector, RuleKey::TemplateToleration],
            ZoneAgent | LinuxOnly | ZoneNotIn | WorkerOnlyAffinity | KernelGt | RackLt => {
                &[RuleKey::AffinityOperator]
            }
            PinnedDebug => &[RuleKey::NodeName],
            TolerationGt => &[RuleKey::UntoleratedNoSchedule],
            MatchFieldsSkip => &[RuleKey::MatchFields],
            NotReadyTolerant => &[RuleKey::TemplateToleration, RuleKey::UntoleratedNoSchedule],
            SpotZeroSeconds => &[RuleKey::TemplateToleration, RuleKey::UntoleratedNoExecute],
            NodeLocalDns => &[RuleKey::HostNetwork, RuleKey::UntoleratedNoSchedule],
        }
    }
}

/// The choices a template needs from the cluster it is placed in.
#[derive(Debug, Clone, Default)]
pub struct TemplateInputs {
    /// Zones for ZoneAgent (In) and ZoneNotIn.
    pub zones: Vec<usize>,
    /// A node name for PinnedDebug and MatchFieldsSkip.
    pub node: String,
    /// The integer bound for KernelGt, RackLt and TolerationGt.
    pub bound: u16,
    /// Whether node-exporter also tolerates the control plane.
    pub tolerate_control_plane: bool,
}

/// Builds the DaemonSet for a template.
pub fn build(template: Template, inputs: &TemplateInputs) -> DaemonSet {
    use Template::*;
    let zones: Vec<String> = inputs
        .zones
        .iter()
        .map(|z| ZONES[z % ZONES.len()].to_owned())
        .collect();
    match template {
        LogAgent => base(
            "fluent-bit",
            "logging",
            "cr.fluentbit.io/fluent/fluent-bit:3.2",
        ),
        CniAgent => {
            let mut ds = base(
                "calico-node",
                "kube-system",
                "docker.io/calico/node:v3.29.1",
            );
            let spec = &mut ds.spec.template.spec;
            spec.host_network = true;
            spec.priority_class_name = "system-node-critical".into();
            spec.node_selector.insert(OS.into(), "linux".into());
            // calico-node's own manifest: every NoSchedule and NoExecute taint, plus
            // CriticalAddonsOnly (placement-spec §10: this, not R4, lets CNI start on NotReady
            // nodes).
            spec.tolerations = vec![
                toleration("", "Exists", "", NO_SCHEDULE, None),
                toleration("CriticalAddonsOnly", "Exists", "", "", None),
                toleration("", "Exists", "", NO_EXECUTE, None),
            ];
            ds
        }
        GpuDevicePlugin => {
            let mut ds = base(
                "nvidia-device-plugin-daemonset",
                "kube-system",
                "nvcr.io/nvidia/k8s-device-plugin:v0.17.0",
            );
            let spec = &mut ds.spec.template.spec;
            spec.node_selector.insert(GPU_PRESENT.into(), "true".into());
            spec.tolerations = vec![toleration(GPU_TAINT, "Exists", "", NO_SCHEDULE, None)];
            ds
        }
        ZoneAgent => with_terms(
            base(
                "zonal-cache",
                "storage",
                "registry.example.com/zonal-cache:1.4",
            ),
            vec![expr(ZONE, "In", &zones)],
        ),
        LinuxOnly => {
            let mut ds = with_terms(
                base(
                    "node-exporter",
                    "monitoring",
                    "quay.io/prometheus/node-exporter:v1.8.2",
                ),
                vec![expr(OS, "In", &["linux".into()])],
            );
            if inputs.tolerate_control_plane {
                ds.spec.template.spec.tolerations =
                    vec![toleration(CONTROL_PLANE, "Exists", "", NO_SCHEDULE, None)];
            }
            ds
        }
        ZoneNotIn => with_terms(
            base(
                "backup-agent",
                "backup",
                "registry.example.com/backup-agent:2.0",
            ),
            vec![expr(ZONE, "NotIn", &zones)],
        ),
        WorkerOnlyAffinity => {
            let mut ds = with_terms(
                base("falco", "security", "docker.io/falcosecurity/falco:0.39.2"),
                vec![expr(CONTROL_PLANE, "DoesNotExist", &[])],
            );
            ds.spec.template.spec.tolerations = vec![toleration("", "Exists", "", "", None)];
            ds
        }
        PinnedDebug => {
            let mut ds = base("debug-tools", "default", "docker.io/library/busybox:1.37");
            ds.spec.template.spec.node_name = inputs.node.clone();
            ds
        }
        NotReadyCopy => {
            let mut ds = base(
                "fluent-bit",
                "logging",
                "cr.fluentbit.io/fluent/fluent-bit:3.2",
            );
            // R4.3: same key, operator, value and effect as automatic rows 1 and 2, so the
            // controller replaces them and the 300 s limit disappears.
            ds.spec.template.spec.tolerations = vec![
                toleration(
                    "node.kubernetes.io/not-ready",
                    "Exists",
                    "",
                    NO_EXECUTE,
                    Some(300),
                ),
                toleration(
                    "node.kubernetes.io/unreachable",
                    "Exists",
                    "",
                    NO_EXECUTE,
                    Some(300),
                ),
            ];
            ds
        }
        KernelGt => with_terms(
            base(
                "ebpf-probe",
                "observability",
                "registry.example.com/ebpf-probe:0.9",
            ),
            vec![expr(KERNEL_MAJOR, "Gt", &[inputs.bound.to_string()])],
        ),
        RackLt => with_terms(
            base(
                "rack-telemetry",
                "dcim",
                "registry.example.com/rack-telemetry:1.1",
            ),
            vec![expr(RACK, "Lt", &[format!("{:04}", inputs.bound)])],
        ),
        TolerationGt => {
            let mut ds = base(
                "batch-cache",
                "batch",
                "registry.example.com/batch-cache:3.0",
            );
            // R5.3: Gt needs the TaintTolerationComparisonOperators gate (alpha, off).
            ds.spec.template.spec.tolerations = vec![toleration(
                TIER_TAINT,
                "Gt",
                &inputs.bound.to_string(),
                NO_SCHEDULE,
                None,
            )];
            ds
        }
        MatchFieldsSkip => {
            let mut ds = base(
                "disk-scrubber",
                "storage",
                "registry.example.com/scrubber:1.0",
            );
            ds.spec.template.spec.affinity = Some(affinity(vec![NodeSelectorTerm {
                match_expressions: vec![],
                match_fields: vec![NodeSelectorRequirement {
                    key: "metadata.name".into(),
                    operator: "NotIn".into(),
                    values: vec![inputs.node.clone()],
                }],
            }]));
            ds
        }
        NotReadyTolerant => {
            let mut ds = base(
                "node-bootstrap",
                "kube-system",
                "registry.example.com/bootstrap:1.2",
            );
            ds.spec.template.spec.tolerations = vec![toleration(
                "node.kubernetes.io/not-ready",
                "Exists",
                "",
                NO_SCHEDULE,
                None,
            )];
            ds
        }
        SpotZeroSeconds => {
            let mut ds = base(
                "spot-termination-handler",
                "kube-system",
                "public.ecr.aws/aws-ec2/aws-node-termination-handler:v1.24.0",
            );
            // R5.4: tolerationSeconds is not part of matching; 0 s still places the pod.
            ds.spec.template.spec.tolerations =
                vec![toleration(SPOT_TAINT, "Exists", "", NO_EXECUTE, Some(0))];
            ds
        }
        NodeLocalDns => {
            let mut ds = base(
                "node-local-dns",
                "kube-system",
                "registry.k8s.io/dns/k8s-dns-node-cache:1.24.0",
            );
            let spec = &mut ds.spec.template.spec;
            spec.host_network = true;
            spec.priority_class_name = "system-node-critical".into();
            spec.tolerations = vec![toleration("CriticalAddonsOnly", "Exists", "", "", None)];
            ds
        }
    }
}

/// A valid DaemonSet: selector matching the template labels (R12) and one container.
pub fn base(name: &str, namespace: &str, image: &str) -> DaemonSet {
    let labels: BTreeMap<String, String> =
        [("app.kubernetes.io/name".to_owned(), name.to_owned())].into();
    let mut ds = DaemonSet {
        metadata: ObjectMeta {
            name: name.to_owned(),
            namespace: namespace.to_owned(),
            labels: (&labels).into(),
            ..ObjectMeta::default()
        },
        ..DaemonSet::default()
    };
    ds.spec.selector = Some(LabelSelector {
        match_labels: labels.clone(),
        match_expressions: vec![],
    });
    ds.spec.template.metadata.labels = labels.into();
    ds.spec.template.spec.containers = vec![Container {
        name: name.to_owned(),
        image: image.to_owned(),
        ..Container::default()
    }];
    ds
}

pub fn toleration(
    key: &str,
    operator: &str,
    value: &str,
    effect: &str,
    seconds: Option<i64>,
) -> Toleration {
    Toleration {
        key: key.to_owned(),
        operator: operator.to_owned(),
        value: value.to_owned(),
        effect: effect.to_owned(),
        toleration_seconds: seconds,
    }
}

pub fn expr(key: &str, operator: &str, values: &[String]) -> NodeSelectorRequirement {
    NodeSelectorRequirement {
        key: key.to_owned(),
        operator: operator.to_owned(),
        values: values.to_vec(),
    }
}

pub fn affinity(terms: Vec<NodeSelectorTerm>) -> Affinity {
    Affinity {
        node_affinity: Some(NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                node_selector_terms: terms,
            }),
            preferred_during_scheduling_ignored_during_execution: vec![],
        }),
    }
}

pub fn with_terms(mut ds: DaemonSet, exprs: Vec<NodeSelectorRequirement>) -> DaemonSet {
    ds.spec.template.spec.affinity = Some(affinity(vec![NodeSelectorTerm {
        match_expressions: exprs,
        match_fields: vec![],
    }]));
    ds
}

/// Every label key the DaemonSet's node selection reads (nodeSelector and matchExpressions);
/// the events generator removes or adds these.
pub fn selection_keys(ds: &DaemonSet) -> Vec<String> {
    let spec = &ds.spec.template.spec;
    let mut keys: Vec<String> = spec.node_selector.keys().cloned().collect();
    let terms = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| {
            n.required_during_scheduling_ignored_during_execution
                .as_ref()
        });
    for term in terms.iter().flat_map(|s| &s.node_selector_terms) {
        for e in &term.match_expressions {
            if !keys.contains(&e.key) {
                keys.push(e.key.clone());
            }
        }
    }
    keys
}

/// The placement-rule key that the DaemonSet's own node selection stands for, if any: what let
/// a node through when no taint was involved (R3.1, R6.7, R6.5, R6.1, in that order).
pub fn selection_rule_key(ds: &DaemonSet) -> Option<RuleKey> {
    let spec = &ds.spec.template.spec;
    if !spec.node_name.is_empty() {
        return Some(RuleKey::NodeName);
    }
    let terms = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| {
            n.required_during_scheduling_ignored_during_execution
                .as_ref()
        });
    if let Some(sel) = terms {
        if sel
            .node_selector_terms
            .iter()
            .any(|t| !t.match_fields.is_empty())
        {
            return Some(RuleKey::MatchFields);
        }
        if sel
            .node_selector_terms
            .iter()
            .any(|t| !t.match_expressions.is_empty())
        {
            return Some(RuleKey::AffinityOperator);
        }
    }
    (!spec.node_selector.is_empty()).then_some(RuleKey::NodeSelector)
}
