//! Rule tables for the placement engine, one named row per case, citing placement-spec rule ids.

use kubedrill::placement::objects::{DaemonSet, IntOrString, Node, Taint, Toleration};
use kubedrill::placement::rollout::{daemonset_budget, deployment_budget, scaled_value};
use kubedrill::placement::validation::validate_daemonset;
use kubedrill::placement::{
    CompiledDaemonSet, FeatureGates, Outcome, RuleKind, effective_tolerations, tolerates,
};
use rstest::rstest;
use serde_json::json;

fn node(v: serde_json::Value) -> Node {
    serde_json::from_value(v).unwrap()
}

fn ds(template_spec: serde_json::Value) -> DaemonSet {
    serde_json::from_value(json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "agent", "namespace": "kube-system"},
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "template": {"metadata": {"labels": {"app": "agent"}}, "spec": template_spec}
        }
    }))
    .unwrap()
}

fn taint(key: &str, value: &str, effect: &str) -> Taint {
    Taint {
        key: key.into(),
        value: value.into(),
        effect: effect.into(),
    }
}

fn tol(key: &str, op: &str, value: &str, effect: &str) -> Toleration {
    Toleration {
        key: key.into(),
        operator: op.into(),
        value: value.into(),
        effect: effect.into(),
        toleration_seconds: None,
    }
}

fn gates(on: bool) -> FeatureGates {
    FeatureGates {
        taint_toleration_comparison_operators: on,
    }
}

// R5: one toleration against one taint.
#[rstest]
#[case::r5_1_effect_must_match(
    tol("k", "Exists", "", "NoSchedule"),
    taint("k", "", "NoExecute"),
    false,
    false
)]
#[case::r5_1_empty_effect_matches_all(
    tol("k", "Exists", "", ""),
    taint("k", "v", "NoExecute"),
    false,
    true
)]
#[case::r5_2_empty_key_exists_matches_every_key(
    tol("", "Exists", "", ""),
    taint("anything", "v", "NoSchedule"),
    false,
    true
)]
#[case::r5_2_key_must_match(tol("a", "Exists", "", ""), taint("b", "", "NoSchedule"), false, false)]
#[case::r5_3_equal_same_value(
    tol("k", "Equal", "v", "NoSchedule"),
    taint("k", "v", "NoSchedule"),
    false,
    true
)]
#[case::r5_3_empty_operator_is_equal(
    tol("k", "", "v", "NoSchedule"),
    taint("k", "w", "NoSchedule"),
    false,
    false
)]
#[case::r5_3_equal_two_empty_values(
    tol("k", "Equal", "", "NoSchedule"),
    taint("k", "", "NoSchedule"),
    false,
    true
)]
#[case::r5_3_exists_ignores_value(
    tol("k", "Exists", "", "NoSchedule"),
    taint("k", "any", "NoSchedule"),
    false,
    true
)]
#[case::r5_3_gt_gate_off_never_matches(
    tol("sla", "Gt", "750", "NoSchedule"),
    taint("sla", "950", "NoSchedule"),
    false,
    false
)]
#[case::r5_3_gt_gate_on_greater(
    tol("sla", "Gt", "750", "NoSchedule"),
    taint("sla", "950", "NoSchedule"),
    true,
    true
)]
#[case::r5_3_gt_strict(
    tol("sla", "Gt", "950", "NoSchedule"),
    taint("sla", "950", "NoSchedule"),
    true,
    false
)]
#[case::r5_3_lt_gate_on_less(
    tol("sla", "Lt", "950", "NoSchedule"),
    taint("sla", "800", "NoSchedule"),
    true,
    true
)]
#[case::r5_3_leading_zero_not_canonical(
    tol("sla", "Gt", "750", "NoSchedule"),
    taint("sla", "0950", "NoSchedule"),
    true,
    false
)]
#[case::r5_3_plus_sign_not_canonical(
    tol("sla", "Lt", "+950", "NoSchedule"),
    taint("sla", "800", "NoSchedule"),
    true,
    false
)]
#[case::r5_3_non_integer_taint(
    tol("sla", "Gt", "1", "NoSchedule"),
    taint("sla", "high", "NoSchedule"),
    true,
    false
)]
#[case::r5_3_unknown_operator(
    tol("k", "Matches", "v", "NoSchedule"),
    taint("k", "v", "NoSchedule"),
    true,
    false
)]
fn toleration_matching(
    #[case] t: Toleration,
    #[case] taint: Taint,
    #[case] gate: bool,
    #[case] want: bool,
) {
    assert_eq!(tolerates(&t, &taint, gates(gate)), want);
}

// R4: the automatic tolerations.
#[test]
fn r4_six_automatic_tolerations_without_host_network() {
    let eff = effective_tolerations(&[], false);
    let keys: Vec<String> = eff
        .iter()
        .map(|t| format!("{}:{}", t.toleration.key, t.toleration.effect))
        .collect();
    assert_eq!(
        keys,
        [
            "node.kubernetes.io/not-ready:NoExecute",
            "node.kubernetes.io/unreachable:NoExecute",
            "node.kubernetes.io/disk-pressure:NoSchedule",
            "node.kubernetes.io/memory-pressure:NoSchedule",
            "node.kubernetes.io/pid-pressure:NoSchedule",
            "node.kubernetes.io/unschedulable:NoSchedule",
        ]
    );
    assert!(eff.iter().all(|t| t.toleration.operator == "Exists" && t.toleration.toleration_seconds.is_none()));
}

#[test]
fn r4_row7_network_unavailable_only_with_host_network() {
    let eff = effective_tolerations(&[], true);
    assert_eq!(eff.len(), 7);
    assert_eq!(
        eff[6].toleration.key,
        "node.kubernetes.io/network-unavailable"
    );
}

#[test]
fn r4_3_identical_user_toleration_loses_its_seconds() {
    let mut user = tol("node.kubernetes.io/not-ready", "Exists", "", "NoExecute");
    user.toleration_seconds = Some(300);
    let eff = effective_tolerations(&[user], false);
    let not_ready: Vec<_> = eff
        .iter()
        .filter(|t| t.toleration.key == "node.kubernetes.io/not-ready")
        .collect();
    assert_eq!(not_ready.len(), 1, "replaced, not appended");
    assert_eq!(not_ready[0].toleration.toleration_seconds, None);
}

#[test]
fn r4_3_user_toleration_with_other_operator_is_kept_and_auto_appended() {
    let mut user = tol("node.kubernetes.io/not-ready", "Equal", "", "NoExecute");
    user.toleration_seconds = Some(300);
    let eff = effective_tolerations(&[user.clone()], false);
    assert_eq!(eff[0].toleration, user);
    assert_eq!(
        eff.iter()
            .filter(|t| t.toleration.key == "node.kubernetes.io/not-ready")
            .count(),
        2
    );
}

// R3 + R10: whole decisions for the nodes the system taints (placement-spec §5).
#[rstest]
#[case::r10_cordoned_gets_a_pod(vec![taint("node.kubernetes.io/unschedulable", "", "NoSchedule")], false, Outcome::Runs)]
#[case::r10_not_ready_noschedule_blocks_new_pods(vec![taint("node.kubernetes.io/not-ready", "", "NoSchedule"), taint("node.kubernetes.io/not-ready", "", "NoExecute")], false, Outcome::KeepsExisting)]
#[case::r10_unreachable_keeps(vec![taint("node.kubernetes.io/unreachable", "", "NoSchedule"), taint("node.kubernetes.io/unreachable", "", "NoExecute")], false, Outcome::KeepsExisting)]
#[case::r10_control_plane_no_new_pod(vec![taint("node-role.kubernetes.io/control-plane", "", "NoSchedule")], false, Outcome::KeepsExisting)]
#[case::r10_pressure_tolerated(vec![taint("node.kubernetes.io/memory-pressure", "", "NoSchedule"), taint("node.kubernetes.io/disk-pressure", "", "NoSchedule"), taint("node.kubernetes.io/pid-pressure", "", "NoSchedule")], false, Outcome::Runs)]
#[case::r10_network_unavailable_default(vec![taint("node.kubernetes.io/network-unavailable", "", "NoSchedule")], false, Outcome::KeepsExisting)]
#[case::r10_network_unavailable_host_network(vec![taint("node.kubernetes.io/network-unavailable", "", "NoSchedule")], true, Outcome::Runs)]
#[case::r10_uninitialized_cloud_node(vec![taint("node.cloudprovider.kubernetes.io/uninitialized", "true", "NoSchedule")], false, Outcome::KeepsExisting)]
#[case::r10_out_of_service_evicts(vec![taint("node.kubernetes.io/out-of-service", "nodeshutdown", "NoExecute")], false, Outcome::Evicted)]
#[case::r4_1_memory_pressure_noexecute_not_automatic(vec![taint("node.kubernetes.io/memory-pressure", "", "NoExecute")], false, Outcome::Evicted)]
#[case::r3_prefer_no_schedule_is_invisible(vec![taint("dedicated", "x", "PreferNoSchedule")], false, Outcome::Runs)]
fn system_taints(#[case] taints: Vec<Taint>, #[case] host_network: bool, #[case] want: Outcome) {
    let n = Node {
        spec: kubedrill::placement::objects::NodeSpec {
            taints,
            unschedulable: false,
        },
        ..node(json!({"metadata": {"name": "n"}}))
    };
    let d = CompiledDaemonSet::compile(
        &ds(json!({"hostNetwork": host_network})),
        FeatureGates::default(),
    )
    .decide(&n);
    assert_eq!(d.outcome, want, "{:?}", d.reasons);
    assert_eq!(d.should_run, want == Outcome::Runs);
    assert_eq!(
        d.should_continue_running,
        matches!(want, Outcome::Runs | Outcome::KeepsExisting)
    );
}

#[test]
fn r1_conditions_and_unschedulable_are_not_read() {
    let n = node(
        json!({"metadata": {"name": "n"}, "spec": {"unschedulable": true},
        "status": {"conditions": [{"type": "Ready", "status": "False"}, {"type": "NetworkUnavailable", "status": "True"}]}}),
    );
    let d = CompiledDaemonSet::compile(&ds(json!({})), FeatureGates::default()).decide(&n);
    assert_eq!(d.outcome, Outcome::Runs);
}

#[test]
fn every_untolerated_taint_is_a_reason_and_noexecute_wins() {
    let n = node(json!({"metadata": {"name": "n"}, "spec": {"taints": [
        {"key": "a", "effect": "NoSchedule"}, {"key": "b", "effect": "NoExecute"}, {"key": "c", "effect": "NoSchedule"}]}}));
    let d = CompiledDaemonSet::compile(&ds(json!({})), FeatureGates::default()).decide(&n);
    assert_eq!(d.outcome, Outcome::Evicted);
    let subjects: Vec<&str> = d.reasons.iter().map(|r| r.subject.as_str()).collect();
    assert_eq!(subjects, ["a:NoSchedule", "b:NoExecute", "c:NoSchedule"]);
    assert!(d.reasons.iter().all(|r| r.rule == "R5"));
}

#[test]
fn nodename_selector_and_taint_reasons_all_listed() {
    let n = node(
        json!({"metadata": {"name": "n2", "labels": {"disk": "hdd"}}, "spec": {"taints": [{"key": "x", "effect": "NoSchedule"}]}}),
    );
    let d = CompiledDaemonSet::compile(
        &ds(json!({"nodeName": "n1", "nodeSelector": {"disk": "ssd"}})),
        FeatureGates::default(),
    )
    .decide(&n);
    assert_eq!(d.outcome, Outcome::NoPod);
    let rules: Vec<&str> = d.reasons.iter().map(|r| r.rule).collect();
    assert_eq!(rules, ["R3.1", "R6.1", "R5"]);
    assert!(
        d.reasons[1].message.contains("the node has disk=hdd"),
        "{}",
        d.reasons[1].message
    );
}

// R6: node selection.
fn affinity(terms: serde_json::Value) -> serde_json::Value {
    json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}}})
}

#[rstest]
#[case::r6_1_selector_exact_value(json!({"nodeSelector": {"a": "1"}}), json!({"a": "1", "b": "2"}), true)]
#[case::r6_1_selector_empty_value_needs_label(json!({"nodeSelector": {"a": ""}}), json!({}), false)]
#[case::r6_1_selector_empty_value_present(json!({"nodeSelector": {"a": ""}}), json!({"a": ""}), true)]
#[case::r6_2_node_affinity_without_required(json!({"affinity": {"nodeAffinity": {}}}), json!({}), true)]
#[case::r6_3_empty_terms_list_matches_nothing(affinity(json!([])), json!({"a": "1"}), false)]
#[case::r6_3_only_empty_terms_match_nothing(affinity(json!([{}, {"matchExpressions": []}])), json!({"a": "1"}), false)]
#[case::r6_3_empty_term_dropped_other_matches(affinity(json!([{}, {"matchExpressions": [{"key": "a", "operator": "Exists"}]}])), json!({"a": "1"}), true)]
#[case::r6_5_in(affinity(json!([{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]}])), json!({"zone": "b"}), true)]
#[case::r6_5_in_missing_label(affinity(json!([{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}])), json!({}), false)]
#[case::r6_5_notin_missing_label_matches(affinity(json!([{"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["a"]}]}])), json!({}), true)]
#[case::r6_5_notin_listed_value(affinity(json!([{"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["a"]}]}])), json!({"zone": "a"}), false)]
#[case::r6_5_exists_empty_value(affinity(json!([{"matchExpressions": [{"key": "gpu", "operator": "Exists"}]}])), json!({"gpu": ""}), true)]
#[case::r6_5_doesnotexist(affinity(json!([{"matchExpressions": [{"key": "gpu", "operator": "DoesNotExist"}]}])), json!({}), true)]
#[case::r6_5_gt_leading_zeros(affinity(json!([{"matchExpressions": [{"key": "k", "operator": "Gt", "values": ["0204"]}]}])), json!({"k": "0206"}), true)]
#[case::r6_5_gt_non_integer_label(affinity(json!([{"matchExpressions": [{"key": "k", "operator": "Gt", "values": ["1"]}]}])), json!({"k": "v2"}), false)]
#[case::r6_5_lt(affinity(json!([{"matchExpressions": [{"key": "k", "operator": "Lt", "values": ["8"]}]}])), json!({"k": "4"}), true)]
#[case::r6_5_lt_equal_is_not_less(affinity(json!([{"matchExpressions": [{"key": "k", "operator": "Lt", "values": ["4"]}]}])), json!({"k": "4"}), false)]
#[case::r6_4_expressions_anded(affinity(json!([{"matchExpressions": [{"key": "a", "operator": "Exists"}, {"key": "b", "operator": "Exists"}]}])), json!({"a": "1"}), false)]
#[case::r6_3_terms_ored(affinity(json!([{"matchExpressions": [{"key": "a", "operator": "Exists"}]}, {"matchExpressions": [{"key": "b", "operator": "Exists"}]}])), json!({"b": "1"}), true)]
#[case::r6_6_negative_gt_is_a_parse_error(affinity(json!([{"matchExpressions": [{"key": "k", "operator": "Gt", "values": ["-1"]}]}])), json!({"k": "5"}), false)]
#[case::r6_6_exists_with_values(affinity(json!([{"matchExpressions": [{"key": "k", "operator": "Exists", "values": ["x"]}]}])), json!({"k": "x"}), false)]
#[case::r6_6_in_without_values(affinity(json!([{"matchExpressions": [{"key": "k", "operator": "In", "values": []}]}])), json!({"k": "x"}), false)]
#[case::r6_6_key_with_space(affinity(json!([{"matchExpressions": [{"key": "bad key", "operator": "Exists"}]}])), json!({"bad key": "x"}), false)]
#[case::r6_8_broken_term_skipped_valid_term_matches(affinity(json!([{"matchExpressions": [{"key": "k", "operator": "Bogus"}]}, {"matchExpressions": [{"key": "k", "operator": "Exists"}]}])), json!({"k": "x"}), true)]
fn node_selection(
    #[case] spec: serde_json::Value,
    #[case] labels: serde_json::Value,
    #[case] want: bool,
) {
    let n = node(json!({"metadata": {"name": "node-1", "labels": labels}}));
    let d = CompiledDaemonSet::compile(&ds(spec), FeatureGates::default()).decide(&n);
    assert_eq!(d.should_run, want, "{:?}", d.reasons);
    if !want {
        assert_eq!(d.outcome, Outcome::NoPod);
        assert!(!d.reasons.is_empty());
    }
}

#[rstest]
#[case::r6_7_in_matches_name(json!([{"key": "metadata.name", "operator": "In", "values": ["node-1"]}]), true)]
#[case::r6_7_in_other_name(json!([{"key": "metadata.name", "operator": "In", "values": ["node-2"]}]), false)]
#[case::r6_7_notin_other_name(json!([{"key": "metadata.name", "operator": "NotIn", "values": ["node-2"]}]), true)]
#[case::r6_7_two_values_is_a_parse_error(json!([{"key": "metadata.name", "operator": "In", "values": ["node-1", "node-2"]}]), false)]
#[case::r6_7_exists_is_a_parse_error(json!([{"key": "metadata.name", "operator": "Exists"}]), false)]
#[case::r6_7_other_field_reads_empty_in(json!([{"key": "spec.podCIDR", "operator": "In", "values": ["x"]}]), false)]
#[case::r6_7_other_field_reads_empty_notin(json!([{"key": "spec.podCIDR", "operator": "NotIn", "values": ["x"]}]), true)]
fn match_fields(#[case] fields: serde_json::Value, #[case] want: bool) {
    // A label called metadata.name is irrelevant to matchFields (R6.7).
    let n = node(json!({"metadata": {"name": "node-1", "labels": {"metadata.name": "node-2"}}}));
    let d = CompiledDaemonSet::compile(
        &ds(affinity(json!([{"matchFields": fields}]))),
        FeatureGates::default(),
    )
    .decide(&n);
    assert_eq!(d.should_run, want, "{:?}", d.reasons);
}

#[test]
fn failing_term_reasons_name_the_entry() {
    let n = node(json!({"metadata": {"name": "n", "labels": {"zone": "c"}}}));
    let spec = affinity(
        json!([{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]}]),
    );
    let d = CompiledDaemonSet::compile(&ds(spec), FeatureGates::default()).decide(&n);
    assert_eq!(d.reasons.len(), 1);
    assert_eq!(d.reasons[0].rule, "R6.5");
    assert_eq!(d.reasons[0].kind, RuleKind::AffinityOperator);
    assert_eq!(d.reasons[0].subject, "nodeSelectorTerms[0]: zone In [a, b]");
    assert!(
        d.reasons[0].message.contains("zone=c is not in the list"),
        "{}",
        d.reasons[0].message
    );
}

// R13/R14: rounding, the table in the spec.
#[rstest]
#[case::ten_25pct(10, "25%", 3, 3, 2, 3)]
#[case::ten_1pct(10, "1%", 1, 1, 0, 1)]
#[case::four_30pct(4, "30%", 2, 2, 1, 2)]
#[case::three_50pct(3, "50%", 2, 2, 1, 2)]
#[case::zero_25pct(0, "25%", 0, 0, 0, 0)]
fn r13_r14_rounding(
    #[case] total: i64,
    #[case] pct: &str,
    #[case] ds_unavail: i64,
    #[case] ds_surge: i64,
    #[case] dep_unavail: i64,
    #[case] dep_surge: i64,
) {
    let v = IntOrString::Str(pct.into());
    assert_eq!(scaled_value(&v, total, true).unwrap(), ds_unavail);
    assert_eq!(scaled_value(&v, total, true).unwrap(), ds_surge);
    assert_eq!(scaled_value(&v, total, false).unwrap(), dep_unavail);
    assert_eq!(scaled_value(&v, total, true).unwrap(), dep_surge);
}

#[test]
fn r14_deployment_both_zero_becomes_one_unavailable() {
    let v = IntOrString::Str("1%".into());
    assert_eq!(
        deployment_budget(Some(&IntOrString::Int(0)), Some(&v), 10).unwrap(),
        (0, 1)
    );
}

#[test]
fn r13_string_without_percent_is_an_error() {
    let e = scaled_value(&IntOrString::Str("3".into()), 10, true).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid value for IntOrString: invalid type: string is not a percentage"
    );
}

#[test]
fn r11_r13_defaults_give_one_at_a_time() {
    let b = daemonset_budget(None, 10).unwrap();
    assert_eq!(
        (b.strategy.as_str(), b.max_unavailable, b.max_surge),
        ("RollingUpdate", 1, 0)
    );
    assert_eq!(b.explain(), "maxUnavailable 1 of 10 nodes → 1 at a time");
}

#[test]
fn r13_zero_zero_falls_back_to_one_when_desired() {
    let s = serde_json::from_value(
        json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "0%", "maxSurge": 0}}),
    )
    .unwrap();
    let b = daemonset_budget(Some(&s), 5).unwrap();
    assert_eq!((b.max_unavailable, b.fallback), (1, true));
    assert_eq!(daemonset_budget(Some(&s), 0).unwrap().max_unavailable, 0);
}

#[test]
fn r13_on_delete_has_no_budget() {
    let s = serde_json::from_value(json!({"type": "OnDelete"})).unwrap();
    let b = daemonset_budget(Some(&s), 5).unwrap();
    assert_eq!((b.max_unavailable, b.max_surge), (0, 0));
}

// R12: validation in Kubernetes' words.
fn with_strategy(s: serde_json::Value) -> DaemonSet {
    let mut d = ds(json!({}));
    d.spec.update_strategy = Some(serde_json::from_value(s).unwrap());
    d
}

#[rstest]
#[case::r12_both_non_zero(json!({"rollingUpdate": {"maxUnavailable": 1, "maxSurge": 1}}), "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero")]
#[case::r12_only_max_surge_is_rejected_because_of_default(json!({"rollingUpdate": {"maxSurge": "10%"}}), "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: \"10%\": may not be set when maxUnavailable is non-zero")]
#[case::r12_both_zero(json!({"rollingUpdate": {"maxUnavailable": "0%", "maxSurge": 0}}), "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0")]
#[case::r12_over_100(json!({"rollingUpdate": {"maxUnavailable": "150%"}}), "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%")]
#[case::r12_not_a_percentage(json!({"rollingUpdate": {"maxUnavailable": "ten"}}), "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"ten\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")]
#[case::r12_negative(json!({"rollingUpdate": {"maxUnavailable": -1}}), "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0")]
#[case::r12_bad_type(json!({"type": "Recreate"}), "spec.updateStrategy.type: Unsupported value: \"Recreate\": supported values: \"OnDelete\", \"RollingUpdate\"")]
fn rollout_validation(#[case] strategy: serde_json::Value, #[case] want: &str) {
    let errs: Vec<String> = validate_daemonset(&with_strategy(strategy), FeatureGates::default())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(errs.iter().any(|e| e == want), "want {want:?} in {errs:?}");
}

#[test]
fn r12_valid_surge_strategy_has_no_errors() {
    let errs = validate_daemonset(
        &with_strategy(json!({"rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"}})),
        FeatureGates::default(),
    );
    assert!(errs.is_empty(), "{errs:?}");
}

#[test]
fn r12_selector_must_match_template_labels() {
    let mut d = ds(json!({}));
    d.spec.template.metadata.labels.insert("app", "other");
    let errs: Vec<String> = validate_daemonset(&d, FeatureGates::default())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        errs.iter()
            .any(|e| e.ends_with("`selector` does not match template `labels`")),
        "{errs:?}"
    );
}

#[test]
fn r5_3_comparison_toleration_rejected_unless_gate_on() {
    let d = ds(
        json!({"tolerations": [{"key": "sla", "operator": "Gt", "value": "5", "effect": "NoSchedule"}]}),
    );
    let off: Vec<String> = validate_daemonset(&d, gates(false))
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        off,
        [
            "spec.template.spec.tolerations[0].operator: Unsupported value: \"Gt\": supported values: \"Equal\", \"Exists\""
        ]
    );
    assert!(validate_daemonset(&d, gates(true)).is_empty());
}

/// R6.6 against the API's ValidateNodeSelector: a Gt value that is not an integer is accepted
/// (only the matcher fails on it, so the term never matches, which a note says); a value that
/// is not a valid label value is refused since Kubernetes 1.32 (kubernetes#128212).
#[test]
fn r6_6_unmatchable_terms_are_notes_and_invalid_label_values_are_refused() {
    let accepted = ds(affinity(
        json!([{"matchExpressions": [{"key": "k", "operator": "Gt", "values": ["x"]}]}]),
    ));
    assert!(validate_daemonset(&accepted, FeatureGates::default()).is_empty());
    let notes = kubedrill::placement::validation::affinity_notes(&accepted);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("nodeSelectorTerms[0].matchExpressions[0]")
            && notes[0].contains("can never match"),
        "{notes:?}"
    );
    for (values, said) in [
        (
            json!(["-1"]),
            "values[0]: Invalid value: \"-1\": a valid label must be",
        ),
        (
            json!(["a".repeat(64)]),
            "must be no more than 63 characters",
        ),
        (
            json!(["1", "2"]),
            "values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
        ),
    ] {
        let refused = ds(affinity(
            json!([{"matchExpressions": [{"key": "k", "operator": "Gt", "values": values}]}]),
        ));
        let errs: Vec<String> = validate_daemonset(&refused, FeatureGates::default())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(errs.iter().any(|e| e.contains(said)), "{said}: {errs:?}");
    }
    let exists = ds(affinity(
        json!([{"matchExpressions": [{"key": "k", "operator": "Exists", "values": ["v"]}]}]),
    ));
    let errs: Vec<String> = validate_daemonset(&exists, FeatureGates::default())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errs,
        [
            "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
        ]
    );
}

#[test]
fn feature_gates_parse_like_kubernetes() {
    assert!(
        FeatureGates::parse("TaintTolerationComparisonOperators=true")
            .unwrap()
            .taint_toleration_comparison_operators
    );
    assert!(
        !FeatureGates::parse("")
            .unwrap()
            .taint_toleration_comparison_operators
    );
    assert!(FeatureGates::parse("Bogus=true").is_err());
    assert!(FeatureGates::parse("TaintTolerationComparisonOperators=yes").is_err());
}
