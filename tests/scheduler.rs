//! The scheduler stage (placement-spec §4): a pod the controller creates can still stay Pending
//! when the node lacks free resources or a host port is taken. Table tests, one row per case.

use kubedrill::placement::objects::{DaemonSet, Node, Pod};
use kubedrill::placement::scheduler::{Stage, pod_requests, scheduler_stage};
use kubedrill::placement::{CompiledDaemonSet, FeatureGates, RuleKind};
use rstest::rstest;
use serde_json::{Value, json};

fn node(allocatable: Value) -> Node {
    serde_json::from_value(json!({
        "metadata": {"name": "n1", "labels": {"kubernetes.io/os": "linux"}},
        "status": {"allocatable": allocatable}
    }))
    .unwrap()
}

fn ds(spec: Value) -> DaemonSet {
    serde_json::from_value(json!({
        "metadata": {"name": "agent", "namespace": "kube-system"},
        "spec": {"selector": {"matchLabels": {"app": "agent"}},
                 "template": {"metadata": {"labels": {"app": "agent"}}, "spec": spec}}
    }))
    .unwrap()
}

fn pod(name: &str, node: &str, phase: &str, spec: Value) -> Pod {
    let mut spec = spec;
    spec["nodeName"] = json!(node);
    serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": "default"},
        "spec": spec,
        "status": {"phase": phase}
    }))
    .unwrap()
}

fn container(requests: Value, ports: Value) -> Value {
    json!({"name": "c", "image": "i", "resources": {"requests": requests}, "ports": ports})
}

fn stage(ds: &DaemonSet, node: &Node, pods: &[Pod]) -> (Stage, Vec<(RuleKind, String)>) {
    let decision = CompiledDaemonSet::compile(ds, FeatureGates::default()).decide(node);
    let v = scheduler_stage(ds, &decision, node, pods);
    (
        v.stage,
        v.reasons.into_iter().map(|r| (r.kind, r.subject)).collect(),
    )
}

const FULL: &str = "1";

#[rstest]
#[case::fits(json!({"cpu": "250m"}), json!({"cpu": "500m"}), Stage::Scheduled, None)]
#[case::exactly_fits(json!({"cpu": "500m"}), json!({"cpu": "0.5"}), Stage::Scheduled, None)]
#[case::cpu_short_by_a_millicore(json!({"cpu": "501m"}), json!({"cpu": "500m"}), Stage::Pending, Some("cpu"))]
#[case::memory_units_compared_exactly(json!({"memory": "1Gi"}), json!({"memory": "1024Mi"}), Stage::Scheduled, None)]
#[case::memory_short(json!({"memory": "1025Mi"}), json!({"memory": "1Gi"}), Stage::Pending, Some("memory"))]
#[case::extended_resource_the_node_lacks(json!({"nvidia.com/gpu": "1"}), json!({"cpu": "1"}), Stage::Pending, Some("nvidia.com/gpu"))]
#[case::no_requests_always_fit(json!({}), json!({"cpu": "0"}), Stage::Scheduled, None)]
fn requests_against_free_resources(
    #[case] requests: Value,
    #[case] free: Value,
    #[case] expected: Stage,
    #[case] short: Option<&str>,
) {
    // The node has `free` plus 500m cpu / 1Gi memory taken by one running pod.
    let mut allocatable = free.clone();
    let taken_cpu = "500m";
    let taken_mem = "1Gi";
    let add = |a: &str, b: &str| -> String {
        let q = |s: &str| kubedrill::placement::parse_quantity(s).unwrap();
        format!("{}n", q(a) + q(b))
    };
    for (k, taken) in [("cpu", taken_cpu), ("memory", taken_mem)] {
        let have = allocatable
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("0")
            .to_owned();
        allocatable[k] = json!(add(&have, taken));
    }
    let running = pod(
        "busy",
        "n1",
        "Running",
        json!({"containers": [container(json!({"cpu": taken_cpu, "memory": taken_mem}), json!([]))]}),
    );
    let d = ds(json!({"containers": [container(requests, json!([]))]}));
    let (got, reasons) = stage(&d, &node(allocatable), &[running]);
    assert_eq!(got, expected, "{reasons:?}");
    assert_eq!(
        reasons.first().map(|(k, s)| (*k, s.as_str())),
        short.map(|s| (RuleKind::InsufficientResource, s))
    );
}

#[test]
fn terminal_pods_and_pods_on_other_nodes_hold_nothing() {
    let hog = |name, node, phase| {
        pod(
            name,
            node,
            phase,
            json!({"containers": [container(json!({"cpu": FULL}), json!([]))]}),
        )
    };
    let d = ds(json!({"containers": [container(json!({"cpu": "100m"}), json!([]))]}));
    let pods = [
        hog("done", "n1", "Succeeded"),
        hog("failed", "n1", "Failed"),
        hog("elsewhere", "n2", "Running"),
    ];
    assert_eq!(
        stage(&d, &node(json!({"cpu": FULL})), &pods).0,
        Stage::Scheduled
    );
    let pods = [hog("running", "n1", "Running")];
    assert_eq!(
        stage(&d, &node(json!({"cpu": FULL})), &pods).0,
        Stage::Pending
    );
}

#[test]
fn a_request_missing_defaults_to_its_limit_and_init_containers_count_by_their_largest() {
    let spec: kubedrill::placement::objects::PodSpec = serde_json::from_value(json!({
        "initContainers": [{"name": "i1", "resources": {"requests": {"cpu": "2"}}},
                           {"name": "i2", "resources": {"requests": {"cpu": "1"}}}],
        "containers": [{"name": "a", "resources": {"limits": {"cpu": "700m"}}},
                       {"name": "b", "resources": {"requests": {"cpu": "600m"}, "limits": {"cpu": "900m"}}}]
    }))
    .unwrap();
    let req = pod_requests(&spec);
    // max(700m + 600m, 2) = 2 cores.
    assert_eq!(
        req["cpu"],
        kubedrill::placement::parse_quantity("2").unwrap()
    );
}

#[test]
fn a_full_node_by_pod_count_leaves_the_pod_pending() {
    let d = ds(json!({"containers": [container(json!({}), json!([]))]}));
    let pods: Vec<Pod> = (0..3)
        .map(|i| pod(&format!("p{i}"), "n1", "Running", json!({"containers": []})))
        .collect();
    let (s, reasons) = stage(&d, &node(json!({"pods": "3"})), &pods);
    assert_eq!(
        (s, reasons),
        (
            Stage::Pending,
            vec![(RuleKind::InsufficientResource, "pods".to_owned())]
        )
    );
    assert_eq!(
        stage(&d, &node(json!({"pods": "4"})), &pods).0,
        Stage::Scheduled
    );
}

#[rstest]
#[case::same_port_same_protocol(json!({"hostNetwork": true, "containers": [container(json!({}), json!([{"containerPort": 9100}]))]}), json!([{"containerPort": 80, "hostPort": 9100}]), true)]
#[case::host_network_makes_container_ports_host_ports(json!({"hostNetwork": true, "containers": [container(json!({}), json!([{"containerPort": 9100}]))]}), json!([{"containerPort": 9100}]), false)]
#[case::other_protocol(json!({"containers": [container(json!({}), json!([{"containerPort": 53, "hostPort": 53, "protocol": "UDP"}]))]}), json!([{"containerPort": 53, "hostPort": 53}]), false)]
#[case::different_specific_ips(json!({"containers": [container(json!({}), json!([{"containerPort": 80, "hostPort": 80, "hostIP": "10.0.0.1"}]))]}), json!([{"containerPort": 80, "hostPort": 80, "hostIP": "10.0.0.2"}]), false)]
#[case::wildcard_ip_overlaps_any(json!({"containers": [container(json!({}), json!([{"containerPort": 80, "hostPort": 80, "hostIP": "10.0.0.1"}]))]}), json!([{"containerPort": 80, "hostPort": 80}]), true)]
#[case::no_host_port(json!({"containers": [container(json!({}), json!([{"containerPort": 80}]))]}), json!([{"containerPort": 80, "hostPort": 80}]), false)]
fn host_ports(#[case] ds_spec: Value, #[case] taken: Value, #[case] conflict: bool) {
    let d = ds(ds_spec);
    let other = pod(
        "other",
        "n1",
        "Running",
        json!({"containers": [container(json!({}), taken)]}),
    );
    let (s, reasons) = stage(&d, &node(json!({"cpu": "4"})), &[other]);
    assert_eq!(s == Stage::Pending, conflict, "{reasons:?}");
    assert_eq!(
        reasons
            .iter()
            .any(|(k, _)| *k == RuleKind::HostPortConflict),
        conflict
    );
}

#[test]
fn a_node_that_already_has_the_daemonsets_pod_gets_no_second_one() {
    let d = ds(json!({"containers": [container(json!({"cpu": "8"}), json!([]))]}));
    let mut mine: Pod = pod("agent-x", "n1", "Running", json!({"containers": []}));
    mine.metadata.namespace = "kube-system".into();
    mine.metadata.owner_references = vec![
        serde_json::from_value(json!({"kind": "DaemonSet", "name": "agent", "controller": true}))
            .unwrap(),
    ];
    assert_eq!(
        stage(&d, &node(json!({"cpu": "1"})), &[mine]).0,
        Stage::HasPod
    );
}

#[test]
fn a_node_the_controller_skips_has_no_scheduler_stage_and_no_allocatable_is_noted() {
    let d = ds(
        json!({"nodeSelector": {"gpu": "true"}, "containers": [container(json!({"cpu": "8"}), json!([]))]}),
    );
    assert_eq!(stage(&d, &node(json!({"cpu": "1"})), &[]).0, Stage::NoPod);
    let d = ds(json!({"containers": [container(json!({"cpu": "8"}), json!([]))]}));
    let n: Node = serde_json::from_value(json!({"metadata": {"name": "n1"}})).unwrap();
    let decision = CompiledDaemonSet::compile(&d, FeatureGates::default()).decide(&n);
    let v = scheduler_stage(&d, &decision, &n, &[]);
    assert_eq!(v.stage, Stage::Scheduled);
    assert!(v.notes[0].contains("no status.allocatable"));
}
