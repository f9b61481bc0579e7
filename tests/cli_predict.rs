//! `kubedrill predict` through the real binary: input shapes, output, errors and hostile input.

use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kubedrill"));
    c.env_remove("NO_COLOR");
    c
}

fn example(name: &str) -> PathBuf {
    Path::new(EXAMPLES).join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Runs under a 1 GiB address-space limit and a 60 s watchdog: hostile input must fail, not
/// hang or balloon. (The watchdog guards against hangs; it is not a timing assertion.)
fn run_bounded(args: &[&str]) -> Output {
    let script = format!(
        "ulimit -v 1048576; exec \"$0\" {}",
        args.iter()
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_kubedrill"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("kubedrill did not finish within 60 s on hostile input");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `predict` of these nodes against the example log agent.
fn predict_nodes(nodes: &str) -> Output {
    run(&[
        "predict",
        "-n",
        nodes,
        "-d",
        &example("fluent-bit.yaml").to_string_lossy(),
    ])
}

fn predict_nodes_bounded(nodes: &str) -> Output {
    run_bounded(&[
        "predict",
        "-n",
        nodes,
        "-d",
        &example("fluent-bit.yaml").to_string_lossy(),
    ])
}

fn stdout_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn outcomes(report: &Value, result: usize) -> Vec<(String, String)> {
    report["results"][result]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["node"].as_str().unwrap().to_owned(),
                n["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const DS: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: kube-system}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: a, image: busybox}]\n";

#[test]
fn table_lists_every_node_in_input_order_with_reasons() {
    let out = predict_nodes(&example("nodes.yaml").to_string_lossy());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "DaemonSet logging/fluent-bit: 4 of 7 nodes get a pod (desiredNumberScheduled 4)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("rollout: maxUnavailable 25% of 4 nodes → 1 at a time"),
        "{text}"
    );
    let rows: Vec<&str> = text
        .lines()
        .skip(3)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        rows,
        [
            "cp-1", "worker-1", "worker-2", "worker-3", "worker-4", "gpu-1", "spot-1"
        ]
    );
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn json_has_the_documented_shape() {
    let out = run(&[
        "predict",
        "--json",
        "-n",
        &example("nodes.yaml").to_string_lossy(),
        "-d",
        &example("fluent-bit.yaml").to_string_lossy(),
    ]);
    let report = stdout_json(&out);
    let r = &report["results"][0];
    assert_eq!(
        r["daemonset"],
        serde_json::json!({"namespace": "logging", "name": "fluent-bit"})
    );
    assert_eq!(r["desiredNumberScheduled"], 4);
    let cp = &r["nodes"][0];
    assert_eq!(cp["node"], "cp-1");
    assert_eq!(cp["shouldRun"], false);
    assert_eq!(cp["shouldContinueRunning"], true);
    assert_eq!(cp["outcome"], "keeps-existing");
    assert_eq!(cp["reasons"][0]["rule"], "R5");
    assert_eq!(
        cp["reasons"][0]["subject"],
        "node-role.kubernetes.io/control-plane:NoSchedule"
    );
    assert!(
        cp["reasons"][0]["message"]
            .as_str()
            .unwrap()
            .contains("a pod already there keeps running")
    );
    assert_eq!(
        outcomes(&report, 0),
        [
            ("cp-1", "keeps-existing"),
            ("worker-1", "runs"),
            ("worker-2", "runs"),
            ("worker-3", "runs"),
            ("worker-4", "keeps-existing"),
            ("gpu-1", "runs"),
            ("spot-1", "evicted")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert_eq!(r["rollout"]["maxUnavailable"], 1);
}

#[test]
fn nodes_from_stdin() {
    let nodes = std::fs::read(example("nodes.yaml")).unwrap();
    let out = run_with_stdin(
        &[
            "predict",
            "--json",
            "--nodes",
            "-",
            "-d",
            &example("fluent-bit.yaml").to_string_lossy(),
        ],
        &nodes,
    );
    assert_eq!(
        stdout_json(&out)["results"][0]["nodes"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
}

#[test]
fn daemonset_from_stdin() {
    let out = run_with_stdin(
        &[
            "predict",
            "--json",
            "-n",
            &example("nodes.yaml").to_string_lossy(),
            "-d",
            "-",
        ],
        DS.as_bytes(),
    );
    assert_eq!(
        stdout_json(&out)["results"][0]["daemonset"]["name"],
        "agent"
    );
}

#[test]
fn node_list_from_the_api_without_item_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(
        dir.path(),
        "nodes.json",
        r#"{"kind":"NodeList","apiVersion":"v1","metadata":{},"items":[
        {"metadata":{"name":"a","labels":{"x":"1"}},"spec":{}},
        {"metadata":{"name":"b"},"spec":{"taints":[{"key":"k","effect":"NoExecute"}]}}]}"#,
    );
    let ds = write(dir.path(), "ds.yaml", DS);
    let report = stdout_json(&run(&["predict", "--json", "-n", &nodes, "-d", &ds]));
    assert_eq!(
        outcomes(&report, 0),
        [
            ("a".to_owned(), "runs".to_owned()),
            ("b".to_owned(), "evicted".to_owned())
        ]
    );
}

#[test]
fn kind_after_spec_is_still_understood() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(
        dir.path(),
        "nodes.json",
        r#"{"items":[{"spec":{"taints":[{"key":"k","effect":"NoSchedule"}]},"metadata":{"name":"a"},"kind":"Node"}],"kind":"List"}"#,
    );
    let ds = write(
        dir.path(),
        "ds.json",
        r#"{"spec":{"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"labels":{"app":"x"}},"spec":{"tolerations":[{"key":"k","operator":"Exists"}]}}},"metadata":{"name":"x"},"kind":"DaemonSet","apiVersion":"apps/v1"}"#,
    );
    let report = stdout_json(&run(&["predict", "--json", "-n", &nodes, "-d", &ds]));
    assert_eq!(outcomes(&report, 0), [("a".to_owned(), "runs".to_owned())]);
}

#[test]
fn multi_document_yaml_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(
        dir.path(),
        "nodes.yaml",
        "---\napiVersion: v1\nkind: Node\nmetadata: {name: a}\n---\n# comment only\n---\napiVersion: v1\nkind: Node\nmetadata: {name: b, labels: {tier: edge}}\n",
    );
    let ds = write(
        dir.path(),
        "ds.yaml",
        &DS.replace(
            "containers:",
            "nodeSelector: {tier: edge}\n      containers:",
        ),
    );
    let report = stdout_json(&run(&["predict", "--json", "-n", &nodes, "-d", &ds]));
    assert_eq!(
        outcomes(&report, 0),
        [
            ("a".to_owned(), "no-pod".to_owned()),
            ("b".to_owned(), "runs".to_owned())
        ]
    );
}

#[test]
fn vendor_file_with_many_kinds_evaluates_every_daemonset() {
    let dir = tempfile::tempdir().unwrap();
    let vendor = format!(
        "apiVersion: v1\nkind: Namespace\nmetadata: {{name: cni}}\n---\n{DS}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: ctl}}\nspec:\n  selector: {{matchLabels: {{app: ctl}}}}\n  template:\n    metadata: {{labels: {{app: ctl}}}}\n    spec: {{containers: [{{name: c, image: x}}]}}\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {{name: things.example.com}}\nspec: {{group: example.com, selector: \"not a selector\", names: {{kind: Thing}}}}\n---\n{}",
        DS.replace("name: agent", "name: agent-2")
            .replace("containers:", "hostNetwork: true\n      containers:")
    );
    let ds = write(dir.path(), "vendor.yaml", &vendor);
    let report = stdout_json(&run(&[
        "predict",
        "--json",
        "-n",
        &example("nodes.yaml").to_string_lossy(),
        "-d",
        &ds,
    ]));
    let names: Vec<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["daemonset"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["agent", "agent-2"]);
}

#[test]
fn broken_yaml_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(
        dir.path(),
        "nodes.yaml",
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n  labels: [unclosed\n",
    );
    let out = predict_nodes(&nodes);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with(&format!("kubedrill: {nodes}:")), "{err}");
    let loc: Vec<&str> = err[format!("kubedrill: {nodes}:").len()..]
        .splitn(3, ':')
        .collect();
    assert!(
        loc[0].parse::<u32>().is_ok() && loc[1].parse::<u32>().is_ok(),
        "line and column expected: {err}"
    );
}

#[test]
fn wrong_field_type_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(
        dir.path(),
        "nodes.yaml",
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\nspec:\n  taints: \"not a list\"\n",
    );
    let out = predict_nodes(&nodes);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!("kubedrill: {nodes}:6:")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn broken_json_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(
        dir.path(),
        "nodes.json",
        "{\"kind\": \"List\",\n \"items\": [\n  {\"kind\": \"Node\", \"metadata\": {\"name\": \"a\"}},,\n]}",
    );
    let out = predict_nodes(&nodes);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!("kubedrill: {nodes}:3:")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn empty_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "nodes.yaml", "  \n\n");
    let out = predict_nodes(&nodes);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "kubedrill: {nodes}: the file is empty; expected YAML or JSON with Kubernetes objects\n"
        )
    );
}

#[test]
fn a_file_without_daemonsets_is_an_error() {
    let out = run(&[
        "predict",
        "-n",
        &example("nodes.yaml").to_string_lossy(),
        "-d",
        &example("nodes.yaml").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no DaemonSet found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_without_nodes_is_an_error() {
    let out = predict_nodes(&example("fluent-bit.yaml").to_string_lossy());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no Node found"), "{}", stderr(&out));
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let out = predict_nodes("/nonexistent/nodes.yaml");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("kubedrill: cannot open /nonexistent/nodes.yaml: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn alias_bomb_fails_fast_with_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ('b'..='j').zip('a'..='i') {
        bomb.push_str(&format!(
            "{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    bomb.push_str("kind: Node\nmetadata: {name: x, labels: *j}\n");
    let nodes = write(dir.path(), "bomb.yaml", &bomb);
    let out = predict_nodes_bounded(&nodes);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(&format!("kubedrill: {nodes}")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn fifty_megabytes_of_junk_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.bin");
    let mut junk = Vec::with_capacity(50 << 20);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while junk.len() < 50 << 20 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        junk.extend_from_slice(&x.to_le_bytes());
    }
    std::fs::write(&path, &junk).unwrap();
    let p = path.to_string_lossy();
    let out = predict_nodes_bounded(&p);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!("kubedrill: {p}: not UTF-8 text")),
        "{}",
        stderr(&out)
    );

    // Printable junk that is valid UTF-8 goes through the YAML parser and still fails cleanly.
    let text: Vec<u8> = junk
        .iter()
        .map(|b| b"abc :-[]{}#&*!|>'\"%@`,?\n "[(*b as usize) % 25])
        .collect();
    std::fs::write(&path, &text).unwrap();
    let out = predict_nodes_bounded(&p);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(&format!("kubedrill: {p}")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["predict"]).status.code(), Some(2));
    assert_eq!(
        run(&["predict", "-n", "-", "-d", "-"]).status.code(),
        Some(2)
    );
    let bad_gate = run(&[
        "predict",
        "-n",
        "a",
        "-d",
        "b",
        "--feature-gates",
        "Nope=true",
    ]);
    assert_eq!(bad_gate.status.code(), Some(2));
    assert!(
        stderr(&bad_gate).starts_with("kubedrill: --feature-gates: unknown feature gate"),
        "{}",
        stderr(&bad_gate)
    );
}

#[test]
fn feature_gate_turns_on_comparison_tolerations() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(
        dir.path(),
        "n.yaml",
        "kind: Node\nmetadata: {name: a}\nspec:\n  taints: [{key: sla, value: \"950\", effect: NoSchedule}]\n",
    );
    let ds = write(dir.path(), "d.yaml", &DS.replace("containers:", "tolerations: [{key: sla, operator: Gt, value: \"750\", effect: NoSchedule}]\n      containers:"));
    let off = run(&["predict", "--json", "-n", &nodes, "-d", &ds]);
    assert_eq!(outcomes(&stdout_json(&off), 0)[0].1, "keeps-existing");
    assert!(stderr(&off).contains("the API server would reject this: spec.template.spec.tolerations[0].operator: Unsupported value: \"Gt\""), "{}", stderr(&off));
    let on = run(&[
        "predict",
        "--json",
        "-n",
        &nodes,
        "-d",
        &ds,
        "--feature-gates",
        "TaintTolerationComparisonOperators=true",
    ]);
    assert_eq!(outcomes(&stdout_json(&on), 0)[0].1, "runs");
    assert!(stderr(&on).is_empty(), "{}", stderr(&on));
}

#[test]
fn invalid_rollout_is_a_warning_and_still_evaluated() {
    let dir = tempfile::tempdir().unwrap();
    let ds = write(
        dir.path(),
        "d.yaml",
        &DS.replace(
            "spec:\n  selector",
            "spec:\n  updateStrategy: {rollingUpdate: {maxSurge: 1}}\n  selector",
        ),
    );
    let out = run(&[
        "predict",
        "-n",
        &example("nodes.yaml").to_string_lossy(),
        "-d",
        &ds,
    ]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero"), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("invalid: spec.updateStrategy.rollingUpdate.maxSurge")
    );
}

#[test]
fn escape_sequences_in_names_are_shown_inert() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(
        dir.path(),
        "n.json",
        r#"{"kind":"Node","metadata":{"name":"evil\u001b]0;pwned\u0007"}}"#,
    );
    let ds = write(dir.path(), "d.yaml", DS);
    let out = run(&["predict", "-n", &nodes, "-d", &ds]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    assert!(text.contains("evil\\u{1b}]0;pwned\\u{7}"), "{text}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut nodes = String::from("kind: List\nitems:\n");
    for i in 0..20_000 {
        nodes.push_str(&format!("- kind: Node\n  metadata: {{name: node-{i}}}\n"));
    }
    let nodes = write(dir.path(), "n.yaml", &nodes);
    let mut child = bin()
        .args([
            "predict",
            "-n",
            &nodes,
            "-d",
            &example("fluent-bit.yaml").to_string_lossy(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn bare_command_without_a_terminal_prints_the_overview() {
    let out = run(&[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("predict") && text.contains("Usage: kubedrill"),
        "{text}"
    );
}

#[test]
fn study_screens_without_a_terminal_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["review"][..],
        &["quiz", "--count", "3"],
        &["learn"],
        &["compare"],
    ] {
        let out = bin()
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("the study screens need a terminal"),
            "{}",
            stderr(&out)
        );
    }
    // `stats` without a terminal keeps its text report.
    let out = bin()
        .args(["stats", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("streak"));
}

/// Runs predict on a pseudo-terminal (util-linux `script`), as a person at a terminal would.
fn predict_on_a_terminal(extra_env: &[(&str, &str)], extra_args: &str) -> String {
    let cmd = format!(
        "{} predict -n {} -d {} {extra_args}",
        env!("CARGO_BIN_EXE_kubedrill"),
        example("nodes.yaml").display(),
        example("fluent-bit.yaml").display()
    );
    let mut c = Command::new("script");
    c.args(["-qec", &cmd, "/dev/null"]).env_remove("NO_COLOR");
    for (k, v) in extra_env {
        c.env(k, v);
    }
    let out = c
        .output()
        .expect("util-linux `script` runs the command on a pty");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let coloured = predict_on_a_terminal(&[], "");
    assert!(
        coloured.contains("\x1b[1mDaemonSet logging/fluent-bit\x1b[0m"),
        "{coloured:?}"
    );
    assert!(coloured.contains("\x1b[32mruns"), "{coloured:?}");
    assert!(!predict_on_a_terminal(&[("NO_COLOR", "1")], "").contains('\x1b'));
    assert!(!predict_on_a_terminal(&[], "--no-color").contains('\x1b'));
}

const SCHED_NODES: &str = r#"
apiVersion: v1
kind: List
items:
- kind: Node
  metadata: {name: small, labels: {kubernetes.io/os: linux}}
  status: {allocatable: {cpu: "1", memory: 2Gi, pods: "110"}}
- kind: Node
  metadata: {name: big, labels: {kubernetes.io/os: linux}}
  status: {allocatable: {cpu: "8", memory: 32Gi, pods: "110"}}
- kind: Node
  metadata: {name: ported, labels: {kubernetes.io/os: linux}}
  status: {allocatable: {cpu: "8", memory: 32Gi, pods: "110"}}
"#;

const SCHED_DS: &str = r#"
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: exporter}}
  template:
    metadata: {labels: {app: exporter}}
    spec:
      hostNetwork: true
      containers:
      - name: exporter
        image: quay.io/prometheus/node-exporter
        ports: [{containerPort: 9100}]
        resources: {requests: {cpu: 300m, memory: 64Mi}}
"#;

const SCHED_PODS: &str = r#"
apiVersion: v1
kind: PodList
items:
- metadata: {name: hog, namespace: default}
  spec:
    nodeName: small
    containers: [{name: c, resources: {requests: {cpu: 800m}}}]
  status: {phase: Running}
- metadata: {name: old-exporter, namespace: default}
  spec:
    nodeName: ported
    containers: [{name: c, ports: [{containerPort: 9100, hostPort: 9100}]}]
  status: {phase: Running}
- metadata: {name: finished, namespace: default}
  spec:
    nodeName: big
    containers: [{name: c, resources: {requests: {cpu: "8"}}}]
  status: {phase: Succeeded}
"#;

fn sched_files() -> (tempfile::TempDir, [String; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = [String::new(), String::new(), String::new()];
    for (i, (name, text)) in [
        ("nodes.yaml", SCHED_NODES),
        ("ds.yaml", SCHED_DS),
        ("pods.yaml", SCHED_PODS),
    ]
    .iter()
    .enumerate()
    {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        paths[i] = p.display().to_string();
    }
    (dir, paths)
}

#[test]
fn scheduler_stage_shows_pods_that_stay_pending_and_why() {
    let (_dir, [nodes, ds, pods]) = sched_files();
    let out = run(&[
        "predict",
        "-n",
        &nodes,
        "-d",
        &ds,
        "--scheduler",
        "--pods",
        &pods,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("3 of 3 nodes get a pod (desiredNumberScheduled 3); 2 stay Pending"),
        "{text}"
    );
    let line = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .unwrap()
            .to_owned()
    };
    assert!(
        line("small").contains("pending") && line("small").contains("Insufficient cpu"),
        "{text}"
    );
    assert!(line("big").contains("runs"), "{text}");
    assert!(
        line("ported").contains("pending") && line("ported").contains("9100/TCP"),
        "{text}"
    );

    let out = run(&[
        "predict",
        "-n",
        &nodes,
        "-d",
        &ds,
        "--scheduler",
        "--pods",
        &pods,
        "--json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v["results"][0];
    assert_eq!(r["pendingNumber"], 2);
    assert_eq!(
        r["desiredNumberScheduled"], 3,
        "the controller still counts Pending pods' nodes"
    );
    let stages: Vec<&str> = r["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["scheduler"]["stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["pending", "scheduled", "pending"]);
    assert_eq!(
        r["nodes"][0]["scheduler"]["reasons"][0]["kind"],
        "insufficient-resource"
    );
    assert_eq!(
        r["nodes"][2]["scheduler"]["reasons"][0]["kind"],
        "host-port-conflict"
    );
    assert_eq!(
        r["nodes"][0]["outcome"], "runs",
        "the controller's own outcome is unchanged"
    );
}

#[test]
fn scheduler_flags_are_checked() {
    let (_dir, [nodes, ds, pods]) = sched_files();
    // --pods needs --scheduler (a usage error, exit 2).
    let out = run(&["predict", "-n", &nodes, "-d", &ds, "--pods", &pods]);
    assert_eq!(out.status.code(), Some(2));
    // Without --scheduler nothing about the scheduler is printed.
    let out = run(&["predict", "-n", &nodes, "-d", &ds, "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["results"][0].get("pendingNumber").is_none());
    assert!(v["results"][0]["nodes"][0].get("scheduler").is_none());
    // A pods file that is not a manifest names itself.
    let bad = format!("{pods}.bad");
    std::fs::write(&bad, "items: [").unwrap();
    let out = run(&[
        "predict",
        "-n",
        &nodes,
        "-d",
        &ds,
        "--scheduler",
        "--pods",
        &bad,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".bad"));
}
