//! A deterministic, realistic large cluster for the benchmarks and `benches/compare.sh`.
//!
//! `node_list_json(n)` / `node_list_yaml(n)` print `n` Nodes exactly as `kubectl get nodes -o
//! json|yaml` does for a real cluster: a `List` whose items carry ~40 labels (kubernetes.io,
//! topology, instance type, cloud provider, node-feature-discovery), annotations,
//! `managedFields` with nested `fieldsV1`, 0–3 taints, pod CIDRs, the provider id, and a `status`
//! with capacity, allocatable, five conditions, addresses, daemon endpoints, node info and 10–15
//! images. Keys are sorted as kubectl prints them; JSON is indented by 4 spaces, YAML is block
//! style with sequences at their key's indentation. `DAEMONSET_YAML` is a vendor-style DaemonSet
//! (nodeSelector, a two-term required node affinity using In/NotIn/Exists, three tolerations).
//!
//! Used as a module by `benches/placement.rs` and `examples/gen_fixtures.rs`. Everything is
//! derived from a fixed-seed xorshift generator, so every run prints the same bytes. When cargo
//! builds this file as its own bench target, its tests check that both printings parse to the
//! same objects.

#![allow(dead_code)]

use serde_json::{Map, Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The cluster size the project's performance targets are stated for.
pub const NODES: usize = 5_000;

/// The generator's seed: any fixed value gives a fixed cluster.
pub const SEED: u64 = 0x6b75_6265_6472_696c;

/// A log/metrics agent as a vendor ships it.
pub const DAEMONSET_YAML: &str = r#"# A node agent as a monitoring vendor ships it.
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: monitoring
  labels:
    app.kubernetes.io/name: node-agent
    app.kubernetes.io/part-of: observability
    app.kubernetes.io/version: "2.14.1"
  annotations:
    deprecated.daemonset.template.generation: "7"
spec:
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app.kubernetes.io/name: node-agent
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 10%
      maxSurge: 0
  template:
    metadata:
      labels:
        app.kubernetes.io/name: node-agent
        app.kubernetes.io/part-of: observability
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9100"
    spec:
      serviceAccountName: node-agent
      priorityClassName: system-node-critical
      hostNetwork: true
      hostPID: true
      dnsPolicy: ClusterFirstWithHostNet
      nodeSelector:
        kubernetes.io/os: linux
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: kubernetes.io/arch
                operator: In
                values:
                - amd64
                - arm64
              - key: node.kubernetes.io/instance-type
                operator: NotIn
                values:
                - t3.micro
                - t3.small
              - key: eks.amazonaws.com/nodegroup
                operator: Exists
            - matchExpressions:
              - key: nvidia.com/gpu.present
                operator: Exists
              - key: eks.amazonaws.com/capacityType
                operator: In
                values:
                - ON_DEMAND
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: nvidia.com/gpu
        operator: Exists
        effect: NoSchedule
      - key: dedicated
        operator: Equal
        value: ingress
        effect: NoSchedule
      containers:
      - name: agent
        image: registry.example.com/observability/node-agent:2.14.1
        args:
        - --path.procfs=/host/proc
        - --path.sysfs=/host/sys
        - --path.rootfs=/host/root
        - --web.listen-address=0.0.0.0:9100
        ports:
        - name: metrics
          containerPort: 9100
          hostPort: 9100
          protocol: TCP
        resources:
          requests:
            cpu: 50m
            memory: 64Mi
          limits:
            memory: 256Mi
        securityContext:
          readOnlyRootFilesystem: true
          allowPrivilegeEscalation: false
        volumeMounts:
        - name: proc
          mountPath: /host/proc
          readOnly: true
        - name: sys
          mountPath: /host/sys
          readOnly: true
        - name: root
          mountPath: /host/root
          mountPropagation: HostToContainer
          readOnly: true
      volumes:
      - name: proc
        hostPath:
          path: /proc
      - name: sys
        hostPath:
          path: /sys
      - name: root
        hostPath:
          path: /
"#;

/// xorshift64*: tiny, fast and deterministic; plenty for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (n > 0), near enough.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn hex(&mut self, len: usize) -> String {
        let mut s = String::with_capacity(len);
        while s.len() < len {
            let _ = write!(s, "{:016x}", self.next_u64());
        }
        s.truncate(len);
        s
    }

    pub fn uuid(&mut self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }
}

/// An instance type: name, architecture, vCPUs, memory in KiB, GPUs.
struct Instance {
    name: &'static str,
    arch: &'static str,
    cpu: u32,
    mem_ki: u64,
    gpus: u32,
}

const INSTANCES: &[Instance] = &[
    inst("m5.xlarge", "amd64", 4, 16_093_344, 0),
    inst("m5.2xlarge", "amd64", 8, 32_408_740, 0),
    inst("m5.4xlarge", "amd64", 16, 64_948_428, 0),
    inst("c5.4xlarge", "amd64", 16, 32_036_936, 0),
    inst("r5.2xlarge", "amd64", 8, 64_948_428, 0),
    inst("m6g.2xlarge", "arm64", 8, 32_318_492, 0),
    inst("c6g.4xlarge", "arm64", 16, 32_318_492, 0),
    inst("t3.small", "amd64", 2, 1_984_740, 0),
    inst("g4dn.xlarge", "amd64", 4, 16_069_160, 1),
    inst("p3.8xlarge", "amd64", 32, 251_255_004, 4),
];

const fn inst(
    name: &'static str,
    arch: &'static str,
    cpu: u32,
    mem_ki: u64,
    gpus: u32,
) -> Instance {
    Instance {
        name,
        arch,
        cpu,
        mem_ki,
        gpus,
    }
}

/// Weights (out of 100) for picking a worker's instance type, in `INSTANCES` order.
const INSTANCE_WEIGHTS: &[u64] = &[22, 18, 10, 12, 8, 10, 6, 6, 6, 2];

const ZONES: &[(&str, &str)] = &[
    ("eu-west-1a", "euw1-az3"),
    ("eu-west-1b", "euw1-az1"),
    ("eu-west-1c", "euw1-az2"),
];

const NODEGROUPS: &[&str] = &[
    "general-purpose",
    "general-purpose-spot",
    "compute",
    "memory",
    "arm-general",
    "gpu-inference",
    "batch",
    "ingress",
];

/// Container images that a busy node has pulled: repository and tag.
const IMAGES: &[(&str, &str)] = &[
    (
        "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni",
        "v1.18.1-eksbuild.3",
    ),
    (
        "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni-init",
        "v1.18.1-eksbuild.3",
    ),
    (
        "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy",
        "v1.29.3-minimal-eksbuild.2",
    ),
    (
        "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/pause",
        "3.5",
    ),
    (
        "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/aws-ebs-csi-driver",
        "v1.30.0",
    ),
    (
        "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/csi-node-driver-registrar",
        "v2.10.1-eks-1-30-2",
    ),
    (
        "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/livenessprobe",
        "v2.12.0-eks-1-30-2",
    ),
    ("registry.k8s.io/coredns/coredns", "v1.11.1"),
    ("quay.io/prometheus/node-exporter", "v1.8.0"),
    ("cr.fluentbit.io/fluent/fluent-bit", "3.0.4"),
    ("docker.io/calico/node", "v3.27.3"),
    ("docker.io/calico/cni", "v3.27.3"),
    ("registry.k8s.io/nfd/node-feature-discovery", "v0.15.4"),
    ("public.ecr.aws/datadog/agent", "7.53.0"),
    ("nvcr.io/nvidia/k8s-device-plugin", "v0.15.0"),
    ("nvcr.io/nvidia/gpu-operator", "v24.3.0"),
    (
        "registry.example.com/payments/api-server",
        "2024.05.14-8f3c2a1",
    ),
    ("registry.example.com/search/indexer", "5.2.0"),
    ("registry.example.com/ml/feature-store", "1.9.3"),
    ("docker.io/library/nginx", "1.25.5-alpine"),
    ("docker.io/istio/proxyv2", "1.21.2"),
    ("quay.io/jetstack/cert-manager-controller", "v1.14.5"),
];

/// What the nodes carry besides what the engine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// 3 images per node and `managedFields` from the kubelet alone: the same labels, taints
    /// and status in about half the bytes (5,000 nodes: ~57 MB of JSON, ~32 MB of YAML, the
    /// size of issue 17's first row). The hardest shape for the peak-RSS target, since what the
    /// engine keeps is a larger share of the file.
    Lean,
    /// 10-15 images per node.
    Generated,
    /// 50 images per node, as a busy node reports them (the kubelet's default
    /// `nodeStatusMaxImages`): a larger file for the same labels and taints.
    Busy,
}

impl Shape {
    /// The file name's suffix: `nodes-5000.yaml`, `nodes-5000-busy.yaml`.
    pub fn suffix(self) -> &'static str {
        match self {
            Shape::Lean => "-lean",
            Shape::Generated => "",
            Shape::Busy => "-busy",
        }
    }
}

/// One generated Node as kubectl would print it.
pub fn node(rng: &mut Rng, index: usize) -> Value {
    node_shaped(rng, index, Shape::Generated)
}

/// `node`, in a shape.
pub fn node_shaped(rng: &mut Rng, index: usize, shape: Shape) -> Value {
    let is_control_plane = index < 3;
    let inst = if is_control_plane {
        &INSTANCES[1]
    } else {
        let mut roll = rng.below(100);
        let mut chosen = &INSTANCES[0];
        for (inst, w) in INSTANCES.iter().zip(INSTANCE_WEIGHTS) {
            if roll < *w {
                chosen = inst;
                break;
            }
            roll -= w;
        }
        chosen
    };
    let (zone, zone_id) = ZONES[index % ZONES.len()];
    let region = "eu-west-1";
    let ip = format!(
        "10.{}.{}.{}",
        32 + index / 250,
        index % 250,
        1 + rng.below(254)
    );
    let name = format!("ip-{}.{region}.compute.internal", ip.replace('.', "-"));
    let instance_id = format!("i-0{}", rng.hex(16));
    let spot = !is_control_plane && rng.chance(25);
    let capacity_type = if spot { "SPOT" } else { "ON_DEMAND" };
    let nodegroup = if is_control_plane {
        "control-plane"
    } else if inst.gpus > 0 {
        "gpu-inference"
    } else if spot {
        "general-purpose-spot"
    } else {
        *rng.pick(NODEGROUPS)
    };
    let kernel_minor = *rng.pick(&[205u32, 210, 214, 216]);
    let kernel = format!(
        "5.10.{kernel_minor}-{}.{}.amzn2.{}",
        190 + rng.below(20),
        rng.below(900),
        if inst.arch == "amd64" {
            "x86_64"
        } else {
            "aarch64"
        }
    );
    let created = timestamp(rng, 2023, 2024);
    let heartbeat = timestamp(rng, 2025, 2025);

    // --- labels (about 40)
    let mut labels = Map::new();
    set(&mut labels, "beta.kubernetes.io/arch", inst.arch);
    set(&mut labels, "beta.kubernetes.io/instance-type", inst.name);
    set(&mut labels, "beta.kubernetes.io/os", "linux");
    set(
        &mut labels,
        "failure-domain.beta.kubernetes.io/region",
        region,
    );
    set(&mut labels, "failure-domain.beta.kubernetes.io/zone", zone);
    set(&mut labels, "kubernetes.io/arch", inst.arch);
    set(&mut labels, "kubernetes.io/hostname", &name);
    set(&mut labels, "kubernetes.io/os", "linux");
    set(&mut labels, "node.kubernetes.io/instance-type", inst.name);
    set(&mut labels, "topology.kubernetes.io/region", region);
    set(&mut labels, "topology.kubernetes.io/zone", zone);
    set(&mut labels, "topology.ebs.csi.aws.com/zone", zone);
    set(&mut labels, "topology.k8s.aws/zone-id", zone_id);
    set(&mut labels, "k8s.io/cloud-provider-aws", &rng.hex(32));
    set(
        &mut labels,
        "alpha.eksctl.io/cluster-name",
        "prod-eu-west-1",
    );
    set(&mut labels, "alpha.eksctl.io/nodegroup-name", nodegroup);
    set(&mut labels, "eks.amazonaws.com/capacityType", capacity_type);
    set(&mut labels, "eks.amazonaws.com/nodegroup", nodegroup);
    set(
        &mut labels,
        "eks.amazonaws.com/nodegroup-image",
        &format!("ami-0{}", rng.hex(16)),
    );
    set(
        &mut labels,
        "eks.amazonaws.com/sourceLaunchTemplateId",
        &format!("lt-0{}", rng.hex(16)),
    );
    set(
        &mut labels,
        "eks.amazonaws.com/sourceLaunchTemplateVersion",
        &(1 + rng.below(12)).to_string(),
    );
    if is_control_plane {
        set(&mut labels, "node-role.kubernetes.io/control-plane", "");
        set(
            &mut labels,
            "node.kubernetes.io/exclude-from-external-load-balancers",
            "",
        );
    } else {
        set(&mut labels, "node-role.kubernetes.io/worker", "");
    }
    set(
        &mut labels,
        "team.example.com/cost-center",
        &format!("cc-{}", 1000 + rng.below(40)),
    );
    set(&mut labels, "team.example.com/environment", "production");
    let nfd = |k: &str| format!("feature.node.kubernetes.io/{k}");
    let mut feature_labels = Vec::new();
    let mut feature = |m: &mut Map<String, Value>, k: &str, v: &str| {
        m.insert(nfd(k), Value::String(v.to_owned()));
        feature_labels.push(k.to_owned());
    };
    if inst.arch == "amd64" {
        for f in ["AESNI", "AVX", "AVX2", "AVX512BW", "AVX512F", "FMA3"] {
            feature(&mut labels, &format!("cpu-cpuid.{f}"), "true");
        }
        feature(&mut labels, "cpu-model.vendor_id", "Intel");
        feature(&mut labels, "cpu-model.family", "6");
        feature(&mut labels, "cpu-model.id", "85");
    } else {
        for f in ["AES", "ASIMD", "CRC32", "SHA2"] {
            feature(&mut labels, &format!("cpu-cpuid.{f}"), "true");
        }
        feature(&mut labels, "cpu-model.vendor_id", "ARM");
    }
    feature(&mut labels, "cpu-hardware_multithreading", "true");
    feature(&mut labels, "kernel-version.full", &kernel);
    feature(&mut labels, "kernel-version.major", "5");
    feature(&mut labels, "kernel-version.minor", "10");
    feature(
        &mut labels,
        "kernel-version.revision",
        &kernel_minor.to_string(),
    );
    feature(&mut labels, "system-os_release.ID", "amzn");
    feature(&mut labels, "system-os_release.VERSION_ID", "2");
    feature(&mut labels, "system-os_release.VERSION_ID.major", "2");
    feature(&mut labels, "pci-1d0f.present", "true");
    feature(&mut labels, "storage-nonrotationaldisk", "true");
    if inst.gpus > 0 {
        feature(&mut labels, "pci-10de.present", "true");
        set(&mut labels, "nvidia.com/gpu.present", "true");
        set(&mut labels, "nvidia.com/gpu.count", &inst.gpus.to_string());
        set(
            &mut labels,
            "nvidia.com/gpu.product",
            if inst.name.starts_with("g4dn") {
                "Tesla-T4"
            } else {
                "Tesla-V100-SXM2-16GB"
            },
        );
    }

    // --- annotations
    let mut annotations = Map::new();
    set(
        &mut annotations,
        "alpha.kubernetes.io/provided-node-ip",
        &ip,
    );
    set(
        &mut annotations,
        "csi.volume.kubernetes.io/nodeid",
        &format!("{{\"ebs.csi.aws.com\":\"{instance_id}\"}}"),
    );
    set(&mut annotations, "node.alpha.kubernetes.io/ttl", "0");
    set(
        &mut annotations,
        "volumes.kubernetes.io/controller-managed-attach-detach",
        "true",
    );
    set(
        &mut annotations,
        "nfd.node.kubernetes.io/feature-labels",
        &feature_labels.join(","),
    );
    set(
        &mut annotations,
        "nfd.node.kubernetes.io/worker.version",
        "v0.15.4",
    );
    set(
        &mut annotations,
        "projectcalico.org/IPv4Address",
        &format!("{ip}/19"),
    );
    set(
        &mut annotations,
        "projectcalico.org/IPv4VXLANTunnelAddr",
        &format!("100.{}.{}.0", 64 + index / 250, index % 250),
    );

    // --- taints (0-3) and the conditions that go with them
    let mut taints = Vec::new();
    let roll = rng.below(1000);
    let not_ready = !is_control_plane && roll < 30;
    let unreachable = !is_control_plane && (30..40).contains(&roll);
    if is_control_plane {
        taints
            .push(json!({"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}));
    }
    if not_ready || unreachable {
        let key = if not_ready {
            "node.kubernetes.io/not-ready"
        } else {
            "node.kubernetes.io/unreachable"
        };
        taints.push(json!({"effect": "NoSchedule", "key": key}));
        taints.push(json!({"effect": "NoExecute", "key": key, "timeAdded": heartbeat}));
    }
    if inst.gpus > 0 {
        taints.push(json!({"effect": "NoSchedule", "key": "nvidia.com/gpu", "value": "present"}));
    } else if nodegroup == "ingress" {
        taints.push(json!({"effect": "NoSchedule", "key": "dedicated", "value": "ingress"}));
    } else if nodegroup == "batch" && taints.len() < 3 {
        taints.push(json!({"effect": "NoExecute", "key": "dedicated", "value": "batch"}));
    }
    if spot && taints.len() < 3 && rng.chance(8) {
        taints.push(
            json!({"effect": "NoExecute", "key": "node.example.com/spot-reclaim", "value": "true"}),
        );
    }
    if taints.len() < 3 && rng.chance(5) {
        taints.push(json!({
            "effect": "PreferNoSchedule",
            "key": "DeletionCandidateOfClusterAutoscaler",
            "value": (1_735_000_000 + rng.below(1_000_000)).to_string(),
        }));
    }
    let cordoned = !is_control_plane && rng.chance(1);
    if cordoned && taints.len() < 3 {
        taints.push(json!({
            "effect": "NoSchedule",
            "key": "node.kubernetes.io/unschedulable",
            "timeAdded": heartbeat,
        }));
    }

    let ready = if not_ready {
        (
            "False",
            "KubeletNotReady",
            "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized",
        )
    } else if unreachable {
        (
            "Unknown",
            "NodeStatusUnknown",
            "Kubelet stopped posting node status.",
        )
    } else {
        ("True", "KubeletReady", "kubelet is posting ready status")
    };
    let transition = timestamp(rng, 2024, 2024);
    let condition = |kind: &str, status: &str, reason: &str, message: &str| {
        json!({
            "lastHeartbeatTime": heartbeat,
            "lastTransitionTime": transition,
            "message": message,
            "reason": reason,
            "status": status,
            "type": kind,
        })
    };
    let conditions = vec![
        condition(
            "NetworkUnavailable",
            "False",
            "CalicoIsUp",
            "Calico is running on this node",
        ),
        condition(
            "MemoryPressure",
            if unreachable { "Unknown" } else { "False" },
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        condition(
            "DiskPressure",
            if unreachable { "Unknown" } else { "False" },
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
        ),
        condition(
            "PIDPressure",
            if unreachable { "Unknown" } else { "False" },
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
        ),
        condition("Ready", ready.0, ready.1, ready.2),
    ];

    // --- capacity
    let pods = if inst.cpu <= 2 { "11" } else { "110" };
    let mut capacity = json!({
        "cpu": inst.cpu.to_string(),
        "ephemeral-storage": "104845292Ki",
        "hugepages-1Gi": "0",
        "hugepages-2Mi": "0",
        "memory": format!("{}Ki", inst.mem_ki),
        "pods": pods,
    });
    let mut allocatable = json!({
        "cpu": format!("{}m", inst.cpu * 1000 - 70 - 10 * inst.cpu),
        "ephemeral-storage": "95551679124",
        "hugepages-1Gi": "0",
        "hugepages-2Mi": "0",
        "memory": format!("{}Ki", inst.mem_ki - 2_500_000.min(inst.mem_ki / 8)),
        "pods": pods,
    });
    if inst.gpus > 0 {
        capacity["nvidia.com/gpu"] = json!(inst.gpus.to_string());
        allocatable["nvidia.com/gpu"] = json!(inst.gpus.to_string());
    }

    // --- images (10-15; 3 lean, 50 busy)
    let image_count = match shape {
        Shape::Lean => 3,
        Shape::Generated => 10 + rng.below(6) as usize,
        Shape::Busy => 50,
    };
    let start = rng.below(IMAGES.len() as u64) as usize;
    let images: Vec<Value> = (0..image_count)
        .map(|k| {
            let (repo, tag) = IMAGES[(start + k * 5) % IMAGES.len()];
            json!({
                "names": [
                    format!("{repo}@sha256:{}", rng.hex(64)),
                    format!("{repo}:{tag}"),
                ],
                "sizeBytes": 2_000_000 + rng.below(900_000_000),
            })
        })
        .collect();

    let mut addresses = vec![
        json!({"address": ip, "type": "InternalIP"}),
        json!({"address": name, "type": "InternalDNS"}),
        json!({"address": name, "type": "Hostname"}),
    ];
    if nodegroup == "ingress" {
        addresses.insert(
            1,
            json!({
                "address": format!("34.{}.{}.{}", 240 + rng.below(15), rng.below(256), rng.below(256)),
                "type": "ExternalIP",
            }),
        );
    }

    let pod_cidr = format!("100.{}.{}.0/24", 64 + index / 250, index % 250);
    let label_fields = |prefix: &str| -> Value {
        let mut m = Map::new();
        m.insert(".".into(), json!({}));
        for k in labels.keys().filter(|k| k.starts_with(prefix)) {
            m.insert(format!("f:{k}"), json!({}));
        }
        Value::Object(m)
    };
    let condition_fields: Map<String, Value> =
        ["DiskPressure", "MemoryPressure", "PIDPressure", "Ready"]
            .iter()
            .map(|t| {
                (
                    format!("k:{{\"type\":\"{t}\"}}"),
                    json!({
                        "f:lastHeartbeatTime": {},
                        "f:lastTransitionTime": {},
                        "f:message": {},
                        "f:reason": {},
                        "f:status": {},
                    }),
                )
            })
            .collect();
    let mut managed_fields = vec![
        json!({
            "apiVersion": "v1",
            "fieldsType": "FieldsV1",
            "fieldsV1": {
                "f:metadata": {
                    "f:annotations": {
                        ".": {},
                        "f:alpha.kubernetes.io/provided-node-ip": {},
                        "f:volumes.kubernetes.io/controller-managed-attach-detach": {},
                    },
                    "f:labels": label_fields("k"),
                },
                "f:spec": {"f:providerID": {}},
            },
            "manager": "kubelet",
            "operation": "Update",
            "time": created,
        }),
        json!({
            "apiVersion": "v1",
            "fieldsType": "FieldsV1",
            "fieldsV1": {
                "f:metadata": {
                    "f:annotations": {"f:node.alpha.kubernetes.io/ttl": {}},
                },
                "f:spec": {
                    "f:podCIDR": {},
                    "f:podCIDRs": {".": {}, format!("v:\"{pod_cidr}\""): {}},
                    "f:taints": {},
                },
            },
            "manager": "kube-controller-manager",
            "operation": "Update",
            "time": heartbeat,
        }),
        json!({
            "apiVersion": "v1",
            "fieldsType": "FieldsV1",
            "fieldsV1": {
                "f:metadata": {
                    "f:annotations": {
                        "f:csi.volume.kubernetes.io/nodeid": {},
                        "f:projectcalico.org/IPv4Address": {},
                        "f:projectcalico.org/IPv4VXLANTunnelAddr": {},
                    },
                    "f:labels": label_fields("topology"),
                },
                "f:status": {
                    "f:conditions": {
                        "k:{\"type\":\"NetworkUnavailable\"}": {
                            ".": {},
                            "f:lastHeartbeatTime": {},
                            "f:lastTransitionTime": {},
                            "f:message": {},
                            "f:reason": {},
                            "f:status": {},
                            "f:type": {},
                        },
                    },
                },
            },
            "manager": "calico-node",
            "operation": "Update",
            "subresource": "status",
            "time": created,
        }),
        json!({
            "apiVersion": "v1",
            "fieldsType": "FieldsV1",
            "fieldsV1": {
                "f:metadata": {
                    "f:annotations": {
                        "f:nfd.node.kubernetes.io/feature-labels": {},
                        "f:nfd.node.kubernetes.io/worker.version": {},
                    },
                    "f:labels": label_fields("feature.node"),
                },
            },
            "manager": "nfd-master",
            "operation": "Update",
            "time": created,
        }),
        json!({
            "apiVersion": "v1",
            "fieldsType": "FieldsV1",
            "fieldsV1": {
                "f:status": {
                    "f:allocatable": {"f:cpu": {}, "f:ephemeral-storage": {}, "f:memory": {}},
                    "f:capacity": {"f:ephemeral-storage": {}},
                    "f:conditions": Value::Object(condition_fields),
                    "f:images": {},
                    "f:nodeInfo": {"f:bootID": {}, "f:kernelVersion": {}},
                },
            },
            "manager": "kubelet",
            "operation": "Update",
            "subresource": "status",
            "time": heartbeat,
        }),
    ];

    if shape == Shape::Lean {
        // Only the kubelet's own metadata entry: no add-on managers, no status manager.
        managed_fields.truncate(1);
    }

    let mut spec = json!({
        "podCIDR": pod_cidr,
        "podCIDRs": [pod_cidr],
        "providerID": format!("aws:///{zone}/{instance_id}"),
    });
    if !taints.is_empty() {
        spec["taints"] = Value::Array(taints);
    }
    if cordoned {
        spec["unschedulable"] = json!(true);
    }

    json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "annotations": annotations,
            "creationTimestamp": created,
            "labels": labels,
            "managedFields": managed_fields,
            "name": name,
            "resourceVersion": (10_000_000 + rng.below(900_000_000)).to_string(),
            "uid": rng.uuid(),
        },
        "spec": spec,
        "status": {
            "addresses": addresses,
            "allocatable": allocatable,
            "capacity": capacity,
            "conditions": conditions,
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "images": images,
            "nodeInfo": {
                "architecture": inst.arch,
                "bootID": rng.uuid(),
                "containerRuntimeVersion": "containerd://1.7.11",
                "kernelVersion": kernel,
                "kubeProxyVersion": "v1.29.3-eks-ae9a62a",
                "kubeletVersion": "v1.29.3-eks-ae9a62a",
                "machineID": rng.hex(32),
                "operatingSystem": "linux",
                "osImage": "Amazon Linux 2",
                "systemUUID": format!("ec2{}", &rng.uuid()[3..]),
            },
        },
    })
}

/// An RFC 3339 timestamp in the given years.
fn timestamp(rng: &mut Rng, from_year: u64, to_year: u64) -> String {
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        from_year + rng.below(to_year - from_year + 1),
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(24),
        rng.below(60),
        rng.below(60)
    )
}

/// The cluster's nodes as `kubectl get nodes -o json` prints them (4-space indent).
pub fn node_list_json(n: usize) -> String {
    node_list_json_shaped(n, Shape::Generated)
}

/// `node_list_json`, in a shape.
pub fn node_list_json_shaped(n: usize, shape: Shape) -> String {
    let mut rng = Rng::new(SEED);
    let mut out = String::with_capacity(n * 24 * 1024);
    out.push_str("{\n    \"apiVersion\": \"v1\",\n    \"items\": [");
    for i in 0..n {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str("        ");
        write_json(&node_shaped(&mut rng, i, shape), 2, &mut out);
    }
    out.push_str(if n == 0 { "],\n" } else { "\n    ],\n" });
    out.push_str("    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n");
    out
}

/// The same nodes as `kubectl get nodes -o yaml` prints them.
pub fn node_list_yaml(n: usize) -> String {
    node_list_yaml_shaped(n, Shape::Generated)
}

/// `node_list_yaml`, in a shape.
pub fn node_list_yaml_shaped(n: usize, shape: Shape) -> String {
    let mut rng = Rng::new(SEED);
    let mut out = String::with_capacity(n * 16 * 1024);
    out.push_str("apiVersion: v1\nitems:\n");
    for i in 0..n {
        out.push_str("- ");
        let Value::Object(m) = node_shaped(&mut rng, i, shape) else {
            unreachable!("a node is an object")
        };
        write_yaml_map(&m, 1, true, &mut out);
    }
    out.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    out
}

fn set(m: &mut Map<String, Value>, k: &str, v: &str) {
    m.insert(k.to_owned(), Value::String(v.to_owned()));
}

fn sorted(m: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = m.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

fn indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str("    ");
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).expect("a string serializes"));
}

/// Go's `json.MarshalIndent(v, "", "    ")`, keys sorted; the first line is not indented.
fn write_json(v: &Value, level: usize, out: &mut String) {
    match v {
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(level + 1, out);
                write_json(item, level + 1, out);
            }
            out.push('\n');
            indent(level, out);
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, item)) in sorted(m).into_iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(level + 1, out);
                json_string(k, out);
                out.push_str(": ");
                write_json(item, level + 1, out);
            }
            out.push('\n');
            indent(level, out);
            out.push('}');
        }
        Value::String(s) => json_string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

fn yaml_indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// A mapping in block style at `level` (2 spaces each). With `inline_first`, the first key
/// follows a `- ` already written.
fn write_yaml_map(m: &Map<String, Value>, level: usize, inline_first: bool, out: &mut String) {
    for (i, (k, v)) in sorted(m).into_iter().enumerate() {
        if i > 0 || !inline_first {
            yaml_indent(level, out);
        }
        yaml_scalar(k, out);
        out.push(':');
        write_yaml_value(v, level, out);
    }
}

/// The value after `key:` (at `level`): inline for scalars and empty collections, on the
/// following lines otherwise; sequences stay at the key's indentation, as kubectl prints them.
fn write_yaml_value(v: &Value, level: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_yaml_map(m, level + 1, false, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_yaml_seq(items, level, out);
        }
        _ => {
            out.push(' ');
            write_yaml_inline(v, out);
            out.push('\n');
        }
    }
}

fn write_yaml_seq(items: &[Value], level: usize, out: &mut String) {
    for item in items {
        yaml_indent(level, out);
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => write_yaml_map(m, level + 1, true, out),
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_yaml_seq(inner, level + 1, out);
            }
            _ => {
                write_yaml_inline(item, out);
                out.push('\n');
            }
        }
    }
}

fn write_yaml_inline(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => yaml_scalar(s, out),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// A string as go-yaml prints it: plain when it reads back as the same string, double-quoted
/// when plain would read as another type (`"True"`, `"110"`, timestamps), single-quoted when it
/// holds YAML indicators.
fn yaml_scalar(s: &str, out: &mut String) {
    if s.chars().any(|c| c.is_control()) {
        json_string(s, out);
    } else if resolves_to_non_string(s) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else if needs_quotes(s) {
        out.push('\'');
        out.push_str(&s.replace('\'', "''"));
        out.push('\'');
    } else {
        out.push_str(s);
    }
}

fn resolves_to_non_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes",
        "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
    ];
    if WORDS.contains(&s) {
        return true;
    }
    if matches!(
        s.to_ascii_lowercase().as_str(),
        ".inf" | "+.inf" | "-.inf" | ".nan"
    ) {
        return true;
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return false;
    }
    // Numbers in any YAML 1.1/1.2 spelling (`1_000`, `0x1f`, `0o17`, `1e3`, `190:20:30`) and
    // timestamps: go-yaml quotes them all.
    let b = s.as_bytes();
    let timestamp = b.len() >= 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5].is_ascii_digit();
    let radix = ["0x", "0o", "0b"].iter().any(|p| {
        body.starts_with(p) && body[2..].chars().all(|c| c.is_ascii_hexdigit() || c == '_')
    });
    let sexagesimal = body.contains(':')
        && body.split(':').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_digit() || c == '_' || c == '.')
        });
    timestamp || radix || sexagesimal || s.replace('_', "").parse::<f64>().is_ok()
}

fn needs_quotes(s: &str) -> bool {
    let first = s.chars().next().expect("non-empty");
    "-?:,[]{}#&*!|>'\"%@` ".contains(first)
        || s.ends_with([' ', ':'])
        || s.contains(": ")
        || s.contains(" #")
}

/// Writes `nodes-<n>.json`, `nodes-<n>.yaml` and `ds.yaml` into `dir` (made if missing), each
/// only when absent or `force`; returns their paths in that order.
pub fn write_fixtures(dir: &Path, n: usize, force: bool) -> std::io::Result<[PathBuf; 3]> {
    write_fixtures_shaped(dir, n, Shape::Generated, force)
}

/// `write_fixtures`, the nodes in a shape (`nodes-<n><suffix>.json` and `.yaml`).
pub fn write_fixtures_shaped(
    dir: &Path,
    n: usize,
    shape: Shape,
    force: bool,
) -> std::io::Result<[PathBuf; 3]> {
    std::fs::create_dir_all(dir)?;
    let json = dir.join(format!("nodes-{n}{}.json", shape.suffix()));
    let yaml = dir.join(format!("nodes-{n}{}.yaml", shape.suffix()));
    let ds = dir.join("ds.yaml");
    if force || !json.exists() {
        std::fs::write(&json, node_list_json_shaped(n, shape))?;
    }
    if force || !yaml.exists() {
        std::fs::write(&yaml, node_list_yaml_shaped(n, shape))?;
    }
    if force || !ds.exists() {
        std::fs::write(&ds, DAEMONSET_YAML)?;
    }
    Ok([json, yaml, ds])
}

#[cfg(test)]
mod tests {

    #[test]
    fn json_and_yaml_print_the_same_nodes() {
        let n = 60;
        let from_json =
            kubedrill::manifest::parse("nodes.json", super::node_list_json(n).as_bytes())
                .expect("the JSON parses");
        let from_yaml =
            kubedrill::manifest::parse("nodes.yaml", super::node_list_yaml(n).as_bytes())
                .expect("the YAML parses");
        assert_eq!(from_json.nodes.len(), n);
        assert_eq!(from_json.nodes, from_yaml.nodes);
        let raw: serde_json::Value =
            serde_json::from_str(&super::node_list_json(n)).expect("valid JSON");
        assert_eq!(raw["items"].as_array().map(Vec::len), Some(n));
    }

    #[test]
    fn the_daemonset_parses_and_places_some_nodes() {
        let ds = kubedrill::manifest::parse("ds.yaml", super::DAEMONSET_YAML.as_bytes())
            .expect("the DaemonSet parses")
            .daemonsets;
        let nodes = kubedrill::manifest::parse("nodes.json", super::node_list_json(200).as_bytes())
            .expect("the JSON parses")
            .nodes;
        let placement = kubedrill::placement::Placement::evaluate(
            &ds[0],
            &nodes,
            kubedrill::placement::FeatureGates::default(),
        );
        let runs = placement.desired_number_scheduled();
        assert!(runs > 100 && runs < 200, "{runs} of 200 nodes run the pod");
    }
}
