//! "Runs, pending or no pod": the scheduler stage (placement-spec §4, trap 6). The controller
//! decides whether a node gets a pod and never looks at resources or host ports; the pod it
//! creates then goes through the default scheduler's filters and stays Pending when the node
//! has too little free (NodeResourcesFit) or the host port is taken (NodePorts). The expected
//! answer per node is `CompiledDaemonSet::decide` followed by `scheduler::scheduler_stage`.

use super::Difficulty;
use super::cluster::{CONTROL_PLANE, ClusterBuilder};
use super::daemonsets::Template;
use super::predict::expectations;
use super::score::{Graded, ItemResult, SCHEDULABLE, rule_kind_key};
use crate::placement::objects::{
    Container, ContainerPort, DaemonSet, Node, ObjectMeta, OwnerReference, Pod, PodSpec, PodStatus,
    ResourceRequirements,
};
use crate::placement::scheduler::{SchedulerVerdict, Stage, pod_requests, scheduler_stage};
use crate::placement::{Decision, describe_quantity, parse_quantity};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What the learner says happens on a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchedulerOutcome {
    /// The controller creates a pod and the scheduler binds it.
    Runs,
    /// The controller creates a pod and it stays Pending.
    Pending,
    /// The controller creates no pod.
    NoPod,
}

impl SchedulerOutcome {
    pub const ALL: [SchedulerOutcome; 3] = [
        SchedulerOutcome::Runs,
        SchedulerOutcome::Pending,
        SchedulerOutcome::NoPod,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SchedulerOutcome::Runs => "runs",
            SchedulerOutcome::Pending => "pending",
            SchedulerOutcome::NoPod => "no pod",
        }
    }

    /// The answer text back ("runs", "pending", "no pod").
    pub fn parse(text: &str) -> Option<SchedulerOutcome> {
        SchedulerOutcome::ALL
            .into_iter()
            .find(|o| o.as_str() == text.trim())
    }

    /// A pod already there (HasPod) runs; generated drills never have one.
    pub fn from_stage(stage: Stage) -> SchedulerOutcome {
        match stage {
            Stage::NoPod => SchedulerOutcome::NoPod,
            Stage::HasPod | Stage::Scheduled => SchedulerOutcome::Runs,
            Stage::Pending => SchedulerOutcome::Pending,
        }
    }
}

/// The engine's verdict on one node: the controller's decision, then the scheduler's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchedulerNode {
    pub node: String,
    pub decision: Decision,
    pub verdict: SchedulerVerdict,
    /// The rule key the node counts toward: the placement rule for no pod, `schedulable` for
    /// runs, `insufficient-resource` or `host-port-conflict` for pending.
    pub rule: String,
    pub rule_id: String,
    /// Why, in the engine's words.
    pub reason: String,
}

impl SchedulerNode {
    pub fn outcome(&self) -> SchedulerOutcome {
        SchedulerOutcome::from_stage(self.verdict.stage)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchedulerQuestion {
    /// The pods already in the cluster, bound to their nodes.
    pub pods: Vec<Pod>,
    pub nodes: Vec<SchedulerNode>,
}

impl SchedulerQuestion {
    /// Evaluates every node: the controller's decision (R3) and the scheduler stage (§4).
    pub fn new(ds: &DaemonSet, nodes: &[Node], pods: Vec<Pod>) -> SchedulerQuestion {
        let exps = expectations(ds, nodes, super::gates());
        let nodes = exps
            .into_iter()
            .zip(nodes)
            .map(|(exp, node)| {
                let verdict = scheduler_stage(ds, &exp.decision, node, &pods);
                let (rule, rule_id, reason) = match SchedulerOutcome::from_stage(verdict.stage) {
                    SchedulerOutcome::NoPod => {
                        (exp.rule.clone(), exp.rule_id.clone(), exp.reason_text())
                    }
                    SchedulerOutcome::Pending => (
                        verdict
                            .reasons
                            .first()
                            .map_or_else(|| SCHEDULABLE.to_owned(), |r| rule_kind_key(r.kind)),
                        "§4".to_owned(),
                        verdict
                            .reasons
                            .iter()
                            .map(|r| r.message.as_str())
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    SchedulerOutcome::Runs => {
                        let mut texts: Vec<String> = exp
                            .decision
                            .notes
                            .iter()
                            .map(|n| n.message.clone())
                            .collect();
                        texts.push(fit_text(ds, node, &pods));
                        texts.extend(verdict.notes.iter().cloned());
                        (SCHEDULABLE.to_owned(), "§4".to_owned(), texts.join("; "))
                    }
                };
                SchedulerNode {
                    node: exp.node,
                    decision: exp.decision,
                    verdict,
                    rule,
                    rule_id,
                    reason,
                }
            })
            .collect();
        SchedulerQuestion { pods, nodes }
    }

    pub fn expected(&self) -> BTreeMap<String, SchedulerOutcome> {
        self.nodes
            .iter()
            .map(|n| (n.node.clone(), n.outcome()))
            .collect()
    }

    /// Grades per node; a node left out counts as wrong.
    pub fn grade(&self, answer: &BTreeMap<String, SchedulerOutcome>) -> Graded {
        let items = self
            .nodes
            .iter()
            .map(|n| {
                let want = n.outcome();
                let got = answer.get(&n.node).copied();
                ItemResult {
                    item: n.node.clone(),
                    correct: got == Some(want),
                    expected: want.as_str().to_owned(),
                    given: got.map_or("-", SchedulerOutcome::as_str).to_owned(),
                    rule: n.rule.clone(),
                    rule_id: n.rule_id.clone(),
                    reason: n.reason.clone(),
                }
            })
            .collect();
        Graded { items }
    }

    /// How many nodes have this outcome.
    pub fn count(&self, outcome: SchedulerOutcome) -> usize {
        self.nodes.iter().filter(|n| n.outcome() == outcome).count()
    }

    /// The pods bound to a node that hold resources (not Succeeded or Failed).
    pub fn pods_on<'a>(&'a self, node: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
        bound_pods(&self.pods, node)
    }

    /// One line for the drill screen: what the node's pods request of what it has,
    /// "2 pods · cpu 1800m/4 · mem 6144Mi/15360Mi".
    pub fn load_summary(&self, node: &Node, memory: bool) -> String {
        let pods: Vec<&Pod> = self.pods_on(node.name()).collect();
        let used = requested(&pods);
        let mut parts = vec![format!(
            "{} pod{}",
            pods.len(),
            if pods.len() == 1 { "" } else { "s" }
        )];
        let mut resources = vec!["cpu"];
        if memory {
            resources.push("memory");
        }
        for r in resources {
            let (short, fmt): (&str, fn(i128) -> String) = if r == "memory" {
                ("mem", mebi)
            } else {
                ("cpu", |v| show("cpu", v))
            };
            parts.push(format!(
                "{short} {}/{}",
                fmt(used.get(r).copied().unwrap_or(0)),
                allocatable(node, r).map_or_else(|| "?".to_owned(), fmt)
            ));
        }
        parts.join(" · ")
    }
}

fn bound_pods<'a>(pods: &'a [Pod], node: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
    pods.iter()
        .filter(move |p| !p.is_terminal() && p.spec.node_name == node)
}

fn requested(pods: &[&Pod]) -> BTreeMap<String, i128> {
    let mut used: BTreeMap<String, i128> = BTreeMap::new();
    for p in pods {
        for (r, v) in pod_requests(&p.spec) {
            *used.entry(r).or_default() += v;
        }
    }
    used
}

fn allocatable(node: &Node, resource: &str) -> Option<i128> {
    node.status
        .allocatable
        .get(resource)
        .and_then(|q| parse_quantity(q))
}

/// A quantity for people; 0 as "0" for every resource.
fn show(resource: &str, nano: i128) -> String {
    if nano == 0 {
        "0".to_owned()
    } else {
        describe_quantity(resource, nano)
    }
}

/// Why a pod that runs fits: per requested resource, what it asks and what is free.
fn fit_text(ds: &DaemonSet, node: &Node, pods: &[Pod]) -> String {
    let want = pod_requests(&ds.spec.template.spec);
    let bound: Vec<&Pod> = bound_pods(pods, node.name()).collect();
    let used = requested(&bound);
    let mut parts = Vec::new();
    for (r, &asked) in want.iter().filter(|(_, v)| **v > 0) {
        let Some(have) = allocatable(node, r) else {
            continue;
        };
        let free = have - used.get(r).copied().unwrap_or(0);
        parts.push(format!(
            "{r} {} requested, {} of {} free",
            show(r, asked),
            show(r, free.max(0)),
            show(r, have)
        ));
    }
    let fits = if parts.is_empty() {
        "the pod requests nothing".to_owned()
    } else {
        parts.join(", ")
    };
    let ports = if ds_host_ports(ds).is_empty() {
        ""
    } else {
        "; no pod on the node holds its host ports (NodePorts)"
    };
    format!("the created pod fits ({fits}) and the scheduler binds it (NodeResourcesFit){ports}")
}

/// The host ports the DaemonSet's pods take, as "9100/TCP" (hostNetwork makes every container
/// port a host port).
fn ds_host_ports(ds: &DaemonSet) -> Vec<(i64, String)> {
    let spec = &ds.spec.template.spec;
    spec.containers
        .iter()
        .flat_map(|c| &c.ports)
        .filter_map(|p| {
            let port = p
                .host_port
                .or(spec.host_network.then_some(p.container_port))?;
            Some((port, protocol(&p.protocol).to_owned()))
        })
        .collect()
}

fn protocol(p: &str) -> &str {
    if p.is_empty() { "TCP" } else { p }
}

// ---------------------------------------------------------------------------------------------
// Generation

/// What the generator aims for on a node the controller gives a pod; the engine decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Fits,
    /// Free is exactly what the pod requests: it still fits (`requests > free` fails).
    Exact,
    TightCpu,
    TightMemory,
    PortTaken,
}

const MI: i128 = 1 << 20;
const NANO: i128 = 1_000_000_000;

/// A Deployment or StatefulSet the cluster runs: namespace, name, image, StatefulSet?
const WORKLOADS: [(&str, &str, &str, bool); 9] = [
    (
        "shop",
        "checkout-api",
        "registry.example.com/shop/checkout:2.3",
        false,
    ),
    (
        "shop",
        "frontend",
        "registry.example.com/shop/frontend:5.1",
        false,
    ),
    ("data", "postgres", "docker.io/library/postgres:16.6", true),
    (
        "data",
        "clickhouse",
        "docker.io/clickhouse/clickhouse-server:24.8",
        true,
    ),
    (
        "monitoring",
        "prometheus",
        "quay.io/prometheus/prometheus:v2.55.1",
        true,
    ),
    (
        "batch",
        "report-worker",
        "registry.example.com/batch/report:1.8",
        false,
    ),
    (
        "search",
        "opensearch",
        "docker.io/opensearchproject/opensearch:2.18.0",
        true,
    ),
    (
        "kube-system",
        "coredns",
        "registry.k8s.io/coredns/coredns:v1.11.3",
        false,
    ),
    ("data", "redis", "docker.io/library/redis:7.4", true),
];

/// kubeadm's static pods on a control-plane node: name, cpu (m), memory (Mi).
const STATIC_PODS: [(&str, i128, i128); 4] = [
    ("etcd", 100, 100),
    ("kube-apiserver", 250, 0),
    ("kube-controller-manager", 200, 0),
    ("kube-scheduler", 100, 0),
];

const HASH: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

fn hash(rng: &mut StdRng, len: usize) -> String {
    (0..len)
        .map(|_| HASH[rng.random_range(0..HASH.len())] as char)
        .collect()
}

/// Requests (and, where the template has them, ports) for the DaemonSet's container.
fn equip_daemonset(
    rng: &mut StdRng,
    ds: &mut DaemonSet,
    template: Template,
    memory: bool,
    ports: bool,
) {
    let cpu = *[100, 150, 200, 250, 300, 500].choose(rng).unwrap_or(&200);
    let mem = *[128, 192, 256, 384, 512].choose(rng).unwrap_or(&256);
    let spec = &mut ds.spec.template.spec;
    if ports {
        let port = |container_port, host_port, protocol: &str| ContainerPort {
            container_port,
            host_port,
            protocol: protocol.to_owned(),
            host_ip: String::new(),
        };
        let list = match template {
            Template::LinuxOnly => {
                // node-exporter as kube-prometheus ships it: hostNetwork, port 9100.
                spec.host_network = true;
                vec![port(9100, None, "")]
            }
            Template::NodeLocalDns => vec![
                port(53, None, "UDP"),
                port(53, None, "TCP"),
                port(9253, None, "TCP"),
            ],
            Template::LogAgent | Template::NotReadyCopy => vec![port(2020, Some(2020), "")],
            Template::WorkerOnlyAffinity => vec![port(8765, Some(8765), "")],
            _ => vec![],
        };
        if let Some(c) = spec.containers.first_mut() {
            c.ports = list;
        }
    }
    if let Some(c) = spec.containers.first_mut() {
        c.resources
            .requests
            .insert("cpu".to_owned(), show("cpu", cpu * 1_000_000));
        if memory {
            c.resources
                .requests
                .insert("memory".to_owned(), format!("{mem}Mi"));
        }
    }
}

/// Templates whose port the generator knows how to take on a node.
fn has_ports(template: Template) -> bool {
    matches!(
        template,
        Template::LinuxOnly
            | Template::NodeLocalDns
            | Template::LogAgent
            | Template::NotReadyCopy
            | Template::WorkerOnlyAffinity
    )
}

/// A pod bound to `node` with these requests (cpu in millicores, memory in Mi; 0 = none).
#[allow(clippy::too_many_arguments)]
fn pod(
    namespace: &str,
    name: String,
    image: &str,
    node: &str,
    cpu: i128,
    mem: i128,
    ports: Vec<ContainerPort>,
    host_network: bool,
) -> Pod {
    let mut requests = BTreeMap::new();
    if cpu > 0 {
        requests.insert("cpu".to_owned(), describe_quantity("cpu", cpu * 1_000_000));
    }
    if mem > 0 {
        requests.insert(
            "memory".to_owned(),
            describe_quantity("memory", mem * MI * NANO),
        );
    }
    let container = name
        .split('-')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or("main")
        .to_owned();
    Pod {
        metadata: ObjectMeta {
            name,
            namespace: namespace.to_owned(),
            ..ObjectMeta::default()
        },
        spec: PodSpec {
            node_name: node.to_owned(),
            host_network,
            containers: vec![Container {
                name: container,
                image: image.to_owned(),
                ports,
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

/// A pod already holding the DaemonSet's first host port.
fn port_holder(rng: &mut StdRng, port: i64, proto: &str, node: &str, cpu: i128, mem: i128) -> Pod {
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
    let mut p = match port {
        // An older node-exporter from a Helm release: hostNetwork, the same port.
        9100 => pod(
            "monitoring",
            format!("prometheus-node-exporter-{suffix}"),
            "quay.io/prometheus/node-exporter:v1.6.1",
            node,
            cpu,
            mem,
            vec![cp(9100, None)],
            true,
        ),
        53 => pod(
            "kube-system",
            format!("dnsmasq-{suffix}"),
            "registry.example.com/dnsmasq:2.90",
            node,
            cpu,
            mem,
            vec![cp(53, None)],
            true,
        ),
        // The same agent installed twice: another namespace, so not this DaemonSet's pod.
        2020 => pod(
            "kube-logging",
            format!("fluent-bit-{suffix}"),
            "cr.fluentbit.io/fluent/fluent-bit:2.1",
            node,
            cpu,
            mem,
            vec![cp(2020, Some(2020))],
            false,
        ),
        _ => pod(
            "default",
            format!("port-test-{suffix}"),
            "docker.io/library/nginx:1.27",
            node,
            cpu,
            mem,
            vec![cp(port, Some(port))],
            false,
        ),
    };
    if matches!(port, 9100 | 2020) {
        let (owner, ns) = if port == 9100 {
            ("prometheus-node-exporter", "monitoring")
        } else {
            ("fluent-bit", "kube-logging")
        };
        debug_assert_eq!(p.metadata.namespace, ns);
        p.metadata.owner_references = vec![OwnerReference {
            kind: "DaemonSet".to_owned(),
            name: owner.to_owned(),
            controller: Some(true),
        }];
    }
    p
}

/// Splits `total` into up to `parts` positive multiples of `unit` (fewer when it is small).
fn split(rng: &mut StdRng, total: i128, parts: usize, unit: i128) -> Vec<i128> {
    if total <= 0 {
        return Vec::new();
    }
    let steps = total / unit;
    if steps < 2 || parts < 2 {
        return vec![total];
    }
    let parts = parts.min(steps as usize);
    let mut cuts: BTreeSet<i128> = BTreeSet::new();
    while cuts.len() < parts - 1 {
        cuts.insert(rng.random_range(1..steps));
    }
    let mut out = Vec::new();
    let mut last = 0;
    for c in cuts {
        out.push((c - last) * unit);
        last = c;
    }
    out.push(total - last * unit);
    out
}

/// A random multiple of `unit` in `lo..=hi` (clamped to `lo` when the range is empty).
fn pick(rng: &mut StdRng, lo: i128, hi: i128, unit: i128) -> i128 {
    let (a, b) = ((lo + unit - 1) / unit, hi / unit);
    if b <= a {
        lo.max(0)
    } else {
        rng.random_range(a..=b) * unit
    }
}

/// Equips the DaemonSet and draws the pods already in the cluster; `None` when the scene
/// cannot make a scheduler drill (fewer than two nodes get a pod, a template nodeName).
pub(super) fn draw(
    rng: &mut StdRng,
    difficulty: Difficulty,
    template: Template,
    builder: &ClusterBuilder,
    ds: &mut DaemonSet,
    focus: Option<&str>,
) -> Option<Vec<Pod>> {
    // A template nodeName bypasses the scheduler: the kubelet, not NodeResourcesFit, rejects.
    if template == Template::PinnedDebug {
        return None;
    }
    let nodes = &builder.nodes;
    if difficulty == Difficulty::Easy && nodes.len() < 3 {
        return None;
    }
    let memory = difficulty != Difficulty::Easy;
    let want_ports = focus == Some("host-port-conflict")
        || (difficulty == Difficulty::Hard && rng.random_bool(0.7));
    let ports = want_ports && has_ports(template);
    equip_daemonset(rng, ds, template, memory, ports);
    let req = pod_requests(&ds.spec.template.spec);
    let req_cpu = req.get("cpu").copied().unwrap_or(0) / 1_000_000;
    let req_mem = req.get("memory").copied().unwrap_or(0) / NANO / MI;
    let host_ports = ds_host_ports(ds);
    let exps = expectations(ds, nodes, super::gates());
    let mut runnable: Vec<usize> = (0..nodes.len())
        .filter(|&i| exps[i].decision.should_run)
        .collect();
    if runnable.len() < 2 {
        return None;
    }
    runnable.shuffle(rng);
    let tight: Vec<Target> = {
        let mut t = vec![Target::TightCpu];
        if memory {
            t.push(Target::TightMemory);
        }
        if !host_ports.is_empty() {
            t.push(Target::PortTaken);
            if focus == Some("host-port-conflict") {
                t = vec![Target::PortTaken];
            }
        }
        t
    };
    let mut targets: BTreeMap<usize, Target> = BTreeMap::new();
    for (k, &i) in runnable.iter().enumerate() {
        let target = match k {
            0 => *tight.choose(rng).unwrap_or(&Target::TightCpu),
            1 => Target::Fits,
            _ if rng.random_bool(0.4) => *tight.choose(rng).unwrap_or(&Target::TightCpu),
            _ if difficulty != Difficulty::Easy && rng.random_bool(0.25) => Target::Exact,
            _ => Target::Fits,
        };
        targets.insert(i, target);
    }
    let parts_max = if difficulty == Difficulty::Easy { 2 } else { 3 };
    let mut pods = Vec::new();
    let mut sts: BTreeMap<&str, u32> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        let name = node.name();
        let alloc_cpu = allocatable(node, "cpu").unwrap_or(0) / 1_000_000;
        let alloc_mem = allocatable(node, "memory").unwrap_or(0) / NANO / MI;
        let mut base_cpu = 0;
        let mut base_mem = 0;
        if node.metadata.labels.contains_key(CONTROL_PLANE) {
            for (pod_name, cpu, mem) in STATIC_PODS {
                pods.push(pod(
                    "kube-system",
                    format!("{pod_name}-{name}"),
                    &format!("registry.k8s.io/{pod_name}:v1.32.0"),
                    name,
                    cpu,
                    if memory { mem } else { 0 },
                    Vec::new(),
                    pod_name == "etcd" || pod_name == "kube-apiserver",
                ));
                base_cpu += cpu;
                base_mem += if memory { mem } else { 0 };
            }
        }
        let target = targets.get(&i).copied();
        // Totals the node's pods should request (static pods included).
        let fit_cpu = |rng: &mut StdRng, exact: bool| {
            if exact {
                alloc_cpu - req_cpu
            } else {
                pick(rng, alloc_cpu / 4, alloc_cpu - req_cpu - 50, 50)
            }
        };
        let fit_mem = |rng: &mut StdRng, exact: bool| {
            if exact {
                alloc_mem - req_mem
            } else {
                pick(rng, alloc_mem / 5, alloc_mem - req_mem - 256, 128)
            }
        };
        let is_cp = base_cpu > 0;
        let (cpu_total, mem_total) = match target {
            // A control plane runs only its static pods (and what tolerates its taint).
            None if is_cp => (base_cpu, base_mem),
            None => (
                pick(rng, base_cpu, alloc_cpu * 3 / 4, 50),
                pick(rng, base_mem, alloc_mem * 3 / 4, 256),
            ),
            Some(Target::Fits) | Some(Target::PortTaken) => {
                (fit_cpu(rng, false), fit_mem(rng, false))
            }
            Some(Target::Exact) => {
                if rng.random_bool(0.5) || !memory {
                    (fit_cpu(rng, true), fit_mem(rng, false))
                } else {
                    (fit_cpu(rng, false), fit_mem(rng, true))
                }
            }
            Some(Target::TightCpu) => (
                alloc_cpu - req_cpu + pick(rng, 50, req_cpu, 50),
                fit_mem(rng, false),
            ),
            Some(Target::TightMemory) => (
                fit_cpu(rng, false),
                alloc_mem - req_mem + pick(rng, 64, req_mem, 64),
            ),
        };
        let extra_cpu = (cpu_total - base_cpu).max(0);
        let extra_mem = if memory {
            (mem_total - base_mem).max(0)
        } else {
            0
        };
        let parts = rng.random_range(1..=parts_max);
        let cpus = split(rng, extra_cpu, parts, 50);
        let mut mems = split(rng, extra_mem, cpus.len().max(1), 128);
        mems.resize(cpus.len(), 0);
        for (k, (cpu, mem)) in cpus.into_iter().zip(mems).enumerate() {
            if k == 0 && target == Some(Target::PortTaken) {
                let (port, proto) = host_ports[0].clone();
                pods.push(port_holder(rng, port, &proto, name, cpu, mem));
                continue;
            }
            // Only coredns tolerates the control-plane taint among these workloads; big
            // requests go to databases and batch, small ones to web services.
            let big = cpu >= 1000 || mem >= 4096;
            let list: &[(&str, &str, &str, bool)] = if is_cp {
                &WORKLOADS[7..8]
            } else if big {
                &WORKLOADS[2..7]
            } else {
                &[WORKLOADS[0], WORKLOADS[1], WORKLOADS[8]]
            };
            let (ns, base, image, stateful) = *list.choose(rng).unwrap_or(&WORKLOADS[0]);
            let pod_name = if stateful {
                let n = sts.entry(base).or_insert(0);
                *n += 1;
                format!("{base}-{}", *n - 1)
            } else {
                format!("{base}-{}-{}", hash(rng, 9), hash(rng, 5))
            };
            pods.push(pod(ns, pod_name, image, name, cpu, mem, Vec::new(), false));
        }
        // Hard: an ingress controller's host ports 80 and 443 are taken too, which a
        // DaemonSet on other ports does not mind.
        if difficulty == Difficulty::Hard
            && !host_ports.is_empty()
            && target.is_some()
            && rng.random_bool(0.25)
        {
            let ports = [80, 443]
                .into_iter()
                .map(|p| ContainerPort {
                    container_port: p,
                    host_port: Some(p),
                    protocol: String::new(),
                    host_ip: String::new(),
                })
                .collect();
            // No requests: it does not change the arithmetic.
            pods.push(pod(
                "ingress-nginx",
                format!("ingress-nginx-controller-{}", hash(rng, 5)),
                "registry.k8s.io/ingress-nginx/controller:v1.12.0",
                name,
                0,
                0,
                ports,
                false,
            ));
        }
    }
    Some(pods)
}

/// Columns padded to their widest cell (numbers right-aligned), trailing spaces trimmed.
fn render_table(rows: &[Vec<String>], right: &[bool]) -> String {
    let cols = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let w = widths[c];
                if right.get(c).copied().unwrap_or(false) {
                    format!("{cell:>w$}")
                } else {
                    format!("{cell:<w$}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Memory in Mi, so the learner adds like units ("15360Mi").
fn mebi(nano: i128) -> String {
    if nano == 0 {
        "0".to_owned()
    } else {
        format!("{}Mi", nano / NANO / MI)
    }
}

/// The prompt's tables: per node what is allocatable and requested (as `kubectl describe node`
/// sums it: pods that are not Succeeded or Failed), and the pods with their requests and ports.
pub(super) fn tables(nodes: &[Node], pods: &[Pod], memory: bool) -> String {
    let mut head = vec!["NAME", "CPU", "CPU REQUESTED"];
    if memory {
        head.extend(["MEMORY", "MEMORY REQUESTED"]);
    }
    head.push("PODS");
    let mut rows: Vec<Vec<String>> = vec![head.iter().map(|h| (*h).to_owned()).collect()];
    for node in nodes {
        let on: Vec<&Pod> = bound_pods(pods, node.name()).collect();
        let used = requested(&on);
        let mut row = vec![
            node.name().to_owned(),
            allocatable(node, "cpu").map_or_else(|| "?".to_owned(), |v| show("cpu", v)),
            show("cpu", used.get("cpu").copied().unwrap_or(0)),
        ];
        if memory {
            row.push(allocatable(node, "memory").map_or_else(|| "?".to_owned(), mebi));
            row.push(mebi(used.get("memory").copied().unwrap_or(0)));
        }
        row.push(on.len().to_string());
        rows.push(row);
    }
    let right = [false, true, true, true, true, true];
    let mut out = render_table(&rows, &right);
    out.push('\n');
    let mut head = vec!["NAME", "NAMESPACE", "NODE", "CPU"];
    if memory {
        head.push("MEMORY");
    }
    head.push("HOST PORTS");
    let mut rows: Vec<Vec<String>> = vec![head.iter().map(|h| (*h).to_owned()).collect()];
    for p in pods {
        let req = pod_requests(&p.spec);
        let r = |k: &str| req.get(k).map_or_else(|| "-".to_owned(), |v| show(k, *v));
        let mut host: Vec<String> = Vec::new();
        for c in &p.spec.containers {
            for port in &c.ports {
                if let Some(hp) = port
                    .host_port
                    .or(p.spec.host_network.then_some(port.container_port))
                {
                    host.push(format!("{hp}/{}", protocol(&port.protocol)));
                }
            }
        }
        let host = if host.is_empty() {
            "-".to_owned()
        } else if p.spec.host_network {
            format!("{} (hostNetwork)", host.join(","))
        } else {
            host.join(",")
        };
        let mut row = vec![
            p.name().to_owned(),
            p.metadata.namespace.clone(),
            p.spec.node_name.clone(),
            r("cpu"),
        ];
        if memory {
            row.push(r("memory"));
        }
        row.push(host);
        rows.push(row);
    }
    let right = if memory {
        [false, false, false, true, true, false]
    } else {
        [false, false, false, true, false, false]
    };
    out.push_str(&render_table(&rows, &right));
    out
}

/// What each pod of the DaemonSet asks for, in words.
pub(super) fn ds_needs(ds: &DaemonSet) -> String {
    let req = pod_requests(&ds.spec.template.spec);
    let asks: Vec<String> = req
        .iter()
        .map(|(r, v)| format!("{r} {}", show(r, *v)))
        .collect();
    let mut text = format!(
        "Each pod of {} requests {}",
        ds.metadata.name,
        if asks.is_empty() {
            "nothing".to_owned()
        } else {
            asks.join(" and ")
        }
    );
    let spec = &ds.spec.template.spec;
    let ports: Vec<String> = spec
        .containers
        .iter()
        .flat_map(|c| &c.ports)
        .map(|p| match p.host_port {
            Some(h) => format!("hostPort {h}/{}", protocol(&p.protocol)),
            None => format!(
                "containerPort {}/{}",
                p.container_port,
                protocol(&p.protocol)
            ),
        })
        .collect();
    if !ports.is_empty() {
        text.push_str(&format!("; it declares {}", ports.join(", ")));
    }
    if spec.host_network {
        text.push_str(" with hostNetwork: true");
    }
    text.push('.');
    text
}
