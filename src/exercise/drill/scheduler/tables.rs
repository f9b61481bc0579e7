//! The tables a scheduler drill's prompt shows: per node what is allocatable and requested, the
//! pods with their requests and host ports, and what the DaemonSet's pods ask for.

use super::workloads::{MI, NANO};
use super::{allocatable, bound_pods, protocol, requested, show};
use crate::placement::objects::{DaemonSet, Node, Pod};
use crate::placement::scheduler::pod_requests;

fn render_table(rows: &[Vec<String>], right: &[bool]) -> String {
    super::super::text_table::render(rows, right, 2)
}

/// Memory in Mi, so the learner adds like units ("15360Mi").
pub(super) fn mebi(nano: i128) -> String {
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
