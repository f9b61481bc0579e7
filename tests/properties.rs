//! Property tests for the placement engine and the manifest reader.

use kubedrill::manifest;
use kubedrill::placement::objects::{
    Affinity, DaemonSet, Node, NodeAffinity, NodeSelector, NodeSelectorRequirement,
    NodeSelectorTerm, NodeSpec, ObjectMeta, Taint, Toleration,
};
use kubedrill::placement::{CompiledDaemonSet, Decision, FeatureGates, Outcome};
use proptest::prelude::*;
use std::collections::BTreeMap;

const KEYS: &[&str] = &["zone", "gpu", "disk", "tier", "cores"];
const VALUES: &[&str] = &["a", "b", "", "1", "5", "x"];
const TAINT_KEYS: &[&str] = &[
    "gpu",
    "dedicated",
    "node.kubernetes.io/not-ready",
    "node.kubernetes.io/unschedulable",
    "node-role.kubernetes.io/control-plane",
    "node.kubernetes.io/network-unavailable",
];
const EFFECTS: &[&str] = &["NoSchedule", "NoExecute", "PreferNoSchedule"];

fn pick(xs: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(xs).prop_map(str::to_owned)
}

fn labels() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map(pick(KEYS), pick(VALUES), 0..4)
}

fn taint() -> impl Strategy<Value = Taint> {
    (pick(TAINT_KEYS), pick(&["", "true", "5"]), pick(EFFECTS))
        .prop_map(|(key, value, effect)| Taint { key, value, effect })
}

fn toleration() -> impl Strategy<Value = Toleration> {
    (
        prop_oneof![Just(String::new()), pick(TAINT_KEYS)],
        pick(&["", "Equal", "Exists", "Gt", "Lt"]),
        pick(&["", "true", "5", "3"]),
        pick(&["", "NoSchedule", "NoExecute"]),
        prop::option::of(0i64..600),
    )
        .prop_map(
            |(key, operator, value, effect, toleration_seconds)| Toleration {
                key,
                operator,
                value,
                effect,
                toleration_seconds,
            },
        )
}

fn node(name: String) -> impl Strategy<Value = Node> {
    (
        labels(),
        prop::collection::vec(taint(), 0..3),
        any::<bool>(),
    )
        .prop_map(move |(labels, taints, unschedulable)| Node {
            metadata: ObjectMeta {
                name: name.clone(),
                labels: labels.into(),
                ..Default::default()
            },
            spec: NodeSpec {
                taints,
                unschedulable,
            },
            ..Default::default()
        })
}

fn nodes() -> impl Strategy<Value = Vec<Node>> {
    (1usize..7).prop_flat_map(|n| {
        (0..n)
            .map(|i| node(format!("node-{i}")))
            .collect::<Vec<_>>()
    })
}

fn requirement() -> impl Strategy<Value = NodeSelectorRequirement> {
    (
        pick(KEYS),
        pick(&["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Bogus"]),
        prop::collection::vec(pick(VALUES), 0..3),
    )
        .prop_map(|(key, operator, values)| NodeSelectorRequirement {
            key,
            operator,
            values,
        })
}

fn field_requirement() -> impl Strategy<Value = NodeSelectorRequirement> {
    (
        pick(&["In", "NotIn", "Exists"]),
        prop::collection::vec(pick(&["node-0", "node-1", "node-2"]), 0..3),
    )
        .prop_map(|(operator, values)| NodeSelectorRequirement {
            key: "metadata.name".into(),
            operator,
            values,
        })
}

fn term() -> impl Strategy<Value = NodeSelectorTerm> {
    (
        prop::collection::vec(requirement(), 0..3),
        prop::collection::vec(field_requirement(), 0..2),
    )
        .prop_map(|(match_expressions, match_fields)| NodeSelectorTerm {
            match_expressions,
            match_fields,
        })
}

fn daemonset() -> impl Strategy<Value = DaemonSet> {
    (
        prop::collection::btree_map(pick(KEYS), pick(VALUES), 0..2),
        prop::option::of(prop::collection::vec(term(), 0..3)),
        prop::collection::vec(toleration(), 0..4),
        any::<bool>(),
        prop::option::of(pick(&["node-0", "node-1", "node-9"])),
    )
        .prop_map(
            |(node_selector, terms, tolerations, host_network, node_name)| {
                let mut ds = DaemonSet::default();
                ds.metadata.name = "ds".into();
                let spec = &mut ds.spec.template.spec;
                spec.node_selector = node_selector;
                spec.tolerations = tolerations;
                spec.host_network = host_network;
                spec.node_name = node_name.unwrap_or_default();
                spec.affinity = terms.map(|node_selector_terms| Affinity {
                    node_affinity: Some(NodeAffinity {
                        required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                            node_selector_terms,
                        }),
                        ..Default::default()
                    }),
                });
                ds
            },
        )
}

fn gates() -> impl Strategy<Value = FeatureGates> {
    any::<bool>().prop_map(|on| FeatureGates {
        taint_toleration_comparison_operators: on,
    })
}

fn decide_all(ds: &DaemonSet, nodes: &[Node], gates: FeatureGates) -> Vec<Decision> {
    let c = CompiledDaemonSet::compile(ds, gates);
    nodes.iter().map(|n| c.decide(n)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn node_order_does_not_matter(ds in daemonset(), nodes in nodes(), gates in gates(), seed in any::<u64>()) {
        let before = decide_all(&ds, &nodes, gates);
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        // A seeded rotation-and-reverse permutation.
        order.rotate_left((seed as usize) % nodes.len());
        if seed % 2 == 0 { order.reverse(); }
        let shuffled: Vec<Node> = order.iter().map(|&i| nodes[i].clone()).collect();
        let after = decide_all(&ds, &shuffled, gates);
        for (pos, &i) in order.iter().enumerate() {
            prop_assert_eq!(&after[pos], &before[i]);
        }
    }

    #[test]
    fn an_added_toleration_never_removes_a_node(ds in daemonset(), nodes in nodes(), gates in gates(), extra in toleration()) {
        let before = decide_all(&ds, &nodes, gates);
        let mut more = ds.clone();
        more.spec.template.spec.tolerations.push(extra);
        let after = decide_all(&more, &nodes, gates);
        for (b, a) in before.iter().zip(&after) {
            prop_assert!(!b.should_run || a.should_run);
            prop_assert!(!b.should_continue_running || a.should_continue_running);
        }
    }

    #[test]
    fn an_added_taint_never_adds_a_node(ds in daemonset(), nodes in nodes(), gates in gates(), extra in taint(), which in any::<prop::sample::Index>()) {
        let before = decide_all(&ds, &nodes, gates);
        let mut tainted = nodes.clone();
        let i = which.index(tainted.len());
        tainted[i].spec.taints.push(extra);
        let after = decide_all(&ds, &tainted, gates);
        prop_assert!(!after[i].should_run || before[i].should_run);
        prop_assert!(!after[i].should_continue_running || before[i].should_continue_running);
    }

    #[test]
    fn decisions_are_consistent_and_explained(ds in daemonset(), nodes in nodes(), gates in gates()) {
        for d in decide_all(&ds, &nodes, gates) {
            // R3: (true, false) never occurs.
            prop_assert!(!d.should_run || d.should_continue_running);
            // Every node that does not run has a reason; a running node has none.
            prop_assert_eq!(d.should_run, d.reasons.is_empty());
            let want = match (d.should_run, d.should_continue_running) {
                (true, _) => vec![Outcome::Runs],
                (false, true) => vec![Outcome::KeepsExisting],
                (false, false) => vec![Outcome::Evicted, Outcome::NoPod],
            };
            prop_assert!(want.contains(&d.outcome));
        }
    }

    #[test]
    fn manifests_read_back_give_the_same_decisions(ds in daemonset(), nodes in nodes(), gates in gates(), yaml in any::<bool>()) {
        let mut list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": []});
        for n in &nodes {
            let mut v = serde_json::to_value(n).unwrap();
            v["apiVersion"] = "v1".into();
            v["kind"] = "Node".into();
            list["items"].as_array_mut().unwrap().push(v);
        }
        let mut dsv = serde_json::to_value(&ds).unwrap();
        dsv["apiVersion"] = "apps/v1".into();
        dsv["kind"] = "DaemonSet".into();
        let (nodes_text, ds_text) = if yaml {
            (serde_saphyr::to_string(&list).unwrap(), serde_saphyr::to_string(&dsv).unwrap())
        } else {
            (list.to_string(), dsv.to_string())
        };
        let read_nodes = manifest::parse("nodes", nodes_text.as_bytes()).unwrap().nodes;
        let read_ds = manifest::parse("ds", ds_text.as_bytes()).unwrap().daemonsets;
        prop_assert_eq!(&read_nodes, &nodes);
        prop_assert_eq!(read_ds.len(), 1);
        prop_assert_eq!(decide_all(&read_ds[0], &read_nodes, gates), decide_all(&ds, &nodes, gates));
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_reader(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = manifest::parse("fuzz", &bytes);
    }

    #[test]
    fn arbitrary_yamlish_text_never_panics_the_reader(parts in prop::collection::vec(
        pick(&["kind: Node\n", "kind: DaemonSet\n", "metadata:\n", "  name: x\n", "spec:\n", "  taints:\n", "  - key: a\n",
               "items:\n", "- ", "---\n", "&a ", "*a\n", "[", "]", "{", "}", "\"", "'", ": ", "\t", "  ", "null\n", "1\n"]), 0..40)) {
        let text: String = parts.concat();
        let _ = manifest::parse("fuzz", text.as_bytes());
    }
}
