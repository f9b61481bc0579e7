//! The pods a scheduler drill's cluster already runs: the workloads chosen by their role on the
//! node (what tolerates a control plane, what asks for a lot, what asks for little), kubeadm's
//! static pods, and the pods that hold a host port the DaemonSet wants.

use crate::placement::describe_quantity;
use crate::placement::objects::{
    Container, ContainerPort, ObjectMeta, OwnerReference, Pod, PodSpec, PodStatus,
    ResourceRequirements,
};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use std::collections::BTreeMap;

pub(super) const MI: i128 = 1 << 20;
pub(super) const NANO: i128 = 1_000_000_000;

/// Where a workload's pods go: the generator picks by role, so the list can grow in any order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Tolerates the control-plane taint (coredns does, as kubeadm deploys it).
    ControlPlane,
    /// Databases and batch: requests of a CPU or more, or 4Gi of memory.
    Big,
    /// Web services: small requests.
    Small,
}

/// A Deployment or StatefulSet the cluster runs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Workload {
    namespace: &'static str,
    name: &'static str,
    image: &'static str,
    stateful: bool,
    role: Role,
}

const fn workload(
    namespace: &'static str,
    name: &'static str,
    image: &'static str,
    stateful: bool,
    role: Role,
) -> Workload {
    Workload {
        namespace,
        name,
        image,
        stateful,
        role,
    }
}

const WORKLOADS: [Workload; 9] = [
    workload(
        "shop",
        "checkout-api",
        "registry.example.com/shop/checkout:2.3",
        false,
        Role::Small,
    ),
    workload(
        "shop",
        "frontend",
        "registry.example.com/shop/frontend:5.1",
        false,
        Role::Small,
    ),
    workload(
        "data",
        "postgres",
        "docker.io/library/postgres:16.6",
        true,
        Role::Big,
    ),
    workload(
        "data",
        "clickhouse",
        "docker.io/clickhouse/clickhouse-server:24.8",
        true,
        Role::Big,
    ),
    workload(
        "monitoring",
        "prometheus",
        "quay.io/prometheus/prometheus:v2.55.1",
        true,
        Role::Big,
    ),
    workload(
        "batch",
        "report-worker",
        "registry.example.com/batch/report:1.8",
        false,
        Role::Big,
    ),
    workload(
        "search",
        "opensearch",
        "docker.io/opensearchproject/opensearch:2.18.0",
        true,
        Role::Big,
    ),
    workload(
        "kube-system",
        "coredns",
        "registry.k8s.io/coredns/coredns:v1.11.3",
        false,
        Role::ControlPlane,
    ),
    workload(
        "data",
        "redis",
        "docker.io/library/redis:7.4",
        true,
        Role::Small,
    ),
];

/// kubeadm's static pods on a control-plane node: name, cpu (m), memory (Mi).
pub(super) const STATIC_PODS: [(&str, i128, i128); 4] = [
    ("etcd", 100, 100),
    ("kube-apiserver", 250, 0),
    ("kube-controller-manager", 200, 0),
    ("kube-scheduler", 100, 0),
];

const HASH: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// Random characters as Kubernetes puts them in generated names.
pub(super) fn hash(rng: &mut StdRng, len: usize) -> String {
    (0..len)
        .map(|_| HASH[rng.random_range(0..HASH.len())] as char)
        .collect()
}

/// A pod to bind: who it is and what it asks for (cpu in millicores, memory in Mi; 0 = none).
pub(super) struct PodDraw<'a> {
    pub namespace: &'a str,
    pub name: String,
    pub image: &'a str,
    pub cpu: i128,
    pub mem: i128,
    pub ports: Vec<ContainerPort>,
    pub host_network: bool,
}

impl PodDraw<'_> {
    /// The pod, bound to `node` and Running.
    pub fn bind(self, node: &str) -> Pod {
        let mut requests = BTreeMap::new();
        if self.cpu > 0 {
            requests.insert(
                "cpu".to_owned(),
                describe_quantity("cpu", self.cpu * 1_000_000),
            );
        }
        if self.mem > 0 {
            requests.insert(
                "memory".to_owned(),
                describe_quantity("memory", self.mem * MI * NANO),
            );
        }
        let container = self
            .name
            .split('-')
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or("main")
            .to_owned();
        Pod {
            metadata: ObjectMeta {
                name: self.name,
                namespace: self.namespace.to_owned(),
                ..ObjectMeta::default()
            },
            spec: PodSpec {
                node_name: node.to_owned(),
                host_network: self.host_network,
                containers: vec![Container {
                    name: container,
                    image: self.image.to_owned(),
                    ports: self.ports,
                    resources: ResourceRequirements {
                        requests,
                        limits: BTreeMap::new(),
                    },
                }],
                ..PodSpec::default()
            },
            status: PodStatus {
                phase: "Running".to_owned(),
            },
        }
    }
}

/// A pod of a workload in `role`, with these requests; StatefulSet pods are numbered per
/// workload (`postgres-0`, `postgres-1`), Deployment pods get ReplicaSet-style hashes.
pub(super) fn workload_pod(
    rng: &mut StdRng,
    role: Role,
    numbered: &mut BTreeMap<&'static str, u32>,
    cpu: i128,
    mem: i128,
) -> PodDraw<'static> {
    let choices: Vec<&Workload> = WORKLOADS.iter().filter(|w| w.role == role).collect();
    let w = *choices.choose(rng).unwrap_or(&&WORKLOADS[0]);
    let name = if w.stateful {
        let n = numbered.entry(w.name).or_insert(0);
        *n += 1;
        format!("{}-{}", w.name, *n - 1)
    } else {
        format!("{}-{}-{}", w.name, hash(rng, 9), hash(rng, 5))
    };
    PodDraw {
        namespace: w.namespace,
        name,
        image: w.image,
        cpu,
        mem,
        ports: Vec::new(),
        host_network: false,
    }
}

/// A pod already holding the DaemonSet's first host port on `node`.
pub(super) fn port_holder(
    rng: &mut StdRng,
    port: i64,
    proto: &str,
    node: &str,
    cpu: i128,
    mem: i128,
) -> Pod {
    let cp = |container_port, host_port| ContainerPort {
        container_port,
        host_port,
        protocol: if proto == "TCP" {
            String::new()
        } else {
            proto.to_owned()
        },
        host_ip: String::new(),
    };
    let suffix = hash(rng, 5);
    let draw = |namespace, name, image, ports, host_network| PodDraw {
        namespace,
        name,
        image,
        cpu,
        mem,
        ports,
        host_network,
    };
    let (draw, owner) = match port {
        // An older node-exporter from a Helm release: hostNetwork, the same port.
        9100 => (
            draw(
                "monitoring",
                format!("prometheus-node-exporter-{suffix}"),
                "quay.io/prometheus/node-exporter:v1.6.1",
                vec![cp(9100, None)],
                true,
            ),
            Some("prometheus-node-exporter"),
        ),
        53 => (
            draw(
                "kube-system",
                format!("dnsmasq-{suffix}"),
                "registry.example.com/dnsmasq:2.90",
                vec![cp(53, None)],
                true,
            ),
            None,
        ),
        // The same agent installed twice: another namespace, so not this DaemonSet's pod.
        2020 => (
            draw(
                "kube-logging",
                format!("fluent-bit-{suffix}"),
                "cr.fluentbit.io/fluent/fluent-bit:2.1",
                vec![cp(2020, Some(2020))],
                false,
            ),
            Some("fluent-bit"),
        ),
        _ => (
            draw(
                "default",
                format!("port-test-{suffix}"),
                "docker.io/library/nginx:1.27",
                vec![cp(port, Some(port))],
                false,
            ),
            None,
        ),
    };
    let mut p = draw.bind(node);
    if let Some(owner) = owner {
        p.metadata.owner_references = vec![OwnerReference {
            kind: "DaemonSet".to_owned(),
            name: owner.to_owned(),
            controller: Some(true),
        }];
    }
    p
}
