//! The drill generator and grader: determinism, YAML that reads back to the same verdicts,
//! outcome mix and node limits per difficulty, grading tables, and event semantics checked
//! against the engine.

use kubedrill::exercise::drill::{
    Answer, Difficulty, Drill, DrillKind, Event, EventAction, EventsQuestion, PredictAnswer,
    PredictDetail, PredictQuestion, Question, RolloutAnswer, RolloutQuestion, RuleKey,
    SchedulerOutcome, StatusAnswer, StatusQuestion, generate, node_limit, predict::expectations,
};
use kubedrill::manifest;
use kubedrill::placement::objects::{DaemonSet, Node, Taint};
use kubedrill::placement::{FeatureGates, Outcome, Placement};
use proptest::prelude::*;
use rstest::rstest;
use std::collections::{BTreeMap, BTreeSet};

/// A rule by its stored text.
fn k(text: &str) -> RuleKey {
    RuleKey::parse(text).unwrap_or_else(|| panic!("no rule {text}"))
}

fn gates() -> FeatureGates {
    FeatureGates::default()
}

fn nodes_of(yaml: &str) -> Vec<Node> {
    manifest::parse("nodes.yaml", yaml.as_bytes())
        .expect("nodes parse")
        .nodes
}

fn ds_of(yaml: &str) -> DaemonSet {
    manifest::parse("ds.yaml", yaml.as_bytes())
        .expect("daemonset parses")
        .daemonsets
        .remove(0)
}

/// A kubeadm control plane, two workers, a cordoned worker and a spot node.
const CLUSTER: &str = r#"
apiVersion: v1
kind: List
items:
- kind: Node
  metadata:
    name: cp-1
    labels: {node-role.kubernetes.io/control-plane: "", kubernetes.io/os: linux, topology.kubernetes.io/zone: a}
  spec:
    taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
- kind: Node
  metadata:
    name: worker-1
    labels: {kubernetes.io/os: linux, topology.kubernetes.io/zone: a, disktype: ssd}
- kind: Node
  metadata:
    name: worker-2
    labels: {kubernetes.io/os: linux, topology.kubernetes.io/zone: b}
- kind: Node
  metadata:
    name: worker-3
    labels: {kubernetes.io/os: linux, topology.kubernetes.io/zone: b, disktype: ssd}
  spec:
    unschedulable: true
    taints: [{key: node.kubernetes.io/unschedulable, effect: NoSchedule}]
- kind: Node
  metadata:
    name: spot-1
    labels: {kubernetes.io/os: linux, topology.kubernetes.io/zone: c}
  spec:
    taints: [{key: spot.example.com/interruptible, value: "true", effect: NoExecute}]
"#;

const AGENT: &str = r#"
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: agent:1}]
"#;

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

fn all_drills(seeds: std::ops::Range<u64>) -> impl Iterator<Item = Drill> {
    seeds.flat_map(|seed| {
        Difficulty::ALL.into_iter().flat_map(move |d| {
            DrillKind::ALL
                .iter()
                .copied()
                .map(move |k| generate(seed, d, k, None))
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Determinism and YAML

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn same_seed_gives_the_same_drill(seed in any::<u64>()) {
        for d in Difficulty::ALL {
            for &k in DrillKind::ALL {
                let a = generate(seed, d, k, None);
                let b = generate(seed, d, k, None);
                prop_assert_eq!(a.nodes_yaml(), b.nodes_yaml());
                prop_assert_eq!(a.daemonset_yaml(), b.daemonset_yaml());
                prop_assert_eq!(a.answer_text(), b.answer_text());
                prop_assert_eq!(&a, &b);
                let focused = generate(seed, d, k, Some(RuleKey::AutomaticToleration));
                prop_assert_eq!(focused, generate(seed, d, k, Some(RuleKey::AutomaticToleration)));
            }
        }
    }
}

#[test]
fn yaml_reads_back_to_the_same_objects_and_verdicts() {
    // YAML parsing (about 2 ms a node in debug builds) dominates this test's time: 200 seeds of
    // predict drills and 60 of every kind, all difficulties, about 1,300 drills.
    let predict = (0..200).flat_map(|seed| {
        Difficulty::ALL
            .into_iter()
            .map(move |d| generate(seed, d, DrillKind::Predict, None))
    });
    let mut checked = 0;
    for drill in predict.chain(all_drills(1000..1060)) {
        let ds = ds_of(&drill.daemonset_yaml());
        assert_eq!(ds, drill.daemonset, "seed {} {:?}", drill.seed, drill.kind);
        if drill.nodes.is_empty() {
            assert_eq!(drill.kind, DrillKind::Rollout);
            continue;
        }
        let yaml = drill.nodes_yaml();
        let nodes = nodes_of(&yaml);
        assert_eq!(
            nodes, drill.nodes,
            "seed {} {:?}\n{yaml}",
            drill.seed, drill.kind
        );
        let verdicts = Placement::evaluate(&ds, &nodes, gates()).decisions;
        let expected: Vec<_> = match &drill.question {
            Question::Predict(q) => q.nodes.iter().map(|n| n.decision.clone()).collect(),
            Question::Status(q) => q.nodes.iter().map(|n| n.decision.clone()).collect(),
            // Events and rollout keep the engine's verdicts of the shown cluster implicitly:
            // recompute them from the drill's own objects.
            _ => Placement::evaluate(&drill.daemonset, &drill.nodes, gates()).decisions,
        };
        assert_eq!(verdicts, expected, "seed {} {:?}", drill.seed, drill.kind);
        checked += 1;
    }
    assert!(checked > 1100, "{checked}");
}

#[test]
fn yaml_is_a_kubernetes_manifest() {
    let drill = generate(11, Difficulty::Medium, DrillKind::Predict, None);
    let ds = drill.daemonset_yaml();
    assert!(
        ds.starts_with("apiVersion: apps/v1\nkind: DaemonSet\n"),
        "{ds}"
    );
    assert!(ds.contains("containers:"), "{ds}");
    assert!(!ds.contains("name: \"\""), "no empty template name: {ds}");
    let nodes = drill.nodes_yaml();
    assert!(nodes.starts_with("apiVersion: v1\nkind: Node\n"), "{nodes}");
    assert_eq!(nodes.matches("kind: Node").count(), drill.nodes.len());
    // The selector matches the template labels (R12): no validation error at all.
    let errors = kubedrill::placement::validation::validate_daemonset(&drill.daemonset, gates());
    assert!(errors.is_empty(), "{errors:?}");
}

// ---------------------------------------------------------------------------------------------
// Outcome mix and node limits

#[test]
fn outcome_mix_per_difficulty_over_1000_seeds() {
    for d in Difficulty::ALL {
        let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
        let (mut mixed, mut traps, mut nodes) = (0, 0, 0);
        let mut keys: BTreeMap<RuleKey, usize> = BTreeMap::new();
        for seed in 0..1000 {
            let drill = generate(seed, d, DrillKind::Predict, None);
            let Question::Predict(q) = &drill.question else {
                panic!("predict drill without a predict question");
            };
            assert!(drill.nodes.len() <= node_limit(d));
            let runs = q.nodes.iter().filter(|n| n.decision.should_run).count();
            let is_mixed = runs > 0 && runs < q.nodes.len();
            assert!(
                is_mixed || drill.trap.is_some(),
                "seed {seed} {d}: all-or-nothing without a trap\n{}",
                drill.answer_text()
            );
            mixed += usize::from(is_mixed);
            traps += usize::from(drill.trap.is_some());
            nodes += q.nodes.len();
            for n in &q.nodes {
                *outcomes.entry(n.decision.outcome.as_str()).or_default() += 1;
            }
            for k in drill.rule_keys() {
                *keys.entry(k).or_default() += 1;
            }
        }
        let share: Vec<String> = outcomes
            .iter()
            .map(|(o, n)| format!("{o} {:.1}%", 100.0 * *n as f64 / nodes as f64))
            .collect();
        eprintln!(
            "{d}: {nodes} nodes in 1000 drills ({:.1} per drill); {}; mixed drills {mixed}/1000, marked traps {traps}",
            nodes as f64 / 1000.0,
            share.join(", ")
        );
        eprintln!("{d}: drills per rule key: {keys:?}");
        assert!(mixed >= 950, "{d}: only {mixed} mixed drills");
    }
}

#[test]
fn every_kind_mixes_and_fits_the_node_limit() {
    let mut events_by_type: BTreeMap<String, usize> = BTreeMap::new();
    for drill in all_drills(0..300) {
        let limit = node_limit(drill.difficulty);
        assert!(drill.nodes.len() <= limit, "seed {}", drill.seed);
        match &drill.question {
            Question::Events(q) => {
                assert!(q.after_nodes.len() <= limit);
                assert!(q.mixes(), "seed {}: {}", drill.seed, drill.answer_text());
                let ty = serde_json::to_value(&q.event).unwrap()["type"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                *events_by_type.entry(ty).or_default() += 1;
            }
            Question::Status(q) => {
                assert!(q.desired > 0 || drill.trap.is_some());
                assert!(
                    (q.desired as usize) < q.nodes.len() || drill.trap.is_some(),
                    "seed {}",
                    drill.seed
                );
            }
            Question::Predict(q) => {
                let want = if drill.difficulty == Difficulty::Hard {
                    PredictDetail::Outcomes
                } else {
                    PredictDetail::GetsPod
                };
                assert_eq!(q.detail, want);
            }
            Question::Rollout(q) => {
                assert_eq!(q.desired_from_nodes, !drill.nodes.is_empty());
            }
            Question::Scheduler(q) => {
                assert!(
                    q.count(SchedulerOutcome::Pending) > 0,
                    "seed {}",
                    drill.seed
                );
                assert!(q.count(SchedulerOutcome::Runs) > 0, "seed {}", drill.seed);
            }
            // Their own tests are in drill_manifest.rs; here: the shown cluster is the drill's.
            Question::Write(q) => assert_eq!(q.task.nodes(), &drill.nodes[..]),
            Question::Fix(q) => assert_eq!(q.task.nodes(), &drill.nodes[..]),
        }
        assert_eq!(drill.kind.as_str(), kind_of(&drill.question));
    }
    eprintln!("events drawn: {events_by_type:?}");
    assert!(events_by_type.len() >= 7, "{events_by_type:?}");
}

fn kind_of(q: &Question) -> &'static str {
    match q {
        Question::Predict(_) => "predict",
        Question::Events(_) => "events",
        Question::Rollout(_) => "rollout",
        Question::Status(_) => "status",
        Question::Scheduler(_) => "scheduler",
        Question::Write(_) => "write",
        Question::Fix(_) => "fix",
    }
}

#[test]
fn expected_answer_scores_full_and_keys_are_known() {
    for drill in all_drills(0..100) {
        let graded = drill.grade(&drill.expected_answer()).unwrap();
        let score = graded.score();
        assert_eq!(score.right, score.total, "seed {}", drill.seed);
        assert!(score.total > 0);
        for key in score.per_rule.keys() {
            assert!(RuleKey::ALL.contains(key), "unknown key {key}");
        }
        // Every item has a reason and a rule id.
        for item in &graded.items {
            assert!(
                !item.reason.is_empty() && !item.rule_id.is_empty(),
                "{item:?}"
            );
        }
        let json = serde_json::to_string(&drill).unwrap();
        assert!(json.contains("\"question\""));
    }
}

#[test]
fn wrong_answer_kind_is_an_error() {
    let drill = generate(1, Difficulty::Easy, DrillKind::Predict, None);
    let err = drill
        .grade(&Answer::Status(StatusAnswer::default()))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a status answer does not fit a predict drill"
    );
}

#[test]
fn answer_text_lists_every_node_with_outcome_and_reason() {
    let drill = generate(5, Difficulty::Hard, DrillKind::Predict, None);
    let text = drill.answer_text();
    let Question::Predict(q) = &drill.question else {
        unreachable!()
    };
    for n in &q.nodes {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{} ", n.node)))
            .unwrap_or_else(|| panic!("{} missing in\n{text}", n.node));
        assert!(line.contains(n.decision.outcome.as_str()), "{line}");
        assert!(line.contains(n.rule.title()), "{line}");
    }
}

// ---------------------------------------------------------------------------------------------
// Focus ("practise my weakest rule")

#[rstest]
#[case::node_name("node-name")]
#[case::match_fields("match-fields")]
#[case::host_network("host-network")]
#[case::no_execute("untolerated-no-execute")]
#[case::template_toleration("template-toleration")]
#[case::automatic_toleration("automatic-toleration")]
#[case::affinity("affinity-operator")]
fn focus_biases_toward_the_rule(#[case] key: &str) {
    let key = k(key);
    let (mut with, mut without) = (0, 0);
    for seed in 0..100 {
        let drill = generate(seed, Difficulty::Hard, DrillKind::Predict, Some(key));
        assert_eq!(drill.focus, Some(key));
        with += usize::from(drill.rule_keys().contains(&key));
        let plain = generate(seed, Difficulty::Hard, DrillKind::Predict, None);
        without += usize::from(plain.rule_keys().contains(&key));
    }
    eprintln!("focus {key}: {with}/100 drills with it (unfocused {without}/100)");
    assert!(with >= 95, "{key}: {with}");
    assert!(with >= without);
}

#[test]
fn focus_on_rollout_and_status_keys_picks_their_kind() {
    assert_eq!(
        DrillKind::for_rule(k("rollout-rounding")),
        DrillKind::Rollout
    );
    assert_eq!(
        DrillKind::for_rule(k("deployment-rounding")),
        DrillKind::Rollout
    );
    assert_eq!(
        DrillKind::for_rule(k("status-misscheduled")),
        DrillKind::Status
    );
    assert_eq!(DrillKind::for_rule(k("node-selector")), DrillKind::Predict);
    for seed in 0..30 {
        let d = generate(
            seed,
            Difficulty::Hard,
            DrillKind::Status,
            Some(k("status-misscheduled")),
        );
        assert!(d.rule_keys().contains(&k("status-misscheduled")));
    }
}

#[test]
fn difficulty_and_kind_parse() {
    assert_eq!("Hard".parse::<Difficulty>().unwrap(), Difficulty::Hard);
    assert_eq!("events".parse::<DrillKind>().unwrap(), DrillKind::Events);
    assert_eq!(
        "Scheduler".parse::<DrillKind>().unwrap(),
        DrillKind::Scheduler
    );
    assert!("preemption".parse::<DrillKind>().is_err());
    assert!("extreme".parse::<Difficulty>().is_err());
}

// ---------------------------------------------------------------------------------------------
// Grading tables

fn predict_question(detail: PredictDetail) -> PredictQuestion {
    PredictQuestion {
        detail,
        nodes: expectations(&ds_of(AGENT), &nodes_of(CLUSTER), gates()),
    }
}

#[rstest]
#[case::exact(&["worker-1", "worker-2", "worker-3"], 5, &[])]
#[case::control_plane_marked(
    &["cp-1", "worker-1", "worker-2", "worker-3"], 4, &["untolerated-no-schedule"])]
#[case::cordoned_forgotten(&["worker-1", "worker-2"], 4, &["automatic-toleration"])]
#[case::spot_marked(
    &["worker-1", "worker-2", "worker-3", "spot-1"], 4, &["untolerated-no-execute"])]
#[case::nothing_marked(&[], 2, &["automatic-toleration", "schedulable"])]
fn grading_marked_nodes(#[case] marked: &[&str], #[case] right: u32, #[case] missed: &[&str]) {
    let q = predict_question(PredictDetail::GetsPod);
    let score = q.grade(&PredictAnswer::Marked(set(marked))).score();
    assert_eq!((score.right, score.total), (right, 5));
    let misses: Vec<&str> = score
        .per_rule
        .iter()
        .filter(|(_, (_, m))| *m > 0)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(misses, missed);
}

#[test]
fn per_rule_json_is_the_stored_shape() {
    let q = predict_question(PredictDetail::GetsPod);
    let score = q
        .grade(&PredictAnswer::Marked(set(&[
            "cp-1", "worker-1", "worker-2",
        ])))
        .score();
    assert_eq!(
        score.per_rule_json(),
        r#"{"automatic-toleration":[0,1],"schedulable":[2,0],"untolerated-no-execute":[1,0],"untolerated-no-schedule":[0,1]}"#
    );
    assert_eq!(score.right, 3);
    let whole = serde_json::to_value(&score).unwrap();
    assert_eq!(whole["perRule"]["schedulable"], serde_json::json!([2, 0]));
}

#[rstest]
#[case::all_right(&[
    ("cp-1", Outcome::KeepsExisting), ("worker-1", Outcome::Runs), ("worker-2", Outcome::Runs),
    ("worker-3", Outcome::Runs), ("spot-1", Outcome::Evicted)], 5)]
#[case::evicted_vs_keeps(&[
    ("cp-1", Outcome::Evicted), ("worker-1", Outcome::Runs), ("worker-2", Outcome::Runs),
    ("worker-3", Outcome::Runs), ("spot-1", Outcome::KeepsExisting)], 3)]
#[case::missing_nodes(&[("worker-1", Outcome::Runs)], 1)]
fn grading_outcomes(#[case] given: &[(&str, Outcome)], #[case] right: u32) {
    let q = predict_question(PredictDetail::Outcomes);
    let answer =
        PredictAnswer::Outcomes(given.iter().map(|(n, o)| ((*n).to_owned(), *o)).collect());
    let graded = q.grade(&answer);
    assert_eq!(graded.score().right, right);
    let spot = graded.items.iter().find(|i| i.item == "spot-1").unwrap();
    assert_eq!(spot.expected, "evicted");
    assert_eq!(spot.rule, k("untolerated-no-execute"));
    assert!(
        spot.reason
            .contains("spot.example.com/interruptible=true:NoExecute")
    );
}

#[rstest]
#[case::defaults_10(None, 10, true, Some((1, 0)), Some((2, 3)))]
#[case::pct_25_of_10(Some("{maxUnavailable: 25%}"), 10, true, Some((3, 0)), Some((2, 3)))]
#[case::pct_30_of_4(Some("{maxUnavailable: 30%, maxSurge: 0}"), 4, true, Some((2, 0)), Some((1, 0)))]
#[case::surge_only(Some("{maxSurge: 1}"), 10, false, None, None)]
#[case::both_non_zero(Some("{maxUnavailable: 1, maxSurge: 1}"), 10, false, None, None)]
#[case::both_zero(Some("{maxUnavailable: 0%}"), 10, false, None, None)]
#[case::surge_pct(Some("{maxUnavailable: 0, maxSurge: 25%}"), 10, true, Some((0, 3)), Some((0, 3)))]
fn rollout_questions(
    #[case] rolling: Option<&str>,
    #[case] desired: i64,
    #[case] valid: bool,
    #[case] budget: Option<(i64, i64)>,
    #[case] deployment: Option<(i64, i64)>,
) {
    let strategy = rolling.map_or(String::new(), |r| {
        format!("  updateStrategy: {{type: RollingUpdate, rollingUpdate: {r}}}\n")
    });
    let ds = ds_of(&format!("{AGENT}{strategy}"));
    let q = RolloutQuestion::new(&ds, desired, false, true);
    assert_eq!(q.valid, valid, "{:?}", q.errors);
    assert_eq!(q.max_unavailable.zip(q.max_surge), budget);
    assert_eq!(
        q.deployment
            .as_ref()
            .map(|d| (d.max_unavailable, d.max_surge)),
        deployment
    );
    // The numbers come from placement::rollout, the errors from placement::validation.
    if valid {
        let b = kubedrill::placement::rollout::daemonset_budget(
            ds.spec.update_strategy.as_ref(),
            desired,
        )
        .unwrap();
        assert_eq!(budget, Some((b.max_unavailable, b.max_surge)));
    }
    let full = q.grade(&q.expected()).score();
    assert_eq!(full.right, full.total);
    // Saying "valid" with no numbers: only the validity item can be right.
    let guess = q.grade(&RolloutAnswer {
        valid: true,
        ..RolloutAnswer::default()
    });
    assert_eq!(guess.items[0].correct, valid);
    assert!(guess.items.iter().skip(1).all(|i| !i.correct));
}

#[test]
fn invalid_rollout_quotes_kubernetes() {
    let ds = ds_of(&format!(
        "{AGENT}  updateStrategy: {{type: RollingUpdate, rollingUpdate: {{maxSurge: 1}}}}\n"
    ));
    let q = RolloutQuestion::new(&ds, 5, false, true);
    assert_eq!(
        q.errors,
        [
            "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero"
        ]
    );
    let graded = q.grade(&RolloutAnswer::default());
    assert_eq!(graded.items.len(), 1);
    assert!(graded.items[0].correct);
    assert_eq!(graded.items[0].rule, k("rollout-validation"));
    assert!(
        graded.items[0]
            .reason
            .contains("may not be set when maxUnavailable is non-zero")
    );
}

#[test]
fn status_counts_a_kept_pod_as_misscheduled() {
    let nodes = expectations(&ds_of(AGENT), &nodes_of(CLUSTER), gates());
    // Pods on cp-1 (kept under NoSchedule, trap 4), worker-1, and spot-1 (not deleted yet).
    let q = StatusQuestion::new(nodes, set(&["cp-1", "worker-1", "spot-1"]));
    assert_eq!((q.desired, q.current, q.misscheduled), (3, 1, 2));
    let graded = q.grade(&StatusAnswer {
        desired: 3,
        current: 1,
        misscheduled: 1,
    });
    let score = graded.score();
    assert_eq!((score.right, score.total), (2, 3));
    assert_eq!(score.per_rule[&k("status-misscheduled")], (0, 1));
    assert!(graded.items[2].reason.contains("cp-1"));
}

// ---------------------------------------------------------------------------------------------
// Events, checked against the engine

fn event_question(event: Event) -> EventsQuestion {
    let nodes = nodes_of(CLUSTER);
    let ds = ds_of(AGENT);
    let before = Placement::evaluate(&ds, &nodes, gates());
    let pods: BTreeSet<String> = nodes
        .iter()
        .zip(&before.decisions)
        .filter(|(_, d)| d.should_run)
        .map(|(n, _)| n.name().to_owned())
        .collect();
    let q = EventsQuestion::new(event, &nodes, &ds, pods.clone());
    // Every action is R7 applied to the engine's decision on the cluster after the event, and
    // R15 after a template change under RollingUpdate.
    let after = Placement::evaluate(&q.after_daemonset, &q.after_nodes, gates());
    for (n, d) in q.nodes.iter().zip(&after.decisions) {
        let want = match (
            pods.contains(&n.node),
            d.should_run,
            d.should_continue_running,
        ) {
            (true, false, true) if q.rolled => EventAction::Delete,
            (true, _, true) => EventAction::Keep,
            (true, _, false) => EventAction::Delete,
            (false, true, _) => EventAction::Create,
            (false, false, _) => EventAction::Nothing,
        };
        assert_eq!(n.action, want, "{}", n.node);
    }
    q
}

fn action(q: &EventsQuestion, node: &str) -> EventAction {
    q.nodes.iter().find(|n| n.node == node).unwrap().action
}

fn taint(key: &str, effect: &str) -> Taint {
    Taint {
        key: key.into(),
        value: "true".into(),
        effect: effect.into(),
    }
}

#[rstest]
#[case::cordon_keeps(Event::Cordon { node: "worker-1".into() }, "worker-1", EventAction::Keep)]
#[case::drain_keeps(Event::Drain { node: "worker-2".into() }, "worker-2", EventAction::Keep)]
#[case::no_schedule_keeps(
    Event::TaintAdded { node: "worker-1".into(), taint: taint("example.com/maintenance", "NoSchedule") },
    "worker-1", EventAction::Keep)]
#[case::no_execute_deletes(
    Event::TaintAdded { node: "worker-1".into(), taint: taint("example.com/maintenance", "NoExecute") },
    "worker-1", EventAction::Delete)]
#[case::auto_tolerated_not_ready_keeps(
    Event::TaintAdded { node: "worker-2".into(), taint: Taint { key: "node.kubernetes.io/not-ready".into(), value: String::new(), effect: "NoExecute".into() } },
    "worker-2", EventAction::Keep)]
#[case::toleration_creates_on_control_plane(
    Event::TolerationAdded { toleration: kubedrill::exercise::drill::daemonsets::toleration(
        "node-role.kubernetes.io/control-plane", "Exists", "", "NoSchedule", None) },
    "cp-1", EventAction::Create)]
#[case::old_master_toleration_does_nothing(
    Event::TolerationAdded { toleration: kubedrill::exercise::drill::daemonsets::toleration(
        "node-role.kubernetes.io/master", "Exists", "", "NoSchedule", None) },
    "cp-1", EventAction::Nothing)]
#[case::node_selector_deletes(
    Event::NodeSelectorAdded { key: "disktype".into(), value: "ssd".into() },
    "worker-2", EventAction::Delete)]
#[case::node_selector_keeps_matching(
    Event::NodeSelectorAdded { key: "disktype".into(), value: "ssd".into() },
    "worker-3", EventAction::Keep)]
fn events_follow_r7(#[case] event: Event, #[case] node: &str, #[case] want: EventAction) {
    let q = event_question(event);
    assert_eq!(action(&q, node), want, "{}", node);
    let graded = q.grade(&q.expected());
    assert!(graded.all_correct());
}

#[test]
fn a_joining_notready_node_gets_no_pod_but_a_healthy_one_does() {
    let joining = |name: &str, taints: &str| {
        nodes_of(&format!(
            "kind: Node\nmetadata: {{name: {name}, labels: {{kubernetes.io/os: linux}}}}\nspec: {{taints: {taints}}}\n"
        ))
        .remove(0)
    };
    let q = event_question(Event::NodeJoins {
        node: Box::new(joining(
            "worker-9",
            "[{key: node.kubernetes.io/not-ready, effect: NoSchedule}]",
        )),
    });
    assert_eq!(action(&q, "worker-9"), EventAction::Nothing, "trap 2");
    let q = event_question(Event::NodeJoins {
        node: Box::new(joining("worker-9", "[]")),
    });
    assert_eq!(action(&q, "worker-9"), EventAction::Create);
    assert_eq!(action(&q, "worker-1"), EventAction::Keep);
    assert_eq!(action(&q, "cp-1"), EventAction::Nothing);
}

#[test]
fn removing_a_selected_label_deletes_the_pod() {
    let nodes = nodes_of(CLUSTER);
    let ds = ds_of(&AGENT.replace(
        "      containers:",
        "      nodeSelector: {disktype: ssd}\n      containers:",
    ));
    let q = EventsQuestion::new(
        Event::LabelRemoved {
            node: "worker-1".into(),
            key: "disktype".into(),
        },
        &nodes,
        &ds,
        set(&["worker-1", "worker-3"]),
    );
    assert_eq!(action(&q, "worker-1"), EventAction::Delete, "trap 21");
    assert_eq!(action(&q, "worker-3"), EventAction::Keep);
    assert_eq!(action(&q, "worker-2"), EventAction::Nothing);
    let item = q
        .grade(&BTreeMap::new())
        .items
        .into_iter()
        .find(|i| i.item == "worker-1")
        .unwrap();
    assert_eq!(item.rule, k("node-selector"));
    assert_eq!(item.given, "-");
}

/// domain-facts §17.2: a pod left running on a node by an untolerated NoSchedule taint
/// (shouldRun false, shouldContinueRunning true) is deleted by the rolling update that follows
/// a template change, and nothing replaces it; under OnDelete it stays.
#[rstest]
#[case::rolling_update_deletes("RollingUpdate", EventAction::Delete, "the node ends with no pod")]
#[case::on_delete_keeps("OnDelete", EventAction::Keep, "updateStrategy is OnDelete")]
fn a_template_change_rolls_the_pod_off_a_tainted_node(
    #[case] strategy: &str,
    #[case] want: EventAction,
    #[case] says: &str,
) {
    let nodes = nodes_of(CLUSTER);
    let ds = ds_of(&AGENT.replace(
        "  template:",
        &format!("  updateStrategy: {{type: {strategy}}}\n  template:"),
    ));
    let before = Placement::evaluate(&ds, &nodes, gates());
    let (tainted, _) = nodes
        .iter()
        .zip(&before.decisions)
        .find(|(_, d)| !d.should_run && d.should_continue_running)
        .expect("the cluster has a node with an untolerated NoSchedule taint");
    let tainted = tainted.name().to_owned();
    let q = EventsQuestion::new(
        Event::TolerationAdded {
            toleration: kubedrill::exercise::drill::daemonsets::toleration(
                "example.com/unrelated",
                "Exists",
                "",
                "NoExecute",
                None,
            ),
        },
        &nodes,
        &ds,
        set(&[tainted.as_str()]),
    );
    assert_eq!(q.rolled, strategy == "RollingUpdate");
    assert_eq!(action(&q, &tainted), want);
    let item = q
        .grade(&q.expected())
        .items
        .into_iter()
        .find(|i| i.item == tainted)
        .unwrap();
    assert!(item.reason.contains(says), "{}", item.reason);
}

/// Over generated drills: after any template change with RollingUpdate, a node whose pod
/// should not run there (shouldRun false) ends with no pod, and no explanation says otherwise.
#[test]
fn after_a_rolling_template_change_no_should_not_run_node_keeps_a_pod() {
    let mut seen = 0;
    for seed in 0..400 {
        for d in Difficulty::ALL {
            let drill = generate(seed, d, DrillKind::Events, None);
            let Question::Events(q) = &drill.question else {
                unreachable!()
            };
            if !q.rolled {
                continue;
            }
            let graded = q.grade(&q.expected());
            for (n, item) in q.nodes.iter().zip(&graded.items) {
                if n.had_pod && !n.after.decision.should_run {
                    assert_eq!(n.action, EventAction::Delete, "seed {seed} {d} {}", n.node);
                    assert!(
                        item.reason.ends_with("the node ends with no pod")
                            || !n.after.decision.should_continue_running,
                        "seed {seed} {d} {}: {}",
                        n.node,
                        item.reason
                    );
                    assert!(!item.reason.contains("keeps a pod"), "{}", item.reason);
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 20, "only {seen} such nodes drawn");
}

#[test]
fn generated_events_agree_with_the_spec_traps() {
    // Over generated drills: a cordon or drain never removes a DaemonSet pod (trap 1), and a
    // custom NoSchedule taint never does either (trap 3).
    let mut seen = 0;
    for seed in 0..400 {
        for d in Difficulty::ALL {
            let drill = generate(seed, d, DrillKind::Events, None);
            let Question::Events(q) = &drill.question else {
                unreachable!()
            };
            let target = match &q.event {
                Event::Cordon { node } | Event::Drain { node } => Some(node),
                Event::TaintAdded { node, taint } if taint.effect == "NoSchedule" => Some(node),
                _ => None,
            };
            if let Some(node) = target
                && q.before_pods.contains(node)
            {
                assert_eq!(action(q, node), EventAction::Keep, "seed {seed} {d}");
                seen += 1;
            }
        }
    }
    assert!(seen > 50, "{seen}");
}

#[test]
fn cordoned_join_and_answer_map_shape() {
    // The expected answer of an events drill names every node after the event.
    let drill = generate(3, Difficulty::Medium, DrillKind::Events, None);
    let Answer::Events(map) = drill.expected_answer() else {
        unreachable!()
    };
    let Question::Events(q) = &drill.question else {
        unreachable!()
    };
    assert_eq!(map.len(), q.after_nodes.len());
}

// ---------------------------------------------------------------------------------------------
// Scheduler drills (placement-spec §4, trap 6)

/// The printed drill's manifests (nodes, pods, DaemonSet) as one YAML stream, the way
/// `kubedrill drill --print` writes them.
fn scheduler_stream(drill: &Drill) -> String {
    format!(
        "{}---\n{}---\n{}",
        drill.nodes_yaml(),
        drill.pods_yaml(),
        drill.daemonset_yaml()
    )
}

fn stage_text(outcome: SchedulerOutcome) -> &'static str {
    match outcome {
        SchedulerOutcome::Runs => "scheduled",
        SchedulerOutcome::Pending => "pending",
        SchedulerOutcome::NoPod => "no-pod",
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn scheduler_same_seed_gives_the_same_drill(seed in any::<u64>()) {
        for d in Difficulty::ALL {
            let a = generate(seed, d, DrillKind::Scheduler, None);
            let b = generate(seed, d, DrillKind::Scheduler, None);
            prop_assert_eq!(a.pods_yaml(), b.pods_yaml());
            prop_assert_eq!(a.answer_text(), b.answer_text());
            prop_assert_eq!(&a.prompt, &b.prompt);
            prop_assert_eq!(a, b);
        }
    }
}

#[test]
fn scheduler_yaml_reads_back_to_the_same_stage_per_node() {
    let mut checked = 0;
    for seed in 0..40 {
        for d in Difficulty::ALL {
            let drill = generate(seed, d, DrillKind::Scheduler, None);
            let Question::Scheduler(q) = &drill.question else {
                panic!("a scheduler drill without a scheduler question");
            };
            let text = scheduler_stream(&drill);
            let m = manifest::parse("drill.yaml", text.as_bytes()).expect("the stream parses");
            assert_eq!(m.nodes, drill.nodes, "seed {seed} {d}");
            assert_eq!(m.pods, q.pods, "seed {seed} {d}");
            assert_eq!(
                m.daemonsets,
                vec![drill.daemonset.clone()],
                "seed {seed} {d}"
            );
            let report = kubedrill::predict::evaluate_with_scheduler(
                &m.nodes,
                &m.daemonsets,
                &m.pods,
                gates(),
            );
            let result = &report.results[0];
            assert_eq!(
                result.pending_number,
                Some(q.count(SchedulerOutcome::Pending)),
                "seed {seed} {d}"
            );
            for (r, n) in result.nodes.iter().zip(&q.nodes) {
                assert_eq!(r.node, n.node);
                let stage = r.scheduler.as_ref().expect("--scheduler verdict").stage;
                assert_eq!(
                    stage.as_str(),
                    stage_text(n.outcome()),
                    "seed {seed} {d} {}",
                    n.node
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 120);
}

#[test]
fn scheduler_drills_mix_pending_and_runs_over_300_seeds() {
    for d in Difficulty::ALL {
        let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
        let mut keys: BTreeMap<RuleKey, usize> = BTreeMap::new();
        let (mut nodes, mut pods, mut with_no_pod, mut ports) = (0, 0, 0, 0);
        for seed in 0..300 {
            let drill = generate(seed, d, DrillKind::Scheduler, None);
            assert_eq!(drill.kind, DrillKind::Scheduler);
            let Question::Scheduler(q) = &drill.question else {
                panic!("seed {seed} {d}: not a scheduler question");
            };
            assert!(drill.nodes.len() <= node_limit(d), "seed {seed} {d}");
            if d == Difficulty::Easy {
                assert!((3..=4).contains(&drill.nodes.len()), "seed {seed}");
            }
            let pending = q.count(SchedulerOutcome::Pending);
            let runs = q.count(SchedulerOutcome::Runs);
            assert!(
                pending > 0 && runs > 0,
                "seed {seed} {d}: no mix\n{}",
                drill.answer_text()
            );
            // The engine's verdicts: Pending exactly when the scheduler stage says so, with
            // the §4 rule key; no pod exactly when the controller creates none.
            for n in &q.nodes {
                match n.outcome() {
                    SchedulerOutcome::Pending => {
                        assert!(
                            n.rule == k("insufficient-resource")
                                || n.rule == k("host-port-conflict"),
                            "{n:?}"
                        );
                        assert!(n.decision.should_run);
                    }
                    SchedulerOutcome::Runs => {
                        assert_eq!(n.rule, k("schedulable"));
                        assert!(n.decision.should_run);
                    }
                    SchedulerOutcome::NoPod => assert!(!n.decision.should_run),
                }
                *outcomes.entry(n.outcome().as_str()).or_default() += 1;
            }
            // Easy drills request cpu only; medium and hard memory too.
            let spec = &drill.daemonset.spec.template.spec;
            let requests = &spec.containers[0].resources.requests;
            assert!(requests.contains_key("cpu"));
            assert_eq!(requests.contains_key("memory"), d != Difficulty::Easy);
            if d != Difficulty::Hard {
                assert!(
                    spec.containers.iter().all(|c| c.ports.is_empty()),
                    "seed {seed} {d}"
                );
            }
            ports += usize::from(spec.containers.iter().any(|c| !c.ports.is_empty()));
            with_no_pod += usize::from(q.count(SchedulerOutcome::NoPod) > 0);
            nodes += q.nodes.len();
            pods += q.pods.len();
            for k in drill.rule_keys() {
                assert!(RuleKey::ALL.contains(&k), "unknown key {k}");
                *keys.entry(k).or_default() += 1;
            }
            let graded = drill.grade(&drill.expected_answer()).unwrap();
            assert!(graded.all_correct());
            assert!(drill.prompt.contains("CPU REQUESTED"), "{}", drill.prompt);
        }
        eprintln!(
            "scheduler {d}: {nodes} nodes, {pods} pods in 300 drills; outcomes {outcomes:?}; drills with a no-pod node {with_no_pod}/300, with host ports {ports}/300"
        );
        eprintln!("scheduler {d}: drills per rule key: {keys:?}");
        assert!(with_no_pod >= 250, "{d}: {with_no_pod}");
        if d == Difficulty::Hard {
            assert!(
                keys.get(&k("host-port-conflict")).copied().unwrap_or(0) > 20,
                "{keys:?}"
            );
        }
    }
}

#[test]
fn scheduler_grading_and_focus() {
    let drill = generate(5, Difficulty::Medium, DrillKind::Scheduler, None);
    let Question::Scheduler(q) = &drill.question else {
        panic!("not a scheduler question");
    };
    // Everything "runs": right exactly on the nodes that run.
    let all_runs: BTreeMap<String, SchedulerOutcome> = q
        .nodes
        .iter()
        .map(|n| (n.node.clone(), SchedulerOutcome::Runs))
        .collect();
    let graded = drill.grade(&Answer::Scheduler(all_runs)).unwrap();
    for (item, n) in graded.items.iter().zip(&q.nodes) {
        assert_eq!(item.correct, n.outcome() == SchedulerOutcome::Runs);
        assert!(!item.reason.is_empty());
    }
    let missing = drill.grade(&Answer::Scheduler(BTreeMap::new())).unwrap();
    assert_eq!(missing.score().right, 0);
    assert!(missing.items.iter().all(|i| i.given == "-"));
    assert_eq!(
        DrillKind::for_rule(k("host-port-conflict")),
        DrillKind::Scheduler
    );
    assert_eq!(
        DrillKind::for_rule(k("insufficient-resource")),
        DrillKind::Scheduler
    );
    assert_eq!(
        "scheduler".parse::<DrillKind>().unwrap(),
        DrillKind::Scheduler
    );
    for seed in 0..20 {
        let d = generate(
            seed,
            Difficulty::Hard,
            DrillKind::Scheduler,
            Some(k("host-port-conflict")),
        );
        assert!(
            d.rule_keys().contains(&k("host-port-conflict")),
            "seed {seed}"
        );
    }
}
