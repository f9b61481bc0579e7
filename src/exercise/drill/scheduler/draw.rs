//! Drawing a scheduler drill: requests (and host ports) for the DaemonSet, and the pods already
//! bound to each node, aimed so that some created pods fit, some fit exactly (`requests > free`
//! fails, equal fits) and some stay Pending. The engine, not this file, decides each node.

use super::super::Difficulty;
use super::super::RuleKey;
use super::super::cluster::{CONTROL_PLANE, ClusterBuilder};
use super::super::daemonsets::Template;
use super::super::predict::expectations;
use super::workloads::{MI, NANO, PodDraw, Role, STATIC_PODS, hash, port_holder, workload_pod};
use super::{allocatable, show};
use crate::placement::objects::{ContainerPort, DaemonSet, Pod};
use crate::placement::scheduler::{host_ports, pod_requests};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use std::collections::{BTreeMap, BTreeSet};

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
    focus: Option<RuleKey>,
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
    let want_ports = focus == Some(RuleKey::HostPortConflict)
        || (difficulty == Difficulty::Hard && rng.random_bool(0.7));
    let ports = want_ports && has_ports(template);
    equip_daemonset(rng, ds, template, memory, ports);
    let req = pod_requests(&ds.spec.template.spec);
    let req_cpu = req.get("cpu").copied().unwrap_or(0) / 1_000_000;
    let req_mem = req.get("memory").copied().unwrap_or(0) / NANO / MI;
    let host_ports = host_ports(&ds.spec.template.spec);
    let exps = expectations(ds, nodes, super::super::gates());
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
            if focus == Some(RuleKey::HostPortConflict) {
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
    let mut sts: BTreeMap<&'static str, u32> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        let name = node.name();
        let alloc_cpu = allocatable(node, "cpu").unwrap_or(0) / 1_000_000;
        let alloc_mem = allocatable(node, "memory").unwrap_or(0) / NANO / MI;
        let mut base_cpu = 0;
        let mut base_mem = 0;
        if node.metadata.labels.contains_key(CONTROL_PLANE) {
            for (pod_name, cpu, mem) in STATIC_PODS {
                let image = format!("registry.k8s.io/{pod_name}:v1.32.0");
                pods.push(
                    PodDraw {
                        namespace: "kube-system",
                        name: format!("{pod_name}-{name}"),
                        image: &image,
                        cpu,
                        mem: if memory { mem } else { 0 },
                        ports: Vec::new(),
                        host_network: pod_name == "etcd" || pod_name == "kube-apiserver",
                    }
                    .bind(name),
                );
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
                let first = &host_ports[0];
                pods.push(port_holder(
                    rng,
                    first.port,
                    &first.protocol,
                    name,
                    cpu,
                    mem,
                ));
                continue;
            }
            // Only coredns tolerates the control-plane taint among these workloads; big
            // requests go to databases and batch, small ones to web services.
            let big = cpu >= 1000 || mem >= 4096;
            let role = if is_cp {
                Role::ControlPlane
            } else if big {
                Role::Big
            } else {
                Role::Small
            };
            pods.push(workload_pod(rng, role, &mut sts, cpu, mem).bind(name));
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
            pods.push(
                PodDraw {
                    namespace: "ingress-nginx",
                    name: format!("ingress-nginx-controller-{}", hash(rng, 5)),
                    image: "registry.k8s.io/ingress-nginx/controller:v1.12.0",
                    cpu: 0,
                    mem: 0,
                    ports,
                    host_network: false,
                }
                .bind(name),
            );
        }
    }
    Some(pods)
}
